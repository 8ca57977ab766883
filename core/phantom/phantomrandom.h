#pragma once
// The phantom generator's random numbers: reproducible on every platform and standard library.
// std::mt19937_64 is specified bit for bit by the standard, but std::normal_distribution and the
// other distributions are not, so the distributions are implemented here.

#include <cstdint>
#include <initializer_list>
#include <opencv2/core/mat.hpp>
#include <random>

namespace mammolens::core {

/// Not thread-safe: one generator per thread (the phantom code derives one per exam and view).
class PhantomRandom
{
public:
    explicit PhantomRandom(std::uint64_t seed) : engine_(seed), bulk_(engine_()) {}
    /// A generator for a sub-stream: exam i of seed s is PhantomRandom(PhantomRandom::key({s, i})),
    /// whatever else is generated before or after it.
    static std::uint64_t key(std::initializer_list<std::uint64_t> parts);

    std::uint64_t next() { return engine_(); }
    double uniform(); ///< [0, 1)
    double uniform(double low, double high) { return low + (high - low) * uniform(); }
    int uniformInt(int low, int high); ///< [low, high], both included
    bool chance(double probability) { return uniform() < probability; }
    double normal(); ///< standard normal (Box-Muller)

    /// Fills a CV_32FC1 matrix with approximately standard normal values (Irwin-Hall sum of four
    /// 16-bit uniforms from one SplitMix64 step: enough for texture and detector noise, and several
    /// times faster than the Mersenne Twister for the millions of values of a full-field view).
    void fillNoise(cv::Mat& values);
    /// One value of fillNoise().
    float noise()
    {
        bulk_ += 0x9e3779b97f4a7c15ull;
        std::uint64_t bits = bulk_;
        bits = (bits ^ (bits >> 30)) * 0xbf58476d1ce4e5b9ull;
        bits = (bits ^ (bits >> 27)) * 0x94d049bb133111ebull;
        bits ^= bits >> 31;
        const float sum = float((bits & 0xffff) + ((bits >> 16) & 0xffff) +
                                ((bits >> 32) & 0xffff) + (bits >> 48));
        return (sum - 2.0f * 65535.0f) * kNoiseScale;
    }

private:
    /// 1 / standard deviation of a sum of four 16-bit uniforms: 1 / sqrt(4 (65536^2 - 1) / 12).
    static constexpr float kNoiseScale = 2.6428e-05f;
    std::mt19937_64 engine_;
    std::uint64_t bulk_; ///< SplitMix64 state of noise()
    double spareNormal_ = 0.0;
    bool hasSpare_ = false;
};

} // namespace mammolens::core
