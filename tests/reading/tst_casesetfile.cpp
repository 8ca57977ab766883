// CaseSetFile: the teaching case set file's schema and its specific errors, masks turned into
// boxes, exam keys checked against (or taken from) what the exam loader calls the exam, and the
// file a case set writes reading back the same.

#include "core/reading/casesetfile.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <initializer_list>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

using namespace mammolens::core;

namespace {

bool writeText(const QString& path, const QByteArray& content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(content) == content.size();
}

bool writeImage(const QString& path, const cv::Mat& image)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    return cv::imwrite(QFile::encodeName(path).toStdString(), image);
}

/// A PNG exam folder: four small views named as the loader expects. The loader's plan names the
/// exam after its folder without reading pixels; the images are real all the same.
void writePngExam(const QString& folder)
{
    for (const char* view : {"L-CC", "R-CC", "L-MLO", "R-MLO"})
        QVERIFY(writeImage(folder + QLatin1Char('/') + QLatin1String(view) + QStringLiteral(".png"),
                           cv::Mat(64, 48, CV_16UC1, cv::Scalar(100))));
}

/// A mask of the image size with the given rectangles set.
cv::Mat mask(std::initializer_list<cv::Rect> rects, int type = CV_8UC1)
{
    cv::Mat m = cv::Mat::zeros(200, 160, type);
    for (const cv::Rect& r : rects)
        m(r).setTo(cv::Scalar::all(255));
    return m;
}

/// A folder with what the parse rows need: exam-a (one PNG exam), two/ (exams exam-b and
/// exam-c), masks, a text file posing as a mask.
struct Files
{
    QTemporaryDir dir;
    QString path(const QString& name) const { return dir.filePath(name); }

    Files()
    {
        writePngExam(path(QStringLiteral("exam-a")));
        writePngExam(path(QStringLiteral("two/exam-b")));
        writePngExam(path(QStringLiteral("two/exam-c")));
        writeImage(path(QStringLiteral("masks/lesion.png")), mask({cv::Rect(30, 40, 20, 10)}));
        writeImage(path(QStringLiteral("masks/empty.png")), mask({}));
        writeText(path(QStringLiteral("masks/text.png")), "not an image");
        writeText(path(QStringLiteral("no-images/readme.txt")), "x");
    }

    Outcome<CaseSet> read(const QByteArray& json,
                          CaseSetFile::Options options = CaseSetFile::Options{}) const
    {
        const QString file = path(QStringLiteral("set.json"));
        if (!writeText(file, json))
            return Error{QStringLiteral("test.write"), QStringLiteral("cannot write"), file};
        return CaseSetFile::read(file, options);
    }
};

/// `cases` inside a valid top level.
QByteArray withCases(const QByteArray& cases)
{
    return "{\"name\": \"Set A\", \"cases\": [" + cases + "]}";
}

const QByteArray kNormalCase =
    R"({"exam": "exam-a", "truth": {"left": "normal", "right": "normal"}})";

QByteArray withLesion(const QByteArray& lesion, const QByteArray& left = "malignant")
{
    return withCases(R"({"exam": "exam-a", "truth": {"left": ")" + left +
                     R"(", "right": "normal"}, "lesions": [)" + lesion + "]}");
}

} // namespace

class TestCaseSetFile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void read_validFile_resolvesPathsMasksAndExamKeys()
    {
        Files f;
        const QByteArray json = R"({
            "format": "mammolens-case-set 1",
            "name": "Screening set A",
            "description": "Two cases",
            "cases": [
              {"exam": "exam-a", "truth": {"left": "malignant", "right": "benign"},
               "lesions": [
                 {"breast": "L", "view": "CC", "mask": "masks/lesion.png"},
                 {"breast": "L", "view": "MLO", "box": {"x": 5, "y": 6, "width": 7, "height": 8}},
                 {"breast": "R", "view": "MLO", "box": {"x": 1, "y": 2, "width": 3, "height": 4}}
               ]},
              {"exam": "two", "exam_key": "exam-c",
               "truth": {"left": "normal", "right": "normal"}}
            ]})";
        const auto set = f.read(json);
        QVERIFY2(set.ok(), qPrintable(set.error().toString()));
        const CaseSet& s = set.value();
        QCOMPARE(s.name, QStringLiteral("Screening set A"));
        QCOMPARE(s.description, QStringLiteral("Two cases"));
        QCOMPARE(s.source, QFileInfo(f.path(QStringLiteral("set.json"))).absoluteFilePath());
        QCOMPARE(int(s.cases.size()), 2);

        const CaseTruth& a = s.cases[0];
        QCOMPARE(a.examKey, QStringLiteral("exam-a")); // the loader's id: the folder's name
        QCOMPARE(a.examPath, QDir::cleanPath(f.path(QStringLiteral("exam-a"))));
        QVERIFY(a.left == BreastTruth::Malignant && a.right == BreastTruth::Benign);
        QVERIFY(a.isMalignant());
        QCOMPARE(int(a.lesions.size()), 3);
        const CaseLesion& fromMask = a.lesions[0];
        QCOMPARE(fromMask.x, 30);
        QCOMPARE(fromMask.y, 40);
        QCOMPARE(fromMask.width, 20);
        QCOMPARE(fromMask.height, 10);
        QCOMPARE(fromMask.mask, QDir::cleanPath(f.path(QStringLiteral("masks/lesion.png"))));
        QVERIFY(fromMask.pathology == BreastTruth::Malignant); // the breast's truth
        QVERIFY(fromMask.breast == Laterality::Left);
        QCOMPARE(fromMask.view, QStringLiteral("CC"));
        QCOMPARE(a.lesions[1].x, 5);
        QCOMPARE(a.lesions[1].height, 8);
        QVERIFY(a.lesions[1].mask.isEmpty());
        QVERIFY(a.lesions[2].pathology == BreastTruth::Benign);
        QVERIFY(a.lesions[2].breast == Laterality::Right);

        QCOMPARE(s.cases[1].examKey, QStringLiteral("exam-c")); // chosen among two exams
        QVERIFY(!s.cases[1].isMalignant());
        QVERIFY(s.find(QStringLiteral("exam-c")) == &s.cases[1]);
        QVERIFY(s.find(QStringLiteral("exam-b")) == nullptr);
    }

    void read_badFile_givesSpecificError_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("where"); ///< what the message starts with

        const QString schema = QStringLiteral("teaching.schema");
        QTest::newRow("not JSON") << QByteArray("{\"name\": ")
                                  << QStringLiteral("teaching.invalid_json")
                                  << QStringLiteral("Not valid JSON at offset");
        QTest::newRow("top level is a list")
            << QByteArray("[]") << schema << QStringLiteral("the file must");
        QTest::newRow("unknown top-level member")
            << QByteArray("{\"name\": \"s\", \"cases\": [" + kNormalCase + "], \"extra\": 1}")
            << schema << QStringLiteral("extra: unknown member");
        QTest::newRow("no name") << QByteArray("{\"cases\": [" + kNormalCase + "]}") << schema
                                 << QStringLiteral("name: missing");
        QTest::newRow("name not a string")
            << QByteArray("{\"name\": 3, \"cases\": [" + kNormalCase + "]}") << schema
            << QStringLiteral("name: expected a string");
        QTest::newRow("no cases") << QByteArray("{\"name\": \"s\", \"cases\": []}") << schema
                                  << QStringLiteral("cases: is empty");
        QTest::newRow("wrong format")
            << QByteArray("{\"format\": \"other 2\", \"name\": \"s\", \"cases\": [" + kNormalCase +
                          "]}")
            << schema << QStringLiteral("format:");
        QTest::newRow("case not an object")
            << withCases("3") << schema << QStringLiteral("cases[0]: expected an object");
        QTest::newRow("case without exam")
            << withCases(R"({"truth": {"left": "normal", "right": "normal"}})") << schema
            << QStringLiteral("cases[0].exam: missing");
        QTest::newRow("case without truth") << withCases(R"({"exam": "exam-a"})") << schema
                                            << QStringLiteral("cases[0].truth: missing");
        QTest::newRow("misspelt member")
            << withCases(R"({"exam": "exam-a", "exam_kye": "x",
                             "truth": {"left": "normal", "right": "normal"}})")
            << schema << QStringLiteral("cases[0].exam_kye: unknown member");
        QTest::newRow("truth value unknown")
            << withCases(R"({"exam": "exam-a", "truth": {"left": "cancer", "right": "normal"}})")
            << schema << QStringLiteral("cases[0].truth.left: expected");
        QTest::newRow("truth of one breast missing")
            << withCases(R"({"exam": "exam-a", "truth": {"left": "normal"}})") << schema
            << QStringLiteral("cases[0].truth.right: missing");
        QTest::newRow("lesions not a list")
            << withCases(R"({"exam": "exam-a", "truth": {"left": "normal", "right": "normal"},
                             "lesions": {}})")
            << schema << QStringLiteral("cases[0].lesions: expected an array");
        QTest::newRow("lesion breast spelt out")
            << withLesion(R"({"breast": "left", "view": "CC", "box": {"x": 1, "y": 1,
                              "width": 1, "height": 1}})")
            << schema << QStringLiteral("cases[0].lesions[0].breast: expected \"L\" or \"R\"");
        QTest::newRow("lesion on a non-standard view")
            << withLesion(R"({"breast": "L", "view": "ML", "box": {"x": 1, "y": 1,
                              "width": 1, "height": 1}})")
            << schema << QStringLiteral("cases[0].lesions[0].view:");
        QTest::newRow("lesion class normal")
            << withLesion(R"({"breast": "L", "view": "CC", "class": "normal",
                              "box": {"x": 1, "y": 1, "width": 1, "height": 1}})")
            << schema << QStringLiteral("cases[0].lesions[0].class:");
        QTest::newRow("lesion with mask and box")
            << withLesion(R"({"breast": "L", "view": "CC", "mask": "masks/lesion.png",
                              "box": {"x": 1, "y": 1, "width": 1, "height": 1}})")
            << schema << QStringLiteral("cases[0].lesions[0]: give either");
        QTest::newRow("lesion with neither mask nor box")
            << withLesion(R"({"breast": "L", "view": "CC"})") << schema
            << QStringLiteral("cases[0].lesions[0]: needs");
        QTest::newRow("box of zero width")
            << withLesion(R"({"breast": "L", "view": "CC", "box": {"x": 1, "y": 1,
                              "width": 0, "height": 1}})")
            << schema << QStringLiteral("cases[0].lesions[0].box.width: 0 is not in 1..");
        QTest::newRow("box at a fractional pixel")
            << withLesion(R"({"breast": "L", "view": "CC", "box": {"x": 1.5, "y": 1,
                              "width": 2, "height": 1}})")
            << schema << QStringLiteral("cases[0].lesions[0].box.x: expected a whole number");
        QTest::newRow("box member missing")
            << withLesion(R"({"breast": "L", "view": "CC", "box": {"x": 1, "y": 1,
                              "width": 2}})")
            << schema << QStringLiteral("cases[0].lesions[0].box.height: missing");
        QTest::newRow("lesion on a normal breast")
            << withLesion(R"({"breast": "R", "view": "CC", "box": {"x": 1, "y": 1,
                              "width": 1, "height": 1}})")
            << QStringLiteral("teaching.truth_conflict")
            << QStringLiteral("cases[0].lesions[0]: a lesion on the right breast");
        QTest::newRow("malignant lesion on a benign breast")
            << withLesion(R"({"breast": "L", "view": "CC", "class": "malignant",
                              "box": {"x": 1, "y": 1, "width": 1, "height": 1}})",
                          "benign")
            << QStringLiteral("teaching.truth_conflict")
            << QStringLiteral("cases[0].lesions[0]: a malignant lesion");
        QTest::newRow("mask file missing")
            << withLesion(R"({"breast": "L", "view": "CC", "mask": "masks/none.png"})")
            << QStringLiteral("teaching.mask_unreadable")
            << QStringLiteral("cases[0].lesions[0].mask:");
        QTest::newRow("mask not an image")
            << withLesion(R"({"breast": "L", "view": "CC", "mask": "masks/text.png"})")
            << QStringLiteral("teaching.mask_unreadable")
            << QStringLiteral("cases[0].lesions[0].mask:");
        QTest::newRow("mask without a lesion")
            << withLesion(R"({"breast": "L", "view": "CC", "mask": "masks/empty.png"})")
            << QStringLiteral("teaching.mask_empty") << QStringLiteral("cases[0].lesions[0].mask:");
        QTest::newRow("exam path missing")
            << withCases(R"({"exam": "nowhere", "truth": {"left": "normal", "right": "normal"}})")
            << QStringLiteral("teaching.exam_not_found") << QStringLiteral("cases[0].exam:");
        QTest::newRow("exam key not at the path")
            << withCases(R"({"exam": "exam-a", "exam_key": "1.2.3",
                             "truth": {"left": "normal", "right": "normal"}})")
            << QStringLiteral("teaching.exam_key") << QStringLiteral("cases[0].exam:");
        QTest::newRow("two exams at the path and no key")
            << withCases(R"({"exam": "two", "truth": {"left": "normal", "right": "normal"}})")
            << QStringLiteral("teaching.exam_key") << QStringLiteral("cases[0].exam:");
        QTest::newRow("folder without images")
            << withCases(R"({"exam": "no-images", "truth": {"left": "normal", "right": "normal"}})")
            << QStringLiteral("teaching.exam_unreadable") << QStringLiteral("cases[0].exam:");
        QTest::newRow("one exam twice")
            << withCases(kNormalCase + "," +
                         R"({"exam": "exam-a", "exam_key": "exam-a",
                             "truth": {"left": "normal", "right": "normal"}})")
            << QStringLiteral("teaching.duplicate_exam") << QStringLiteral("cases[1]: exam exam-a");
    }

    void read_badFile_givesSpecificError()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, code);
        QFETCH(QString, where);
        Files f;
        const auto set = f.read(json);
        QVERIFY(!set.ok());
        QCOMPARE(set.error().code, code);
        QVERIFY2(set.error().message.startsWith(where), qPrintable(set.error().message));
        QCOMPARE(set.error().source,
                 QFileInfo(f.path(QStringLiteral("set.json"))).absoluteFilePath());
    }

    void read_missingFile_isNotFound()
    {
        const auto set = CaseSetFile::read(QStringLiteral("/nonexistent/set.json"));
        QVERIFY(!set.ok());
        QCOMPARE(set.error().code, QStringLiteral("teaching.not_found"));
    }

    void read_withoutExamCheck_needsKeysAndLeavesExamsAlone()
    {
        Files f;
        CaseSetFile::Options unchecked;
        unchecked.checkExams = false;
        const auto missingKey = f.read(withCases(kNormalCase), unchecked);
        QVERIFY(!missingKey.ok());
        QCOMPARE(missingKey.error().code, QStringLiteral("teaching.schema"));
        QVERIFY(missingKey.error().message.startsWith(QLatin1String("cases[0].exam_key")));

        const auto set = f.read(withCases(R"({"exam": "elsewhere/exam", "exam_key": "1.2.3",
                                               "truth": {"left": "benign", "right": "normal"}})"),
                                unchecked);
        QVERIFY2(set.ok(), qPrintable(set.error().toString()));
        QCOMPARE(set.value().cases[0].examKey, QStringLiteral("1.2.3"));
        QCOMPARE(set.value().cases[0].examPath,
                 QDir::cleanPath(f.path(QStringLiteral("elsewhere/exam"))));
    }

    void boxOfMask_boundingBoxOfEveryNonZeroPixel_data()
    {
        QTest::addColumn<int>("type");
        QTest::addColumn<QList<QRect>>("rects"); ///< drawn at 255
        QTest::addColumn<QRect>("box");
        QTest::newRow("one rectangle")
            << int(CV_8UC1) << QList<QRect>{QRect(10, 20, 30, 40)} << QRect(10, 20, 30, 40);
        QTest::newRow("one pixel")
            << int(CV_8UC1) << QList<QRect>{QRect(159, 199, 1, 1)} << QRect(159, 199, 1, 1);
        QTest::newRow("two blobs span one box")
            << int(CV_8UC1) << QList<QRect>{QRect(10, 20, 5, 5), QRect(100, 150, 10, 4)}
            << QRect(10, 20, 100, 134);
        QTest::newRow("16-bit mask")
            << int(CV_16UC1) << QList<QRect>{QRect(0, 0, 3, 2)} << QRect(0, 0, 3, 2);
        QTest::newRow("colour mask")
            << int(CV_8UC3) << QList<QRect>{QRect(50, 60, 7, 9)} << QRect(50, 60, 7, 9);
    }

    void boxOfMask_boundingBoxOfEveryNonZeroPixel()
    {
        QFETCH(int, type);
        QFETCH(QList<QRect>, rects);
        QFETCH(QRect, box);
        QTemporaryDir dir;
        cv::Mat m = cv::Mat::zeros(200, 160, type);
        for (const QRect& r : rects)
            m(cv::Rect(r.x(), r.y(), r.width(), r.height())).setTo(cv::Scalar::all(255));
        const QString path = dir.filePath(QStringLiteral("m.png"));
        QVERIFY(writeImage(path, m));
        const auto lesion = CaseSetFile::boxOfMask(path);
        QVERIFY2(lesion.ok(), qPrintable(lesion.error().toString()));
        QCOMPARE(
            QRect(lesion.value().x, lesion.value().y, lesion.value().width, lesion.value().height),
            box);
        QCOMPARE(lesion.value().mask, path);
    }

    void boxOfMask_opaqueAlphaAlone_isEmpty()
    {
        // RGBA with alpha 255 everywhere and no colour: the alpha channel is not the lesion.
        QTemporaryDir dir;
        cv::Mat m(50, 40, CV_8UC4, cv::Scalar(0, 0, 0, 255));
        const QString path = dir.filePath(QStringLiteral("alpha.png"));
        QVERIFY(writeImage(path, m));
        const auto lesion = CaseSetFile::boxOfMask(path);
        QVERIFY(!lesion.ok());
        QCOMPARE(lesion.error().code, QStringLiteral("teaching.mask_empty"));
    }

    void examKeyAt_examListAndSampleExam_useTheLoadersIds()
    {
        // An exam list (.json): its entries' ids.
        Files f;
        const QString list = f.path(QStringLiteral("list.json"));
        QVERIFY(writeText(list, R"({"exams": [{"id": "screening-0001", "L-CC": ["exam-a/L-CC.png"]},
                                              {"id": "screening-0002", "L-CC": ["exam-a/R-CC.png"]}]})"));
        QCOMPARE(CaseSetFile::examKeyAt(list, QStringLiteral("screening-0002")).value(),
                 QStringLiteral("screening-0002"));
        const auto ambiguous = CaseSetFile::examKeyAt(list, QString());
        QVERIFY(!ambiguous.ok());
        QCOMPARE(ambiguous.error().code, QStringLiteral("teaching.exam_key"));
        QVERIFY(ambiguous.error().message.contains(QLatin1String("screening-0001")));

        // The real sample exam: a PNG folder is named after the folder (its masks, in model-input
        // pixels, are not images of the exam).
        const QString sample = QStringLiteral(MAMMOLENS_SHARED_DIR "/data/gmic-sample-exam");
        if (!QFileInfo(sample).isDir())
            QSKIP("the shared sample exam is not here");
        const auto key = CaseSetFile::examKeyAt(sample, QString());
        QVERIFY2(key.ok(), qPrintable(key.error().toString()));
        QCOMPARE(key.value(), QStringLiteral("gmic-sample-exam"));
    }

    void write_thenRead_givesTheSameCases()
    {
        Files f;
        const auto original = f.read(R"({"name": "Round trip", "description": "d",
            "cases": [
              {"exam": "exam-a", "truth": {"left": "malignant", "right": "benign"},
               "lesions": [{"breast": "L", "view": "CC", "mask": "masks/lesion.png"},
                           {"breast": "R", "view": "MLO", "class": "benign",
                            "box": {"x": 1, "y": 2, "width": 3, "height": 4}}]},
              {"exam": "two", "exam_key": "exam-b", "truth": {"left": "normal", "right": "normal"}}
            ]})");
        QVERIFY2(original.ok(), qPrintable(original.error().toString()));
        const QString copy = f.path(QStringLiteral("elsewhere/copy.json"));
        QVERIFY(CaseSetFile::write(original.value(), copy).ok());
        const auto again = CaseSetFile::read(copy);
        QVERIFY2(again.ok(), qPrintable(again.error().toString()));
        QCOMPARE(again.value().name, original.value().name);
        QCOMPARE(again.value().description, original.value().description);
        QCOMPARE(again.value().cases.size(), original.value().cases.size());
        for (size_t i = 0; i < original.value().cases.size(); ++i) {
            CaseTruth expected = original.value().cases[i];
            for (CaseLesion& l : expected.lesions)
                l.mask.clear(); // the file keeps the box a mask gave, not the mask
            QVERIFY2(again.value().cases[i] == expected, qPrintable(QString::number(i)));
        }
        // Paths are written relative to the file.
        QFile file(copy);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.readAll().contains("\"../exam-a\""));
    }
};

QTEST_GUILESS_MAIN(TestCaseSetFile)
#include "tst_casesetfile.moc"
