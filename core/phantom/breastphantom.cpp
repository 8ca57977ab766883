#include "core/phantom/breastphantom.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

namespace mammolens::core {

namespace {

constexpr int kOutlineSteps = 160; ///< points per quarter of the outline
constexpr double kBeyondEdgeMm = 1.0;

/// The part of a superellipse quarter at parameter s in [0, 1]: (cos, sin)^(2/p).
double superCos(double s, double p)
{
    return std::pow(std::cos(s * M_PI / 2.0), 2.0 / p);
}
double superSin(double s, double p)
{
    return std::pow(std::sin(s * M_PI / 2.0), 2.0 / p);
}

/// Half-extent of a superellipse of semi-axis 1 (along x) at x = t.
double halfExtent(double t, double p)
{
    t = std::clamp(t, 0.0, 1.0);
    return std::pow(1.0 - std::pow(t, p), 1.0 / p);
}

std::vector<cv::Point2d> scaled(const std::vector<cv::Point2d>& mm, double spacingMm)
{
    std::vector<cv::Point2d> px;
    px.reserve(mm.size());
    // Pixel (r, c) covers [c, c + 1) mm / spacing: its centre is at c + 0.5.
    for (const cv::Point2d& p : mm)
        px.emplace_back(p.x / spacingMm - 0.5, p.y / spacingMm - 0.5);
    return px;
}

std::vector<cv::Point2f> toFloat(const std::vector<cv::Point2d>& polygon)
{
    return {polygon.begin(), polygon.end()};
}

} // namespace

BreastPhantom BreastPhantom::random(PhantomRandom& rng, double fieldRowsMm, double fieldColsMm,
                                    double sizeFactor)
{
    BreastPhantom b;
    b.fieldRows_ = fieldRowsMm;
    b.fieldCols_ = fieldColsMm;
    const double own = sizeFactor * rng.uniform(0.96, 1.04);
    // CC: 60-105 mm from the chest wall to the nipple, 130-190 mm from lateral to medial, kept
    // clear of the far edge and of the top and bottom edges.
    b.ccDepth_ = std::min(82.0 * own * rng.uniform(0.92, 1.08), 0.62 * fieldColsMm);
    const double halfHeight = std::min(80.0 * own * rng.uniform(0.92, 1.08), 0.44 * fieldRowsMm);
    b.ccLateral_ = halfHeight * rng.uniform(0.94, 1.04);
    b.ccMedial_ = halfHeight * rng.uniform(0.94, 1.04);
    const double centre = fieldRowsMm / 2.0 + rng.uniform(-6.0, 6.0);
    b.ccCenter_ = std::clamp(centre, b.ccLateral_ + 4.0, fieldRowsMm - b.ccMedial_ - 4.0);
    b.ccExponent_ = rng.uniform(1.9, 2.4);

    // MLO: more tissue is pulled into the view than in the CC; the breast hangs from the axilla
    // (the top edge) to the inframammary fold.
    b.mloDepth_ = std::min(b.ccDepth_ * rng.uniform(1.02, 1.15), 0.66 * fieldColsMm);
    b.mloNipple_ = fieldRowsMm * rng.uniform(0.50, 0.58);
    b.mloFold_ = std::min(fieldRowsMm * rng.uniform(0.86, 0.94), fieldRowsMm - 4.0);
    b.mloTopX_ = b.mloDepth_ * rng.uniform(0.42, 0.58);
    b.mloUpperExponent_ = rng.uniform(1.7, 2.1);
    b.mloLowerExponent_ = rng.uniform(2.0, 2.6);
    // The upper half-axis that makes the contour cross the top edge (y = 0) at mloTopX_.
    b.mloUpper_ = b.mloNipple_ / halfExtent(b.mloTopX_ / b.mloDepth_, b.mloUpperExponent_);
    b.pectoralTop_ = std::min(b.mloDepth_ * rng.uniform(0.30, 0.42), 0.8 * b.mloTopX_);
    b.pectoralSide_ = fieldRowsMm * rng.uniform(0.36, 0.50);
    b.pectoralExponent_ = rng.uniform(0.75, 0.95);
    b.ccPolygon_ = toFloat(b.outlineMm(ViewPosition::CC));
    b.mloPolygon_ = toFloat(b.outlineMm(ViewPosition::MLO));
    b.pectoralPolygon_ = toFloat(b.pectoralMm());
    return b;
}

std::vector<cv::Point2d> BreastPhantom::outlineMm(ViewPosition view) const
{
    std::vector<cv::Point2d> points;
    if (view == ViewPosition::CC) {
        points.emplace_back(-kBeyondEdgeMm, ccCenter_ - ccLateral_);
        for (int i = 0; i <= kOutlineSteps; ++i) { // lateral quarter, chest wall to nipple
            const double s = 1.0 - double(i) / kOutlineSteps;
            points.emplace_back(ccDepth_ * superCos(s, ccExponent_),
                                ccCenter_ - ccLateral_ * superSin(s, ccExponent_));
        }
        for (int i = 1; i <= kOutlineSteps; ++i) { // medial quarter, nipple to chest wall
            const double s = double(i) / kOutlineSteps;
            points.emplace_back(ccDepth_ * superCos(s, ccExponent_),
                                ccCenter_ + ccMedial_ * superSin(s, ccExponent_));
        }
        points.emplace_back(-kBeyondEdgeMm, ccCenter_ + ccMedial_);
        return points;
    }
    // MLO: from beyond the top-left corner along the top edge, down the upper contour from where it
    // leaves the top edge, round the nipple, to the fold.
    const double pu = mloUpperExponent_;
    const double pl = mloLowerExponent_;
    points.emplace_back(-kBeyondEdgeMm, -kBeyondEdgeMm);
    points.emplace_back(mloTopX_, -kBeyondEdgeMm);
    // sin^(2/p)(s pi/2) = nipple / upper at the top edge.
    const double sTop =
        std::asin(std::pow(std::min(1.0, mloNipple_ / mloUpper_), pu / 2.0)) / (M_PI / 2.0);
    for (int i = 0; i <= kOutlineSteps; ++i) {
        const double s = sTop * (1.0 - double(i) / kOutlineSteps);
        points.emplace_back(mloDepth_ * superCos(s, pu), mloNipple_ - mloUpper_ * superSin(s, pu));
    }
    const double lower = mloFold_ - mloNipple_;
    for (int i = 1; i <= kOutlineSteps; ++i) {
        const double s = double(i) / kOutlineSteps;
        points.emplace_back(mloDepth_ * superCos(s, pl), mloNipple_ + lower * superSin(s, pl));
    }
    points.emplace_back(-kBeyondEdgeMm, mloFold_);
    return points;
}

std::vector<cv::Point2d> BreastPhantom::pectoralMm() const
{
    std::vector<cv::Point2d> points;
    points.emplace_back(-kBeyondEdgeMm, -kBeyondEdgeMm);
    for (int i = 0; i <= kOutlineSteps; ++i) {
        const double y = pectoralSide_ * double(i) / kOutlineSteps;
        points.emplace_back(pectoralTop_ * std::pow(1.0 - y / pectoralSide_, pectoralExponent_), y);
    }
    points.emplace_back(-kBeyondEdgeMm, pectoralSide_);
    points.front().y = -kBeyondEdgeMm;
    points[1].y = -kBeyondEdgeMm; // the muscle meets the top edge along its whole width
    return points;
}

std::vector<cv::Point2d> BreastPhantom::outlinePx(ViewPosition view, double spacingMm) const
{
    return scaled(outlineMm(view), spacingMm);
}

std::vector<cv::Point2d> BreastPhantom::pectoralPx(double spacingMm) const
{
    return scaled(pectoralMm(), spacingMm);
}

cv::Point2d BreastPhantom::nippleMm(ViewPosition view) const
{
    return view == ViewPosition::CC ? cv::Point2d(ccDepth_, ccCenter_)
                                    : cv::Point2d(mloDepth_, mloNipple_);
}

cv::Point2d BreastPhantom::projectMm(const cv::Point3d& position, ViewPosition view) const
{
    const double t = position.x;
    if (view == ViewPosition::CC) {
        const double u = position.y;
        const double half = halfExtent(t, ccExponent_) * (u >= 0 ? ccLateral_ : ccMedial_);
        return {t * ccDepth_, ccCenter_ - u * half};
    }
    const double w = std::clamp((position.y + position.z) / std::sqrt(2.0), -1.0, 1.0);
    const double half = w >= 0 ? mloUpper_ * halfExtent(t, mloUpperExponent_)
                               : (mloFold_ - mloNipple_) * halfExtent(t, mloLowerExponent_);
    return {t * mloDepth_, mloNipple_ - w * half};
}

cv::Point2d BreastPhantom::projectOffsetMm(const cv::Point3d& offsetMm, ViewPosition view)
{
    if (view == ViewPosition::CC)
        return {offsetMm.x, -offsetMm.y};
    return {offsetMm.x, -(offsetMm.y + offsetMm.z) / std::sqrt(2.0)};
}

double BreastPhantom::insideDistanceMm(const cv::Point2d& pointMm, ViewPosition view) const
{
    return cv::pointPolygonTest(view == ViewPosition::CC ? ccPolygon_ : mloPolygon_,
                                cv::Point2f(pointMm), true);
}

double BreastPhantom::pectoralDistanceMm(const cv::Point2d& pointMm) const
{
    return cv::pointPolygonTest(pectoralPolygon_, cv::Point2f(pointMm), true);
}

} // namespace mammolens::core
