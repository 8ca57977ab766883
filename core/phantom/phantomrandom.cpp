#include "core/phantom/phantomrandom.h"

#include <cmath>

namespace mammolens::core {

namespace {

/// SplitMix64's finaliser: a bijective mix, so different keys never collapse by construction.
std::uint64_t mix64(std::uint64_t x)
{
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

} // namespace

std::uint64_t PhantomRandom::key(std::initializer_list<std::uint64_t> parts)
{
    std::uint64_t h = 0x4d616d6d6f4c656eull; // "MammoLen"
    for (std::uint64_t part : parts)
        h = mix64(h ^ mix64(part));
    return h;
}

double PhantomRandom::uniform()
{
    return double(engine_() >> 11) * 0x1.0p-53;
}

int PhantomRandom::uniformInt(int low, int high)
{
    const std::uint64_t span = std::uint64_t(std::int64_t(high) - low) + 1;
    return int(std::int64_t(low) + std::int64_t(engine_() % span));
}

double PhantomRandom::normal()
{
    if (hasSpare_) {
        hasSpare_ = false;
        return spareNormal_;
    }
    const double u1 = 1.0 - uniform(); // (0, 1]: log stays finite
    const double u2 = uniform();
    const double radius = std::sqrt(-2.0 * std::log(u1));
    const double angle = 2.0 * M_PI * u2;
    spareNormal_ = radius * std::sin(angle);
    hasSpare_ = true;
    return radius * std::cos(angle);
}

void PhantomRandom::fillNoise(cv::Mat& values)
{
    CV_Assert(values.type() == CV_32FC1);
    for (int r = 0; r < values.rows; ++r) {
        float* row = values.ptr<float>(r);
        for (int c = 0; c < values.cols; ++c)
            row[c] = noise();
    }
}

} // namespace mammolens::core
