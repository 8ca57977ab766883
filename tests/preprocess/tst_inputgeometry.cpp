// GMIC-SPEC 11: mappings between stored-image pixels, model-input pixels and saliency cells.

#include "core/png/pngimagereader.h"
#include "core/preprocess/inputgeometry.h"
#include "core/preprocess/preprocessor.h"
#include "shareddir.h"

#include <QTest>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

using namespace mammolens::core;

Q_DECLARE_METATYPE(InputGeometry::Steps)

namespace {

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
    s.padBottom = 0;
    s.padRight = 0;
    s.windowTop = windowTop;
    s.windowLeft = windowLeft;
    s.inputRows = 2944;
    s.inputCols = 1920;
    s.camRows = 46;
    s.camCols = 30;
    return s;
}

bool near(const cv::Point2d& a, const cv::Point2d& b)
{
    return std::abs(a.x - b.x) < 1e-9 && std::abs(a.y - b.y) < 1e-9;
}

cv::Point2d apply(const cv::Matx23d& m, const cv::Point2d& p)
{
    return {m(0, 0) * p.x + m(0, 1) * p.y + m(0, 2), m(1, 0) * p.x + m(1, 1) * p.y + m(1, 2)};
}

} // namespace

class TestInputGeometry : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void pointsRoundTrip_data();
    void pointsRoundTrip();
    void rectsRoundTripAndMirrorEdges_data();
    void rectsRoundTripAndMirrorEdges();
    void transformsAgreeWithPointMappings_data();
    void transformsAgreeWithPointMappings();
    void cellsCoverTheInputExactly_data();
    void cellsCoverTheInputExactly();
    void paddingShowsNoImage();

    void warpingTheStoredImageReproducesTheModelInput_data();
    void warpingTheStoredImageReproducesTheModelInput();
    void benignMasksLandOnTheRightBreast_data();
    void benignMasksLandOnTheRightBreast();

private:
    QString sample_;
};

void TestInputGeometry::initTestCase()
{
    sample_ = sampleExamDir();
    QVERIFY2(QFileInfo::exists(sample_ + "/0_R-CC.png"),
             qPrintable("the shared sample exam is missing (" + sample_ + ")"));
}

void TestInputGeometry::pointsRoundTrip_data()
{
    QTest::addColumn<InputGeometry::Steps>("steps");
    QTest::newRow("unflipped, window inside") << steps(false, 0, 18, 0);
    QTest::newRow("flipped, window inside") << steps(true, 0, 36, 0);
    QTest::newRow("unflipped, padded top, window left") << steps(false, 400, 0, 0);
    QTest::newRow("flipped, negative window offsets") << steps(true, 0, -5, -7);
}

void TestInputGeometry::pointsRoundTrip()
{
    QFETCH(InputGeometry::Steps, steps);
    const InputGeometry g(steps);
    QVERIFY(g.isValid());
    cv::RNG rng(5);
    for (int i = 0; i < 2000; ++i) {
        const cv::Point stored(rng.uniform(-50, steps.storedCols + 50),
                               rng.uniform(-50, steps.storedRows + 50));
        QCOMPARE(g.inputPixelToStoredPixel(g.storedPixelToInputPixel(stored)), stored);
        const cv::Point input(rng.uniform(-50, 1970), rng.uniform(-50, 2994));
        QCOMPARE(g.storedPixelToInputPixel(g.inputPixelToStoredPixel(input)), input);
        // A pixel's centre maps to the mapped pixel's centre.
        const cv::Point2d centre = g.storedToInput(cv::Point2d(stored.x + 0.5, stored.y + 0.5));
        const cv::Point mapped = g.storedPixelToInputPixel(stored);
        QCOMPARE(centre, cv::Point2d(mapped.x + 0.5, mapped.y + 0.5));
        const cv::Point2d p(rng.uniform(-100.0, 3000.0), rng.uniform(-100.0, 3000.0));
        const cv::Point2d back = g.inputToStored(g.storedToInput(p));
        QVERIFY(std::abs(back.x - p.x) < 1e-9 && std::abs(back.y - p.y) < 1e-9);
    }
    // Mirroring: the crop's first stored column is the input's last column before the window cut.
    const cv::Point first(steps.cropLeft, steps.cropTop);
    const cv::Point mapped = g.storedPixelToInputPixel(first);
    const int cropCols = steps.cropRight - steps.cropLeft;
    QCOMPARE(mapped.x, (steps.flipped ? cropCols - 1 : 0) - steps.windowLeft);
    QCOMPARE(mapped.y, steps.padTop - steps.windowTop);
}

void TestInputGeometry::rectsRoundTripAndMirrorEdges_data()
{
    pointsRoundTrip_data();
}

void TestInputGeometry::rectsRoundTripAndMirrorEdges()
{
    QFETCH(InputGeometry::Steps, steps);
    const InputGeometry g(steps);
    cv::RNG rng(9);
    for (int i = 0; i < 500; ++i) {
        const cv::Rect input(rng.uniform(-20, 1900), rng.uniform(-20, 2900), rng.uniform(1, 300),
                             rng.uniform(1, 300));
        const cv::Rect stored = g.inputRectToStored(input);
        QCOMPARE(stored.size(), input.size());
        QCOMPARE(g.storedRectToInput(stored), input);
        // The rect holds exactly the images of the input rect's corner pixels.
        const cv::Point a = g.inputPixelToStoredPixel(input.tl());
        const cv::Point b = g.inputPixelToStoredPixel(input.br() - cv::Point(1, 1));
        QVERIFY(stored.contains(a) && stored.contains(b));
        QCOMPARE(std::abs(a.x - b.x) + 1, stored.width);
    }
}

void TestInputGeometry::transformsAgreeWithPointMappings_data()
{
    pointsRoundTrip_data();
}

void TestInputGeometry::transformsAgreeWithPointMappings()
{
    QFETCH(InputGeometry::Steps, steps);
    const InputGeometry g(steps);
    const cv::Matx23d toStored = g.inputToStoredTransform();
    const cv::Matx23d toInput = g.storedToInputTransform();
    const cv::Matx23d centres = InputGeometry::toPixelCentreConvention(toStored);
    const cv::Matx23d cells = g.cellToStoredTransform();
    cv::RNG rng(3);
    for (int i = 0; i < 200; ++i) {
        const cv::Point2d p(rng.uniform(0.0, 1920.0), rng.uniform(0.0, 2944.0));
        QVERIFY(near(apply(toStored, p), g.inputToStored(p)));
        QVERIFY(near(apply(toInput, g.inputToStored(p)), p));
        const cv::Point pixel(int(p.x), int(p.y));
        const cv::Point2d centre = apply(centres, cv::Point2d(pixel));
        QCOMPARE(centre, cv::Point2d(g.inputPixelToStoredPixel(pixel)));
        const cv::Point2d cell(rng.uniform(0.0, 30.0), rng.uniform(0.0, 46.0));
        QVERIFY(near(apply(cells, cell), g.inputToStored(cv::Point2d(cell.x * 64, cell.y * 64))));
    }
}

void TestInputGeometry::cellsCoverTheInputExactly_data()
{
    QTest::addColumn<int>("inputRows");
    QTest::addColumn<int>("inputCols");
    QTest::addColumn<int>("camRows");
    QTest::addColumn<int>("camCols");
    QTest::newRow("official 2944x1920 / 46x30") << 2944 << 1920 << 46 << 30;
    QTest::newRow("uneven 1000x700 / 15x11") << 1000 << 700 << 15 << 11;
}

void TestInputGeometry::cellsCoverTheInputExactly()
{
    QFETCH(int, inputRows);
    QFETCH(int, inputCols);
    QFETCH(int, camRows);
    QFETCH(int, camCols);
    InputGeometry::Steps s = steps(false, 0, 0, 0);
    s.inputRows = inputRows;
    s.inputCols = inputCols;
    s.camRows = camRows;
    s.camCols = camCols;
    const InputGeometry g(s);
    if (inputRows == 2944) {
        QCOMPARE(g.cellRows(), 64.0);
        QCOMPARE(g.cellToInputRect(45, 29), cv::Rect(29 * 64, 45 * 64, 64, 64));
    }
    cv::Mat covered(inputRows, inputCols, CV_32S, cv::Scalar(0));
    for (int i = 0; i < camRows; ++i) {
        for (int j = 0; j < camCols; ++j) {
            const cv::Rect cell = g.cellToInputRect(i, j);
            covered(cell) += 1;
            QCOMPARE(g.inputPixelToCell(cell.tl()), cv::Point(j, i));
            QCOMPARE(g.inputPixelToCell(cell.br() - cv::Point(1, 1)), cv::Point(j, i));
            QCOMPARE(g.cellToStoredRect(i, j), g.inputRectToStored(cell));
        }
    }
    double lo = 0, hi = 0;
    cv::minMaxLoc(covered, &lo, &hi);
    QCOMPARE(lo, 1.0);
    QCOMPARE(hi, 1.0);
}

void TestInputGeometry::paddingShowsNoImage()
{
    // A crop of 1800 x 801 padded to 2944 x 1920: CC pads 572 rows on top.
    InputGeometry::Steps s = steps(true, 572, 0, 0);
    s.cropTop = 0;
    s.cropBottom = 1800;
    s.cropLeft = 1759;
    s.cropRight = 2560;
    s.padBottom = 2944 - 1800 - 572;
    s.padRight = 1920 - 801;
    const InputGeometry g(s);
    QVERIFY(!g.inputPixelShowsImage({0, 571}));
    QVERIFY(g.inputPixelShowsImage({0, 572}));
    QVERIFY(g.inputPixelShowsImage({800, 572 + 1799}));
    QVERIFY(!g.inputPixelShowsImage({801, 600}));
    QVERIFY(!g.inputPixelShowsImage({100, 572 + 1800}));
    QVERIFY(!g.inputPixelShowsImage({-1, 600}));
    // The flipped crop's input column 0 is the stored image's last column.
    QCOMPARE(g.inputPixelToStoredPixel({0, 572}), cv::Point(2559, 0));
    // A patch straddling the padding shows only its image part.
    QCOMPARE(g.inputRectToStoredClipped(cv::Rect(700, 500, 256, 256)),
             cv::Rect(2560 - 801, 0, 101, 256 - 72));
    QVERIFY(g.inputRectToStoredClipped(cv::Rect(1000, 0, 256, 256)).empty());
}

void TestInputGeometry::warpingTheStoredImageReproducesTheModelInput_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("inputRows");
    QTest::addColumn<int>("inputCols");
    QTest::newRow("L-CC") << "0_L-CC.png" << 2944 << 1920;
    QTest::newRow("R-CC") << "0_R-CC.png" << 2944 << 1920;
    QTest::newRow("R-MLO") << "0_R-MLO.png" << 2944 << 1920;
    QTest::newRow("R-MLO, small input window") << "0_R-MLO.png" << 1000 << 700;
}

void TestInputGeometry::warpingTheStoredImageReproducesTheModelInput()
{
    // The strongest statement of GMIC-SPEC 11: resampling the stored image through the geometry
    // (nearest neighbour, zero outside) gives the model input before normalisation, pixel for
    // pixel, padding included.
    QFETCH(QString, file);
    QFETCH(int, inputRows);
    QFETCH(int, inputCols);
    const Outcome<MammogramImage> image = PngImageReader().read(sample_ + "/" + file);
    QVERIFY2(image.ok(), qPrintable(image.error().toString()));
    PreprocessOptions options;
    options.inputRows = inputRows;
    options.inputCols = inputCols;
    const Outcome<ModelInput> input = Preprocessor(options).process(image.value(), false);
    QVERIFY2(input.ok(), qPrintable(input.error().toString()));
    const InputGeometry& g = input.value().geometry;

    // Only the crop window is image content; outside it the input holds padding.
    cv::Mat cropOnly(image.value().pixels.size(), CV_16UC1, cv::Scalar(0));
    image.value().pixels(g.cropWindow()).copyTo(cropOnly(g.cropWindow()));
    cv::Mat warped;
    cv::warpAffine(cropOnly, warped,
                   cv::Mat(InputGeometry::toPixelCentreConvention(g.inputToStoredTransform())),
                   g.inputSize(), cv::INTER_NEAREST | cv::WARP_INVERSE_MAP, cv::BORDER_CONSTANT,
                   cv::Scalar(0));
    cv::Scalar mean, stddev;
    cv::meanStdDev(warped, mean, stddev);
    cv::Mat expected;
    warped.convertTo(expected, CV_32F, 1.0 / stddev[0], -mean[0] / stddev[0]);
    QCOMPARE(cv::norm(expected, input.value().input, cv::NORM_INF), 0.0);
}

void TestInputGeometry::benignMasksLandOnTheRightBreast_data()
{
    QTest::addColumn<QString>("view");
    QTest::newRow("R-CC") << "R-CC";
    QTest::newRow("R-MLO") << "R-MLO";
}

void TestInputGeometry::benignMasksLandOnTheRightBreast()
{
    // The sample's lesion masks are in model-input coordinates; mapped back they must fall on the
    // breast of the stored image, not on the background a mirror or padding error would hit.
    QFETCH(QString, view);
    const cv::Mat mask =
        cv::imread((sample_ + "/0_" + view + "_benign.png").toStdString(), cv::IMREAD_GRAYSCALE);
    QVERIFY(!mask.empty());
    QCOMPARE(mask.rows, 2944);
    const Outcome<MammogramImage> image = PngImageReader().read(sample_ + "/0_" + view + ".png");
    QVERIFY(image.ok());
    const Outcome<ModelInput> input = Preprocessor().process(image.value(), false);
    QVERIFY(input.ok());
    const InputGeometry& g = input.value().geometry;
    const cv::Mat& stored = image.value().pixels;

    std::vector<cv::Point> lesion;
    cv::findNonZero(mask, lesion);
    QVERIFY(lesion.size() > 100);
    int onBreast = 0;
    cv::Point2d sum(0, 0);
    for (const cv::Point& p : lesion) {
        QVERIFY(g.inputPixelShowsImage(p));
        const cv::Point s = g.inputPixelToStoredPixel(p);
        QVERIFY(cv::Rect(0, 0, stored.cols, stored.rows).contains(s));
        onBreast += stored.at<ushort>(s) > 0;
        sum += cv::Point2d(s);
    }
    const double fraction = double(onBreast) / lesion.size();
    const cv::Point centroid(int(sum.x / lesion.size()), int(sum.y / lesion.size()));
    qInfo("%s: %zu lesion pixels, %.1f%% on breast, centroid (row %d, col %d) value %d",
          qPrintable(view), lesion.size(), 100 * fraction, centroid.y, centroid.x,
          int(stored.at<ushort>(centroid)));
    QVERIFY(fraction > 0.95);
    QVERIFY(stored.at<ushort>(centroid) > 0);

    // The mirrored (wrong) mapping would put the centroid on the other side of the crop.
    const cv::Rect crop = g.cropWindow();
    const int mirroredX = crop.x + crop.x + crop.width - 1 - centroid.x;
    QVERIFY(std::abs(mirroredX - centroid.x) > 50);
}

QTEST_GUILESS_MAIN(TestInputGeometry)
#include "tst_inputgeometry.moc"
