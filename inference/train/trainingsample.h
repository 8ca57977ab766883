#pragma once
// One preprocessed image with its image-level labels, as training and validation consume it.

#include <array>
#include <string>
#include <vector>

namespace mammolens::inference {

struct TrainingSample
{
    std::string name;              ///< e.g. "phantom-00042/L-CC", for logs and reports
    std::vector<float> pixels;     ///< model input, rows x cols of the model's configuration
    std::array<float, 2> labels{}; ///< [benign present, malignant present], 0 or 1
    /// Per class, the saliency cells (camRows x camCols, row-major) the lesion covers, 1 or 0,
    /// where the lesion's extent is known: from a mask for a positive image, all 0 for a negative
    /// one. Empty for a class when unknown (a positive image without a mask); only training with
    /// TrainOptions::maskWeight > 0 uses them.
    std::array<std::vector<float>, 2> saliencyTargets;
    /// The lesions of the image's positive classes as boxes in model-input pixels, {top, left,
    /// bottom, right} with bottom and right exclusive (one per connected part of a mask, so a
    /// calcification cluster gives several). With maskWeight > 0, attention on the patches that
    /// touch one of them is rewarded.
    std::vector<std::array<int, 4>> lesionBoxes;
};

} // namespace mammolens::inference
