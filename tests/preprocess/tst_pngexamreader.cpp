// A folder of PNGs named by view read as one exam: duplicates, missing views and bad files.

#include "core/png/pngexamreader.h"
#include "shareddir.h"
#include "syntheticmammogram.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <opencv2/imgcodecs.hpp>

using namespace mammolens::core;

namespace {

void writePng(const QString& path, const cv::Mat& image)
{
    QVERIFY(cv::imwrite(path.toStdString(), image));
}

} // namespace

class TestPngExamReader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void sampleFolderLoadsFourViewsAndListsTheMasks();
    void corruptFileCostsOnlyItsView();
    void corruptFileFallsBackToItsDuplicate();
    void missingViewsAndUnnamedFilesAreReported();
    void missingFolderAndEmptyFolderFail();
    void horizontalFlipIsCarried();
    void cancelledLoadStops();
};

void TestPngExamReader::initTestCase()
{
    QVERIFY2(QDir(sampleExamDir()).exists(),
             qPrintable("the shared sample exam is missing (" + sampleExamDir() + ")"));
}

void TestPngExamReader::sampleFolderLoadsFourViewsAndListsTheMasks()
{
    const Outcome<Exam> exam = PngExamReader().read(sampleExamDir());
    QVERIFY2(exam.ok(), qPrintable(exam.error().toString()));
    const Exam& e = exam.value();
    QCOMPARE(e.id, QString("gmic-sample-exam"));
    QVERIFY(!e.horizontalFlip);
    QCOMPARE(e.views.size(), size_t(4));
    QVERIFY(e.errors.empty());
    for (StandardView view : kStandardViews) {
        const MammogramImage& image = e.views.at(view);
        QCOMPARE(QFileInfo(image.sourcePath).fileName(), "0_" + toString(view) + ".png");
        QCOMPARE(image.standardView(), std::optional<StandardView>(view));
    }
    // The two lesion masks name R-CC and R-MLO too: listed as duplicates, never model inputs.
    QCOMPARE(e.otherViews.size(), size_t(2));
    QCOMPARE(e.warnings.size(), 2);
    QVERIFY2(e.warnings.join('\n').contains("duplicate R-CC: using 0_R-CC.png, also found "
                                            "0_R-CC_benign.png"),
             qPrintable(e.warnings.join('\n')));
}

void TestPngExamReader::corruptFileCostsOnlyItsView()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    writePng(dir.filePath("1_L-CC.png"), syntheticMammogram(400, 300, true));
    writePng(dir.filePath("1_R-CC.png"), syntheticMammogram(400, 300, false));
    writePng(dir.filePath("1_L-MLO.png"), syntheticMammogram(450, 300, true));
    QFile corrupt(dir.filePath("1_R-MLO.png"));
    QVERIFY(corrupt.open(QIODevice::WriteOnly));
    corrupt.write(QByteArray("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR", 16)); // cut after the chunk type
    corrupt.close();

    const Outcome<Exam> exam = PngExamReader().read(dir.path());
    QVERIFY2(exam.ok(), qPrintable(exam.error().toString()));
    QCOMPARE(exam.value().views.size(), size_t(3));
    QVERIFY(!exam.value().views.count(StandardView::RMLO));
    QCOMPARE(exam.value().errors.size(), size_t(1));
    QCOMPARE(exam.value().errors[0].code, QString("png.truncated"));
    QVERIFY(exam.value().errors[0].source.endsWith("1_R-MLO.png"));
    QCOMPARE(exam.value().warnings, QStringList{"no readable R-MLO image in the folder"});
}

void TestPngExamReader::corruptFileFallsBackToItsDuplicate()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile corrupt(dir.filePath("L-CC.png"));
    QVERIFY(corrupt.open(QIODevice::WriteOnly));
    corrupt.write("not a png at all");
    corrupt.close();
    writePng(dir.filePath("L-CC_copy.png"), syntheticMammogram(400, 300, true));

    const Outcome<Exam> exam = PngExamReader().read(dir.path());
    QVERIFY(exam.ok());
    // The corrupt file fails its header check, so the copy is the L-CC image.
    QCOMPARE(QFileInfo(exam.value().views.at(StandardView::LCC).sourcePath).fileName(),
             QString("L-CC_copy.png"));
    QCOMPARE(exam.value().errors.size(), size_t(1));
    QCOMPARE(exam.value().errors[0].code, QString("png.not_png"));
}

void TestPngExamReader::missingViewsAndUnnamedFilesAreReported()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    writePng(dir.filePath("rcc.png"), syntheticMammogram(400, 300, false));
    writePng(dir.filePath("overview.png"), syntheticMammogram(400, 300, false));
    QFile notes(dir.filePath("notes.txt"));
    QVERIFY(notes.open(QIODevice::WriteOnly));
    notes.close();

    const Outcome<Exam> exam = PngExamReader().read(dir.path());
    QVERIFY(exam.ok());
    QCOMPARE(exam.value().views.size(), size_t(1));
    QVERIFY(exam.value().views.count(StandardView::RCC));
    QCOMPARE(exam.value().errors.size(), size_t(1));
    QCOMPARE(exam.value().errors[0].code, QString("png.no_view"));
    QCOMPARE(exam.value().warnings.size(), 3); // L-CC, L-MLO, R-MLO missing
}

void TestPngExamReader::missingFolderAndEmptyFolderFail()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const Outcome<Exam> missing = PngExamReader().read(dir.filePath("nothing-here"));
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().code, QString("pngexam.no_folder"));
    const Outcome<Exam> empty = PngExamReader().read(dir.path());
    QVERIFY(!empty.ok());
    QCOMPARE(empty.error().code, QString("pngexam.no_png"));
}

void TestPngExamReader::horizontalFlipIsCarried()
{
    const Outcome<Exam> exam = PngExamReader().read(sampleExamDir(), true);
    QVERIFY(exam.ok());
    QVERIFY(exam.value().horizontalFlip);
}

void TestPngExamReader::cancelledLoadStops()
{
    const std::atomic<bool> cancel{true};
    const Outcome<Exam> exam = PngExamReader().read(sampleExamDir(), false, &cancel);
    QVERIFY(!exam.ok());
    QCOMPARE(exam.error().code, QString("pngexam.cancelled"));
}

QTEST_GUILESS_MAIN(TestPngExamReader)
#include "tst_pngexamreader.moc"
