#include "ui/viewer/windowlevel.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace mammolens::ui {

WindowLevel WindowLevel::fromPreset(const core::DisplayWindow& preset)
{
    return {std::max(1.0, preset.width), preset.center, preset.function};
}

WindowLevel WindowLevel::automatic(const cv::Mat& pixels, double lowPercent, double highPercent)
{
    if (pixels.empty() || pixels.type() != CV_16UC1)
        return {};
    // A full histogram of 16-bit values: one pass, exact percentiles, ~2 ms for a 2 MP image.
    std::vector<std::uint32_t> histogram(65536, 0);
    std::uint64_t breast = 0;
    int maxValue = 0;
    for (int r = 0; r < pixels.rows; ++r) {
        const auto* row = pixels.ptr<std::uint16_t>(r);
        for (int c = 0; c < pixels.cols; ++c)
            ++histogram[row[c]];
    }
    for (int v = 1; v < 65536; ++v) {
        breast += histogram[v];
        if (histogram[v])
            maxValue = v;
    }
    if (breast == 0)
        return {std::max(1.0, double(maxValue)), maxValue / 2.0};

    auto percentile = [&](double percent) {
        const auto target = std::uint64_t(percent / 100.0 * double(breast - 1));
        std::uint64_t seen = 0;
        for (int v = 1; v < 65536; ++v) {
            seen += histogram[v];
            if (seen > target)
                return v;
        }
        return maxValue;
    };
    const double low = percentile(lowPercent);
    const double high = percentile(highPercent);
    // +1: a window spans the values low..high inclusive, and never collapses to zero width.
    return {high - low + 1.0, (low + high) / 2.0};
}

} // namespace mammolens::ui
