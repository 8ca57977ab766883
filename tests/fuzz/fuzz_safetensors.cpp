// Fuzz target: a safetensors weights file (our model files, the parity fixtures) through both
// parseSafetensors overloads: in place over a shared buffer, as readSafetensors() reads a file,
// and over bytes the caller owns (copies).

#include "inference/weights/safetensors.h"
#include "tests/fuzz/weightscheck.h"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace mammolens;
    // An exact-size buffer, so that any read past the file's end is past the allocation.
    inference::FileBytes file;
    file.data.reset(new char[size]);
    file.size = size;
    if (size > 0)
        std::memcpy(file.data.get(), data, size);
    const auto inPlace = inference::parseSafetensors(file);
    if (inPlace)
        fuzz::touchTensors(inPlace.value());

    const auto copied = inference::parseSafetensors(file.view());
    if (copied)
        fuzz::touchTensors(copied.value());
    if (inPlace.ok() != copied.ok())
        std::abort(); // the two overloads must agree on what is valid
    return 0;
}
