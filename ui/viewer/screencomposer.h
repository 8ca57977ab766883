#pragma once
// What one viewport shows, composed on the CPU at screen resolution: the stored image resampled to
// device pixels, window/level applied, the overlay blended in with its opacity. VTK then draws one
// opaque textured quad per view.
//
// Why not two VTK image slices (image, and overlay blended over it)? Under Xvfb's software OpenGL
// every fragment costs CPU time, and Qt's composition of four QOpenGLWidgets already takes about
// half of a frame's budget. Two reslice mappers made each view sample viewport-sized textures
// twice through VTK's shaders and stack passes; here the blend is a table lookup over the pixels
// the image covers, and a window/level or opacity drag only redoes that lookup (the resampled
// image and overlay are kept until the geometry changes). See docs/performance.md.
//
// Pure OpenCV, no VTK, no widgets: checkable pixel for pixel without a display.

#include "ui/viewer/windowlevel.h"

#include <QTransform>
#include <opencv2/core/mat.hpp>
#include <optional>
#include <utility>
#include <vector>

namespace mammolens::ui {

/// Not thread-safe; used from the GUI thread by one viewport (one per drawn area: the view and
/// its loupe each have their own).
class ScreenComposer
{
public:
    /// CV_16UC1, continuous. Not copied: the caller keeps it alive and unchanged until the next
    /// setImage() or clear().
    void setImage(const cv::Mat& pixels);
    /// CV_8UC4 R, G, B, A (not premultiplied) covering `storedRect` of the image; an empty Mat
    /// removes the overlay. Not copied, like setImage(); call again when its pixels change.
    void setOverlay(const cv::Mat& rgba, const cv::Rect& storedRect);
    void setOverlayOpacity(double opacity); ///< 0..1, multiplies the overlay's alpha
    void setWindowLevel(const WindowLevel& windowLevel);
    /// Where stored continuous coordinates land in device pixels (scale and translation only: the
    /// view is never rotated or mirrored), and the drawing area's size in device pixels.
    void setGeometry(const QTransform& storedToDevice, const cv::Size& deviceSize);
    void clear();

    /// Brings the output up to date; redoes only what a change needs. Returns true when rgba()
    /// or deviceRect() changed.
    bool compose();

    /// CV_8UC4 R, G, B, A (alpha 255) covering deviceRect(): the device pixels whose centres lie on
    /// the image. Empty when the image is off screen or there is none. The buffer is reused while
    /// deviceRect() keeps its size.
    const cv::Mat& rgba() const { return rgba_; }
    cv::Rect deviceRect() const { return deviceRect_; }

private:
    void resampleImage();
    void resampleOverlay();
    void buildTable();
    void blend();

    cv::Mat image_;
    // The image's value range, which the table spans: found when a table is first built, so a
    // composer that never draws (a loupe not shown) never scans the image.
    std::optional<std::pair<int, int>> imageRange_;
    cv::Mat overlay_;
    cv::Rect overlayRect_;
    double opacity_ = 0.5;
    WindowLevel windowLevel_;
    QTransform storedToDevice_;
    cv::Size deviceSize_;

    cv::Rect deviceRect_;
    cv::Mat screenImage_;   // CV_16UC1 over deviceRect_
    cv::Mat screenOverlay_; // CV_8UC4 over deviceRect_; zero alpha outside the overlay's rect
    bool hasScreenOverlay_ = false;
    std::vector<unsigned char> table_; // grey level for each value of imageRange_
    cv::Mat rgba_;

    bool geometryStale_ = true;
    bool overlayStale_ = true;
    bool tableStale_ = true;
    bool blendStale_ = true;
};

} // namespace mammolens::ui
