#pragma once
// The findings a phantom breast can hold, modelled on the BI-RADS descriptors that separate
// benign from malignant: circumscribed round or oval masses and scattered round calcifications
// (benign); spiculated or irregular masses and clusters of fine pleomorphic calcifications
// (malignant). A lesion lives in the breast's coordinates and is drawn into each view from there,
// so it appears in the CC and the MLO of its breast.

#include "core/exam/view.h"
#include "core/phantom/phantomrandom.h"

#include <QString>
#include <cstdint>
#include <functional>
#include <opencv2/core.hpp>
#include <vector>

namespace mammolens::core {

enum class LesionType
{
    CircumscribedMass,
    BenignCalcifications, ///< scattered, round, large
    SpiculatedMass,
    IrregularMass,
    PleomorphicCalcifications, ///< a cluster of fine specks of varied shape
};
QString toString(LesionType type); ///< "circumscribed_mass", "spiculated_mass", ...

/// A value type; render() is const and thread-safe.
class LesionModel
{
public:
    /// One calcification: offsetMm from the lesion's position for a cluster, or at its own
    /// position in the breast when the calcifications are scattered.
    struct Speck
    {
        cv::Point3d position;
        cv::Point3d offsetMm; ///< depth towards the nipple, lateral, superior
        double sizeMm = 0.3;
        double elongation = 1.0; ///< length / width
        double angle = 0.0;
        int shape = 0; ///< 0 round or oval, 1 rod (linear), 2 irregular polygon
        double amplitude = 1500.0;
    };

    static LesionModel random(LesionType type, PhantomRandom& rng);

    LesionType type() const { return type_; }
    bool malignant() const;
    bool scattered() const { return type_ == LesionType::BenignCalcifications; }
    bool isMass() const;
    /// How far the lesion reaches from its position in the views (mm): what placement keeps
    /// inside the breast and away from other lesions. For scattered calcifications, one speck.
    double reachMm() const;
    double coreRadiusMm() const { return radiusMm_; }

    cv::Point3d position; ///< t, u, v (BreastPhantom::projectMm); set by placement
    std::vector<Speck>& specks() { return specks_; }
    const std::vector<Speck>& specks() const { return specks_; }

    /// Adds the lesion to `image` (CV_32FC1, intensity units; `glandContrast` is what fully dense
    /// tissue adds over fat) and sets its pixels in `mask` (CV_8UC1) within `breast`. `toPx` maps
    /// a breast position to the view's pixels. Returns the bounding box of the lesion's mask.
    cv::Rect render(ViewPosition view, double spacingMm,
                    const std::function<cv::Point2d(const cv::Point3d&)>& toPx,
                    double glandContrast, const cv::Mat& breast, cv::Mat& image,
                    cv::Mat& mask) const;

private:
    cv::Rect renderMass(ViewPosition view, double spacingMm, const cv::Point2d& centrePx,
                        double glandContrast, const cv::Mat& breast, cv::Mat& image,
                        cv::Mat& mask) const;
    cv::Rect renderSpecks(ViewPosition view, double spacingMm,
                          const std::function<cv::Point2d(const cv::Point3d&)>& toPx,
                          const cv::Mat& breast, cv::Mat& image, cv::Mat& mask) const;

    LesionType type_ = LesionType::CircumscribedMass;
    double radiusMm_ = 5.0;
    double aspect_ = 1.0;   ///< long / short axis of the core
    double angle_ = 0.0;    ///< orientation of the long axis in the CC (radians)
    double mloTurn_ = 0.0;  ///< how much further the MLO projection turns it
    double contrast_ = 0.5; ///< of glandContrast, at the centre
    double marginBlurMm_ = 0.1;
    std::vector<double> harmonics_; ///< outline radius 1 + sum a_k cos(k phi + phase_k), k >= 2
    std::vector<double> phases_;
    std::uint64_t shapeKey_ = 0; ///< seeds the per-view details (spicules)
    std::vector<Speck> specks_;
};

} // namespace mammolens::core
