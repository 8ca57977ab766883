// The phantom generator and its exam writer: generated in code, written to a temporary folder,
// read back through the same loaders and preprocessing as real exams.

#include "core/exam/examloader.h"
#include "core/exam/groundtruthmasks.h"
#include "core/phantom/phantomexamwriter.h"
#include "core/phantom/phantomgenerator.h"
#include "core/phantom/phantommanifest.h"
#include "core/preprocess/preprocessor.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <set>

using namespace mammolens::core;

namespace {

constexpr std::uint64_t kSeed = 7;
constexpr int kExams = 12; ///< enough for every kind of finding at the default prevalences

PhantomOptions smallOptions()
{
    PhantomOptions o;
    o.rows = 640;
    o.cols = 512;
    return o;
}

/// GMIC-SPEC 10.2 erodes 100 times, which assumes full-field pixels: a 640 x 512 breast can be
/// narrower than 200 pixels. Small images are preprocessed with the erosion scaled to their size.
PreprocessOptions smallPreprocessing()
{
    PreprocessOptions o;
    o.morphologyIterations = 100 * 640 / PhantomOptions::kFullFieldRows;
    return o;
}

bool identical(const cv::Mat& a, const cv::Mat& b)
{
    return a.size() == b.size() && a.type() == b.type() && cv::countNonZero(a != b) == 0;
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// The chest-wall edge of a stored view: left for left breasts (GMIC-SPEC 10.1).
bool chestWallLeft(StandardView view)
{
    return lateralityOf(view) == Laterality::Left;
}

} // namespace

class TestPhantom : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void sameSeedAndIndexGiveIdenticalExams();
    void examDoesNotDependOnWhatElseIsGenerated();
    void otherSeedsGiveOtherExams();
    void backgroundIsExactlyZeroAndBreastIsOneRegion();
    void breastTouchesTheChestWallEdgeOfItsLaterality();
    void mloShowsThePectoralMuscleAndCcDoesNot();
    void everyLesionIsInBothViewsOfItsBreastInsideTheBreast();
    void everyKindOfFindingOccurs();
    void calcificationsSurviveTheSmallSize();
    void massesAreNotTheBrightestThingInTheBreast();
    void writtenExamLoadsAsFourDicomViews();
    void preprocessingFindsNoOrientationProblem();
    void masksAreFoundBesideTheirImages();
    void manifestLabelsMatchTheMasks();
    void rewritingIsByteIdenticalAndCompleteExamsAreRecognised();
    void uidsAreValidAndStable();
    void fullFieldExamHasRealisticSizeAndSpacing();

private:
    PhantomGenerator small_{smallOptions()};
    std::vector<PhantomExam> exams_; ///< seed kSeed, indices 0..kExams-1, small size
    QTemporaryDir dir_;              ///< the same exams written
};

void TestPhantom::initTestCase()
{
    QVERIFY(dir_.isValid());
    const PhantomExamWriter writer(dir_.path());
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < kExams; ++i)
        exams_.push_back(small_.generate(kSeed, i));
    qInfo("%d exams of 640 x 512 generated in %.3f s", kExams, timer.elapsed() / 1000.0);
    for (const PhantomExam& exam : exams_) {
        auto written = writer.write(exam, small_.options());
        QVERIFY2(written, qPrintable(written ? QString() : written.error().toString()));
    }
    QString error;
    QCOMPARE(PhantomManifest::write(dir_.path(), &error), kExams);
}

void TestPhantom::sameSeedAndIndexGiveIdenticalExams()
{
    const PhantomExam again = small_.generate(kSeed, 3);
    const PhantomExam& first = exams_[3];
    QCOMPARE(again.id, first.id);
    QCOMPARE(again.density, first.density);
    QCOMPARE(again.views.size(), size_t(4));
    for (size_t v = 0; v < 4; ++v) {
        QVERIFY(identical(again.views[v].pixels, first.views[v].pixels));
        QVERIFY(identical(again.views[v].benignMask, first.views[v].benignMask));
        QVERIFY(identical(again.views[v].malignantMask, first.views[v].malignantMask));
    }
}

void TestPhantom::examDoesNotDependOnWhatElseIsGenerated()
{
    // A fresh generator asked for exam 5 alone (as `--count 1 --first-index 5` would) gives the
    // exam a run of 12 gave.
    const PhantomGenerator fresh(smallOptions());
    const PhantomExam alone = fresh.generate(kSeed, 5);
    for (size_t v = 0; v < 4; ++v)
        QVERIFY(identical(alone.views[v].pixels, exams_[5].views[v].pixels));
}

void TestPhantom::otherSeedsGiveOtherExams()
{
    const PhantomExam other = small_.generate(kSeed + 1, 0);
    QVERIFY(!identical(other.views[0].pixels, exams_[0].views[0].pixels));
    QVERIFY(!identical(exams_[1].views[0].pixels, exams_[0].views[0].pixels));
}

void TestPhantom::backgroundIsExactlyZeroAndBreastIsOneRegion()
{
    for (const PhantomExam& exam : exams_) {
        for (const PhantomView& view : exam.views) {
            QCOMPARE(view.pixels.type(), CV_16UC1);
            QCOMPARE(view.pixels.rows, 640);
            QCOMPARE(view.pixels.cols, 512);
            double maxValue = 0;
            cv::minMaxLoc(view.pixels, nullptr, &maxValue);
            QVERIFY(maxValue <= 4095);
            // The nipple-side edge column and the bottom row are background: exactly 0.
            const int farColumn = chestWallLeft(view.view) ? view.pixels.cols - 1 : 0;
            QCOMPARE(cv::countNonZero(view.pixels.col(farColumn)), 0);
            QCOMPARE(cv::countNonZero(view.pixels.row(view.pixels.rows - 1)), 0);
            // One breast, no holes of 0 inside it.
            cv::Mat breast = view.pixels > 0, labels;
            QCOMPARE(cv::connectedComponents(breast, labels, 4), 2);
            cv::Mat background = view.pixels == 0;
            QCOMPARE(cv::connectedComponents(background, labels, 4), 2);
            const double fraction = double(cv::countNonZero(breast)) / breast.total();
            QVERIFY2(fraction > 0.15 && fraction < 0.7, qPrintable(QString::number(fraction)));
        }
    }
}

void TestPhantom::breastTouchesTheChestWallEdgeOfItsLaterality()
{
    for (const PhantomExam& exam : exams_) {
        for (const PhantomView& view : exam.views) {
            const cv::Mat breast = view.pixels > 0;
            const int wall =
                cv::countNonZero(breast.col(chestWallLeft(view.view) ? 0 : breast.cols - 1));
            QVERIFY2(wall > breast.rows / 2, qPrintable(exam.id + " " + toString(view.view)));
        }
    }
}

void TestPhantom::mloShowsThePectoralMuscleAndCcDoesNot()
{
    for (const PhantomExam& exam : exams_) {
        for (const PhantomView& view : exam.views) {
            const cv::Mat& p = view.pixels;
            const int w = p.cols / 25, h = p.rows / 25;
            const cv::Rect corner(chestWallLeft(view.view) ? 0 : p.cols - w, 0, w, h);
            const cv::Mat breast = p > 0;
            const double breastMean = cv::mean(p, breast)[0];
            if (positionOf(view.view) == ViewPosition::MLO) {
                // The MLO reaches the top edge, and its chest-wall corner is the bright muscle.
                QVERIFY(cv::countNonZero(breast(corner)) == corner.area());
                QVERIFY2(cv::mean(p(corner))[0] > 1.05 * breastMean,
                         qPrintable(exam.id + " " + toString(view.view)));
            } else {
                // The CC is a half-ellipse: clear of the top and bottom edges.
                QCOMPARE(cv::countNonZero(p.row(0)), 0);
                QCOMPARE(cv::countNonZero(breast(corner)), 0);
            }
        }
    }
}

void TestPhantom::everyLesionIsInBothViewsOfItsBreastInsideTheBreast()
{
    int lesions = 0;
    for (const PhantomExam& exam : exams_) {
        for (Laterality side : {Laterality::Left, Laterality::Right}) {
            const PhantomView* cc = nullptr;
            const PhantomView* mlo = nullptr;
            for (const PhantomView& v : exam.views)
                if (lateralityOf(v.view) == side)
                    (positionOf(v.view) == ViewPosition::CC ? cc : mlo) = &v;
            QVERIFY(cc && mlo);
            QCOMPARE(cc->lesions.size(), mlo->lesions.size());
            for (size_t i = 0; i < cc->lesions.size(); ++i) {
                QVERIFY(cc->lesions[i].type == mlo->lesions[i].type);
                QVERIFY2(!cc->lesions[i].box.empty() && !mlo->lesions[i].box.empty(),
                         qPrintable(exam.id));
                ++lesions;
            }
            QCOMPARE(cc->benign(), mlo->benign());
            QCOMPARE(cc->malignant(), mlo->malignant());
        }
        for (const PhantomView& v : exam.views) {
            const cv::Mat background = v.pixels == 0;
            QCOMPARE(cv::countNonZero(v.benignMask & background), 0);
            QCOMPARE(cv::countNonZero(v.malignantMask & background), 0);
            for (const PhantomLesionRecord& l : v.lesions) {
                const cv::Mat& mask = l.malignant ? v.malignantMask : v.benignMask;
                QVERIFY(cv::countNonZero(mask(l.box)) > 0);
            }
        }
    }
    QVERIFY(lesions > 0);
}

void TestPhantom::everyKindOfFindingOccurs()
{
    // 40 exams at the default prevalences: each of the five kinds of finding shows up.
    std::set<LesionType> seen;
    int malignantBreasts = 0, breasts = 0;
    for (int i = 0; i < 40; ++i) {
        const PhantomExam exam = i < kExams ? exams_[i] : small_.generate(kSeed, i);
        for (const PhantomView& v : exam.views) {
            for (const PhantomLesionRecord& l : v.lesions)
                seen.insert(l.type);
            if (positionOf(v.view) == ViewPosition::CC) {
                ++breasts;
                malignantBreasts += v.malignant() ? 1 : 0;
            }
        }
    }
    QCOMPARE(int(seen.size()), 5);
    QVERIFY2(malignantBreasts > breasts / 6 && malignantBreasts < breasts / 2,
             qPrintable(QString::number(malignantBreasts)));
}

void TestPhantom::calcificationsSurviveTheSmallSize()
{
    int clusters = 0;
    for (int i = 0; i < 40 && clusters < 3; ++i) {
        const PhantomExam exam = i < kExams ? exams_[i] : small_.generate(kSeed, i);
        for (const PhantomView& v : exam.views) {
            for (const PhantomLesionRecord& l : v.lesions) {
                if (l.type != LesionType::PleomorphicCalcifications)
                    continue;
                // Several specks stand well above the tissue around them.
                cv::Mat region = v.pixels(l.box), ring;
                cv::Mat tissue = v.pixels > 0;
                const cv::Rect around =
                    (cv::Rect(l.box.x - 20, l.box.y - 20, l.box.width + 40, l.box.height + 40)) &
                    cv::Rect(0, 0, v.pixels.cols, v.pixels.rows);
                const double local = cv::mean(v.pixels(around), tissue(around))[0];
                const int bright = cv::countNonZero(region > local + 600);
                QVERIFY2(bright >= 3, qPrintable(exam.id + " " + toString(v.view)));
                ++clusters;
            }
        }
    }
    QVERIFY(clusters > 0);
}

void TestPhantom::massesAreNotTheBrightestThingInTheBreast()
{
    // A mass is about as dense as dense tissue: its mean stays below the breast's 99.9th
    // percentile, so finding it takes more than a brightness threshold.
    int masses = 0;
    for (const PhantomExam& exam : exams_) {
        for (const PhantomView& v : exam.views) {
            for (const PhantomLesionRecord& l : v.lesions) {
                if (l.type == LesionType::PleomorphicCalcifications ||
                    l.type == LesionType::BenignCalcifications)
                    continue;
                const cv::Mat& mask = l.malignant ? v.malignantMask : v.benignMask;
                const double massMean = cv::mean(v.pixels(l.box), mask(l.box))[0];
                std::vector<ushort> values;
                for (int r = 0; r < v.pixels.rows; ++r)
                    for (int c = 0; c < v.pixels.cols; ++c)
                        if (v.pixels.at<ushort>(r, c) > 0)
                            values.push_back(v.pixels.at<ushort>(r, c));
                std::nth_element(values.begin(), values.begin() + values.size() * 999 / 1000,
                                 values.end());
                QVERIFY2(massMean < values[values.size() * 999 / 1000],
                         qPrintable(exam.id + " " + toString(v.view)));
                ++masses;
            }
        }
    }
    QVERIFY(masses > 0);
}

void TestPhantom::writtenExamLoadsAsFourDicomViews()
{
    auto loaded = ExamLoader().load(dir_.path());
    QVERIFY2(loaded, qPrintable(loaded ? QString() : loaded.error().toString()));
    QCOMPARE(int(loaded.value().size()), kExams);
    const QJsonObject manifest =
        QJsonDocument::fromJson(readAll(dir_.filePath(QStringLiteral("manifest.json")))).object();
    std::set<QString> studies;
    for (const QJsonValue& e : manifest.value(QStringLiteral("exams")).toArray())
        studies.insert(e.toObject().value(QStringLiteral("study_instance_uid")).toString());
    for (const Exam& exam : loaded.value()) {
        QVERIFY2(exam.errors.empty(), qPrintable(exam.id));
        QVERIFY2(exam.warnings.isEmpty(), qPrintable(exam.warnings.join(QLatin1Char('\n'))));
        QVERIFY(exam.otherViews.empty()); // the mask PNGs are not images
        QVERIFY(studies.count(exam.id));
        QCOMPARE(int(exam.views.size()), 4);
        for (const auto& [view, image] : exam.views) {
            QVERIFY(image.laterality == lateralityOf(view));
            QVERIFY(image.position == positionOf(view));
            QVERIFY(image.lateralitySource == DecisionSource::ImageLaterality);
            QVERIFY(QFileInfo(image.sourcePath).fileName() ==
                    toString(view) + QStringLiteral(".dcm"));
            QVERIFY(image.rowSpacingMm.has_value());
            QVERIFY(qAbs(*image.rowSpacingMm - 0.364) < 1e-6);
            QVERIFY2(image.warnings.isEmpty(), qPrintable(image.warnings.join(QLatin1Char('\n'))));
        }
    }
    // The pixels read back are the pixels generated.
    const Exam& first = loaded.value()[0];
    for (const PhantomExam& exam : exams_)
        for (const PhantomView& v : exam.views)
            if (first.views.at(v.view).sourcePath.contains(exam.id))
                QVERIFY(identical(first.views.at(v.view).pixels, v.pixels));
}

void TestPhantom::preprocessingFindsNoOrientationProblem()
{
    auto loaded = ExamLoader().load(dir_.path());
    QVERIFY(loaded);
    // The written small exams, headers (PatientOrientation) included...
    const Preprocessor preprocessor(smallPreprocessing());
    for (const Exam& exam : loaded.value()) {
        for (auto& [view, input] : preprocessor.processExam(exam)) {
            QVERIFY2(input, qPrintable(input ? QString() : input.error().toString()));
            QVERIFY2(input.value().warnings.isEmpty(),
                     qPrintable(input.value().warnings.join(QLatin1Char('\n'))));
            QCOMPARE(input.value().crop.distanceFromStartingSide, 0);
            QCOMPARE(input.value().geometry.steps().flipped,
                     lateralityOf(view) == Laterality::Right);
        }
    }
    // ... and full-field exams with GMIC's own numbers.
    const PhantomGenerator full;
    const Preprocessor gmic;
    for (int index : {0, 3}) {
        const PhantomExam exam = full.generate(kSeed + 1, index);
        for (const PhantomView& v : exam.views) {
            MammogramImage image;
            image.pixels = v.pixels;
            image.laterality = lateralityOf(v.view);
            image.position = positionOf(v.view);
            image.patientOrientationRow =
                image.laterality == Laterality::Left ? QStringLiteral("A") : QStringLiteral("P");
            auto input = gmic.process(image, false);
            QVERIFY2(input, qPrintable(input ? QString() : input.error().toString()));
            QVERIFY2(input.value().warnings.isEmpty(),
                     qPrintable(input.value().warnings.join(QLatin1Char('\n'))));
            QCOMPARE(input.value().crop.distanceFromStartingSide, 0);
        }
    }
}

void TestPhantom::masksAreFoundBesideTheirImages()
{
    const Preprocessor preprocessor(smallPreprocessing());
    int found = 0;
    for (const PhantomExam& exam : exams_) {
        for (const PhantomView& v : exam.views) {
            const QString image = dir_.filePath(exam.id + QLatin1Char('/') + toString(v.view) +
                                                QStringLiteral(".dcm"));
            const std::vector<GroundTruthMask> masks = GroundTruthMasks::find(image);
            QCOMPARE(int(masks.size()), int(v.benign()) + int(v.malignant()));
            for (const GroundTruthMask& m : masks) {
                QVERIFY(GroundTruthMasks::isMaskFile(m.path));
                const cv::Mat onDisk = cv::imread(m.path.toStdString(), cv::IMREAD_UNCHANGED);
                QCOMPARE(onDisk.type(), CV_8UC1);
                QVERIFY(identical(onDisk, m.kind == QLatin1String("benign") ? v.benignMask
                                                                            : v.malignantMask));
                // And the workstation's loader maps it (stored-image size: unchanged).
                MammogramImage mi;
                mi.pixels = v.pixels;
                mi.laterality = lateralityOf(v.view);
                mi.position = positionOf(v.view);
                auto input = preprocessor.process(mi, false);
                QVERIFY(input);
                const cv::Mat stored =
                    GroundTruthMasks::loadInStoredPixels(m, input.value().geometry);
                QCOMPARE(cv::countNonZero(stored), cv::countNonZero(onDisk));
                ++found;
            }
        }
    }
    QVERIFY(found > 0);
}

void TestPhantom::manifestLabelsMatchTheMasks()
{
    const QJsonObject manifest =
        QJsonDocument::fromJson(readAll(dir_.filePath(QStringLiteral("manifest.json")))).object();
    const QJsonArray exams = manifest.value(QStringLiteral("exams")).toArray();
    QCOMPARE(exams.size(), kExams);
    const QStringList csv =
        QString::fromUtf8(readAll(dir_.filePath(QStringLiteral("manifest.csv"))))
            .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(csv.size(), 1 + 4 * kExams);
    QCOMPARE(csv[0], QStringLiteral("exam_id,view,benign,malignant,density,file"));
    for (int i = 0; i < kExams; ++i) {
        const QJsonObject e = exams[i].toObject();
        const PhantomExam& exam = exams_[i];
        QCOMPARE(e.value(QStringLiteral("id")).toString(), exam.id);
        QCOMPARE(e.value(QStringLiteral("index")).toInt(), i);
        QCOMPARE(e.value(QStringLiteral("seed")).toInteger(), qint64(kSeed));
        QCOMPARE(e.value(QStringLiteral("density")).toString(), QString(exam.density));
        const QJsonObject views = e.value(QStringLiteral("views")).toObject();
        for (const PhantomView& v : exam.views) {
            const QJsonObject view = views.value(toString(v.view)).toObject();
            QCOMPARE(view.value(QStringLiteral("benign")).toInt(), int(v.benign()));
            QCOMPARE(view.value(QStringLiteral("malignant")).toInt(), int(v.malignant()));
            QVERIFY(QFile::exists(dir_.filePath(view.value(QStringLiteral("file")).toString())));
            const QJsonObject masks = view.value(QStringLiteral("masks")).toObject();
            QCOMPARE(masks.contains(QStringLiteral("benign")), v.benign());
            QCOMPARE(masks.contains(QStringLiteral("malignant")), v.malignant());
            const QJsonArray lesions = view.value(QStringLiteral("lesions")).toArray();
            QCOMPARE(lesions.size(), qsizetype(v.lesions.size()));
            for (qsizetype k = 0; k < lesions.size(); ++k) {
                const QJsonObject l = lesions[k].toObject();
                const cv::Rect& b = v.lesions[size_t(k)].box;
                QCOMPARE(l.value(QStringLiteral("bbox")).toArray(),
                         (QJsonArray{b.y, b.x, b.y + b.height, b.x + b.width}));
                QCOMPARE(l.value(QStringLiteral("class")).toString(),
                         v.lesions[size_t(k)].malignant ? QStringLiteral("malignant")
                                                        : QStringLiteral("benign"));
            }
            const QString row =
                QStringLiteral("%1,%2,%3,%4,%5,%6")
                    .arg(exam.id, toString(v.view))
                    .arg(int(v.benign()))
                    .arg(int(v.malignant()))
                    .arg(QString(exam.density), view.value(QStringLiteral("file")).toString());
            QVERIFY2(csv.contains(row), qPrintable(row));
        }
    }
}

void TestPhantom::rewritingIsByteIdenticalAndCompleteExamsAreRecognised()
{
    QTemporaryDir other;
    const PhantomExamWriter writer(other.path());
    const PhantomExam& exam = exams_[2];
    QVERIFY(!writer.isComplete(exam.id, kSeed, 2, smallOptions()));
    QVERIFY(writer.write(small_.generate(kSeed, 2), smallOptions()));
    QVERIFY(writer.isComplete(exam.id, kSeed, 2, smallOptions()));
    PhantomOptions bigger = smallOptions();
    bigger.rows = 800;
    QVERIFY(!writer.isComplete(exam.id, kSeed, 2, bigger)); // other options: regenerated
    QVERIFY(!QDir(other.filePath(exam.id + QStringLiteral(".partial"))).exists());
    for (const QString& file : QDir(dir_.filePath(exam.id)).entryList(QDir::Files)) {
        QVERIFY2(readAll(dir_.filePath(exam.id + QLatin1Char('/') + file)) ==
                     readAll(other.filePath(exam.id + QLatin1Char('/') + file)),
                 qPrintable(file));
    }
}

void TestPhantom::uidsAreValidAndStable()
{
    const QString uid = PhantomExamWriter::uid(kSeed, 42, QStringLiteral("study"));
    QVERIFY(uid.startsWith(QLatin1String("2.25.")));
    QVERIFY(uid.size() <= 64);
    QVERIFY(QRegularExpression(QStringLiteral("^2\\.25\\.[1-9][0-9]*$")).match(uid).hasMatch());
    QCOMPARE(PhantomExamWriter::uid(kSeed, 42, QStringLiteral("study")), uid);
    QVERIFY(PhantomExamWriter::uid(kSeed, 43, QStringLiteral("study")) != uid);
    QVERIFY(PhantomExamWriter::uid(kSeed + 1, 42, QStringLiteral("study")) != uid);
}

void TestPhantom::fullFieldExamHasRealisticSizeAndSpacing()
{
    const PhantomGenerator full; // 3328 x 2560, 0.07 mm
    QElapsedTimer timer;
    timer.start();
    const PhantomExam exam = full.generate(kSeed, 3);
    qInfo("one full-field exam generated in %.2f s", timer.elapsed() / 1000.0);
    QCOMPARE(exam.spacingMm, 0.07);
    for (const PhantomView& v : exam.views) {
        QCOMPARE(v.pixels.rows, 3328);
        QCOMPARE(v.pixels.cols, 2560);
        const cv::Mat breast = v.pixels > 0;
        // The breast keeps its physical size: the same fraction of the image as at 640 x 512.
        const double fraction = double(cv::countNonZero(breast)) / breast.total();
        const cv::Mat& smallPixels = exams_[3].views[size_t(&v - &exam.views[0])].pixels;
        const double smallFraction = double(cv::countNonZero(smallPixels)) / smallPixels.total();
        QVERIFY2(qAbs(fraction - smallFraction) < 0.03,
                 qPrintable(QStringLiteral("%1 vs %2").arg(fraction).arg(smallFraction)));
        QCOMPARE(cv::countNonZero(breast.col(chestWallLeft(v.view) ? 0 : breast.cols - 1)) > 0,
                 true);
    }
}

QTEST_GUILESS_MAIN(TestPhantom)
#include "tst_phantom.moc"
