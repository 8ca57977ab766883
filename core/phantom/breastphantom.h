#pragma once
// One breast's geometry in the phantom: its compressed outline in the CC and MLO views, the
// pectoral muscle of the MLO, the nipple, and where a point of the breast projects in each view.
//
// Everything is in the canonical frame of a left breast as stored (GMIC-SPEC 10.1): the chest
// wall is at x = 0 (the left image edge), x grows towards the nipple, y grows down the image (CC:
// from lateral to medial; MLO: from the axilla to the inframammary fold). Right-breast images are
// this frame mirrored, which the generator does last. Lengths are in mm unless a name says px.

#include "core/exam/view.h"
#include "core/phantom/phantomrandom.h"

#include <opencv2/core.hpp>
#include <vector>

namespace mammolens::core {

/// Immutable after random(); thread-safe.
class BreastPhantom
{
public:
    /// A breast whose outline fits a detector of fieldRowsMm x fieldColsMm. `sizeFactor` (about
    /// 0.8..1.2) is shared by both breasts of a patient; each breast adds its own small variation.
    static BreastPhantom random(PhantomRandom& rng, double fieldRowsMm, double fieldColsMm,
                                double sizeFactor);

    /// The outline as a closed polygon in pixels of the given spacing. It runs a little beyond the
    /// image's chest-wall edge (and, for the MLO, its top edge) so that the breast touches them.
    std::vector<cv::Point2d> outlinePx(ViewPosition view, double spacingMm) const;
    /// The pectoral muscle of the MLO as a closed polygon in pixels (over the top-left corner).
    std::vector<cv::Point2d> pectoralPx(double spacingMm) const;
    cv::Point2d nippleMm(ViewPosition view) const;

    /// A point of the breast: t in [0, 1] from the chest wall to the nipple, (u, v) in the unit
    /// disc of the breast's cross-section at that depth (u lateral, v superior). CC projects u
    /// (lateral is up), the MLO projects the oblique (u + v) / sqrt(2) (upper-outer is up). Returns
    /// mm.
    cv::Point2d projectMm(const cv::Point3d& position, ViewPosition view) const;
    /// An offset of (depth towards the nipple, lateral, superior) mm within the breast, as seen in
    /// the view: (x, y) mm.
    static cv::Point2d projectOffsetMm(const cv::Point3d& offsetMm, ViewPosition view);

    /// Signed distance in mm from `pointMm` to the outline (positive inside), ignoring the image
    /// edges the breast is cut by.
    double insideDistanceMm(const cv::Point2d& pointMm, ViewPosition view) const;
    /// Signed distance in mm to the pectoral muscle's edge (positive inside the muscle).
    double pectoralDistanceMm(const cv::Point2d& pointMm) const;

private:
    std::vector<cv::Point2d> outlineMm(ViewPosition view) const;
    std::vector<cv::Point2d> pectoralMm() const;

    // The polygons, made once by random(): placement measures distances to them often.
    std::vector<cv::Point2f> ccPolygon_, mloPolygon_, pectoralPolygon_;

    // CC: superellipse halves against the chest wall, centred at row ccCenter_.
    double ccDepth_ = 80, ccLateral_ = 80, ccMedial_ = 80, ccCenter_ = 116, ccExponent_ = 2.2;
    // MLO: the nipple at (mloDepth_, mloNipple_); the upper contour leaves the top edge at
    // mloTopX_, the lower one meets the chest wall at the inframammary fold mloFold_.
    double mloDepth_ = 90, mloNipple_ = 120, mloUpper_ = 150, mloFold_ = 210, mloTopX_ = 45;
    double mloUpperExponent_ = 2.0, mloLowerExponent_ = 2.3;
    // Pectoral muscle: along the top edge to pectoralTop_, down the chest wall to
    // pectoralSide_, its free edge bulging by the exponent (< 1: convex).
    double pectoralTop_ = 35, pectoralSide_ = 120, pectoralExponent_ = 0.85;
    double fieldRows_ = 233, fieldCols_ = 179;
};

} // namespace mammolens::core
