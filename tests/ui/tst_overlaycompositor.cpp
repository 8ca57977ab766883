// GMIC-SPEC 11 for the overlay: the composited RGBA lands on the stored pixels the saliency cell
// came from (through crop, mirror, padding and window), covers only the model input's image part,
// and honours threshold, colour map and smooth/cell-exact - checked pixel for pixel, no display.

#include "ui/viewer/overlaycompositor.h"

#include <QTest>
#include <opencv2/core.hpp>

using mammolens::core::InputGeometry;
using mammolens::ui::OverlayCompositor;
using mammolens::ui::OverlaySettings;
using mammolens::ui::ViewOverlay;

Q_DECLARE_METATYPE(InputGeometry::Steps)
Q_DECLARE_METATYPE(cv::Point)

namespace {

// The shapes preprocessing produces for a 3328 x 2560 image (GMIC-SPEC 10): an unflipped breast
// cropped at the right, a mirrored one cropped at the left, and a CC view padded on top whose
// input window starts inside the padding.
InputGeometry::Steps steps(bool flipped, int padTop, int windowTop, int windowLeft)
{
    InputGeometry::Steps s;
    s.storedRows = 3328;
    s.storedCols = 2560;
    s.cropTop = 120;
    s.cropBottom = 3100;
    s.cropLeft = flipped ? 700 : 0;
    s.cropRight = flipped ? 2560 : 1850;
    s.flipped = flipped;
    s.padTop = padTop;
    s.windowTop = windowTop;
    s.windowLeft = windowLeft;
    s.inputRows = 2944;
    s.inputCols = 1920;
    s.camRows = 46;
    s.camCols = 30;
    return s;
}

ViewOverlay oneHot(const InputGeometry& g, cv::Point cell, float value = 1.0f)
{
    ViewOverlay o;
    o.geometry = g;
    o.malignant = cv::Mat::zeros(g.camSize(), CV_32FC1);
    o.malignant.at<float>(cell.y, cell.x) = value;
    o.benign = cv::Mat::zeros(g.camSize(), CV_32FC1);
    return o;
}

cv::Mat alphaOf(const cv::Mat& rgba)
{
    cv::Mat alpha;
    cv::extractChannel(rgba, alpha, 3);
    return alpha;
}

} // namespace

class TestOverlayCompositor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void coversOnlyTheInputsImagePart_data();
    void coversOnlyTheInputsImagePart();
    void cellExactFillsExactlyTheCellsStoredPixels_data();
    void cellExactFillsExactlyTheCellsStoredPixels();
    void smoothPeaksAtTheCellCentre_data();
    void smoothPeaksAtTheCellCentre();
    void thresholdHidesLowValues();
    void rampColoursAreRedAndGreenWithAlphaFromValue();
    void perceptualLeavesQuietBackgroundClear();
    void malignantIsDrawnOverBenign();
    void opacityIsNotBakedInAndBufferIsReused();
    void mismatchedMapsAreRejected();
};

void TestOverlayCompositor::coversOnlyTheInputsImagePart_data()
{
    QTest::addColumn<InputGeometry::Steps>("steps");
    QTest::newRow("unflipped") << steps(false, 0, 0, 0);
    QTest::newRow("mirrored") << steps(true, 0, 20, 0);
    QTest::newRow("padded on top") << steps(false, 300, 150, 0);
}

void TestOverlayCompositor::coversOnlyTheInputsImagePart()
{
    QFETCH(InputGeometry::Steps, steps);
    const InputGeometry g(steps);
    OverlayCompositor c;
    QVERIFY(c.setOverlay(oneHot(g, {3, 3})));
    const cv::Rect r = c.storedRect();
    QCOMPARE(r, g.inputRectToStoredClipped(cv::Rect(cv::Point(0, 0), g.inputSize())));
    QVERIFY((r & g.cropWindow()) == r); // never outside the crop window
    QVERIFY(r.y >= steps.cropTop);
    QVERIFY(c.update(OverlaySettings{}));
    QCOMPARE(c.rgba().size(), r.size());
    QCOMPARE(c.rgba().type(), CV_8UC4);
}

void TestOverlayCompositor::cellExactFillsExactlyTheCellsStoredPixels_data()
{
    QTest::addColumn<InputGeometry::Steps>("steps");
    QTest::addColumn<cv::Point>("cell");
    for (const cv::Point cell : {cv::Point(0, 10), cv::Point(7, 20), cv::Point(25, 40)}) {
        const QString at = QStringLiteral(" cell %1,%2").arg(cell.y).arg(cell.x);
        QTest::newRow(qPrintable(QStringLiteral("unflipped") + at))
            << steps(false, 0, 0, 0) << cell;
        QTest::newRow(qPrintable(QStringLiteral("mirrored") + at)) << steps(true, 0, 20, 0) << cell;
        QTest::newRow(qPrintable(QStringLiteral("padded") + at))
            << steps(false, 300, 150, 0) << cell;
    }
}

void TestOverlayCompositor::cellExactFillsExactlyTheCellsStoredPixels()
{
    QFETCH(InputGeometry::Steps, steps);
    QFETCH(cv::Point, cell);
    const InputGeometry g(steps);
    OverlayCompositor c;
    QVERIFY(c.setOverlay(oneHot(g, cell)));
    OverlaySettings s;
    s.smooth = false;
    QVERIFY(c.update(s));
    const cv::Rect r = c.storedRect();
    const cv::Rect expected = (g.cellToStoredRect(cell.y, cell.x) & r) - r.tl();
    cv::Mat lit;
    cv::compare(alphaOf(c.rgba()), 0, lit, cv::CMP_GT);
    QCOMPARE(cv::countNonZero(lit), expected.area());
    if (!expected.empty())
        QCOMPARE(cv::countNonZero(lit(expected)), expected.area());
}

void TestOverlayCompositor::smoothPeaksAtTheCellCentre_data()
{
    cellExactFillsExactlyTheCellsStoredPixels_data();
}

void TestOverlayCompositor::smoothPeaksAtTheCellCentre()
{
    QFETCH(InputGeometry::Steps, steps);
    QFETCH(cv::Point, cell);
    const InputGeometry g(steps);
    const cv::Rect stored = g.cellToStoredRect(cell.y, cell.x);
    OverlayCompositor c;
    QVERIFY(c.setOverlay(oneHot(g, cell)));
    QVERIFY(c.update(OverlaySettings{}));
    const cv::Rect r = c.storedRect();
    if ((stored & r) != stored)
        QSKIP("cell not entirely on the image in this geometry");
    const cv::Mat alpha = alphaOf(c.rgba());
    double maxAlpha = 0.0;
    cv::minMaxLoc(alpha, nullptr, &maxAlpha);
    QVERIFY(maxAlpha > 245.0);
    // Bilinear between cell centres: the maximum sits at the cell's centre (pixel centres there
    // are half a pixel, 1/128 cell, off it), half of it half a cell away, and nothing one cell
    // away. (At the map's edge the outer half cell repeats the edge value: a plateau.)
    const cv::Point centre(stored.x + stored.width / 2 - r.x, stored.y + stored.height / 2 - r.y);
    QVERIFY(alpha.at<uchar>(centre) >= maxAlpha - 1.0);
    const int half = stored.height / 2;
    QVERIFY(std::abs(alpha.at<uchar>(centre - cv::Point(0, half)) - 128) <= 3);
    if (centre.y + 2 * half < alpha.rows)
        QCOMPARE(int(alpha.at<uchar>(centre + cv::Point(0, 2 * half))), 0);
}

void TestOverlayCompositor::thresholdHidesLowValues()
{
    const InputGeometry g(steps(false, 0, 0, 0));
    ViewOverlay o = oneHot(g, {5, 5}, 0.8f);
    o.malignant.at<float>(10, 10) = 0.3f;
    OverlayCompositor c;
    QVERIFY(c.setOverlay(o));
    OverlaySettings s;
    s.smooth = false;
    s.threshold = 0.5;
    QVERIFY(c.update(s));
    const cv::Rect r = c.storedRect();
    const cv::Mat alpha = alphaOf(c.rgba());
    QCOMPARE(cv::countNonZero(alpha((g.cellToStoredRect(10, 10) & r) - r.tl())), 0);
    QVERIFY(cv::countNonZero(alpha((g.cellToStoredRect(5, 5) & r) - r.tl())) > 0);
    s.threshold = 0.2;
    QVERIFY(c.update(s));
    QVERIFY(cv::countNonZero(alphaOf(c.rgba())((g.cellToStoredRect(10, 10) & r) - r.tl())) > 0);
}

void TestOverlayCompositor::rampColoursAreRedAndGreenWithAlphaFromValue()
{
    using Map = OverlaySettings::ColourMap;
    QCOMPARE(OverlayCompositor::colour(Map::Ramp, true, 0.5), cv::Vec4b(255, 0, 0, 128));
    QCOMPARE(OverlayCompositor::colour(Map::Ramp, false, 1.0), cv::Vec4b(0, 255, 0, 255));
    QCOMPARE(OverlayCompositor::colour(Map::Ramp, true, 0.0)[3], uchar(0));
}

void TestOverlayCompositor::perceptualLeavesQuietBackgroundClear()
{
    using Map = OverlaySettings::ColourMap;
    QCOMPARE(OverlayCompositor::colour(Map::Perceptual, true, 0.02)[3], uchar(0));
    QCOMPARE(OverlayCompositor::colour(Map::Perceptual, true, 0.5)[3], uchar(255));
    // Brighter for higher values (magma rises monotonically in lightness).
    const cv::Vec4b low = OverlayCompositor::colour(Map::Perceptual, true, 0.4);
    const cv::Vec4b high = OverlayCompositor::colour(Map::Perceptual, true, 0.9);
    QVERIFY(low[0] + low[1] + low[2] < high[0] + high[1] + high[2]);
}

void TestOverlayCompositor::malignantIsDrawnOverBenign()
{
    const InputGeometry g(steps(false, 0, 0, 0));
    ViewOverlay o = oneHot(g, {5, 5}, 1.0f);
    o.benign.at<float>(5, 5) = 1.0f;
    OverlayCompositor c;
    QVERIFY(c.setOverlay(o));
    OverlaySettings s;
    s.smooth = false;
    s.showBenign = true;
    QVERIFY(c.update(s));
    const cv::Rect cell = g.cellToStoredRect(5, 5) - c.storedRect().tl();
    const cv::Vec4b px = c.rgba().at<cv::Vec4b>(cell.y + 10, cell.x + 10);
    QCOMPARE(px, cv::Vec4b(255, 0, 0, 255)); // an opaque malignant cell hides the benign one
}

void TestOverlayCompositor::opacityIsNotBakedInAndBufferIsReused()
{
    const InputGeometry g(steps(true, 0, 20, 0));
    OverlayCompositor c;
    QVERIFY(c.setOverlay(oneHot(g, {5, 5})));
    OverlaySettings s;
    QVERIFY(c.update(s));
    const uchar* buffer = c.rgba().data;
    s.opacity = 0.1;
    QVERIFY(!c.update(s)); // nothing to recompose: the renderer applies opacity
    s.threshold = 0.4;
    s.colourMap = OverlaySettings::ColourMap::Perceptual;
    QVERIFY(c.update(s));
    QCOMPARE(c.rgba().data, buffer); // a renderer wrapping the buffer stays valid
}

void TestOverlayCompositor::mismatchedMapsAreRejected()
{
    const InputGeometry g(steps(false, 0, 0, 0));
    ViewOverlay o = oneHot(g, {1, 1});
    o.malignant = cv::Mat::zeros(10, 10, CV_32FC1);
    OverlayCompositor c;
    QVERIFY(!c.setOverlay(o));
    QVERIFY(!c.hasOverlay());
    o = oneHot(g, {1, 1});
    o.benign.convertTo(o.benign, CV_64F);
    QVERIFY(!c.setOverlay(o));
    QVERIFY(!c.setOverlay(ViewOverlay{}));
}

QTEST_APPLESS_MAIN(TestOverlayCompositor)
#include "tst_overlaycompositor.moc"
