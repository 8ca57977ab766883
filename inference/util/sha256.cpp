#include "inference/util/sha256.h"

#include "inference/util/cpufeatures.h"
#include "inference/util/result.h"
#include "inference/weights/safetensors.h"

#include <algorithm>
#include <atomic>
#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace mammolens::inference {

namespace {

constexpr std::array<std::uint32_t, 64> kRoundConstants = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

inline std::uint32_t rotr(std::uint32_t x, int n)
{
    return (x >> n) | (x << (32 - n));
}

void updateLength(Sha256& sha, std::uint64_t value)
{
    std::uint8_t bytes[8];
    for (int i = 0; i < 8; ++i)
        bytes[i] = std::uint8_t(value >> (8 * i));
    sha.update(bytes, sizeof bytes);
}

void compressPortable(std::uint32_t* state, const std::uint8_t* block, std::size_t count)
{
    for (; count > 0; --count, block += 64) {
        std::uint32_t w[64];
        for (int i = 0; i < 16; ++i)
            w[i] = std::uint32_t(block[4 * i]) << 24 | std::uint32_t(block[4 * i + 1]) << 16 |
                   std::uint32_t(block[4 * i + 2]) << 8 | std::uint32_t(block[4 * i + 3]);
        for (int i = 16; i < 64; ++i) {
            const std::uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
            const std::uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16] + s0 + w[i - 7] + s1;
        }
        std::uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
        std::uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
        for (int i = 0; i < 64; ++i) {
            const std::uint32_t s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
            const std::uint32_t ch = (e & f) ^ (~e & g);
            const std::uint32_t t1 = h + s1 + ch + kRoundConstants[std::size_t(i)] + w[i];
            const std::uint32_t s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
            const std::uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
            const std::uint32_t t2 = s0 + maj;
            h = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
        state[5] += f;
        state[6] += g;
        state[7] += h;
    }
}

#if defined(__x86_64__)
// The x86 SHA extensions (SHA-NI: AMD since Zen, Intel since Ice Lake) do two rounds per
// instruction: hashing the 56 MB of a GMIC model drops from ~0.4 s to a few tens of ms, which
// every process start pays (the model's identity is its hash).
__attribute__((target("sha,sse4.1"))) void
compressShaNi(std::uint32_t* state, const std::uint8_t* block, std::size_t count)
{
    const __m128i byteSwap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    // The instructions keep the state as ABEF and CDGH.
    __m128i tmp = _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(state)), 0xB1);
    __m128i state1 =
        _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(state + 4)), 0x1B);
    __m128i state0 = _mm_alignr_epi8(tmp, state1, 8);
    state1 = _mm_blend_epi16(state1, tmp, 0xF0);
    for (; count > 0; --count, block += 64) {
        const __m128i abefSaved = state0, cdghSaved = state1;
        __m128i msg[4];
        for (int g = 0; g < 16; ++g) { // 16 groups of 4 rounds; msg[g % 4] holds w[4g..4g+3]
            __m128i& cur = msg[g % 4];
            if (g < 4)
                cur = _mm_shuffle_epi8(
                    _mm_loadu_si128(reinterpret_cast<const __m128i*>(block + 16 * g)), byteSwap);
            __m128i m = _mm_add_epi32(cur, _mm_loadu_si128(reinterpret_cast<const __m128i*>(
                                               &kRoundConstants[std::size_t(4 * g)])));
            state1 = _mm_sha256rnds2_epu32(state1, state0, m);
            if (g >= 3 && g < 15) { // finish the schedule of the next group
                __m128i& next = msg[(g + 1) % 4];
                next = _mm_add_epi32(next, _mm_alignr_epi8(cur, msg[(g + 3) % 4], 4));
                next = _mm_sha256msg2_epu32(next, cur);
            }
            m = _mm_shuffle_epi32(m, 0x0E);
            state0 = _mm_sha256rnds2_epu32(state0, state1, m);
            if (g >= 1 && g < 13) // start the schedule of the group after next
                msg[(g + 3) % 4] = _mm_sha256msg1_epu32(msg[(g + 3) % 4], cur);
        }
        state0 = _mm_add_epi32(state0, abefSaved);
        state1 = _mm_add_epi32(state1, cdghSaved);
    }
    tmp = _mm_shuffle_epi32(state0, 0x1B);
    state1 = _mm_shuffle_epi32(state1, 0xB1);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(state), _mm_blend_epi16(tmp, state1, 0xF0));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(state + 4), _mm_alignr_epi8(state1, tmp, 8));
}

#endif

std::atomic<bool>& useHardware()
{
    static std::atomic<bool> use{cpuHasShaNi()};
    return use;
}

} // namespace

bool Sha256::hardwareAccelerated()
{
    return useHardware().load();
}

bool Sha256::setHardwareAcceleration(bool enabled)
{
    useHardware().store(enabled && cpuHasShaNi());
    return useHardware().load();
}

void Sha256::compress(const std::uint8_t* blocks, std::size_t count)
{
#if defined(__x86_64__)
    if (useHardware().load(std::memory_order_relaxed)) {
        compressShaNi(state_.data(), blocks, count);
        return;
    }
#endif
    compressPortable(state_.data(), blocks, count);
}

Sha256::Sha256()
    : state_{0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
             0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19}
{}

void Sha256::update(const void* data, std::size_t size)
{
    if (size == 0)
        return; // data may be null for an empty tensor
    const auto* p = static_cast<const std::uint8_t*>(data);
    totalBytes_ += size;
    if (buffered_ > 0) {
        const std::size_t n = std::min(size, buffer_.size() - buffered_);
        std::memcpy(buffer_.data() + buffered_, p, n);
        buffered_ += n;
        p += n;
        size -= n;
        if (buffered_ < buffer_.size())
            return;
        compress(buffer_.data(), 1);
        buffered_ = 0;
    }
    const std::size_t blocks = size / 64;
    if (blocks > 0) {
        compress(p, blocks);
        p += 64 * blocks;
        size -= 64 * blocks;
    }
    if (size > 0) {
        std::memcpy(buffer_.data(), p, size);
        buffered_ = size;
    }
}

std::array<std::uint8_t, 32> Sha256::digest()
{
    const std::uint64_t bits = totalBytes_ * 8;
    const std::uint8_t pad = 0x80;
    update(&pad, 1);
    const std::uint8_t zero = 0;
    while (buffered_ != 56)
        update(&zero, 1);
    std::uint8_t length[8];
    for (int i = 0; i < 8; ++i)
        length[i] = std::uint8_t(bits >> (56 - 8 * i)); // big-endian bit count
    update(length, sizeof length);

    std::array<std::uint8_t, 32> out{};
    for (std::size_t i = 0; i < 8; ++i)
        for (std::size_t k = 0; k < 4; ++k)
            out[4 * i + k] = std::uint8_t(state_[i] >> (24 - 8 * k));
    return out;
}

std::string Sha256::hexDigest()
{
    const auto d = digest();
    return hex(std::string_view(reinterpret_cast<const char*>(d.data()), d.size()));
}

std::string Sha256::hex(std::string_view data)
{
    static const char* digits = "0123456789abcdef";
    std::string out;
    out.reserve(data.size() * 2);
    for (const char c : data) {
        const auto b = static_cast<unsigned char>(c);
        out += digits[b >> 4];
        out += digits[b & 0xF];
    }
    return out;
}

std::string hashTensorMap(const TensorMap& tensors)
{
    Sha256 sha;
    for (const auto& [name, tensor] : tensors) {
        if (!tensor.defined())
            throw InferenceError("hashTensorMap: tensor '" + name + "' is undefined");
        const at::Tensor t = tensor.detach().to(at::kCPU).contiguous();
        const std::string dtype = safetensorsDtypeName(t.scalar_type())
                                      .value_or(std::string(c10::toString(t.scalar_type())));
        updateLength(sha, name.size());
        sha.update(name);
        updateLength(sha, dtype.size());
        sha.update(dtype);
        updateLength(sha, std::uint64_t(t.dim()));
        for (const std::int64_t d : t.sizes())
            updateLength(sha, std::uint64_t(d));
        updateLength(sha, t.nbytes());
        sha.update(t.data_ptr(), t.nbytes());
    }
    return sha.hexDigest();
}

} // namespace mammolens::inference
