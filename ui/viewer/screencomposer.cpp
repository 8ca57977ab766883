#include "ui/viewer/screencomposer.h"

#include <algorithm>
#include <cmath>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

namespace mammolens::ui {

namespace {

/// The device pixels (along one axis) whose centres land on stored continuous coordinates
/// [begin, end) under  device = stored * scale + offset, clipped to 0..size.
std::pair<int, int> coveredPixels(double begin, double end, double scale, double offset, int size)
{
    // Pixel i's centre i + 0.5 is inside when begin <= (i + 0.5 - offset) / scale < end.
    const int first = int(std::ceil(begin * scale + offset - 0.5));
    const int last = int(std::ceil(end * scale + offset - 0.5)); // exclusive
    return {std::max(first, 0), std::min(last, size)};
}

/// Inverse map for cv::warpAffine from the device pixels of `area` to the pixel grid of a stored
/// rectangle whose top-left is `storedOrigin` (OpenCV samples at pixel centres, InputGeometry's
/// continuous coordinates put them at +0.5).
cv::Matx23d deviceToStored(const QTransform& t, const cv::Rect& area, const cv::Point& storedOrigin)
{
    const double sx = t.m11();
    const double sy = t.m22();
    return {1.0 / sx, 0.0,      (area.x + 0.5 - t.dx()) / sx - storedOrigin.x - 0.5,
            0.0,      1.0 / sy, (area.y + 0.5 - t.dy()) / sy - storedOrigin.y - 0.5};
}

} // namespace

void ScreenComposer::setImage(const cv::Mat& pixels)
{
    CV_Assert(pixels.empty() || (pixels.type() == CV_16UC1 && pixels.isContinuous()));
    image_ = pixels;
    imageRange_.reset();
    geometryStale_ = tableStale_ = true;
}

void ScreenComposer::setOverlay(const cv::Mat& rgba, const cv::Rect& storedRect)
{
    CV_Assert(rgba.empty() || (rgba.type() == CV_8UC4 && rgba.size() == storedRect.size()));
    overlay_ = rgba;
    overlayRect_ = rgba.empty() ? cv::Rect() : storedRect;
    overlayStale_ = true;
}

void ScreenComposer::setOverlayOpacity(double opacity)
{
    opacity = std::clamp(opacity, 0.0, 1.0);
    if (opacity == opacity_)
        return;
    opacity_ = opacity;
    if (!overlay_.empty())
        blendStale_ = true;
}

void ScreenComposer::setWindowLevel(const WindowLevel& windowLevel)
{
    if (windowLevel == windowLevel_)
        return;
    windowLevel_ = windowLevel;
    tableStale_ = true;
}

void ScreenComposer::setGeometry(const QTransform& storedToDevice, const cv::Size& deviceSize)
{
    if (storedToDevice == storedToDevice_ && deviceSize == deviceSize_)
        return;
    storedToDevice_ = storedToDevice;
    deviceSize_ = deviceSize;
    geometryStale_ = true;
}

void ScreenComposer::clear()
{
    setImage(cv::Mat());
    setOverlay(cv::Mat(), cv::Rect());
}

bool ScreenComposer::compose()
{
    bool changed = false;
    if (geometryStale_) {
        const cv::Rect before = deviceRect_;
        resampleImage();
        geometryStale_ = false;
        overlayStale_ = blendStale_ = true;
        changed = deviceRect_ != before;
    }
    if (overlayStale_) {
        resampleOverlay();
        overlayStale_ = false;
        blendStale_ = true;
    }
    if (tableStale_) {
        buildTable();
        tableStale_ = false;
        blendStale_ = true;
    }
    if (blendStale_) {
        blend();
        blendStale_ = false;
        changed = true;
    }
    return changed;
}

void ScreenComposer::resampleImage()
{
    deviceRect_ = {};
    screenImage_.release();
    const QTransform& t = storedToDevice_;
    // Only scale and translation: a rotated or mirrored view would be a bug upstream.
    if (image_.empty() || deviceSize_.empty() || t.m12() != 0.0 || t.m21() != 0.0 ||
        t.m11() <= 0.0 || t.m22() <= 0.0)
        return;
    const auto [x0, x1] = coveredPixels(0.0, image_.cols, t.m11(), t.dx(), deviceSize_.width);
    const auto [y0, y1] = coveredPixels(0.0, image_.rows, t.m22(), t.dy(), deviceSize_.height);
    if (x1 <= x0 || y1 <= y0)
        return;
    deviceRect_ = cv::Rect(x0, y0, x1 - x0, y1 - y0);
    // Bilinear, and within the outermost half pixel the edge value (VTK's "border" convention):
    // pixel (r, c) covers [c, c+1) x [r, r+1) on screen as InputGeometry says.
    cv::warpAffine(image_, screenImage_, deviceToStored(t, deviceRect_, {0, 0}), deviceRect_.size(),
                   cv::INTER_LINEAR | cv::WARP_INVERSE_MAP, cv::BORDER_REPLICATE);
}

void ScreenComposer::resampleOverlay()
{
    hasScreenOverlay_ = false;
    if (overlay_.empty() || deviceRect_.empty())
        return;
    const QTransform& t = storedToDevice_;
    const auto [x0, x1] = coveredPixels(overlayRect_.x, overlayRect_.x + overlayRect_.width,
                                        t.m11(), t.dx(), deviceSize_.width);
    const auto [y0, y1] = coveredPixels(overlayRect_.y, overlayRect_.y + overlayRect_.height,
                                        t.m22(), t.dy(), deviceSize_.height);
    const cv::Rect area = cv::Rect(x0, y0, x1 - x0, y1 - y0) & deviceRect_;
    if (area.empty())
        return;
    screenOverlay_.create(deviceRect_.size(), CV_8UC4);
    screenOverlay_.setTo(cv::Scalar::all(0)); // no colour outside the overlay's rect
    cv::Mat target = screenOverlay_(area - deviceRect_.tl());
    cv::warpAffine(overlay_, target, deviceToStored(t, area, overlayRect_.tl()), area.size(),
                   cv::INTER_LINEAR | cv::WARP_INVERSE_MAP, cv::BORDER_REPLICATE);
    hasScreenOverlay_ = true;
}

void ScreenComposer::buildTable()
{
    // Only the values the image has: a sigmoid over 65536 values would cost more than the blend.
    if (!imageRange_) {
        double low = 0.0, high = 0.0;
        if (!image_.empty())
            cv::minMaxLoc(image_, &low, &high);
        imageRange_ = {int(low), int(high)};
    }
    const auto [low, high] = *imageRange_;
    const int count = high - low + 1;
    table_.resize(std::size_t(std::max(count, 1)));
    const WindowLevel& wl = windowLevel_;
    if (!wl.isValid()) {
        std::fill(table_.begin(), table_.end(), 0);
        return;
    }
    const bool sigmoid = wl.function == core::DisplayWindow::Function::Sigmoid;
    for (int i = 0; i < count; ++i) {
        const double x = low + i;
        // DICOM PS3.3 C.11.2.1.3.1 SIGMOID: y = 1 / (1 + exp(-4 (x - c) / w)); otherwise level
        // -+ window/2 maps linearly to black..white, as the renderer's window/level did before.
        const double y = sigmoid ? 1.0 / (1.0 + std::exp(-4.0 * (x - wl.level) / wl.window))
                                 : (x - wl.lower()) / wl.window;
        table_[std::size_t(i)] = static_cast<unsigned char>(std::clamp(y, 0.0, 1.0) * 255.0 + 0.5);
    }
}

void ScreenComposer::blend()
{
    if (deviceRect_.empty()) {
        rgba_.release();
        return;
    }
    rgba_.create(deviceRect_.size(), CV_8UC4);
    const auto [low, high] = *imageRange_; // blend() follows a buildTable()
    const unsigned char* table = table_.data();
    const int opacity = int(std::lround(opacity_ * 255.0));
    for (int y = 0; y < rgba_.rows; ++y) {
        const auto* src = screenImage_.ptr<unsigned short>(y);
        const auto* over = hasScreenOverlay_ ? screenOverlay_.ptr<unsigned char>(y) : nullptr;
        auto* out = rgba_.ptr<unsigned char>(y);
        for (int x = 0; x < rgba_.cols; ++x, out += 4) {
            const int grey = table[std::clamp(int(src[x]), low, high) - low];
            out[0] = out[1] = out[2] = static_cast<unsigned char>(grey);
            out[3] = 255;
            if (over) {
                const unsigned char* o = over + 4 * x;
                // Straight alpha times the opacity, as glBlendFunc(SRC_ALPHA, ONE_MINUS_SRC_ALPHA)
                // would blend it, in integers rounded to nearest.
                const int a = (o[3] * opacity + 127) / 255;
                if (a != 0)
                    for (int c = 0; c < 3; ++c)
                        out[c] =
                            static_cast<unsigned char>((o[c] * a + grey * (255 - a) + 127) / 255);
            }
        }
    }
}

} // namespace mammolens::ui
