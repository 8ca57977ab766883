#pragma once
// A display window over MammogramImage::pixels: from a DICOM preset, or automatic from the breast
// pixels.

#include "core/exam/mammogramimage.h"

#include <opencv2/core/mat.hpp>

namespace mammolens::ui {

struct WindowLevel
{
    double window = 0.0; ///< width, in pixel values
    double level = 0.0;  ///< centre, in pixel values
    core::DisplayWindow::Function function = core::DisplayWindow::Function::Linear;

    bool isValid() const { return window > 0.0; }
    double lower() const { return level - window / 2.0; }
    double upper() const { return level + window / 2.0; }

    static WindowLevel fromPreset(const core::DisplayWindow& preset);

    /// From percentiles of the breast pixels (non-zero: loaders leave the background exactly 0, so
    /// it would otherwise pull the window down). CV_16UC1 only; an image with no breast pixel gets
    /// the full range of its values.
    static WindowLevel automatic(const cv::Mat& pixels, double lowPercent = 0.5,
                                 double highPercent = 99.5);

    bool operator==(const WindowLevel& o) const
    {
        return window == o.window && level == o.level && function == o.function;
    }
    bool operator!=(const WindowLevel& o) const { return !(*this == o); }
};

} // namespace mammolens::ui
