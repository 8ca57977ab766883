#pragma once
// SHA-256 (FIPS 180-4), written here because inference/ may use nothing but LibTorch and the
// standard library. It gives a model its identity: results and exports record which weights
// produced them.

#include "inference/weights/tensormap.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace mammolens::inference {

class Sha256
{
public:
    Sha256();
    void update(const void* data, std::size_t size);
    void update(std::string_view data) { update(data.data(), data.size()); }
    /// Finishes the hash; the object must not be updated afterwards.
    std::array<std::uint8_t, 32> digest();
    /// digest() as 64 lower-case hex digits.
    std::string hexDigest();

    static std::string hex(std::string_view data);

    /// Whether the CPU's SHA instructions are in use (x86 SHA-NI, detected at start).
    static bool hardwareAccelerated();
    /// Tests compare both implementations: false forces the portable code. Returns whether the
    /// instructions are now in use (never when the CPU lacks them).
    static bool setHardwareAcceleration(bool enabled);

private:
    void compress(const std::uint8_t* blocks, std::size_t count);

    std::array<std::uint32_t, 8> state_;
    std::array<std::uint8_t, 64> buffer_{};
    std::size_t buffered_ = 0;
    std::uint64_t totalBytes_ = 0;
};

/// SHA-256 of a TensorMap, independent of file format and of memory layout, so the same weights
/// give the same identity whether they came from safetensors or a PyTorch file. For every tensor
/// in key order (std::map: byte-wise), it hashes, each length as uint64 little-endian:
///   len(name) name len(dtype) dtype ndim dim_0..dim_n-1 (int64 LE) nbytes raw-bytes
/// where dtype is the safetensors name ("F32", "I64"...) and the bytes are the contiguous,
/// little-endian CPU data. Returns 64 hex digits. Throws InferenceError for an undefined tensor.
std::string hashTensorMap(const TensorMap& tensors);

} // namespace mammolens::inference
