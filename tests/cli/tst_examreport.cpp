// The exam report (docs/exports.md "Report"): rendered from a real pipeline run (seeded random
// weights at the demo's small configuration, on the shared sample exam), then opened as other
// software opens it: poppler's pdftoppm renders the page, pdftotext reads its text, QImage loads
// the PNG. And `mammolens-cli infer --report` end to end.

#include "app/common/examanalyzer.h"
#include "app/common/examreportwriter.h"
#include "app/common/examsource.h"
#include "core/dicom/dicommammogramwriter.h"
#include "core/png/pngexamreader.h"
#include "core/png/pngimagereader.h"
#include "inference/engine/gmicengine.h"
#include "inference/engine/modelloader.h"
#include "tests/cli/clirun.h"

#include <QDirIterator>
#include <QFile>
#include <QGuiApplication>
#include <QImage>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using namespace mammolens;
using app::ExamReportWriter;
using core::StandardView;

namespace {

const QString kExamDir = QStringLiteral(MAMMOLENS_SHARED_DIR "/data/gmic-sample-exam");
const QString kParityWeights = QStringLiteral(MAMMOLENS_SHARED_DIR "/parity/weights.safetensors");

/// The demo model's configuration (app/common/selftest.cpp): about a second per exam on a CPU.
inference::GmicConfig smallConfig()
{
    inference::GmicConfig c;
    c.inputRows = 576;
    c.inputCols = 384;
    c.camRows = inference::GmicConfig::globalMapSize(576);
    c.camCols = inference::GmicConfig::globalMapSize(384);
    c.cropRows = c.cropCols = 64;
    c.percentT = 0.05;
    return c;
}

struct Tool
{
    int code = -1;
    QByteArray out;
    QString err;
};

Tool runTool(const QString& program, const QStringList& args)
{
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(120000))
        return {-1, {}, program + QStringLiteral(" did not run (Debian package poppler-utils)")};
    return {p.exitCode(), p.readAllStandardOutput(), QString::fromUtf8(p.readAllStandardError())};
}

/// The PDF's text as pdftotext reads it, whitespace collapsed: in reading order, or with
/// `layout` as laid out on the page (a table's row on one line).
QString pdfText(const QString& pdf, bool layout = false)
{
    QStringList args{QStringLiteral("-enc"), QStringLiteral("UTF-8"), pdf, QStringLiteral("-")};
    if (layout)
        args.prepend(QStringLiteral("-layout"));
    const Tool t = runTool(QStringLiteral("pdftotext"), args);
    if (t.code != 0)
        qWarning("pdftotext: %s", qPrintable(t.err));
    return QString::fromUtf8(t.out).simplified();
}

bool containsPattern(const QString& text, const QString& pattern)
{
    return QRegularExpression(pattern).match(text).hasMatch();
}

QString score(double v)
{
    return QString::number(v, 'f', 3);
}

/// Breast tissue (or its red overlay) in the PNG: neither the white page nor the black background
/// of a mammogram.
bool isTissue(QRgb c)
{
    const int hi = std::max({qRed(c), qGreen(c), qBlue(c)});
    const int lo = std::min({qRed(c), qGreen(c), qBlue(c)});
    return hi > 40 && lo < 235;
}

/// The malignant overlay at full strength: red over grey (Visualizer's blend, 0.7 x value).
bool isRed(QRgb c)
{
    return qRed(c) >= 170 && qGreen(c) <= 90 && qBlue(c) <= 90;
}

int countInColumn(const QImage& image, const QRect& cell, int x, bool (*test)(QRgb))
{
    int n = 0;
    for (int y = cell.top(); y <= cell.bottom(); ++y)
        n += test(image.pixel(x, y)) ? 1 : 0;
    return n;
}

int countInRect(const QImage& image, const QRect& rect, bool (*test)(QRgb))
{
    int n = 0;
    for (int y = rect.top(); y <= rect.bottom(); ++y)
        for (int x = rect.left(); x <= rect.right(); ++x)
            n += test(image.pixel(x, y)) ? 1 : 0;
    return n;
}

} // namespace

class TestExamReport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void reportWithAssessmentRendersAndCarriesEverything();
    void reportWithoutAssessmentSaysNoneRecorded();
    void viewsHangWithChestWallsTowardTheCentre();
    void malignantOverlayStaysOnItsOwnView();
    void failedViewShowsItsErrorWithoutThePath();
    void dicomPatientNameNeverAppears();
    void cliInferReportWritesPdfAndPngAndResumes();

private:
    app::ExamAnalysis analyze(const core::Exam& exam);
    /// Writes the report into `dir`, checks the PDF renders as one A4 page; returns its text.
    QString writeAndRender(const ExamReportWriter& writer, const QString& dir);

    inference::GmicEngine engine_;
    std::string modelShortId_;
    core::Exam exam_;
    app::ExamAnalysis analysis_;
    ExamReportWriter::ReaderAssessment reader_;
};

void TestExamReport::initTestCase()
{
    for (const char* tool : {"pdftoppm", "pdftotext"})
        QVERIFY2(!QStandardPaths::findExecutable(QLatin1String(tool)).isEmpty(),
                 "poppler-utils is missing (tools/dev installs it)");
    auto added = engine_.addModel(inference::ModelLoader::random(smallConfig(), 1));
    QVERIFY2(added.ok(), added.ok() ? "" : added.error().c_str());
    modelShortId_ = added.value()->identity.shortId();
    auto exam = core::PngExamReader().read(kExamDir);
    QVERIFY2(exam.ok(), exam.ok() ? "" : qPrintable(exam.error().toString()));
    exam_ = std::move(exam).value();
    analysis_ = analyze(exam_);
    QCOMPARE(int(analysis_.views.size()), 4);
    QVERIFY(analysis_.complete());

    core::Assessment& a = reader_.assessment;
    reader_.readerName = QStringLiteral("Dr A. Example");
    a.examKey = analysis_.examId;
    a.phase = core::AssessmentPhase::PostAi;
    a.biradsRight = 4;
    a.biradsLeft = 1;
    a.recall = true;
    a.density = core::BreastDensity::C;
    a.confidence = 70;
    a.findings.push_back(
        {core::FindingType::Mass, core::Laterality::Right, QStringLiteral("CC"), 412, 1033, 40.0});
    a.findings.push_back({core::FindingType::ArchitecturalDistortion, core::Laterality::Right,
                          QStringLiteral("MLO"), 380, 1500, std::nullopt});
    a.notes = QStringLiteral("Irregular mass in the right upper outer quadrant; compare with the "
                             "prior exam before deciding.");
    a.createdAt = QDateTime(QDate(2026, 3, 4), QTime(9, 15, 0), Qt::UTC);
    a.updatedAt = QDateTime(QDate(2026, 3, 4), QTime(9, 21, 30), Qt::UTC);
    QVERIFY2(a.validate().isEmpty(), qPrintable(a.validate()));
}

app::ExamAnalysis TestExamReport::analyze(const core::Exam& exam)
{
    app::ExamAnalyzer analyzer(engine_);
    return analyzer.analyze(exam, inference::RunControl{});
}

QString TestExamReport::writeAndRender(const ExamReportWriter& writer, const QString& dir)
{
    auto files = writer.write(dir);
    if (!files) {
        qWarning("%s", qPrintable(files.error().toString()));
        return {};
    }
    const QString pdf = dir + QStringLiteral("/report.pdf");
    if (files.value() != QStringList{pdf, dir + QStringLiteral("/report.png")})
        return {};
    // One page, rendered by poppler at 50 dpi: A4 portrait is 413 x 585 pixels.
    const Tool render = runTool(QStringLiteral("pdftoppm"),
                                {QStringLiteral("-r"), QStringLiteral("50"), QStringLiteral("-png"),
                                 pdf, dir + QStringLiteral("/page")});
    if (render.code != 0) {
        qWarning("pdftoppm: %s", qPrintable(render.err));
        return {};
    }
    const QStringList pages = QDir(dir).entryList({QStringLiteral("page*.png")});
    if (pages.size() != 1) {
        qWarning("pdftoppm made %lld pages", qlonglong(pages.size()));
        return {};
    }
    const QImage page(dir + QLatin1Char('/') + pages.front());
    const double aspect = double(page.height()) / page.width();
    if (page.isNull() || std::abs(aspect - 297.0 / 210.0) > 0.01 ||
        std::abs(page.width() - 413) > 2) {
        qWarning("the page is %dx%d, not A4 portrait at 50 dpi", page.width(), page.height());
        return {};
    }
    // Something was drawn: the four views alone cover far more than a tenth of the page.
    if (countInRect(page, page.rect(), [](QRgb c) { return qGray(c) < 200; }) <
        page.width() * page.height() / 10) {
        qWarning("the rendered page is almost blank");
        return {};
    }
    return pdfText(pdf);
}

void TestExamReport::reportWithAssessmentRendersAndCarriesEverything()
{
    QTemporaryDir dir;
    const ExamReportWriter writer(exam_, analysis_, &reader_,
                                  QDateTime(QDate(2026, 3, 4), QTime(10, 0, 0), Qt::UTC));
    const QString text = writeAndRender(writer, dir.path());
    QVERIFY2(!text.isEmpty(), "the report was not written or did not render");

    for (const QString& expected :
         {QStringLiteral("MammoLens exam report"), analysis_.examId,
          QStringLiteral("Generated 2026-03-04 10:00:00 UTC"),
          QString::fromStdString(modelShortId_),
          QStringLiteral("NOT FOR DIAGNOSIS: random weights"),
          QString::fromStdString(analysis_.models.front().config.describe()),
          QStringLiteral("Dr A. Example"), QStringLiteral("post-AI"),
          QStringLiteral("2026-03-04 09:21:30 UTC"),
          QStringLiteral("mass, right breast, CC, at column 412, row 1033, radius 40"),
          QStringLiteral("architectural distortion, right breast, MLO, at column 380, row 1500"),
          QStringLiteral("compare with the prior exam"),
          QStringLiteral("MammoLens ") + QStringLiteral(MAMMOLENS_VERSION),
          QStringLiteral("page 1 of 1")})
        QVERIFY2(text.contains(expected),
                 qPrintable(expected + QStringLiteral(" missing in: ") + text));
    for (const QString& pattern :
         {QStringLiteral("BI-RADS right: ?4"), QStringLiteral("BI-RADS left: ?1"),
          QStringLiteral("Recall: ?yes"), QStringLiteral("Density: ?C"),
          QStringLiteral("Confidence: ?70 / 100"), QStringLiteral("Phase: ?post-AI")})
        QVERIFY2(containsPattern(text, pattern),
                 qPrintable(pattern + QStringLiteral(" in: ") + text));
    QVERIFY(!text.contains(QLatin1String("No reader assessment recorded")));

    // Every view's y_fusion as the view's label shows it, and each breast's mean and max.
    for (const app::ViewAnalysis& v : analysis_.views) {
        const auto& y = v.prediction->yFusion;
        QVERIFY2(text.contains(QStringLiteral("benign ") + score(y[0])),
                 qPrintable(core::toString(v.view)));
        QVERIFY2(text.contains(QStringLiteral("malignant ") + score(y[1])),
                 qPrintable(core::toString(v.view)));
    }
    const QString table = pdfText(dir.filePath(QStringLiteral("report.pdf")), true);
    for (auto side : {core::Laterality::Right, core::Laterality::Left}) {
        const auto& cc =
            analysis_.view(*core::standardView(side, core::ViewPosition::CC))->prediction->yFusion;
        const auto& mlo =
            analysis_.view(*core::standardView(side, core::ViewPosition::MLO))->prediction->yFusion;
        const QString row =
            QStringList{side == core::Laterality::Right ? QStringLiteral("Right")
                                                        : QStringLiteral("Left"),
                        QStringLiteral("CC\\+MLO"),
                        QRegularExpression::escape(score((double(cc[0]) + mlo[0]) / 2)),
                        QRegularExpression::escape(score(std::max(cc[0], mlo[0]))),
                        QRegularExpression::escape(score((double(cc[1]) + mlo[1]) / 2)),
                        QRegularExpression::escape(score(std::max(cc[1], mlo[1])))}
                .join(QStringLiteral("\\s+"));
        QVERIFY2(containsPattern(table, row), qPrintable(row + QStringLiteral(" in: ") + table));
    }

    QImage png(dir.filePath(QStringLiteral("report.png")));
    QVERIFY(!png.isNull());
    QCOMPARE(png.size(), QSize(ExamReportWriter::kPngWidth, ExamReportWriter::kPngHeight));
}

void TestExamReport::reportWithoutAssessmentSaysNoneRecorded()
{
    QTemporaryDir dir;
    const ExamReportWriter writer(exam_, analysis_, nullptr, QDateTime::currentDateTimeUtc());
    const QString text = writeAndRender(writer, dir.path());
    QVERIFY2(!text.isEmpty(), "the report was not written or did not render");
    QVERIFY2(text.contains(QLatin1String("No reader assessment recorded.")), qPrintable(text));
    QVERIFY(!text.contains(QLatin1String("BI-RADS")));
    QVERIFY(text.contains(QLatin1String("NOT FOR DIAGNOSIS")));
}

void TestExamReport::viewsHangWithChestWallsTowardTheCentre()
{
    const ExamReportWriter writer(exam_, analysis_, nullptr, QDateTime::currentDateTimeUtc());
    auto bytes = writer.png();
    QVERIFY(bytes.ok());
    const QImage png = QImage::fromData(bytes.value(), "PNG").convertToFormat(QImage::Format_RGB32);
    QVERIFY(!png.isNull());

    // R-CC | L-CC above R-MLO | L-MLO: the right breast on the viewer's left.
    const QRect rcc = writer.pngViewCell(StandardView::RCC),
                lcc = writer.pngViewCell(StandardView::LCC);
    const QRect rmlo = writer.pngViewCell(StandardView::RMLO),
                lmlo = writer.pngViewCell(StandardView::LMLO);
    QVERIFY(rcc.right() < png.width() / 2 && lcc.left() > png.width() / 2);
    QVERIFY(rmlo.right() < png.width() / 2 && lmlo.left() > png.width() / 2);
    QVERIFY(rcc.bottom() < rmlo.top() && lcc.bottom() < lmlo.top());

    // The sample exam is stored unflipped: right breasts with the chest wall on the image's right
    // edge, left breasts on the left. Drawn as stored against the inner edge, the chest wall
    // (tissue down most of the image's height) lies on the cell's inner edge; a mirrored image
    // would put the nipple side there (background but for a few rows).
    for (const QRect& cell : {rcc, rmlo, lcc, lmlo}) {
        const bool right = cell.right() < png.width() / 2;
        const int inner = right ? cell.right() - 1 : cell.left() + 1;
        const int atChestWall = countInColumn(png, cell, inner, isTissue);
        QVERIFY2(atChestWall > cell.height() / 4,
                 qPrintable(QStringLiteral("cell at x %1: %2 tissue pixels on the inner edge")
                                .arg(cell.left())
                                .arg(atChestWall)));
        // and a little outward of it still (the breast, not a stray edge)
        const int step = right ? -1 : 1;
        QVERIFY(countInColumn(png, cell, inner + 20 * step, isTissue) > cell.height() / 4);
    }
}

void TestExamReport::malignantOverlayStaysOnItsOwnView()
{
    // A malignant map that is 1 everywhere on R-CC and 0 on the other views: red appears in the
    // R-CC cell only (a heatmap on the wrong breast or view is a clinical error).
    app::ExamAnalysis analysis = analysis_;
    for (app::ViewAnalysis& v : analysis.views) {
        inference::GmicResult& r = v.prediction->perModel.front();
        const size_t cells = size_t(r.camRows) * size_t(r.camCols);
        std::fill(r.saliency.begin() + cells, r.saliency.end(),
                  v.view == StandardView::RCC ? 1.0f : 0.0f);
    }
    const ExamReportWriter writer(exam_, analysis, nullptr, QDateTime::currentDateTimeUtc());
    auto bytes = writer.png();
    QVERIFY(bytes.ok());
    const QImage png = QImage::fromData(bytes.value(), "PNG").convertToFormat(QImage::Format_RGB32);
    const QRect rcc = writer.pngViewCell(StandardView::RCC);
    const int red = countInRect(png, rcc, isRed);
    // The map covers the model's input window on the breast (a part of it at this small size).
    QVERIFY2(red > rcc.width() * rcc.height() / 200, qPrintable(QString::number(red)));
    for (StandardView v : {StandardView::LCC, StandardView::RMLO, StandardView::LMLO}) {
        const int stray = countInRect(png, writer.pngViewCell(v), isRed);
        QVERIFY2(stray == 0,
                 qPrintable(core::toString(v) + QStringLiteral(": ") + QString::number(stray)));
    }
}

void TestExamReport::failedViewShowsItsErrorWithoutThePath()
{
    app::ExamAnalysis analysis = analysis_;
    app::ViewAnalysis* rmlo = nullptr;
    for (app::ViewAnalysis& v : analysis.views)
        if (v.view == StandardView::RMLO)
            rmlo = &v;
    QVERIFY(rmlo);
    rmlo->prediction.reset();
    rmlo->error = rmlo->source + QStringLiteral(": the breast could not be found in the image");
    QTemporaryDir dir;
    const ExamReportWriter writer(exam_, analysis, nullptr, QDateTime::currentDateTimeUtc());
    const QString text = writeAndRender(writer, dir.path());
    QVERIFY2(!text.isEmpty(), "the report was not written or did not render");
    QVERIFY2(text.contains(QLatin1String("Failed: the breast could not be found in the image")),
             qPrintable(text));
    const QString table = pdfText(dir.filePath(QStringLiteral("report.pdf")), true);
    QVERIFY2(containsPattern(table, QStringLiteral("R-MLO\\s+failed")), qPrintable(table));
    QVERIFY2(!text.contains(kExamDir) && !text.contains(QLatin1String("0_R-MLO")),
             qPrintable(text));
    // The right breast's row of the per-breast table now rests on its CC view alone.
    QVERIFY2(containsPattern(table, QStringLiteral("Right\\s+CC\\s")), qPrintable(table));
}

void TestExamReport::dicomPatientNameNeverAppears()
{
    QTemporaryDir dicom, dir;
    const QString study = QStringLiteral("1.2.826.0.1.3680043.10.1234.88");
    int n = 0;
    for (StandardView view : core::kStandardViews) {
        const QString name = core::toString(view);
        auto image = core::PngImageReader().read(kExamDir + QStringLiteral("/0_") + name +
                                                 QStringLiteral(".png"));
        QVERIFY(image.ok());
        core::DicomMammogramWriter::Options o;
        o.studyInstanceUid = study;
        o.instanceNumber = ++n;
        o.patientName = QStringLiteral("DOE^JANE");
        o.patientId = QStringLiteral("PID-4711");
        auto written = core::DicomMammogramWriter::write(
            image.value(), dicom.filePath(name + QStringLiteral(".dcm")), o);
        QVERIFY2(written.ok(), qPrintable(written.error().toString()));
    }
    auto exams = app::loadExams(dicom.path());
    QVERIFY(exams.ok());
    QCOMPARE(int(exams.value().size()), 1);
    const core::Exam& exam = exams.value().front();
    const app::ExamAnalysis analysis = analyze(exam);
    QCOMPARE(analysis.examId, study);

    const ExamReportWriter writer(exam, analysis, &reader_, QDateTime::currentDateTimeUtc());
    const QString text = writeAndRender(writer, dir.path());
    QVERIFY2(!text.isEmpty(), "the report was not written or did not render");
    QVERIFY2(text.contains(study), qPrintable(text));
    for (const char* identifier : {"DOE", "JANE", "PID-4711"})
        QVERIFY2(!text.contains(QLatin1String(identifier), Qt::CaseInsensitive), identifier);
    QVERIFY(!text.contains(dicom.path()));
    // Nor in the file's metadata or anywhere else uncompressed.
    QFile pdf(dir.filePath(QStringLiteral("report.pdf")));
    QVERIFY(pdf.open(QIODevice::ReadOnly));
    const QByteArray raw = pdf.readAll();
    QVERIFY(!raw.contains("DOE") && !raw.contains("PID-4711"));
}

void TestExamReport::cliInferReportWritesPdfAndPngAndResumes()
{
    QTemporaryDir out;
    const QStringList args = {QStringLiteral("infer"),
                              QStringLiteral("--report"),
                              QStringLiteral("--no-png"),
                              QStringLiteral("--model"),
                              kParityWeights,
                              QStringLiteral("--out"),
                              out.path(),
                              kExamDir};
    // Its own settings and cache: the run must not read or write the user's.
    QTemporaryDir home;
    const QProcessEnvironment env = testing::isolatedEnvironment(home.path());
    const testing::CliRun run = testing::runCli(args, env);
    QVERIFY2(run.code == 0, qPrintable(run.out + run.err));
    QStringList folders;
    QDirIterator it(out.path() + QStringLiteral("/exams"), {QStringLiteral("result.json")},
                    QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        folders << QFileInfo(it.next()).absolutePath();
    QCOMPARE(folders.size(), 1);
    const QString folder = folders.front();
    QVERIFY(!QFileInfo::exists(folder + QStringLiteral("/R-CC.png"))); // --no-png

    const Tool render =
        runTool(QStringLiteral("pdftoppm"),
                {QStringLiteral("-r"), QStringLiteral("50"), QStringLiteral("-png"),
                 folder + QStringLiteral("/report.pdf"), out.filePath(QStringLiteral("page"))});
    QVERIFY2(render.code == 0, qPrintable(render.err));
    const QImage page(out.filePath(QStringLiteral("page-1.png")));
    QVERIFY(!page.isNull());
    QVERIFY(std::abs(double(page.height()) / page.width() - 297.0 / 210.0) < 0.01);
    const QImage png(folder + QStringLiteral("/report.png"));
    QCOMPARE(png.size(), QSize(ExamReportWriter::kPngWidth, ExamReportWriter::kPngHeight));
    const QString text = pdfText(folder + QStringLiteral("/report.pdf"));
    QVERIFY2(text.contains(QLatin1String("No reader assessment recorded.")), qPrintable(text));
    // The parity weights carry no metadata: provenance unknown.
    QVERIFY2(text.contains(QLatin1String("NOT FOR DIAGNOSIS: unknown weights")), qPrintable(text));

    // A rerun skips the complete exam; without its report it redoes the exam and writes it.
    const testing::CliRun again = testing::runCli(args, env);
    QVERIFY2(again.code == 0 && (again.out + again.err).contains(QLatin1String("skipped")),
             qPrintable(again.out + again.err));
    QVERIFY(QFile::remove(folder + QStringLiteral("/report.pdf")));
    const testing::CliRun redo = testing::runCli(args, env);
    QVERIFY2(redo.code == 0 && !(redo.out + redo.err).contains(QLatin1String("skipped")),
             qPrintable(redo.out + redo.err));
    QVERIFY(QFileInfo::exists(folder + QStringLiteral("/report.pdf")));
}

int main(int argc, char** argv)
{
    // Headless wherever it runs: the report needs fonts, not a display.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    TestExamReport test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_examreport.moc"
