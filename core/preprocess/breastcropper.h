#pragma once
// GMIC-SPEC 10.2: find the breast in a stored mammogram and the crop window around it, with the
// reference's bottom-most and right-most points. Works on the unflipped stored image.

#include "core/preprocess/cropinfo.h"
#include "core/util/outcome.h"

#include <opencv2/core/mat.hpp>

namespace mammolens::core {

/// Stateless; thread-safe.
class BreastCropper
{
public:
    struct Result
    {
        CropInfo crop;   ///< everything of 10.2 filled in; bestCenter* and flipped left at 0
        cv::Mat mask;    ///< CV_8UC1, stored size: the dilated largest component (10.2 step 4)
        cv::Rect breast; ///< bounding box of `mask` (10.2 step 5, before the buffers)
    };

    /// `facesRight` is the spec's mode `right` (left-breast views when horizontal_flip is NO).
    /// Errors: preprocess.no_breast when nothing survives the erosion.
    static Outcome<Result> crop(const cv::Mat& pixels, bool facesRight, int iterations,
                                int bufferSize);

    /// 10.2 steps 1-4 alone: erode `iterations` times with the 3x3 cross (outside = 0), keep the
    /// largest 4-connected component (the first in row-major order on ties), dilate it back.
    /// Computed with L1 distance transforms instead of 2 x iterations passes (FACTS.md,
    /// Preprocessing): eroding n times keeps exactly the pixels whose L1 distance to a zero pixel
    /// (the border counting as zero) exceeds n; dilating n times adds those within distance n.
    /// Returns an empty Mat when nothing survives the erosion; `breast` gets the mask's box.
    static cv::Mat largestComponentMask(const cv::Mat& pixels, int iterations, cv::Rect* breast);
};

} // namespace mammolens::core
