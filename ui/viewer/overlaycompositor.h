#pragma once
// Turns one view's saliency maps into an RGBA image on the stored image's own pixel grid, once per
// change (FACTS.md "Rendering": large blended textures scaled at every frame cost ~30 ms; a
// composited image resampled to screen pixels like the mammogram itself costs far less). Pure
// OpenCV: no VTK, no widgets, so the geometry can be checked pixel for pixel without a display.

#include "ui/viewer/viewoverlay.h"

#include <array>
#include <cstdint>
#include <opencv2/core/mat.hpp>

namespace mammolens::ui {

/// Not thread-safe, but a value: a viewport colours a copy on Qt's thread pool (copies share the
/// maps, which are only read) and takes it back on the GUI thread.
class OverlayCompositor
{
public:
    /// Takes the maps and geometry. Returns false (and holds no overlay) when they do not fit
    /// together: invalid geometry, or a map that is not CV_32FC1 of the geometry's camSize().
    bool setOverlay(const ViewOverlay& overlay);
    void clear();
    bool hasOverlay() const { return !overlayRect_.empty(); }
    const ViewOverlay& overlay() const { return overlay_; }

    /// Recomposes what `settings` needs (opacity is not baked in: the renderer applies it, so an
    /// opacity drag costs no recomposition). Returns true when rgba() changed.
    bool update(const OverlaySettings& settings);

    /// CV_8UC4 in R, G, B, A order (non-premultiplied), covering storedRect(); zero alpha where
    /// nothing is drawn. Its buffer stays the same while storedRect() does, so a renderer may wrap
    /// it without copying.
    const cv::Mat& rgba() const { return rgba_; }

    /// The stored pixels an overlay can cover: the model input's footprint inside the crop window
    /// (GMIC-SPEC 11). Padding and whatever the crop cut away never get colour.
    cv::Rect storedRect() const { return overlayRect_; }

    /// The colour map as drawn for `value` in 0..1 (before opacity), e.g. for a legend.
    static cv::Vec4b colour(OverlaySettings::ColourMap map, bool malignant, double value);

private:
    using Lut = std::array<std::uint32_t, 256>; // packed RGBA in memory order
    static Lut makeLut(OverlaySettings::ColourMap map, bool malignant, double threshold);
    cv::Mat resampled(const cv::Mat& map, bool smooth) const;

    ViewOverlay overlay_;
    cv::Rect overlayRect_;
    // Each shown map resampled to overlayRect_ as 8-bit indices (value * 255): cached per
    // `smooth`, so threshold and colour-map changes only re-run the table lookup.
    cv::Mat benignIndex_, malignantIndex_;
    bool indicesSmooth_ = false;
    cv::Mat rgba_;
    bool composed_ = false;
    OverlaySettings composedWith_;
};

} // namespace mammolens::ui
