// Exam list files (docs/exam-list.md): schema, paths relative to the list, and per-exam errors.

#include "core/exam/examlistfile.h"
#include "shareddir.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace mammolens::core;

namespace {

QString writeList(const QTemporaryDir& dir, const QByteArray& json,
                  const QString& name = "exams.json")
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(json);
    return path;
}

} // namespace

class TestExamListFile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void sampleListLoadsWithRelativePaths();
    void referenceStyleBareListWithoutExtensions();
    void extraImagesOfAViewAreListed();
    void malformedExamCostsOnlyThatExam();
    void badFileGivesSpecificError_data();
    void badFileGivesSpecificError();
    void customReaderIsUsed();

private:
    QTemporaryDir dir_;
    QString relativeSample_; ///< the sample folder, relative to dir_
};

void TestExamListFile::initTestCase()
{
    QVERIFY2(QDir(sampleExamDir()).exists(),
             qPrintable("the shared sample exam is missing (" + sampleExamDir() + ")"));
    QVERIFY(dir_.isValid());
    relativeSample_ = QDir(dir_.path()).relativeFilePath(sampleExamDir());
}

void TestExamListFile::sampleListLoadsWithRelativePaths()
{
    const QString s = relativeSample_;
    const QByteArray json = QString(R"({
        "version": 1,
        "exams": [{
            "id": "sample-0",
            "horizontal_flip": "NO",
            "L-CC": ["%1/0_L-CC.png"], "R-CC": ["%1/0_R-CC.png"],
            "L-MLO": ["%1/0_L-MLO.png"], "R-MLO": "%1/0_R-MLO.png"
        }]})")
                                .arg(s)
                                .toUtf8();
    const Outcome<std::vector<Exam>> exams = ExamListFile::read(writeList(dir_, json));
    QVERIFY2(exams.ok(), qPrintable(exams.error().toString()));
    QCOMPARE(exams.value().size(), size_t(1));
    const Exam& exam = exams.value()[0];
    QCOMPARE(exam.id, QString("sample-0"));
    QVERIFY(!exam.horizontalFlip);
    QVERIFY(exam.errors.empty());
    QVERIFY2(exam.warnings.isEmpty(), qPrintable(exam.warnings.join('\n')));
    QCOMPARE(exam.views.size(), size_t(4));
    for (StandardView view : kStandardViews) {
        QVERIFY(exam.views.at(view).viewSource == DecisionSource::ExamList);
        QCOMPARE(exam.views.at(view).standardView(), std::optional<StandardView>(view));
    }
}

void TestExamListFile::referenceStyleBareListWithoutExtensions()
{
    // The GMIC reference's exam_list: a bare list, YES/NO flags, image names without extension.
    const QByteArray json = QString(R"([
        {"horizontal_flip": "YES", "L-CC": ["%1/0_L-CC"], "R-CC": ["%1/0_R-CC"],
         "best_center": {"L-CC": [1011, -211]}},
        {"horizontal_flip": false, "L-MLO": ["%1/0_L-MLO"]}
    ])")
                                .arg(relativeSample_)
                                .toUtf8();
    const Outcome<std::vector<ExamListEntry>> entries =
        ExamListFile::readEntries(writeList(dir_, json, "reference.json"));
    QVERIFY2(entries.ok(), qPrintable(entries.error().toString()));
    QCOMPARE(entries.value().size(), size_t(2));
    const ExamListEntry& first = entries.value()[0];
    QCOMPARE(first.id, QString("1")); // no id: the position in the list
    QVERIFY(first.horizontalFlip);
    QCOMPARE(first.files.at(StandardView::LCC),
             QStringList{QDir::cleanPath(sampleExamDir() + "/0_L-CC.png")});
    QVERIFY(first.errors.empty());
    QCOMPARE(entries.value()[1].id, QString("2"));
    QVERIFY(!entries.value()[1].horizontalFlip);

    const Exam exam = ExamListFile::load(first);
    QCOMPARE(exam.views.size(), size_t(2));
    QVERIFY(exam.horizontalFlip);
    QCOMPARE(exam.warnings.size(), 2); // no L-MLO, no R-MLO
}

void TestExamListFile::extraImagesOfAViewAreListed()
{
    const QByteArray json = QString(R"({"exams": [{"id": "x", "R-CC": ["%1/0_R-CC.png",
                                        "%1/0_R-CC_benign.png"]}]})")
                                .arg(relativeSample_)
                                .toUtf8();
    const Outcome<std::vector<Exam>> exams =
        ExamListFile::read(writeList(dir_, json, "extra.json"));
    QVERIFY(exams.ok());
    const Exam& exam = exams.value()[0];
    QCOMPARE(exam.views.size(), size_t(1));
    QCOMPARE(exam.otherViews.size(), size_t(1));
    QVERIFY(exam.warnings.join('\n').contains("several R-CC images"));
}

void TestExamListFile::malformedExamCostsOnlyThatExam()
{
    const QByteArray json = QString(R"({"version": 1, "exams": [
        {"id": "good", "L-CC": ["%1/0_L-CC.png"]},
        {"id": "bad-flip", "horizontal_flip": "MAYBE", "L-CC": ["%1/0_L-CC.png"]},
        {"id": "bad-view", "R-CC": 5},
        {"id": "missing-file", "R-MLO": ["nowhere/0_R-MLO.png"]},
        "not an object",
        {"id": "good", "L-MLO": ["%1/0_L-MLO.png"]}
    ]})")
                                .arg(relativeSample_)
                                .toUtf8();
    const Outcome<std::vector<Exam>> exams =
        ExamListFile::read(writeList(dir_, json, "mixed.json"));
    QVERIFY2(exams.ok(), qPrintable(exams.error().toString()));
    const std::vector<Exam>& e = exams.value();
    QCOMPARE(e.size(), size_t(6));
    QVERIFY(e[0].errors.empty());
    QCOMPARE(e[0].views.size(), size_t(1));
    QCOMPARE(e[1].errors.size(), size_t(1));
    QCOMPARE(e[1].errors[0].code, QString("examlist.schema"));
    QCOMPARE(e[2].errors[0].code, QString("examlist.schema"));
    QCOMPARE(e[3].errors.size(), size_t(1));
    QCOMPARE(e[3].errors[0].code, QString("png.not_found"));
    QCOMPARE(e[4].errors[0].code, QString("examlist.schema"));
    QVERIFY(e[5].warnings.join('\n').contains("appears more than once"));
}

void TestExamListFile::badFileGivesSpecificError_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("code");
    QTest::newRow("not JSON") << QByteArray("{\"exams\": [") << "examlist.invalid_json";
    QTest::newRow("no exams list") << QByteArray("{\"exam\": []}") << "examlist.schema";
    QTest::newRow("future version")
        << QByteArray("{\"version\": 2, \"exams\": []}") << "examlist.schema";
    QTest::newRow("missing file") << QByteArray() << "examlist.not_found";
}

void TestExamListFile::badFileGivesSpecificError()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, code);
    const QString path = code == "examlist.not_found" ? dir_.filePath("absent.json")
                                                      : writeList(dir_, json, "bad.json");
    const Outcome<std::vector<ExamListEntry>> entries = ExamListFile::readEntries(path);
    QVERIFY(!entries.ok());
    QCOMPARE(entries.error().code, code);
    QCOMPARE(entries.error().source, path);
}

void TestExamListFile::customReaderIsUsed()
{
    ExamListEntry entry;
    entry.id = "dicom";
    entry.files[StandardView::LMLO] << "/somewhere/image.dcm";
    QStringList asked;
    const Exam exam = ExamListFile::load(entry, [&](const QString& path, StandardView view) {
        asked << path + " " + toString(view);
        MammogramImage image;
        image.sourcePath = path;
        image.laterality = lateralityOf(view);
        image.position = positionOf(view);
        return Outcome<MammogramImage>(image);
    });
    QCOMPARE(asked, QStringList{"/somewhere/image.dcm L-MLO"});
    QCOMPARE(exam.views.size(), size_t(1));
}

QTEST_GUILESS_MAIN(TestExamListFile)
#include "tst_examlistfile.moc"
