#pragma once
// Ground-truth lesion masks that come with teaching and test exams, found by name beside their
// image: `<image stem>_benign.png` and `<image stem>_malignant.png` (the GMIC sample exam's
// convention). A mask is 8-bit, non-zero on the lesion, either in the stored image's pixels (same
// size as the image) or in model-input pixels (the model's input size, as the sample's masks are).
// Mask files are never loaded as images.

#include <QString>

#include <opencv2/core/mat.hpp>

#include <vector>

namespace mammolens::core {

class InputGeometry;

struct GroundTruthMask
{
    QString kind; ///< "benign" or "malignant"
    QString path;
};

class GroundTruthMasks
{
public:
    static bool isMaskFile(const QString& path);
    /// The masks present beside `imagePath`.
    static std::vector<GroundTruthMask> find(const QString& imagePath);
    /// The mask in stored-image pixels (CV_8U, 255 on the lesion), mapped through `geometry` when
    /// it is in model-input pixels; empty when it cannot be read or fits neither size.
    static cv::Mat loadInStoredPixels(const GroundTruthMask& mask, const InputGeometry& geometry);
};

} // namespace mammolens::core
