// What a viewport draws, checked pixel for pixel without a display: the stored image lands on the
// device pixels ViewTransform says (never mirrored, clipped to the screen), window/level maps
// values as DICOM says, the overlay is blended with its opacity over exactly its own rect, and
// a window/level or opacity change recomposes without moving anything.

#include "ui/viewer/screencomposer.h"

#include <QTest>
#include <cmath>
#include <opencv2/core.hpp>

using mammolens::core::DisplayWindow;
using mammolens::ui::ScreenComposer;
using mammolens::ui::WindowLevel;

namespace {

/// 100 x 80 stored pixels of value 1000 with a 10 x 10 block of 3000 at columns 20..29, rows
/// 40..49.
cv::Mat markedImage()
{
    cv::Mat pixels(80, 100, CV_16UC1, cv::Scalar(1000));
    pixels(cv::Rect(20, 40, 10, 10)).setTo(3000);
    return pixels;
}

/// The grey level shown at device pixel (x, y), or -1 where nothing is drawn.
int greyAt(const ScreenComposer& c, int x, int y)
{
    if (!c.deviceRect().contains({x, y}))
        return -1;
    return c.rgba().at<cv::Vec4b>(y - c.deviceRect().y, x - c.deviceRect().x)[0];
}

} // namespace

class TestScreenComposer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void storedPixelsLandWhereTheTransformSays();
    void onlyTheOnScreenPartIsComposed();
    void windowLevelMapsLinearlyAndSigmoid();
    void overlayIsBlendedWithItsOpacityOverItsRectOnly();
    void changesRecomposeOnlyWhenNeeded();
};

void TestScreenComposer::storedPixelsLandWhereTheTransformSays()
{
    const cv::Mat pixels = markedImage();
    ScreenComposer c;
    c.setImage(pixels);
    c.setWindowLevel(WindowLevel{2000.0, 2000.0}); // 1000 -> black, 3000 -> white
    // 2 device pixels per stored pixel, the image's left edge at x = 10, top at y = 6.
    const QTransform t = QTransform::fromScale(2.0, 2.0) * QTransform::fromTranslate(10.0, 6.0);
    c.setGeometry(t, cv::Size(400, 300));
    QVERIFY(c.compose());
    QCOMPARE(c.deviceRect(), cv::Rect(10, 6, 200, 160));
    // The block covers stored [20, 30) x [40, 50): device [50, 70) x [86, 106).
    QCOMPARE(greyAt(c, 60, 96), 255);
    QCOMPARE(greyAt(c, 51, 87), 255);
    QCOMPARE(greyAt(c, 68, 104), 255);
    QCOMPARE(greyAt(c, 47, 96), 0);  // left of it
    QCOMPARE(greyAt(c, 72, 96), 0);  // right of it
    QCOMPARE(greyAt(c, 60, 83), 0);  // above it
    QCOMPARE(greyAt(c, 60, 108), 0); // below it
    // Not mirrored, not upside down: the mirror position of the block is background.
    QCOMPARE(greyAt(c, 10 + 2 * (100 - 25), 96), 0);
    QCOMPARE(greyAt(c, 60, 6 + 2 * (80 - 45)), 0);
    // Edge pixels of the image are drawn (whole pixels), the next ones are not.
    QCOMPARE(greyAt(c, 10, 6), 0);
    QCOMPARE(greyAt(c, 209, 165), 0);
    QCOMPARE(greyAt(c, 9, 6), -1);
    QCOMPARE(greyAt(c, 210, 165), -1);
    QCOMPARE(c.rgba().at<cv::Vec4b>(0, 0)[3], 255); // opaque
}

void TestScreenComposer::onlyTheOnScreenPartIsComposed()
{
    const cv::Mat pixels = markedImage();
    ScreenComposer c;
    c.setImage(pixels);
    c.setWindowLevel(WindowLevel{2000.0, 2000.0});
    // Zoomed 4x and panned so that the image starts 50 device pixels left of the screen.
    c.setGeometry(QTransform::fromScale(4.0, 4.0) * QTransform::fromTranslate(-50.0, 0.0),
                  cv::Size(120, 100));
    c.compose();
    QCOMPARE(c.deviceRect(), cv::Rect(0, 0, 120, 100));
    // Stored column 20 (the block's left edge) is at device x = 30; row 40 at y = 160: off screen.
    QCOMPARE(greyAt(c, 31, 10), 0);
    // Panned further: the image leaves the screen entirely and nothing is composed.
    c.setGeometry(QTransform::fromScale(4.0, 4.0) * QTransform::fromTranslate(-500.0, 0.0),
                  cv::Size(120, 100));
    c.compose();
    QVERIFY(c.deviceRect().empty());
    QVERIFY(c.rgba().empty());
    // Back, and the block shows where the transform puts it.
    c.setGeometry(QTransform::fromScale(4.0, 4.0) * QTransform::fromTranslate(-50.0, -140.0),
                  cv::Size(120, 100));
    c.compose();
    // Device (x, y) <- stored ((x + 0.5 + 50) / 4, (y + 0.5 + 140) / 4): the block's top-left
    // corner at (30, 20).
    QCOMPARE(greyAt(c, 33, 23), 255);
    QCOMPARE(greyAt(c, 27, 23), 0);
    QCOMPARE(greyAt(c, 33, 17), 0);
}

void TestScreenComposer::windowLevelMapsLinearlyAndSigmoid()
{
    cv::Mat pixels(1, 5, CV_16UC1);
    const std::uint16_t values[] = {0, 1000, 1500, 2000, 4000};
    for (int i = 0; i < 5; ++i)
        pixels.at<std::uint16_t>(0, i) = values[i];
    ScreenComposer c;
    c.setImage(pixels);
    c.setGeometry(QTransform(), cv::Size(5, 1));
    c.setWindowLevel(WindowLevel{1000.0, 1500.0}); // 1000 .. 2000
    c.compose();
    QCOMPARE(greyAt(c, 0, 0), 0);
    QCOMPARE(greyAt(c, 1, 0), 0);
    QCOMPARE(greyAt(c, 2, 0), 128); // 127.5 rounded
    QCOMPARE(greyAt(c, 3, 0), 255);
    QCOMPARE(greyAt(c, 4, 0), 255);

    // DICOM PS3.3 C.11.2.1.3.1: y = 1 / (1 + exp(-4 (x - c) / w)).
    c.setWindowLevel(WindowLevel{1000.0, 1500.0, DisplayWindow::Function::Sigmoid});
    QVERIFY(c.compose());
    auto sigmoid = [](double x) {
        return int(255.0 / (1.0 + std::exp(-4.0 * (x - 1500.0) / 1000.0)) + 0.5);
    };
    QCOMPARE(greyAt(c, 2, 0), 128);
    QCOMPARE(greyAt(c, 1, 0), sigmoid(1000));
    QCOMPARE(greyAt(c, 3, 0), sigmoid(2000));
    QCOMPARE(greyAt(c, 4, 0), sigmoid(4000));
    QCOMPARE(greyAt(c, 0, 0), sigmoid(0));
}

void TestScreenComposer::overlayIsBlendedWithItsOpacityOverItsRectOnly()
{
    cv::Mat pixels(20, 20, CV_16UC1, cv::Scalar(1500));
    ScreenComposer c;
    c.setImage(pixels);
    c.setWindowLevel(WindowLevel{1000.0, 1500.0}); // grey 128
    c.setGeometry(QTransform(), cv::Size(20, 20));
    // Red at full alpha over stored columns 5..9, rows 2..5; transparent in its own top-left
    // pixel.
    cv::Mat overlay(4, 5, CV_8UC4, cv::Scalar(255, 0, 0, 255));
    overlay.at<cv::Vec4b>(0, 0) = cv::Vec4b(255, 0, 0, 0);
    c.setOverlay(overlay, cv::Rect(5, 2, 5, 4));
    c.setOverlayOpacity(0.5);
    c.compose();
    auto rgbAt = [&](int x, int y) { return c.rgba().at<cv::Vec4b>(y, x); };
    QCOMPARE(rgbAt(7, 3), cv::Vec4b(192, 64, 64, 255));    // (255 * 128 + 128 * 127) / 255, rounded
    QCOMPARE(rgbAt(5, 2), cv::Vec4b(128, 128, 128, 255));  // its transparent pixel
    QCOMPARE(rgbAt(4, 3), cv::Vec4b(128, 128, 128, 255));  // left of its rect
    QCOMPARE(rgbAt(10, 3), cv::Vec4b(128, 128, 128, 255)); // right of it
    QCOMPARE(rgbAt(7, 6), cv::Vec4b(128, 128, 128, 255));  // below it
    c.setOverlayOpacity(1.0);
    QVERIFY(c.compose());
    QCOMPARE(rgbAt(7, 3), cv::Vec4b(255, 0, 0, 255));
    c.setOverlayOpacity(0.0);
    QVERIFY(c.compose());
    QCOMPARE(rgbAt(7, 3), cv::Vec4b(128, 128, 128, 255));
    c.setOverlay(cv::Mat(), cv::Rect());
    c.setOverlayOpacity(1.0);
    c.compose();
    QCOMPARE(rgbAt(7, 3), cv::Vec4b(128, 128, 128, 255));
}

void TestScreenComposer::changesRecomposeOnlyWhenNeeded()
{
    const cv::Mat pixels = markedImage();
    ScreenComposer c;
    c.setImage(pixels);
    c.setWindowLevel(WindowLevel{2000.0, 2000.0});
    c.setGeometry(QTransform::fromScale(2.0, 2.0), cv::Size(400, 300));
    QVERIFY(c.compose());
    QVERIFY(!c.compose()); // nothing changed
    c.setGeometry(QTransform::fromScale(2.0, 2.0), cv::Size(400, 300));
    c.setWindowLevel(WindowLevel{2000.0, 2000.0});
    QVERIFY(!c.compose()); // the same values again
    // A window/level change keeps the pixels where they were and the buffer it had.
    const unsigned char* buffer = c.rgba().data;
    c.setWindowLevel(WindowLevel{4000.0, 2000.0}); // 0 .. 4000: 1000 -> 64, 3000 -> 191
    QVERIFY(c.compose());
    QCOMPARE(c.rgba().data, buffer);
    QCOMPARE(c.deviceRect(), cv::Rect(0, 0, 200, 160));
    QCOMPARE(greyAt(c, 50, 90), 191);
    QCOMPARE(greyAt(c, 10, 10), 64);
    c.clear();
    c.compose();
    QVERIFY(c.rgba().empty());
}

QTEST_APPLESS_MAIN(TestScreenComposer)
#include "tst_screencomposer.moc"
