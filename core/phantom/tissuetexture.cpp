#include "core/phantom/tissuetexture.h"

#include <algorithm>
#include <cmath>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

namespace mammolens::core {

namespace {

constexpr double kGridSpacingMm = 0.28;
/// The stretched field: 3 times longer along the radial lines than across them.
constexpr double kRadialStretch = 3.0;
/// Across the lines, angles are measured as arc length at this distance from the nipple, so the
/// structures narrow towards the nipple and widen towards the chest wall.
constexpr double kReferenceRadiusMm = 45.0;
/// The stretched field is smooth along the lines anyway: it is synthesised more coarsely.
constexpr double kPolarSpacingMm = 0.45;

void normalise(cv::Mat& field)
{
    cv::Scalar mean, stddev;
    cv::meanStdDev(field, mean, stddev);
    field = (field - mean[0]) / std::max(stddev[0], 1e-9);
}

} // namespace

cv::Mat TissueTexture::powerLawField(int rows, int cols, double spacingMm, double beta,
                                     double cutoffMm, PhantomRandom& rng)
{
    const int dftRows = cv::getOptimalDFTSize(rows);
    const int dftCols = cv::getOptimalDFTSize(cols);
    cv::Mat noise(dftRows, dftCols, CV_32FC1);
    rng.fillNoise(noise);
    cv::Mat spectrum;
    cv::dft(noise, spectrum, cv::DFT_COMPLEX_OUTPUT);
    // Amplitude f^(-beta/2), with f^2 + f0^2 in place of f^2 below the cutoff frequency.
    const double f0Squared = 1.0 / (cutoffMm * cutoffMm);
    std::vector<double> fx2(dftCols);
    for (int c = 0; c < dftCols; ++c) {
        const double f = double(c <= dftCols / 2 ? c : c - dftCols) / (dftCols * spacingMm);
        fx2[c] = f * f;
    }
    for (int r = 0; r < dftRows; ++r) {
        const double fy = double(r <= dftRows / 2 ? r : r - dftRows) / (dftRows * spacingMm);
        cv::Vec2f* row = spectrum.ptr<cv::Vec2f>(r);
        for (int c = 0; c < dftCols; ++c) {
            const double power = fy * fy + fx2[c] + f0Squared;
            // beta = 3 is the common case: x^(-3/4) without pow().
            const float gain = beta == 3.0 ? float(1.0 / std::sqrt(power * std::sqrt(power)))
                                           : float(std::pow(power, -beta / 4.0));
            row[c] *= gain;
        }
    }
    spectrum.at<cv::Vec2f>(0, 0) = cv::Vec2f(0, 0);
    cv::Mat field;
    cv::dft(spectrum, field, cv::DFT_INVERSE | cv::DFT_REAL_OUTPUT | cv::DFT_SCALE);
    field = field(cv::Rect(0, 0, cols, rows)).clone();
    normalise(field);
    return field;
}

cv::Mat TissueTexture::generate(int rows, int cols, double spacingMm, const cv::Point2d& nipplePx,
                                PhantomRandom& rng, double beta)
{
    const int factor = std::max(1, int(std::lround(kGridSpacingMm / spacingMm)));
    const int gridRows = (rows + factor - 1) / factor;
    const int gridCols = (cols + factor - 1) / factor;
    const double gridSpacing = spacingMm * factor;

    cv::Mat isotropic = powerLawField(gridRows, gridCols, gridSpacing, beta, 40.0, rng);

    // The stretched field lives in (radial distance / stretch, angle x reference radius) from
    // the nipple and is sampled back onto the grid.
    const double gridNippleX = (nipplePx.x + 0.5) / factor - 0.5;
    const double gridNippleY = (nipplePx.y + 0.5) / factor - 0.5;
    const double maxRadiusMm = std::hypot(std::max(gridNippleX, gridCols - gridNippleX),
                                          std::max(gridNippleY, gridRows - gridNippleY)) *
                               gridSpacing;
    const double polarSpacing = std::max(gridSpacing, kPolarSpacingMm);
    const int polarCols = int(std::ceil(maxRadiusMm / kRadialStretch / polarSpacing)) + 2;
    const int polarRows = int(std::ceil(2.0 * M_PI * kReferenceRadiusMm / polarSpacing)) + 2;
    cv::Mat polar = powerLawField(polarRows, polarCols, polarSpacing, beta, 40.0, rng);
    // The sampling map varies slowly: computed on a grid of half the size and interpolated (its
    // one discontinuity, where the angle wraps, lies beyond the nipple, outside the breast).
    const int mapFactor = gridRows * gridCols > 200000 ? 2 : 1;
    const int mapRows = (gridRows + mapFactor - 1) / mapFactor;
    const int mapCols = (gridCols + mapFactor - 1) / mapFactor;
    cv::Mat mapX(mapRows, mapCols, CV_32FC1), mapY(mapRows, mapCols, CV_32FC1);
    for (int r = 0; r < mapRows; ++r) {
        float* mx = mapX.ptr<float>(r);
        float* my = mapY.ptr<float>(r);
        const double dy = (r + 0.5) * mapFactor - 0.5 - gridNippleY;
        for (int c = 0; c < mapCols; ++c) {
            const double dx = gridNippleX - ((c + 0.5) * mapFactor - 0.5); // towards the chest wall
            const double radius = std::hypot(dx, dy) * gridSpacing;
            const double angle = std::atan2(dy, dx) + M_PI; // (0, 2 pi]
            mx[c] = float(radius / kRadialStretch / polarSpacing);
            my[c] = float(angle * kReferenceRadiusMm / polarSpacing);
        }
    }
    if (mapFactor > 1) {
        cv::resize(mapX, mapX, cv::Size(mapCols * mapFactor, mapRows * mapFactor), 0, 0,
                   cv::INTER_LINEAR);
        cv::resize(mapY, mapY, mapX.size(), 0, 0, cv::INTER_LINEAR);
        mapX = mapX(cv::Rect(0, 0, gridCols, gridRows));
        mapY = mapY(cv::Rect(0, 0, gridCols, gridRows));
    }
    cv::Mat stretched;
    cv::remap(polar, stretched, mapX, mapY, cv::INTER_LINEAR, cv::BORDER_REFLECT);

    // The lines fade in over the first ~25 mm from the nipple, where they would otherwise converge
    // into a starburst that looks like spiculation.
    for (int r = 0; r < gridRows; ++r) {
        float* st = stretched.ptr<float>(r);
        const double dy = (r - gridNippleY) * gridSpacing;
        for (int c = 0; c < gridCols; ++c) {
            const double radius = std::hypot((c - gridNippleX) * gridSpacing, dy);
            const double fade = std::min(1.0, radius / 25.0);
            st[c] *= float(fade * fade);
        }
    }
    cv::Mat grid = 0.8 * isotropic + 0.5 * stretched;
    normalise(grid);
    if (factor == 1)
        return grid;
    cv::Mat full;
    cv::resize(grid, full, cv::Size(gridCols * factor, gridRows * factor), 0, 0, cv::INTER_LINEAR);
    return full(cv::Rect(0, 0, cols, rows)).clone();
}

} // namespace mammolens::core
