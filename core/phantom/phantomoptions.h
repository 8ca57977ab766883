#pragma once
// What `mammolens-cli phantom` varies: image size, pixel spacing and how often each kind of
// finding occurs. Everything else about a phantom exam follows from (seed, exam index).

#include <algorithm>

namespace mammolens::core {

struct PhantomOptions
{
    /// Full-field digital mammography detector: 3328 x 2560 pixels of 0.07 mm (233 x 179 mm).
    static constexpr int kFullFieldRows = 3328;
    static constexpr int kFullFieldCols = 2560;
    static constexpr double kFullFieldSpacingMm = 0.07;

    int rows = kFullFieldRows;
    int cols = kFullFieldCols;
    /// 0: chosen so that the image covers the full-field detector (a smaller image has larger
    /// pixels, and the breast keeps its physical size).
    double pixelSpacingMm = 0.0;

    /// Per breast: the probability of a malignant finding, and of a benign one in a breast
    /// without a malignant finding; the rest are normal.
    double malignantPrevalence = 0.3;
    double benignPrevalence = 0.3;
    /// Per malignant breast: the probability that it also has a benign finding.
    double benignWithMalignant = 0.1;
    /// Multiplies the masses' contrast over the tissue (1: as subtle as the defaults make them).
    /// The demo model's phantoms use 2: conspicuous enough for a small model trained from
    /// scratch on a few hundred exams to learn them in the time a CPU affords.
    double lesionContrast = 1.0;

    double spacingMm() const
    {
        if (pixelSpacingMm > 0.0)
            return pixelSpacingMm;
        return kFullFieldSpacingMm *
               std::max(double(kFullFieldRows) / rows, double(kFullFieldCols) / cols);
    }
};

} // namespace mammolens::core
