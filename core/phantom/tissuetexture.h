#pragma once
// The fibroglandular texture of the phantom: Gaussian noise filtered to the power-law spectrum
// P(f) ~ 1/f^beta that mammographic backgrounds follow (beta about 3: Burgess, Jacobson and Judy,
// Med. Phys. 28(4), 2001), mixed with a second such field stretched along the lines that converge
// on the nipple, where ducts and Cooper's ligaments run.

#include "core/phantom/phantomrandom.h"

#include <opencv2/core/mat.hpp>
#include <opencv2/core/types.hpp>

namespace mammolens::core {

/// Stateless; thread-safe as long as each call has its own PhantomRandom.
class TissueTexture
{
public:
    /// A CV_32FC1 field of rows x cols pixels of spacingMm, zero mean and unit standard deviation.
    /// It is synthesised at about 0.28 mm per sample (below that 1/f^3 has almost no power) and
    /// interpolated, so a full-field view costs tens of milliseconds.
    static cv::Mat generate(int rows, int cols, double spacingMm, const cv::Point2d& nipplePx,
                            PhantomRandom& rng, double beta = 3.0);

    /// Isotropic power-law noise, zero mean and unit standard deviation. Frequencies below
    /// 1 / cutoffMm are flattened so that no single blob spans the breast.
    static cv::Mat powerLawField(int rows, int cols, double spacingMm, double beta, double cutoffMm,
                                 PhantomRandom& rng);
};

} // namespace mammolens::core
