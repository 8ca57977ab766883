// GMIC-SPEC 10 against the reference implementation's own numbers (../shared/parity), and the
// shortcuts this implementation takes against the slow definitions they replace.

#include "core/exam/mammogramimage.h"
#include "core/png/pngimagereader.h"
#include "core/preprocess/bestcenterfinder.h"
#include "core/preprocess/breastcropper.h"
#include "core/preprocess/preprocessor.h"
#include "safetensorsfile.h"
#include "shareddir.h"
#include "syntheticmammogram.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <map>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

using namespace mammolens::core;

namespace {

MammogramImage imageOf(const cv::Mat& pixels, StandardView view)
{
    MammogramImage image;
    image.sourcePath = "synthetic";
    image.pixels = pixels;
    image.laterality = lateralityOf(view);
    image.position = positionOf(view);
    image.viewName = image.position == ViewPosition::CC ? "CC" : "MLO";
    return image;
}

/// 10.2 steps 1-4 exactly as the reference states them: iterated erosion and dilation with the
/// 3x3 cross, outside counting as 0, and scipy's label order for the largest component.
cv::Mat iteratedMorphologyMask(const cv::Mat& pixels, int iterations)
{
    const cv::Mat cross = cv::getStructuringElement(cv::MORPH_CROSS, cv::Size(3, 3));
    cv::Mat mask = pixels > 0;
    cv::erode(mask, mask, cross, cv::Point(-1, -1), iterations, cv::BORDER_CONSTANT, cv::Scalar(0));
    cv::Mat labels, stats, centroids;
    const int count = cv::connectedComponentsWithStats(mask, labels, stats, centroids, 4);
    int best = 0;
    for (int label = 1; label < count; ++label)
        if (!best || stats.at<int>(label, cv::CC_STAT_AREA) > stats.at<int>(best, cv::CC_STAT_AREA))
            best = label;
    if (!best)
        return {};
    cv::Mat component = labels == best;
    cv::dilate(component, component, cross, cv::Point(-1, -1), iterations, cv::BORDER_CONSTANT,
               cv::Scalar(0));
    return component;
}

/// 10.3's scoring written out: count every candidate's window with countNonZero.
cv::Point bruteForceCenter(const cv::Mat& image, const std::vector<int>& rowCandidates, int col,
                           int windowRows, int windowCols)
{
    const int comRow = image.rows / 2;
    const int comCol = image.cols / 2;
    cv::Point best;
    long long bestCount = -1;
    long long bestDistance = 0;
    for (int r : rowCandidates) {
        int top = std::max(0, r - windowRows / 2);
        int left = std::max(0, col - windowCols / 2);
        const int bottom = std::min(top + windowRows, image.rows);
        const int right = std::min(left + windowCols, image.cols);
        top = std::min(top, image.rows);
        left = std::min(left, image.cols);
        const long long count =
            (bottom > top && right > left)
                ? cv::countNonZero(image(cv::Range(top, bottom), cv::Range(left, right)))
                : 0;
        const long long distance =
            (long long)(r - comRow) * (r - comRow) + (long long)(col - comCol) * (col - comCol);
        if (count > bestCount || (count == bestCount && distance < bestDistance)) {
            best = {col, r};
            bestCount = count;
            bestDistance = distance;
        }
    }
    return best;
}

cv::Mat rowSums(const cv::Mat& input)
{
    cv::Mat wide, sums;
    input.convertTo(wide, CV_64F);
    cv::reduce(wide, sums, 1, cv::REDUCE_SUM, CV_64F);
    return sums.reshape(1, 1);
}

cv::Mat colSums(const cv::Mat& input)
{
    cv::Mat wide, sums;
    input.convertTo(wide, CV_64F);
    cv::reduce(wide, sums, 0, cv::REDUCE_SUM, CV_64F);
    return sums;
}

} // namespace

class TestPreprocessor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void sampleCropMatchesReference_data();
    void sampleCropMatchesReference();
    void sampleInputSumsMatchReference_data();
    void sampleInputSumsMatchReference();
    void sampleLccInputMatchesReferenceElementwise();
    void sampleInputIsNormalisedAndWarningFree_data();
    void sampleInputIsNormalisedAndWarningFree();

    void distanceTransformMorphologyEqualsIteratedMorphology_data();
    void distanceTransformMorphologyEqualsIteratedMorphology();
    void equalComponentsKeepTheFirstInRowMajorOrder();
    void integralScoringEqualsBruteForce_data();
    void integralScoringEqualsBruteForce();
    void mloCentreSitsOnTheLowestBreastRow();

    void smallCcImagesPadTopAndBottomMloOnlyBottom_data();
    void smallCcImagesPadTopAndBottomMloOnlyBottom();
    void largeImagesShiftTheWindowInside();
    void otherInputSizesAreHonoured();
    void mirroredStorageWithHorizontalFlipGivesTheSameInput();

    void swappedLateralityWarns();
    void patientOrientationContradictionWarns();
    void blankImageFailsWithNoBreast();
    void nonStandardViewFails();
    void wrongPixelTypeFails();
    void cancelledRunStops();
    void processExamEqualsOneByOne();
    void storedImageIsNeverModified();

private:
    QJsonObject meta_;
    std::map<QString, MammogramImage> images_;
    std::map<QString, ModelInput> inputs_;
};

void TestPreprocessor::initTestCase()
{
    const QString metaPath = sharedDir() + "/parity/meta.json";
    QFile file(metaPath);
    QVERIFY2(file.open(QIODevice::ReadOnly),
             qPrintable("the shared fixtures are missing (" + metaPath +
                        "): the parity tests cannot run"));
    meta_ = QJsonDocument::fromJson(file.readAll()).object();
    QVERIFY(!meta_.isEmpty());
    const QJsonObject paths = meta_["exam"].toObject()["images"].toObject();
    QCOMPARE(paths.size(), 4);
    const Preprocessor preprocessor;
    for (auto it = paths.begin(); it != paths.end(); ++it) {
        const QString path = sharedDir() + "/parity/" + it.value().toString();
        Outcome<MammogramImage> image = PngImageReader().read(path);
        QVERIFY2(image.ok(), qPrintable(image.error().toString()));
        QCOMPARE(toString(*image.value().standardView()), it.key());
        Outcome<ModelInput> input = preprocessor.process(image.value(), false);
        QVERIFY2(input.ok(), qPrintable(input.error().toString()));
        images_.emplace(it.key(), image.value());
        inputs_.emplace(it.key(), std::move(input).value());
    }
}

void TestPreprocessor::sampleCropMatchesReference_data()
{
    QTest::addColumn<QString>("view");
    for (StandardView view : kStandardViews)
        QTest::newRow(qPrintable(toString(view))) << toString(view);
}

void TestPreprocessor::sampleCropMatchesReference()
{
    QFETCH(QString, view);
    const QJsonObject expected = meta_["preprocessing"].toObject()[view].toObject();
    const CropInfo& crop = inputs_.at(view).crop;

    const QJsonArray window = expected["crop_window_top_bottom_left_right"].toArray();
    QCOMPARE(crop.top, window[0].toInt());
    QCOMPARE(crop.bottom, window[1].toInt());
    QCOMPARE(crop.left, window[2].toInt());
    QCOMPARE(crop.right, window[3].toInt());

    const QJsonArray rightmost = expected["rightmost_points_rows_and_col"].toArray();
    QCOMPARE(crop.rightmostRowFirst, rightmost[0].toArray()[0].toInt());
    QCOMPARE(crop.rightmostRowLast, rightmost[0].toArray()[1].toInt());
    QCOMPARE(crop.rightmostCol, rightmost[1].toInt());

    const QJsonArray bottommost = expected["bottommost_points_row_and_cols"].toArray();
    QCOMPARE(crop.bottommostRow, bottommost[0].toInt());
    QCOMPARE(crop.bottommostColFirst, bottommost[1].toArray()[0].toInt());
    QCOMPARE(crop.bottommostColLast, bottommost[1].toArray()[1].toInt());

    QCOMPARE(crop.distanceFromStartingSide, expected["distance_from_starting_side"].toInt());

    const QJsonArray center = expected["best_center_row_col"].toArray();
    QCOMPARE(crop.bestCenterRow, center[0].toInt());
    QCOMPARE(crop.bestCenterCol, center[1].toInt());

    QCOMPARE(crop.flipped, view.startsWith('R'));
}

void TestPreprocessor::sampleInputSumsMatchReference_data()
{
    sampleCropMatchesReference_data();
}

void TestPreprocessor::sampleInputSumsMatchReference()
{
    QFETCH(QString, view);
    SafetensorsFile sums;
    QString error;
    QVERIFY2(sums.open(sharedDir() + "/parity/input_sums.safetensors", &error), qPrintable(error));
    const cv::Mat expectedRows = sums.matrix(view + "/row_sums", "F64");
    const cv::Mat expectedCols = sums.matrix(view + "/col_sums", "F64");
    const cv::Mat& input = inputs_.at(view).input;
    QCOMPARE(expectedRows.cols, input.rows);
    QCOMPARE(expectedCols.cols, input.cols);
    const double rowDiff = cv::norm(rowSums(input), expectedRows, cv::NORM_INF);
    const double colDiff = cv::norm(colSums(input), expectedCols, cv::NORM_INF);
    qInfo("%s: max |row sum - reference| = %.3g, max |col sum - reference| = %.3g",
          qPrintable(view), rowDiff, colDiff);
    QVERIFY2(rowDiff <= 1e-2, qPrintable(QString::number(rowDiff)));
    QVERIFY2(colDiff <= 1e-2, qPrintable(QString::number(colDiff)));
}

void TestPreprocessor::sampleLccInputMatchesReferenceElementwise()
{
    SafetensorsFile file;
    QString error;
    QVERIFY2(file.open(sharedDir() + "/parity/input_L-CC.safetensors", &error), qPrintable(error));
    const cv::Mat expected = file.matrix("L-CC", "F32");
    QCOMPARE(expected.rows, 2944);
    QCOMPARE(expected.cols, 1920);
    const double maxDiff = cv::norm(inputs_.at("L-CC").input, expected, cv::NORM_INF);
    qInfo("L-CC: max |input - reference input| = %.3g", maxDiff);
    // Float32 rounding of mean and std only (the reference accumulates them in float32).
    QVERIFY2(maxDiff < 1e-4, qPrintable(QString::number(maxDiff)));
}

void TestPreprocessor::sampleInputIsNormalisedAndWarningFree_data()
{
    sampleCropMatchesReference_data();
}

void TestPreprocessor::sampleInputIsNormalisedAndWarningFree()
{
    QFETCH(QString, view);
    const ModelInput& input = inputs_.at(view);
    QCOMPARE(input.input.type(), CV_32FC1);
    QCOMPARE(input.input.rows, 2944);
    QCOMPARE(input.input.cols, 1920);
    QVERIFY(input.input.isContinuous());
    cv::Scalar mean, stddev;
    cv::meanStdDev(input.input, mean, stddev);
    QVERIFY(std::abs(mean[0]) < 1e-5);
    QVERIFY(std::abs(stddev[0] - 1.0) < 1e-5);
    QVERIFY2(input.warnings.isEmpty(), qPrintable(input.warnings.join("; ")));
}

void TestPreprocessor::distanceTransformMorphologyEqualsIteratedMorphology_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("iterations");
    for (StandardView view : kStandardViews)
        QTest::newRow(qPrintable(toString(view) + ", 100")) << toString(view) << 100;
    QTest::newRow("synthetic left, 100") << "synthetic-left" << 100;
    QTest::newRow("synthetic right, 37") << "synthetic-right" << 37;
    QTest::newRow("synthetic left, 0") << "synthetic-left" << 0;
}

void TestPreprocessor::distanceTransformMorphologyEqualsIteratedMorphology()
{
    QFETCH(QString, name);
    QFETCH(int, iterations);
    cv::Mat pixels;
    if (name == "synthetic-left")
        pixels = syntheticMammogram(900, 700, true);
    else if (name == "synthetic-right")
        pixels = syntheticMammogram(700, 500, false, 7);
    else
        pixels = images_.at(name).pixels;
    cv::Rect box;
    const cv::Mat fast = BreastCropper::largestComponentMask(pixels, iterations, &box);
    const cv::Mat slow = iteratedMorphologyMask(pixels, iterations);
    QCOMPARE(fast.size(), slow.size());
    QCOMPARE(cv::countNonZero(fast != slow), 0);
    QCOMPARE(box, cv::boundingRect(slow));
}

void TestPreprocessor::equalComponentsKeepTheFirstInRowMajorOrder()
{
    // Two equal squares; the right one starts one row higher, so it comes first in row-major order
    // although its columns come later.
    cv::Mat pixels(60, 80, CV_16UC1, cv::Scalar(0));
    pixels(cv::Rect(5, 20, 20, 20)).setTo(100);
    pixels(cv::Rect(50, 19, 20, 20)).setTo(100);
    cv::Rect box;
    const cv::Mat mask = BreastCropper::largestComponentMask(pixels, 2, &box);
    QCOMPARE(box, cv::Rect(50, 19, 20, 20));
    QCOMPARE(cv::countNonZero(mask),
             20 * 20 - 4 * 3); // corners of the opening are cut by the cross
}

void TestPreprocessor::integralScoringEqualsBruteForce_data()
{
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("cols");
    QTest::addColumn<int>("rightmostCol");
    QTest::addColumn<unsigned>("seed");
    QTest::newRow("window inside") << 300 << 120 << 100 << 1u;
    QTest::newRow("column overhangs left") << 260 << 90 << 10 << 2u;
    QTest::newRow("column overhangs right") << 400 << 60 << 200 << 3u;
    QTest::newRow("flat image, ties") << 240 << 80 << 70 << 0u;
}

void TestPreprocessor::integralScoringEqualsBruteForce()
{
    QFETCH(int, rows);
    QFETCH(int, cols);
    QFETCH(int, rightmostCol);
    QFETCH(unsigned, seed);
    const int windowRows = 64;
    const int windowCols = 40;
    cv::Mat image(rows, cols, CV_16UC1, cv::Scalar(seed ? 0 : 7));
    if (seed) {
        // Sparse blobs so that windows differ and some tie.
        cv::RNG rng(seed);
        for (int i = 0; i < 40; ++i)
            cv::circle(image, cv::Point(rng.uniform(0, cols), rng.uniform(0, rows)),
                       rng.uniform(2, 12), cv::Scalar(rng.uniform(1, 4000)), cv::FILLED);
    }
    CropInfo crop;
    crop.rightmostCol = rightmostCol;
    const cv::Point found =
        BestCenterFinder::find(image, ViewPosition::CC, crop, windowRows, windowCols);
    std::vector<int> candidates;
    for (int r = windowRows / 2; r <= rows - windowRows / 2; ++r)
        candidates.push_back(r);
    const cv::Point expected = bruteForceCenter(
        image, candidates, rightmostCol - windowCols / 2 - 1, windowRows, windowCols);
    QCOMPARE(found, expected);
}

void TestPreprocessor::mloCentreSitsOnTheLowestBreastRow()
{
    // The bottom-most point is the limit, unless the right-most columns end higher.
    cv::Mat image(3000, 2500, CV_16UC1, cv::Scalar(0));
    image(cv::Rect(0, 0, 2500, 2800)).setTo(50);
    CropInfo crop;
    crop.rightmostCol = 2400;
    crop.bottommostRow = 2900;
    QCOMPARE(BestCenterFinder::find(image, ViewPosition::MLO, crop, 2944, 1920),
             cv::Point(2400 - 961, 2799 - 1473));
    crop.bottommostRow = 2700;
    QCOMPARE(BestCenterFinder::find(image, ViewPosition::MLO, crop, 2944, 1920),
             cv::Point(2400 - 961, 2700 - 1473));
}

void TestPreprocessor::smallCcImagesPadTopAndBottomMloOnlyBottom_data()
{
    QTest::addColumn<int>("view");
    QTest::addColumn<int>("expectedPadTop");
    QTest::newRow("L-CC") << int(StandardView::LCC) << -1; // -1: floor((2944 - h) / 2)
    QTest::newRow("L-MLO") << int(StandardView::LMLO) << 0;
}

void TestPreprocessor::smallCcImagesPadTopAndBottomMloOnlyBottom()
{
    QFETCH(int, view);
    QFETCH(int, expectedPadTop);
    const MammogramImage image = imageOf(syntheticMammogram(1500, 700, true), StandardView(view));
    const Outcome<ModelInput> result = Preprocessor().process(image, false);
    QVERIFY2(result.ok(), qPrintable(result.error().toString()));
    const InputGeometry::Steps& g = result.value().geometry.steps();
    const int h = g.cropBottom - g.cropTop;
    const int w = g.cropRight - g.cropLeft;
    QVERIFY(h < 2944);
    if (expectedPadTop < 0)
        expectedPadTop = (2944 - h) / 2;
    QCOMPARE(g.padTop, expectedPadTop);
    QCOMPARE(g.padTop + h + g.padBottom, 2944);
    QCOMPARE(g.padRight, 1920 - w);
    QCOMPARE(g.windowTop, 0);
    QCOMPARE(g.windowLeft, 0);
    // Padding is zero before normalisation, so every padded pixel holds the same lowest value.
    const cv::Mat& input = result.value().input;
    double lowest = 0;
    cv::minMaxLoc(input, &lowest);
    QCOMPARE(input.at<float>(0, 1919), float(lowest));
    QCOMPARE(input.at<float>(2943, 1919), float(lowest));
}

void TestPreprocessor::largeImagesShiftTheWindowInside()
{
    // Taller and wider than the window: no padding; the CC window is centred by the scoring and
    // the column constraint puts the nipple side 1 column inside the right edge of the window.
    const MammogramImage image = imageOf(syntheticMammogram(4000, 2800, true), StandardView::LCC);
    const Outcome<ModelInput> result = Preprocessor().process(image, false);
    QVERIFY2(result.ok(), qPrintable(result.error().toString()));
    const InputGeometry::Steps& g = result.value().geometry.steps();
    const CropInfo& crop = result.value().crop;
    QCOMPARE(g.padTop + g.padBottom + g.padRight, 0);
    const int h = crop.bottom - crop.top;
    const int w = crop.right - crop.left;
    QVERIFY(h >= 2944 && w >= 1920);
    QVERIFY(g.windowTop >= 0 && g.windowTop + 2944 <= h);
    QVERIFY(g.windowLeft >= 0 && g.windowLeft + 1920 <= w);
    QCOMPARE(g.windowLeft, std::clamp(crop.bestCenterCol - 960, 0, w - 1920));
    QCOMPARE(g.windowTop, std::clamp(crop.bestCenterRow - 1472, 0, h - 2944));
    QVERIFY(result.value().warnings.isEmpty());
}

void TestPreprocessor::otherInputSizesAreHonoured()
{
    PreprocessOptions options;
    options.inputRows = 1024;
    options.inputCols = 640;
    options.camRows = 32;
    options.camCols = 20;
    const Outcome<ModelInput> result = Preprocessor(options).process(images_.at("R-MLO"), false);
    QVERIFY2(result.ok(), qPrintable(result.error().toString()));
    QCOMPARE(result.value().input.rows, 1024);
    QCOMPARE(result.value().input.cols, 640);
    QCOMPARE(result.value().geometry.cellRows(), 32.0);
    // The crop does not depend on the input size.
    QCOMPARE(result.value().crop.top, inputs_.at("R-MLO").crop.top);
    QCOMPARE(result.value().crop.right, inputs_.at("R-MLO").crop.right);
}

void TestPreprocessor::mirroredStorageWithHorizontalFlipGivesTheSameInput()
{
    // An exam stored mirrored (horizontal_flip YES): the left breast faces left and is flipped.
    MammogramImage mirrored = images_.at("L-CC");
    mirrored.pixels = cv::Mat(); // shares the original's pixels until given its own
    cv::flip(images_.at("L-CC").pixels, mirrored.pixels, 1);
    const Outcome<ModelInput> result = Preprocessor().process(mirrored, true);
    QVERIFY2(result.ok(), qPrintable(result.error().toString()));
    const CropInfo& crop = result.value().crop;
    const CropInfo& reference = inputs_.at("L-CC").crop;
    const int cols = mirrored.pixels.cols;
    QVERIFY(crop.flipped);
    QCOMPARE(crop.left, cols - reference.right);
    QCOMPARE(crop.right, cols - reference.left);
    QCOMPARE(crop.top, reference.top);
    QCOMPARE(crop.bottom, reference.bottom);
    // The reference mirrors points as `w - col`, one more than a pixel mirror (10.2 step 9).
    QCOMPARE(crop.rightmostCol, reference.rightmostCol + 1);
    // The crop is narrower than the window, so the extra column does not move the window.
    QCOMPARE(cv::norm(result.value().input, inputs_.at("L-CC").input, cv::NORM_INF), 0.0);
    QVERIFY(result.value().warnings.isEmpty());
}

void TestPreprocessor::swappedLateralityWarns()
{
    // The sample L-CC read as a right breast: the breast stops 50 columns short of the assumed
    // chest wall (the right edge), and the left edge holds more breast than the right.
    MammogramImage wrong = images_.at("L-CC");
    wrong.laterality = Laterality::Right;
    // The check alone; tst_orientationcorrection covers what correctOrientation then does.
    PreprocessOptions checkOnly;
    checkOnly.correctOrientation = false;
    const Outcome<ModelInput> result = Preprocessor(checkOnly).process(wrong, false);
    QVERIFY2(result.ok(), qPrintable(result.error().toString()));
    QCOMPARE(result.value().crop.distanceFromStartingSide, 50);
    const QStringList& warnings = result.value().warnings;
    QCOMPARE(warnings.size(), 2);
    QVERIFY2(warnings[0].contains("50 columns away") &&
                 warnings[0].contains("distance_from_starting_side"),
             qPrintable(warnings[0]));
    QVERIFY2(warnings[1].contains("the pixels put the chest wall at the left edge"),
             qPrintable(warnings[1]));
}

void TestPreprocessor::patientOrientationContradictionWarns()
{
    MammogramImage image = images_.at("R-CC");
    image.patientOrientationRow = "P"; // right breast facing left: chest wall right, rows go to P
    QVERIFY(Preprocessor().process(image, false).value().warnings.isEmpty());
    image.patientOrientationRow = "A";
    const QStringList warnings = Preprocessor().process(image, false).value().warnings;
    QCOMPARE(warnings.size(), 1);
    QVERIFY2(warnings[0].contains("PatientOrientation (A)"), qPrintable(warnings[0]));
}

void TestPreprocessor::blankImageFailsWithNoBreast()
{
    cv::Mat pixels(500, 400, CV_16UC1, cv::Scalar(0));
    pixels(cv::Rect(0, 100, 150, 150)).setTo(1000); // too thin to survive 100 erosions
    const Outcome<ModelInput> result =
        Preprocessor().process(imageOf(pixels, StandardView::LCC), false);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, QString("preprocess.no_breast"));
    QCOMPARE(result.error().source, QString("synthetic"));
}

void TestPreprocessor::nonStandardViewFails()
{
    MammogramImage image = images_.at("L-CC");
    image.position = ViewPosition::Other;
    image.viewName = "XCCL";
    const Outcome<ModelInput> result = Preprocessor().process(image, false);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, QString("preprocess.not_standard_view"));
}

void TestPreprocessor::wrongPixelTypeFails()
{
    const Outcome<ModelInput> result = Preprocessor().process(
        imageOf(cv::Mat(100, 100, CV_8UC1, cv::Scalar(1)), StandardView::LCC), false);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, QString("preprocess.bad_pixels"));
}

void TestPreprocessor::cancelledRunStops()
{
    const std::atomic<bool> cancel{true};
    const Outcome<ModelInput> result = Preprocessor().process(images_.at("L-CC"), false, &cancel);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, QString("preprocess.cancelled"));
}

void TestPreprocessor::processExamEqualsOneByOne()
{
    Exam exam;
    for (const auto& [name, image] : images_)
        exam.views.emplace(*standardViewFromString(name), image);
    const auto results = Preprocessor().processExam(exam);
    QCOMPARE(results.size(), size_t(4));
    for (const auto& [view, result] : results) {
        QVERIFY(result.ok());
        QCOMPARE(cv::norm(result.value().input, inputs_.at(toString(view)).input, cv::NORM_INF),
                 0.0);
    }
}

void TestPreprocessor::storedImageIsNeverModified()
{
    // MammogramImage shares its pixels; the mirror of 10.1 must go to a new matrix.
    for (const auto& [name, image] : images_) {
        const cv::Mat before = image.pixels.clone();
        QVERIFY(Preprocessor().process(image, false).ok());
        QVERIFY(Preprocessor().process(image, true).ok());
        QCOMPARE(cv::norm(image.pixels, before, cv::NORM_INF), 0.0);
    }
}

QTEST_GUILESS_MAIN(TestPreprocessor)
#include "tst_preprocessor.moc"
