#pragma once
// GMIC-SPEC 10.3: where to centre the model's input window in the cropped, flipped image.

#include "core/exam/view.h"
#include "core/preprocess/cropinfo.h"

#include <opencv2/core/mat.hpp>

namespace mammolens::core {

/// Stateless; thread-safe.
class BestCenterFinder
{
public:
    /// `image`: the cropped image facing right (10.2 step 10, then 10.1's flip), CV_16UC1.
    /// `crop`: its right-most and bottom-most points (10.2 step 9). Returns x = column, y = row;
    /// the centre may lie outside the image (10.4 pads). `position` is CC or MLO.
    static cv::Point find(const cv::Mat& image, ViewPosition position, const CropInfo& crop,
                          int windowRows, int windowCols);
};

} // namespace mammolens::core
