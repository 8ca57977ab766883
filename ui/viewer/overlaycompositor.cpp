#include "ui/viewer/overlaycompositor.h"

#include "core/logging/log.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <opencv2/imgproc.hpp>
#include <vector>

namespace mammolens::ui {

namespace {

using ColourMap = OverlaySettings::ColourMap;

// matplotlib's magma and viridis sampled at 0, 1/8, ..., 1 (sRGB); linear between samples keeps
// them close enough to perceptually uniform for an overlay without a 256-entry table per map.
constexpr unsigned char kMagma[9][3] = {{0, 0, 4},      {28, 16, 68},    {79, 18, 123},
                                        {129, 37, 129}, {181, 54, 122},  {229, 80, 100},
                                        {251, 135, 97}, {254, 194, 135}, {252, 253, 191}};
constexpr unsigned char kViridis[9][3] = {{68, 1, 84},    {72, 40, 120},  {62, 73, 137},
                                          {49, 104, 142}, {38, 130, 142}, {31, 158, 137},
                                          {53, 183, 121}, {110, 206, 88}, {253, 231, 37}};

// A perceptual map colours even near-zero values (magma's black, viridis' purple), which would tint
// the whole crop window: GMIC's maps sit at a few hundredths almost everywhere. Alpha therefore
// rises from nothing at 0.05 to full at 0.3, and above that the colour alone carries the value.
constexpr double kPerceptualAlphaFrom = 0.05;
constexpr double kPerceptualAlphaTo = 0.3;

std::uint32_t pack(const cv::Vec4b& c)
{
    std::uint32_t p;
    std::memcpy(&p, c.val, sizeof p);
    return p;
}

cv::Vec4b unpack(std::uint32_t p)
{
    cv::Vec4b c;
    std::memcpy(c.val, &p, sizeof p);
    return c;
}

// Porter-Duff "over" on non-premultiplied colours: malignant is drawn over benign, because a
// malignant finding is the one that must never be hidden.
cv::Vec4b over(const cv::Vec4b& top, const cv::Vec4b& bottom)
{
    const double at = top[3] / 255.0;
    const double ab = bottom[3] / 255.0;
    const double a = at + ab * (1.0 - at);
    if (a <= 0.0)
        return {top[0], top[1], top[2], 0};
    cv::Vec4b out;
    for (int k = 0; k < 3; ++k)
        out[k] = cv::saturate_cast<uchar>((top[k] * at + bottom[k] * ab * (1.0 - at)) / a);
    out[3] = cv::saturate_cast<uchar>(a * 255.0);
    return out;
}

} // namespace

bool OverlayCompositor::setOverlay(const ViewOverlay& overlay)
{
    clear();
    const core::InputGeometry& g = overlay.geometry;
    auto mapFits = [&](const cv::Mat& m) {
        return m.empty() || (m.type() == CV_32FC1 && m.size() == g.camSize());
    };
    if (!g.isValid() || !mapFits(overlay.benign) || !mapFits(overlay.malignant)) {
        core::log::get("ui")->warn("overlay rejected: geometry invalid or map size/type mismatch");
        return false;
    }
    const cv::Rect rect = g.inputRectToStoredClipped(cv::Rect(cv::Point(0, 0), g.inputSize()));
    if (rect.empty()) {
        core::log::get("ui")->warn("overlay rejected: the model input shows no stored pixel");
        return false;
    }
    overlay_ = overlay;
    overlayRect_ = rect;
    return true;
}

void OverlayCompositor::clear()
{
    overlay_ = {};
    overlayRect_ = {};
    benignIndex_.release();
    malignantIndex_.release();
    rgba_.release();
    composed_ = false;
}

cv::Mat OverlayCompositor::resampled(const cv::Mat& map, bool smooth) const
{
    // 8-bit indices before resampling: warpAffine is much faster on 8-bit data and the colour
    // tables have 256 entries anyway; the interpolation error stays below one table step.
    cv::Mat index;
    map.convertTo(index, CV_8U, 255.0);
    // GMIC-SPEC 11 through InputGeometry: cell -> stored pixel (scale by the cell size, undo the
    // window, padding and mirror, add the crop's corner), then shifted to our rect's corner.
    cv::Matx23d m =
        core::InputGeometry::toPixelCentreConvention(overlay_.geometry.cellToStoredTransform());
    m(0, 2) -= overlayRect_.x;
    m(1, 2) -= overlayRect_.y;
    cv::Mat out;
    // Cell-exact: every stored pixel takes its own cell's value (cell edges fall on pixel edges,
    // so nearest-neighbour is exact). Smooth: bilinear between cell centres; the outer half
    // cells repeat the edge value rather than fading to zero.
    cv::warpAffine(index, out, cv::Mat(m), overlayRect_.size(),
                   smooth ? cv::INTER_LINEAR : cv::INTER_NEAREST, cv::BORDER_REPLICATE);
    return out;
}

bool OverlayCompositor::update(const OverlaySettings& s)
{
    if (!hasOverlay())
        return false;
    const bool showBenign = s.showBenign && !overlay_.benign.empty();
    const bool showMalignant = s.showMalignant && !overlay_.malignant.empty();
    if (composed_) {
        const OverlaySettings& c = composedWith_;
        if (c.showBenign == s.showBenign && c.showMalignant == s.showMalignant &&
            c.threshold == s.threshold && c.colourMap == s.colourMap && c.smooth == s.smooth)
            return false;
    }
    if (indicesSmooth_ != s.smooth) {
        benignIndex_.release();
        malignantIndex_.release();
        indicesSmooth_ = s.smooth;
    }
    if (showBenign && benignIndex_.empty())
        benignIndex_ = resampled(overlay_.benign, s.smooth);
    if (showMalignant && malignantIndex_.empty())
        malignantIndex_ = resampled(overlay_.malignant, s.smooth);

    // Same size as before, so create() keeps the buffer a renderer may be wrapping.
    rgba_.create(overlayRect_.size(), CV_8UC4);
    const int rows = rgba_.rows;
    const int cols = rgba_.cols;
    if (!showBenign && !showMalignant) {
        rgba_.setTo(cv::Scalar::all(0));
    } else if (showBenign != showMalignant) {
        const Lut lut = makeLut(s.colourMap, showMalignant, s.threshold);
        const cv::Mat& index = showMalignant ? malignantIndex_ : benignIndex_;
        for (int r = 0; r < rows; ++r) {
            const uchar* in = index.ptr<uchar>(r);
            auto* out = rgba_.ptr<std::uint32_t>(r);
            for (int c = 0; c < cols; ++c)
                out[c] = lut[in[c]];
        }
    } else {
        // Both maps: one 256 x 256 table of the blended colour keeps the per-pixel work to a
        // single lookup.
        const Lut m = makeLut(s.colourMap, true, s.threshold);
        const Lut b = makeLut(s.colourMap, false, s.threshold);
        std::vector<std::uint32_t> both(256 * 256);
        for (int i = 0; i < 256; ++i)
            for (int j = 0; j < 256; ++j)
                both[i * 256 + j] = pack(over(unpack(m[i]), unpack(b[j])));
        for (int r = 0; r < rows; ++r) {
            const uchar* im = malignantIndex_.ptr<uchar>(r);
            const uchar* ib = benignIndex_.ptr<uchar>(r);
            auto* out = rgba_.ptr<std::uint32_t>(r);
            for (int c = 0; c < cols; ++c)
                out[c] = both[im[c] * 256 + ib[c]];
        }
    }
    composed_ = true;
    composedWith_ = s;
    return true;
}

cv::Vec4b OverlayCompositor::colour(ColourMap map, bool malignant, double value)
{
    const double v = std::clamp(value, 0.0, 1.0);
    if (map == ColourMap::Ramp) {
        const auto a = cv::saturate_cast<uchar>(v * 255.0);
        return malignant ? cv::Vec4b(255, 0, 0, a) : cv::Vec4b(0, 255, 0, a);
    }
    const auto& table = malignant ? kMagma : kViridis;
    const double x = v * 8.0;
    const int i = std::min(7, int(x));
    const double f = x - i;
    cv::Vec4b c;
    for (int k = 0; k < 3; ++k)
        c[k] = cv::saturate_cast<uchar>(table[i][k] * (1.0 - f) + table[i + 1][k] * f);
    const double alpha = (v - kPerceptualAlphaFrom) / (kPerceptualAlphaTo - kPerceptualAlphaFrom);
    c[3] = cv::saturate_cast<uchar>(std::clamp(alpha, 0.0, 1.0) * 255.0);
    return c;
}

OverlayCompositor::Lut OverlayCompositor::makeLut(ColourMap map, bool malignant, double threshold)
{
    Lut lut{};
    for (int i = 0; i < 256; ++i) {
        const double v = i / 255.0;
        cv::Vec4b c = colour(map, malignant, v);
        // Below the threshold: transparent, but with the map's colour, so bilinear filtering at
        // the threshold's edge fades the colour out instead of through black.
        if (v < threshold)
            c[3] = 0;
        lut[i] = pack(c);
    }
    return lut;
}

} // namespace mammolens::ui
