#pragma once
// Helpers shared by the workstation's GUI tests: screenshots for a person to look at, and a
// pixel count to assert that something did (or did not) change on screen.

#include <QDir>
#include <QGuiApplication>
#include <QImage>
#include <QPixmap>
#include <QScreen>
#include <QWidget>

namespace mammolens::guitest {

/// Saves the widget as MAMMOLENS_SCREENSHOT_DIR/name, as it is on the screen. Under X (Xvfb in
/// CI) its pixels are read back from the server: QWidget::grab() would leave the views out, as
/// they are a window of their own inside the main window, drawn with OpenGL and QPainter.
/// Offscreen, QWidget::grab() is all there is.
inline void screenshot(QWidget& w, const char* name)
{
    QDir().mkpath(QStringLiteral(MAMMOLENS_SCREENSHOT_DIR));
    QPixmap shot;
    if (QGuiApplication::platformName() == QLatin1String("xcb") && w.isVisible() && w.screen())
        shot = w.screen()->grabWindow(w.winId());
    if (shot.isNull())
        shot = w.grab();
    shot.save(QStringLiteral(MAMMOLENS_SCREENSHOT_DIR "/") + QLatin1String(name));
}

/// Pixels that differ between two frames of the same size; -1 for frames of different sizes.
inline int changedPixels(const QImage& a, const QImage& b)
{
    if (a.size() != b.size())
        return -1;
    const QImage x = a.convertToFormat(QImage::Format_RGB32);
    const QImage y = b.convertToFormat(QImage::Format_RGB32);
    int n = 0;
    for (int r = 0; r < x.height(); ++r) {
        const auto* p = reinterpret_cast<const QRgb*>(x.constScanLine(r));
        const auto* q = reinterpret_cast<const QRgb*>(y.constScanLine(r));
        for (int c = 0; c < x.width(); ++c)
            n += p[c] != q[c];
    }
    return n;
}

} // namespace mammolens::guitest
