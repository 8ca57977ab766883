#pragma once
// One value on the stack of the pickle machine. It is a small copyable handle: strings,
// containers and tensors live in tables owned by the PickleMachine and are referred to by index.
// That keeps a hostile pickle from multiplying memory by pushing one large string many times,
// and means no value owns another, so neither deep nesting nor reference cycles can make
// destruction recurse or leak.

#include <cstdint>

namespace mammolens::inference {

struct PickleValue
{
    enum class Kind : std::uint8_t
    {
        None,
        Bool,    // integer holds 0 or 1
        Int,     // integer
        BigInt,  // an integer wider than 64 bits: its little-endian two's complement bytes (text)
        Float,   // real
        String,  // text (UTF-8 from BINUNICODE, raw bytes from the Python 2 string opcodes)
        Bytes,   // text
        Global,  // text: "module name", only the allowed globals ever get this far
        Tuple,   // sequence
        List,    // sequence
        Dict,    // dict
        Storage, // tensor: a 1-D tensor standing for a torch storage
        Tensor,  // tensor: a view into a storage, as _rebuild_tensor_v2 made it
    };

    Kind kind = Kind::None;
    std::int64_t integer = 0;
    double real = 0.0;
    std::uint32_t ref = 0; // index into the machine's table for this kind

    static PickleValue none() { return {}; }
    static PickleValue boolean(bool b) { return {Kind::Bool, b ? 1 : 0, 0.0, 0}; }
    static PickleValue fromInt(std::int64_t i) { return {Kind::Int, i, 0.0, 0}; }
    static PickleValue fromFloat(double d) { return {Kind::Float, 0, d, 0}; }
};

} // namespace mammolens::inference
