#pragma once
// What the application hands a viewport once the model has run on its view, and how the reader
// wants it shown. Plain values: results cross threads by copy (ARCHITECTURE.md "Threading"), and
// ui/ never sees the engine's own types.

#include "core/preprocess/inputgeometry.h"

#include <QString>
#include <opencv2/core/mat.hpp>
#include <opencv2/core/types.hpp>
#include <vector>

namespace mammolens::ui {

/// One ROI patch GMIC attended to (GMIC-SPEC 11: a patch corner is a model-input pixel).
struct OverlayPatch
{
    cv::Rect
        inputRect; ///< model-input pixels; drawn through InputGeometry::inputRectToStoredClipped
    int rank = 0;  ///< as the application numbers them (shown as given)
    float attention = 0.0f;
};

/// The model's answer for one view, in the model's own coordinates plus the geometry that maps
/// them back onto the stored image.
struct ViewOverlay
{
    core::InputGeometry geometry;
    cv::Mat benign;    ///< CV_32FC1, camRows x camCols, values in (0, 1)
    cv::Mat malignant; ///< CV_32FC1, camRows x camCols, values in (0, 1)
    std::vector<OverlayPatch> patches;
    QString modelLabel; ///< which model produced it, shown with the overlay
};

/// How the reader wants overlays shown; the same for every view.
struct OverlaySettings
{
    enum class ColourMap
    {
        Perceptual, ///< magma (malignant) / viridis (benign); alpha 0 below 0.05, full from 0.3
        Ramp, ///< red (malignant) / green (benign) transparency ramps, as the reference figures
    };

    bool showBenign = false;
    bool showMalignant = true;
    bool showPatches = true;
    double opacity = 0.5;   ///< multiplies the colour map's own alpha; 0..1
    double threshold = 0.0; ///< values below it are not drawn; 0..1
    ColourMap colourMap = ColourMap::Ramp;
    bool smooth = true; ///< bilinear between cell centres; false = cell-exact squares

    bool operator==(const OverlaySettings& o) const
    {
        return showBenign == o.showBenign && showMalignant == o.showMalignant &&
               showPatches == o.showPatches && opacity == o.opacity && threshold == o.threshold &&
               colourMap == o.colourMap && smooth == o.smooth;
    }
    bool operator!=(const OverlaySettings& o) const { return !(*this == o); }
};

} // namespace mammolens::ui
