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
};

} // namespace mammolens::inference
