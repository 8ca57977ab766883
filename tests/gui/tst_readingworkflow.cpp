// The reading workflow as a reader meets it (issue 8): a blinded second reading of the sample
// exam with the parity weights on the real window. Before the initial commit nothing of the
// model may be on screen (checked on the rendered pixels and on the widgets' state); the commit
// reveals it and is audited; a later change is stored as the post-AI assessment beside the
// initial one. Then a clinical session, and a store that cannot be opened.

#include "app/common/examreportwriter.h"
#include "app/gui/readingcontroller.h"
#include "app/gui/workstationcontroller.h"
#include "guitestsupport.h"
#include "tests/sampleexamlinks.h"
#include "app/common/versioninfo.h"
#include "ui/panels/assessmentpanel.h"
#include "ui/panels/scorepanel.h"
#include "ui/panels/worklistmodel.h"
#include "ui/panels/worklistpanel.h"
#include "ui/viewer/hangingview.h"
#include "ui/viewer/vtkviewport.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QLabel>
#include <QMessageBox>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <opencv2/imgcodecs.hpp>
#include <csignal>

using namespace mammolens;
using guitest::changedPixels;
using guitest::screenshot;

namespace {

const QString kExam = QStringLiteral(MAMMOLENS_SHARED_DIR "/data/gmic-sample-exam");
const QString kWeights = QStringLiteral(MAMMOLENS_SHARED_DIR "/parity/weights.safetensors");
const QStringList kViews = {QStringLiteral("R-CC"), QStringLiteral("R-MLO"), QStringLiteral("L-CC"),
                            QStringLiteral("L-MLO")};


/// Every text cell of the score panel's table, to look for any number in it.
QStringList scoreCells(const ui::ScorePanel& panel)
{
    QStringList cells;
    for (const QString& row : kViews + QStringList{QStringLiteral("Right breast"),
                                                   QStringLiteral("Left breast"),
                                                   QStringLiteral("Exam")})
        for (int c = 0; c < 3; ++c)
            cells << panel.cellText(row, c);
    return cells;
}

void setCombo(QWidget& panel, const char* name, int data)
{
    auto* combo = panel.findChild<QComboBox*>(QLatin1String(name));
    QVERIFY(combo);
    combo->setCurrentIndex(combo->findData(data));
}

/// A second workstation (window, controller, reading) on the store at `storePath`, as the
/// workstation started again after it was closed or killed.
struct Workstation
{
    ui::MainWindow window{app::allLibraryVersions()};
    app::WorkstationController controller{window};
    app::ReadingController reading;

    explicit Workstation(const QString& storePath) : reading(window, controller, storePath)
    {
        window.resize(1280, 800);
        window.show();
    }
    /// Opens `folder`'s exams and waits for the first on screen.
    bool open(const QString& folder)
    {
        QSignalSpy shown(&controller, &app::WorkstationController::examShown);
        controller.open({folder});
        return shown.wait(60000);
    }
    bool showExam(int index)
    {
        QSignalSpy shown(&controller, &app::WorkstationController::examShown);
        controller.showExam(index);
        return shown.wait(60000);
    }
};

/// Answers the next message box with the button whose text contains `button` (after '&' is
/// dropped); `text` receives the box's text.
void answerNextBox(const QString& button, QString* text)
{
    QTimer::singleShot(300, [button, text] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        if (!box)
            return;
        *text = box->text();
        // For a look by eye: build/screenshots/question-<button>.png.
        QDir().mkpath(QStringLiteral(MAMMOLENS_SCREENSHOT_DIR));
        box->grab().save(QStringLiteral(MAMMOLENS_SCREENSHOT_DIR "/question-%1.png")
                             .arg(QString(button).replace(QLatin1Char(' '), QLatin1Char('-'))));
        for (QAbstractButton* b : box->buttons())
            if (b->text().remove(QLatin1Char('&')).contains(button)) {
                b->click();
                return;
            }
    });
}

} // namespace

class TestReadingWorkflow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void blindedReadingRevealsOnlyAfterTheCommit();
    void clinicalReadingShowsResultsAndKeepsOneAssessment();
    void worklistTriagesEveryExamAndFollowsTheReading();
    void assessmentFollowsTheChosenExamBeforeItsPixels();
    void teachingShowsTheTruthAfterTheCommitAndScoresTheReader();
    void unopenableStoreLeavesViewingWorking();
    void uncommittedChangesSurviveAndTheSessionResumes();
    void sigtermKeepsTheSessionForResuming();

private:
    bool anyOverlay() const;

    QTemporaryDir dir_;
    std::unique_ptr<ui::MainWindow> window_;
    std::unique_ptr<app::WorkstationController> controller_;
    std::unique_ptr<app::ReadingController> reading_;
};

void TestReadingWorkflow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(dir_.isValid());
    QVERIFY(QFile::exists(kWeights));
    window_ = std::make_unique<ui::MainWindow>(app::allLibraryVersions());
    window_->resize(1920, 1080);
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    window_->activateWindow(); // window shortcuts (Ctrl+Enter, F) need the active window
    QVERIFY(QTest::qWaitForWindowActive(window_.get()));
    controller_ = std::make_unique<app::WorkstationController>(*window_);
    reading_ = std::make_unique<app::ReadingController>(*window_, *controller_,
                                                        dir_.filePath(QStringLiteral("readings.sqlite")));
    QVERIFY(reading_->store().isOpen());
    QSignalSpy models(controller_.get(), &app::WorkstationController::modelsReady);
    controller_->loadModels({kWeights});
    QVERIFY(models.wait(60000));
}

bool TestReadingWorkflow::anyOverlay() const
{
    for (core::StandardView v : core::kStandardViews)
        if (window_->hangingView()->viewport(v)->hasOverlay())
            return true;
    return false;
}

void TestReadingWorkflow::blindedReadingRevealsOnlyAfterTheCommit()
{
    ui::AssessmentPanel* panel = window_->assessmentPanel();
    QCOMPARE(panel->stage(), ui::AssessmentPanel::Stage::NoSession);
    auto session = reading_->startSession(QStringLiteral("reader.one"), QStringLiteral("Dr One"),
                                          core::ReadingMode::Blinded);
    QVERIFY2(session, qPrintable(session ? QString() : session.error().message));

    QSignalSpy shown(controller_.get(), &app::WorkstationController::examShown);
    QSignalSpy finished(controller_.get(), &app::WorkstationController::analysisFinished);
    controller_->open({kExam});
    QVERIFY(shown.wait(30000));
    QTest::qWait(100);
    const QImage beforeModel = window_->hangingView()->grabFrame();
    QCOMPARE(panel->stage(), ui::AssessmentPanel::Stage::Blinded);
    QVERIFY(finished.wait(300000));
    QCOMPARE(finished.last().at(1).toBool(), false); // the model did run, to the end
    QTest::qWait(200);

    // Nothing of the model anywhere: scores, patches, overlays, and the pixels themselves.
    ui::ScorePanel* scores = window_->scorePanel();
    QCOMPARE(scores->state(), ui::ScorePanel::State::Hidden);
    const QRegularExpression number(QStringLiteral("[0-9]"));
    for (const QString& cell : scoreCells(*scores))
        QVERIFY2(!cell.contains(number), qPrintable(QStringLiteral("score cell shows '%1'").arg(cell)));
    QVERIFY(window_->patchGallery()->orderedPatches().empty());
    QVERIFY(!anyOverlay());
    const QImage hidden = window_->hangingView()->grabFrame();
    screenshot(*window_, "reading-blinded-before-commit.png");
    QCOMPARE(changedPixels(beforeModel, hidden), 0);

    // Nor may a report carry the model's results out before the commit.
    const QString reports = dir_.filePath(QStringLiteral("reports"));
    auto refused = reading_->exportReport(reports);
    QVERIFY(!refused);
    QCOMPARE(refused.error().code, QStringLiteral("export.hidden"));
    QVERIFY(!QDir(reports).exists() || QDir(reports).isEmpty());

    // An incomplete assessment is refused in the panel, and reveals nothing.
    panel->requestCommit();
    QVERIFY(panel->statusText().contains(QLatin1String("NOT SAVED")));
    QCOMPARE(scores->state(), ui::ScorePanel::State::Hidden);
    const QString key = controller_->examKey(0);
    QVERIFY(!key.isEmpty());
    QVERIFY(!reading_->store().assessment(session.value().id, key, core::AssessmentPhase::Initial).value());

    // A finding placed with the mouse on the L-CC view, in marking mode.
    panel->setMarking(true);
    ui::VtkViewport* lcc = window_->hangingView()->viewport(core::StandardView::LCC);
    QVERIFY(lcc->isMarkingEnabled());
    const cv::Mat& lccPixels = controller_->shownExam()->views.at(core::StandardView::LCC).pixels;
    const QPoint click =
        lcc->storedToWidget(QPointF(lccPixels.cols * 0.5, lccPixels.rows * 0.5)).toPoint();
    QVERIFY(lcc->rect().contains(click));
    const QPointF expectedStored = lcc->widgetToStored(QPointF(click));
    QTest::mouseClick(lcc, Qt::LeftButton, {}, click);
    QCOMPARE(int(panel->assessment().findings.size()), 1);
    const core::Finding finding = panel->assessment().findings.front();
    QVERIFY(finding.breast == core::Laterality::Left);
    QCOMPARE(finding.view, QStringLiteral("CC"));
    QVERIFY(std::abs(finding.x - expectedStored.x()) < 1.0 && std::abs(finding.y - expectedStored.y()) < 1.0);
    QCOMPARE(int(lcc->marks().size()), 1);
    panel->setMarking(false);

    setCombo(*panel, "biradsRight", 1);
    setCombo(*panel, "biradsLeft", 4);
    panel->findChild<QComboBox*>(QStringLiteral("density"))->setCurrentText(QStringLiteral("B"));
    panel->findChild<QCheckBox*>(QStringLiteral("recall"))->setChecked(true);
    panel->findChild<QSpinBox*>(QStringLiteral("confidence"))->setValue(80);
    QVERIFY(panel->isDirty());
    QTest::qWait(100);
    QCOMPARE(changedPixels(hidden, window_->hangingView()->grabFrame()) > 0, true); // the mark
    QVERIFY(!anyOverlay());
    window_->hangingView()->grabFrame().save(
        QStringLiteral(MAMMOLENS_SCREENSHOT_DIR "/reading-blinded-marked.png"));

    // The commit, with the reader's key: stored, then revealed.
    QSignalSpy revealed(reading_.get(), &app::ReadingController::revealed);
    QWidget* focus = QApplication::focusWidget() ? QApplication::focusWidget() : window_.get();
    QTest::keyClick(focus, Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(revealed.count(), 1);
    const auto initial =
        reading_->store().assessment(session.value().id, key, core::AssessmentPhase::Initial).value();
    QVERIFY(initial);
    QCOMPARE(initial->biradsLeft, std::optional<int>(4));
    QCOMPARE(initial->biradsRight, std::optional<int>(1));
    QVERIFY(initial->density == std::optional<core::BreastDensity>(core::BreastDensity::B));
    QVERIFY(initial->recall);
    QCOMPARE(initial->confidence, std::optional<int>(80));
    QCOMPARE(int(initial->findings.size()), 1);
    const auto reveal = reading_->store().reveal(session.value().id, key).value();
    QVERIFY(reveal);
    QCOMPARE(reveal->model, controller_->models().labels.join(QStringLiteral(", ")));

    // Now the model is on screen: the parity scores, 24 patches, the overlays.
    QTest::qWait(200);
    QCOMPARE(scores->state(), ui::ScorePanel::State::Showing);
    QFile metaFile(QStringLiteral(MAMMOLENS_SHARED_DIR "/parity/meta.json"));
    QVERIFY(metaFile.open(QIODevice::ReadOnly));
    const QJsonObject expected =
        QJsonDocument::fromJson(metaFile.readAll()).object().value(QStringLiteral("expected")).toObject();
    for (const QString& view : kViews) {
        const auto y = expected.value(view).toObject().value(QStringLiteral("y_fusion")).toArray();
        QCOMPARE(scores->cellText(view, 1), QString::number(y.at(1).toDouble(), 'f', 3));
    }
    QCOMPARE(int(window_->patchGallery()->orderedPatches().size()), 24);
    QVERIFY(anyOverlay());
    QCOMPARE(int(lcc->marks().size()), 1); // the reader's mark stays with the model's results
    const QImage revealedFrame = window_->hangingView()->grabFrame();
    QVERIFY(changedPixels(hidden, revealedFrame) > 1000);
    screenshot(*window_, "reading-blinded-after-commit.png");
    revealedFrame.save(QStringLiteral(MAMMOLENS_SCREENSHOT_DIR "/reading-blinded-after-commit-views.png"));

    // A change after the reveal is the post-AI assessment; the initial one stays as it was.
    QCOMPARE(panel->stage(), ui::AssessmentPanel::Stage::PostAi);
    QVERIFY(!panel->isDirty());
    setCombo(*panel, "biradsLeft", 5);
    panel->requestCommit();
    const auto postAi =
        reading_->store().assessment(session.value().id, key, core::AssessmentPhase::PostAi).value();
    QVERIFY(postAi);
    QCOMPARE(postAi->biradsLeft, std::optional<int>(5));
    QCOMPARE(int(postAi->findings.size()), 1); // carried over from the initial assessment
    QCOMPARE(reading_->store()
                 .assessment(session.value().id, key, core::AssessmentPhase::Initial)
                 .value()
                 ->biradsLeft,
             std::optional<int>(4));
    QVERIFY(panel->statusText().contains(QLatin1String("post-AI")));

    // File > Export Report now: the PDF and PNG of docs/exports.md, with the post-AI assessment.
    auto written = reading_->exportReport(reports);
    QVERIFY2(written, qPrintable(written ? QString() : written.error().message));
    QCOMPARE(written.value().size(), 2);
    for (const QString& file : written.value()) {
        QVERIFY(file.startsWith(reports + QLatin1Char('/') + key));
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray head = f.read(8);
        if (file.endsWith(QLatin1String(".pdf")))
            QVERIFY(head.startsWith("%PDF-"));
        else
            QCOMPARE(QImage(file).size(), QSize(app::ExamReportWriter::kPngWidth,
                                                app::ExamReportWriter::kPngHeight));
    }

    // Showing the exam again in this session: revealed stays revealed, the post-AI form is back.
    controller_->open({kExam});
    QVERIFY(shown.wait(30000));
    QCOMPARE(panel->stage(), ui::AssessmentPanel::Stage::PostAi);
    QCOMPARE(panel->assessment().biradsLeft, std::optional<int>(5));
    QVERIFY(scores->state() != ui::ScorePanel::State::Hidden);
    QVERIFY(finished.wait(300000));

    // Every step is in the audit trail, and the chain verifies.
    const auto audit = reading_->store().verifyAudit();
    QVERIFY(audit);
    QVERIFY2(audit.value().ok(), qPrintable(audit.value().detail));
    bool sawReveal = false;
    const auto entries = reading_->store().auditEntries();
    QVERIFY(entries);
    for (const core::AuditEntry& e : entries.value())
        sawReveal = sawReveal || e.action.contains(QLatin1String("reveal"));
    QVERIFY(sawReveal);
    reading_->endSession();
    QCOMPARE(panel->stage(), ui::AssessmentPanel::Stage::NoSession);
}

void TestReadingWorkflow::clinicalReadingShowsResultsAndKeepsOneAssessment()
{
    ui::AssessmentPanel* panel = window_->assessmentPanel();
    auto session = reading_->startSession(QStringLiteral("reader.two"), QString(),
                                          core::ReadingMode::Clinical);
    QVERIFY(session);
    // The exam on screen already has its results: a clinical session shows them at once.
    QCOMPARE(panel->stage(), ui::AssessmentPanel::Stage::Clinical);
    QCOMPARE(window_->scorePanel()->state(), ui::ScorePanel::State::Showing);
    QVERIFY(anyOverlay());
    setCombo(*panel, "biradsRight", 1);
    setCombo(*panel, "biradsLeft", 2);
    panel->requestCommit();
    setCombo(*panel, "biradsLeft", 3);
    panel->requestCommit();
    const QString key = controller_->examKey(controller_->examIndex());
    const auto initial =
        reading_->store().assessment(session.value().id, key, core::AssessmentPhase::Initial).value();
    QVERIFY(initial);
    QCOMPARE(initial->biradsLeft, std::optional<int>(3));
    QVERIFY(!reading_->store().assessment(session.value().id, key, core::AssessmentPhase::PostAi).value());
    QVERIFY(!reading_->store().reveal(session.value().id, key).value());
    QVERIFY(!panel->isDirty());

    // An edit not committed yet: closing the window asks, and Cancel keeps everything.
    setCombo(*panel, "biradsLeft", 4);
    QVERIFY(panel->isDirty());
    bool asked = false;
    QTimer::singleShot(300, [&] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        asked = box && box->text().contains(QLatin1String("not committed"));
        if (box)
            box->button(QMessageBox::Cancel)->click();
    });
    QVERIFY(!window_->close());
    QVERIFY(asked);
    QVERIFY(window_->isVisible());
    QCOMPARE(panel->assessment().biradsLeft, std::optional<int>(4));
    panel->requestCommit();
    QVERIFY(!panel->isDirty());
    reading_->endSession();
}

void TestReadingWorkflow::worklistTriagesEveryExamAndFollowsTheReading()
{
    // Three exams: copies of the sample exam in temporary folders (their names are the exam
    // keys), one with its pixels halved so that the model scores it differently.
    QStringList folders;
    for (const char* name : {"exam-a", "exam-b", "exam-c"}) {
        const QString folder = dir_.filePath(QLatin1String(name));
        QVERIFY(QDir().mkpath(folder));
        for (const QString& file : QDir(kExam).entryList({QStringLiteral("0_?-*.png")})) {
            const QString to = folder + QLatin1Char('/') + file;
            if (QLatin1String(name) == QLatin1String("exam-b") && !file.contains(QLatin1String("benign"))) {
                cv::Mat pixels = cv::imread((kExam + QLatin1Char('/') + file).toStdString(), cv::IMREAD_UNCHANGED);
                QVERIFY(!pixels.empty());
                pixels = pixels * 0.5;
                QVERIFY(cv::imwrite(to.toStdString(), pixels));
            } else {
                QVERIFY(QFile::copy(kExam + QLatin1Char('/') + file, to));
            }
        }
        folders << folder;
    }
    QSignalSpy shown(controller_.get(), &app::WorkstationController::examShown);
    QSignalSpy finished(controller_.get(), &app::WorkstationController::analysisFinished);
    QSignalSpy triaged(controller_.get(), &app::WorkstationController::triageFinished);
    controller_->open(folders);
    QVERIFY(shown.wait(60000));
    ui::WorklistPanel* worklist = window_->worklistPanel();
    ui::WorklistModel* model = worklist->model();
    QCOMPARE(model->rowCount(), 3);
    QCOMPARE(model->currentRow(), 0);

    // The shown exam runs first, then the other two in the background.
    QVERIFY(finished.wait(300000));
    while (triaged.count() < 2)
        QVERIFY(triaged.wait(300000));
    for (int row = 0; row < 3; ++row) {
        QVERIFY(model->entry(row).malignancy.has_value());
        QVERIFY(model->entry(row).status == ui::WorklistStatus::ModelDone);
        QCOMPARE(model->entry(row).malignancy, controller_->examMalignancy(row));
    }
    QVERIFY(model->entry(1).malignancy != model->entry(0).malignancy);
    QVERIFY(!controller_->running()); // nothing left to score

    // Triage: highest malignant score first; then the keyboard opens the second in that order.
    QTest::mouseClick(worklist->triageButton(), Qt::LeftButton);
    const int first = worklist->sourceRowAt(0), second = worklist->sourceRowAt(1);
    QVERIFY(*model->entry(first).malignancy >= *model->entry(second).malignancy);
    QVERIFY(*model->entry(second).malignancy >= *model->entry(worklist->sourceRowAt(2)).malignancy);
    worklist->view()->setFocus();
    QVERIFY(worklist->selectSourceRow(first));
    QTest::keyClick(worklist->view(), Qt::Key_Down);
    QTest::keyClick(worklist->view(), Qt::Key_Return);
    QVERIFY(shown.count() >= 2);
    QCOMPARE(shown.last().at(0).toInt(), second);
    QCOMPARE(controller_->examIndex(), second);
    QVERIFY(finished.wait(300000));

    // A blinded session: the worklist keeps its scores to itself too.
    auto session = reading_->startSession(QStringLiteral("reader.four"), QString(),
                                          core::ReadingMode::Blinded);
    QVERIFY(session);
    QVERIFY(model->scoresHidden());
    auto* sessionLabel = window_->findChild<QLabel*>(QStringLiteral("sessionLabel"));
    QVERIFY(sessionLabel);
    QVERIFY2(sessionLabel->text().contains(QLatin1String("reader.four")), qPrintable(sessionLabel->text()));
    QVERIFY(sessionLabel->isVisible());
    const QRegularExpression number(QStringLiteral("[0-9]"));
    for (int row = 0; row < 3; ++row)
        for (int column : {int(ui::WorklistModel::MalignantColumn), int(ui::WorklistModel::BenignColumn)})
            QVERIFY(!model->data(model->index(row, column)).toString().contains(number));
    QTest::qWait(50); // the status bar lays out the session label
    screenshot(*window_, "reading-worklist-blinded.png");

    // Reading the exam on screen marks it Read in the worklist; the others stay as they were.
    ui::AssessmentPanel* panel = window_->assessmentPanel();
    setCombo(*panel, "biradsRight", 1);
    setCombo(*panel, "biradsLeft", 1);
    panel->requestCommit();
    QVERIFY(model->entry(second).status == ui::WorklistStatus::Read);
    QVERIFY(model->entry(first).status == ui::WorklistStatus::ModelDone);
    setCombo(*panel, "biradsLeft", 2);
    panel->requestCommit();
    QVERIFY(model->entry(second).status == ui::WorklistStatus::Reviewed);
    reading_->endSession();
    QVERIFY(!model->scoresHidden());
    QVERIFY(model->entry(second).status == ui::WorklistStatus::ModelDone);
}

void TestReadingWorkflow::assessmentFollowsTheChosenExamBeforeItsPixels()
{
    // Two exams (links to the sample): while the next one is still being read, the form is
    // already that exam's, so nothing typed meanwhile lands on the exam the reader left.
    QTemporaryDir root;
    QVERIFY(mammolens::testing::linkSampleExams(
        root.path(), {QStringLiteral("first"), QStringLiteral("second")}, kExam));
    auto session = reading_->startSession(QStringLiteral("reader.five"), QString(),
                                          core::ReadingMode::Clinical);
    QVERIFY(session);
    QSignalSpy shown(controller_.get(), &app::WorkstationController::examShown);
    QSignalSpy selected(controller_.get(), &app::WorkstationController::examSelected);
    controller_->open({root.path()});
    QVERIFY(shown.wait(60000));
    QCOMPARE(controller_->examKey(0), QStringLiteral("first"));
    ui::AssessmentPanel* panel = window_->assessmentPanel();
    QCOMPARE(panel->assessment().examKey, QStringLiteral("first"));
    setCombo(*panel, "biradsRight", 4); // a draft, not committed
    QVERIFY(panel->isDirty());

    controller_->next(); // the second exam is not read yet (read-ahead waits half a second)
    QCOMPARE(selected.last().at(0).toInt(), 1);
    QVERIFY(!controller_->shownExam()); // still loading...
    QCOMPARE(panel->assessment().examKey, QStringLiteral("second")); // ...yet the form is its
    QVERIFY(window_->scorePanel()->state() != ui::ScorePanel::State::Showing); // no old scores
    QCOMPARE(panel->stage(), ui::AssessmentPanel::Stage::Clinical);
    QVERIFY(!panel->isDirty());
    QVERIFY(!panel->assessment().biradsRight);
    setCombo(*panel, "biradsLeft", 1);
    // Until its pixels are on screen, nothing of the first exam's (cancelled) run may show.
    QElapsedTimer loading;
    loading.start();
    while (shown.last().at(0).toInt() != 1 && loading.elapsed() < 30000) {
        QTest::qWait(5);
        QVERIFY(window_->scorePanel()->state() != ui::ScorePanel::State::Showing);
        QVERIFY(!anyOverlay());
    }
    QCOMPARE(shown.last().at(0).toInt(), 1);
    QCOMPARE(panel->assessment().examKey, QStringLiteral("second")); // the pixels change nothing
    QCOMPARE(panel->assessment().biradsLeft, std::optional<int>(1));

    controller_->previous(); // each exam keeps its own draft
    QCOMPARE(panel->assessment().examKey, QStringLiteral("first"));
    QCOMPARE(panel->assessment().biradsRight, std::optional<int>(4));
    QVERIFY(!panel->assessment().biradsLeft);
    QTRY_COMPARE_WITH_TIMEOUT(shown.last().at(0).toInt(), 0, 30000);
    QTRY_VERIFY_WITH_TIMEOUT(!controller_->running(), 300000);
    reading_->endSession();
}

void TestReadingWorkflow::teachingShowsTheTruthAfterTheCommitAndScoresTheReader()
{
    QSignalSpy shown(controller_.get(), &app::WorkstationController::examShown);
    QSignalSpy finished(controller_.get(), &app::WorkstationController::analysisFinished);
    controller_->open({kExam});
    QVERIFY(shown.wait(30000));
    QVERIFY(finished.wait(300000));
    const QString key = controller_->examKey(0);
    const cv::Mat& lccPixels = controller_->shownExam()->views.at(core::StandardView::LCC).pixels;

    // A one-case set, imported through a second connection as `reading import-case-set` would:
    // a malignant lesion in the middle of the L-CC image, a benign one on R-CC.
    core::CaseSet set;
    set.name = QStringLiteral("tst-cases");
    core::CaseTruth truth;
    truth.examKey = key;
    truth.examPath = kExam;
    truth.left = core::BreastTruth::Malignant;
    truth.right = core::BreastTruth::Benign;
    core::CaseLesion malignant;
    malignant.breast = core::Laterality::Left;
    malignant.view = QStringLiteral("CC");
    malignant.pathology = core::BreastTruth::Malignant;
    malignant.x = lccPixels.cols / 2 - 100;
    malignant.y = lccPixels.rows / 2 - 100;
    malignant.width = malignant.height = 200;
    core::CaseLesion benign = malignant;
    benign.breast = core::Laterality::Right;
    benign.pathology = core::BreastTruth::Benign;
    truth.lesions = {malignant, benign};
    set.cases = {truth};
    {
        core::ReadingStore other(reading_->store().path());
        QVERIFY(other.open());
        auto imported = other.importCaseSet(set);
        QVERIFY2(imported, qPrintable(imported ? QString() : imported.error().message));
    }

    auto session = reading_->startSession(QStringLiteral("trainee.one"), QStringLiteral("Trainee One"),
                                          core::ReadingMode::Teaching, set.name);
    QVERIFY(session);
    ui::AssessmentPanel* panel = window_->assessmentPanel();
    QCOMPARE(panel->stage(), ui::AssessmentPanel::Stage::Teaching);
    QVERIFY(panel->truthText().isEmpty());
    QVERIFY(!anyOverlay());
    for (core::StandardView v : core::kStandardViews) // no truth outline before the commit either
        QCOMPARE(window_->hangingView()->viewport(v)->groundTruthOutlines(), 0);

    // The trainee marks the lesion and scores the case.
    panel->setMarking(true);
    ui::VtkViewport* lcc = window_->hangingView()->viewport(core::StandardView::LCC);
    QTest::mouseClick(lcc, Qt::LeftButton, {},
                      lcc->storedToWidget(QPointF(lccPixels.cols * 0.5, lccPixels.rows * 0.5)).toPoint());
    panel->setMarking(false);
    QCOMPARE(int(panel->assessment().findings.size()), 1);
    setCombo(*panel, "biradsRight", 2);
    setCombo(*panel, "biradsLeft", 5);
    panel->findChild<QCheckBox*>(QStringLiteral("recall"))->setChecked(true);
    panel->findChild<QSpinBox*>(QStringLiteral("confidence"))->setValue(90);
    panel->requestCommit();

    // Then the truth and the model, side by side with the reader's own mark.
    QVERIFY2(panel->truthText().contains(QLatin1String("MALIGNANT")), qPrintable(panel->truthText()));
    QVERIFY(anyOverlay());
    QVERIFY(lcc->groundTruthOutlines() >= 1);
    QVERIFY(window_->hangingView()->viewport(core::StandardView::RCC)->groundTruthOutlines() >= 1);
    QCOMPARE(int(lcc->marks().size()), 1);
    QTest::qWait(100);
    window_->hangingView()->grabFrame().save(
        QStringLiteral(MAMMOLENS_SCREENSHOT_DIR "/reading-teaching-after-commit-views.png"));

    // The statistics: the malignant case recalled and its lesion hit.
    auto statistics = reading_->sessionStatistics();
    QVERIFY(statistics);
    QVERIFY2(statistics.value().count(QStringLiteral("1/1 (100%)")) >= 2, qPrintable(statistics.value()));
    QVERIFY(statistics.value().contains(QLatin1String("History of Trainee One")));
    reading_->endSession();
}

void TestReadingWorkflow::unopenableStoreLeavesViewingWorking()
{
    // A directory where the database file should be: the store cannot open, viewing goes on.
    const QString blocked = dir_.filePath(QStringLiteral("blocked.sqlite"));
    QVERIFY(QDir().mkpath(blocked));
    ui::MainWindow window(app::allLibraryVersions());
    app::WorkstationController controller(window);
    app::ReadingController reading(window, controller, blocked);
    QVERIFY(!reading.store().isOpen());
    QCOMPARE(window.assessmentPanel()->stage(), ui::AssessmentPanel::Stage::NoSession);
    auto session = reading.startSession(QStringLiteral("reader.three"), QString(),
                                        core::ReadingMode::Blinded);
    QVERIFY(!session);
    QCOMPARE(session.error().code, QStringLiteral("reading.not_open"));
    QVERIFY(!controller.resultsHidden());
}

void TestReadingWorkflow::uncommittedChangesSurviveAndTheSessionResumes()
{
    // A blinded session with uncommitted changes on two exams. They reach the store within
    // kDraftStoreDelayMs of the edit, with no shutdown step: what a crash or SIGKILL leaves.
    QTemporaryDir root;
    QVERIFY(mammolens::testing::linkSampleExams(
        root.path(), {QStringLiteral("first"), QStringLiteral("second")}, kExam));
    const QString storePath = dir_.filePath(QStringLiteral("resume.sqlite"));
    const QString notes = QStringLiteral("Asymmetry upper outer quadrant, compare with prior");
    qint64 sessionId = 0;
    qint64 leftover = 0;
    {
        // A session an older MammoLens left open (it ended none when its window closed).
        core::ReadingStore old(storePath);
        QVERIFY(old.open());
        core::Reader reader;
        reader.login = QStringLiteral("reader.resume");
        reader.displayName = QStringLiteral("Dr Resume");
        leftover = old.startSession(old.addReader(reader).value().id, core::ReadingMode::Clinical)
                       .value()
                       .id;
    }
    {
        Workstation before(storePath);
        auto session = before.reading.startSession(QStringLiteral("reader.resume"), QString(),
                                                   core::ReadingMode::Blinded);
        QVERIFY(session);
        sessionId = session.value().id;
        QVERIFY(before.open(root.path()));
        ui::AssessmentPanel* panel = before.window.assessmentPanel();
        setCombo(*panel, "biradsLeft", 4);
        panel->findChild<QPlainTextEdit*>(QStringLiteral("notes"))->setPlainText(notes);
        panel->addFinding(core::StandardView::LCC, QPointF(812.5, 1400.0));
        QVERIFY(before.showExam(1));
        setCombo(*before.window.assessmentPanel(), "biradsRight", 2);

        core::ReadingStore other(storePath);
        QVERIFY(other.open(core::ReadingStore::OpenMode::ReadOnly));
        QElapsedTimer waited;
        waited.start();
        QTRY_COMPARE_WITH_TIMEOUT(int(other.drafts(sessionId).value().size()), 2,
                                  app::ReadingController::kDraftStoreDelayMs + 2000);
        qInfo("both drafts in the store %lld ms after the last edit", qint64(waited.elapsed()));
        const core::Assessment first = other.drafts(sessionId).value()[0];
        QCOMPARE(first.examKey, QStringLiteral("first"));
        QCOMPARE(first.biradsLeft, std::optional<int>(4));
        QCOMPARE(first.notes, notes);
        QCOMPARE(int(first.findings.size()), 1);
        QCOMPARE(first.findings[0].x, 812.5);
        QCOMPARE(first.findings[0].view, QStringLiteral("CC"));
        QVERIFY(other.session(sessionId).value()->isOpen());

        {
            // The same reader in a second workstation while the first still reads the session:
            // it is neither offered nor resumed there, and a new session starts beside it.
            Workstation second(storePath);
            QString asked;
            answerNextBox(QStringLiteral("Cancel"), &asked); // there must be no question
            Q_EMIT second.window.readingSessionRequested(QStringLiteral("reader.resume"),
                                                         QString(),
                                                         int(core::ReadingMode::Clinical),
                                                         QString());
            QTest::qWait(500);
            QVERIFY2(asked.isEmpty(), qPrintable(asked));
            QVERIFY(second.reading.session());
            QVERIFY(second.reading.session()->id != sessionId);
            const auto refused = second.reading.resumeSession(sessionId);
            QVERIFY(!refused);
            QCOMPARE(refused.error().code, QStringLiteral("reading.in_use"));
            QVERIFY(refused.error().message.contains(QString::number(QCoreApplication::applicationPid())));
            second.reading.endSession();
            QVERIFY(other.session(sessionId).value()->isOpen());
            QCOMPARE(int(other.drafts(sessionId).value().size()), 2);
        }
        QTRY_VERIFY_WITH_TIMEOUT(!before.controller.running(), 60000);
        // `before` goes away here (and its lock with it); the store already had everything.
    }

    {
        // The workstation again: the same reader starts a session and is offered the old one.
        // A crash leaves the session's lock file behind, naming a process that is gone.
        {
            QFile stale(storePath + QStringLiteral(".session-%1.lock").arg(sessionId));
            QVERIFY(stale.open(QIODevice::WriteOnly));
            stale.write(QByteArray("2147483646\nmammolens\n") + QSysInfo::machineHostName().toUtf8() +
                        "\n");
        }
        Workstation after(storePath);
        QVERIFY(after.open(root.path()));
        QString asked;
        answerNextBox(QStringLiteral("Resume"), &asked);
        Q_EMIT after.window.readingSessionRequested(QStringLiteral("reader.resume"), QString(),
                                                    int(core::ReadingMode::Clinical), QString());
        QVERIFY2(asked.contains(QLatin1String("2 exam(s) with uncommitted changes")),
                 qPrintable(asked));
        QVERIFY(asked.contains(QLatin1String("blinded second reading")));
        QVERIFY(after.reading.session());
        QCOMPARE(after.reading.session()->id, sessionId);
        {
            QFile lock(storePath + QStringLiteral(".session-%1.lock").arg(sessionId));
            QVERIFY(lock.open(QIODevice::ReadOnly)); // taken over: now this process's
            QCOMPARE(lock.readLine().trimmed().toLongLong(), QCoreApplication::applicationPid());
        }
        QVERIFY(after.reading.session()->mode == core::ReadingMode::Blinded); // not the one asked
        QCOMPARE(after.reading.unsavedDrafts(), 2);
        ui::AssessmentPanel* panel = after.window.assessmentPanel();
        QCOMPARE(panel->assessment().examKey, QStringLiteral("first"));
        QCOMPARE(panel->assessment().biradsLeft, std::optional<int>(4));
        QCOMPARE(panel->assessment().notes, notes);
        QCOMPARE(int(panel->assessment().findings.size()), 1);
        QCOMPARE(int(after.window.hangingView()->viewport(core::StandardView::LCC)->marks().size()),
                 1); // drawn where it was marked
        QVERIFY(panel->isDirty());
        QCOMPARE(panel->stage(), ui::AssessmentPanel::Stage::Blinded);
        QVERIFY(after.controller.resultsHidden()); // still blinded: nothing was revealed
        // The worklist marks both exams still to finish.
        ui::WorklistModel* list = after.window.worklistPanel()->model();
        auto status = [list](int row) {
            return list->data(list->index(row, ui::WorklistModel::StatusColumn)).toString();
        };
        QCOMPARE(status(0), QStringLiteral("New *"));
        QCOMPARE(status(1), QStringLiteral("New *"));
        QTest::qWait(100);
        screenshot(after.window, "resumed-session.png");
        after.window.hangingView()->grabFrame().save(
            QStringLiteral(MAMMOLENS_SCREENSHOT_DIR "/resumed-session-views.png"));
        QVERIFY(list->data(list->index(1, ui::WorklistModel::StatusColumn), Qt::ToolTipRole)
                    .toString()
                    .contains(QLatin1String("not committed")));

        // Committing the first exam takes its draft out of the store with it.
        setCombo(*panel, "biradsRight", 1);
        panel->requestCommit();
        QVERIFY(!panel->isDirty());
        QCOMPARE(int(after.reading.store().drafts(sessionId).value().size()), 1);
        QVERIFY(after.reading.store().reveal(sessionId, QStringLiteral("first")).value());
        QCOMPARE(status(0), QStringLiteral("Read"));
        QCOMPARE(status(1), QStringLiteral("New *"));
        QVERIFY(after.showExam(1));
        QCOMPARE(panel->assessment().biradsRight, std::optional<int>(2));

        // Closing with a change left: "Keep for Later" leaves the session open with it.
        answerNextBox(QStringLiteral("Keep for Later"), &asked);
        QVERIFY(after.window.close());
        QVERIFY(asked.contains(QLatin1String("not committed")));
        QVERIFY(after.reading.store().session(sessionId).value()->isOpen());
        QCOMPARE(int(after.reading.store().drafts(sessionId).value().size()), 1);
        QTRY_VERIFY_WITH_TIMEOUT(!after.controller.running(), 60000);
    }

    {
        // Declining to resume ends the old session and its changes with it; a close without
        // uncommitted changes ends the new one.
        Workstation again(storePath);
        QString asked;
        answerNextBox(QStringLiteral("Start New"), &asked);
        Q_EMIT again.window.readingSessionRequested(QStringLiteral("reader.resume"), QString(),
                                                    int(core::ReadingMode::Clinical), QString());
        QVERIFY(asked.contains(QLatin1String("1 exam(s) with uncommitted changes")));
        QVERIFY(again.reading.session());
        const qint64 fresh = again.reading.session()->id;
        QVERIFY(fresh != sessionId);
        QVERIFY(again.reading.session()->mode == core::ReadingMode::Clinical);
        QVERIFY(!again.reading.store().session(sessionId).value()->isOpen());
        QVERIFY(again.reading.store().drafts(sessionId).value().empty());
        QVERIFY(!again.reading.store().session(leftover).value()->isOpen()); // not offered next
        QVERIFY(again.window.close()); // nothing uncommitted: no question
        QVERIFY(!again.reading.store().session(fresh).value()->isOpen());
        QVERIFY(again.reading.store().verifyAudit().value().ok());
        const auto entries = again.reading.store().auditEntries().value();
        QVERIFY(std::any_of(entries.begin(), entries.end(), [&](const core::AuditEntry& e) {
            return e.action == QLatin1String("resume") &&
                   e.entityKey == QString::number(sessionId);
        }));
    }
}

void TestReadingWorkflow::sigtermKeepsTheSessionForResuming()
{
    // The real workstation process, its store in a temporary data folder, with an open session
    // holding a draft (as a crash or "Keep for Later" leaves it), opening the sample exam with
    // the parity weights. SIGTERM (a logout) while the model loads or runs ends it at once,
    // without the close question, with the session and its draft still there to resume.
    QTemporaryDir home;
    const QString storePath = home.filePath(QStringLiteral("data/MammoLens/mammolens/readings.sqlite"));
    qint64 sessionId = 0;
    core::Assessment draft;
    {
        core::ReadingStore store(storePath);
        QVERIFY(store.open());
        core::Reader reader;
        reader.login = QStringLiteral("reader.term");
        reader.displayName = QStringLiteral("Dr Term");
        reader = store.addReader(reader).value();
        sessionId = store.startSession(reader.id, core::ReadingMode::Blinded).value().id;
        draft.sessionId = sessionId;
        draft.examKey = QStringLiteral("gmic-sample-exam");
        draft.biradsLeft = 4;
        draft.notes = QStringLiteral("draft before the logout");
        QVERIFY(store.saveDrafts(sessionId, {draft}));
    }
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), home.filePath(QStringLiteral("cache")));
    process.setProcessEnvironment(env);
    process.setProcessChannelMode(QProcess::ForwardedChannels);
    process.start(QStringLiteral(MAMMOLENS_GUI), {QStringLiteral("--model"), kWeights, kExam});
    QVERIFY(process.waitForStarted());
    // Up: its log file exists (spdlog writes the lines later, in blocks). Then the model loads
    // and runs on the exam.
    const QString logPath = home.filePath(QStringLiteral("data/MammoLens/mammolens/logs/mammolens.log"));
    auto log = [&] {
        QFile file(logPath);
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
    };
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(logPath), 60000);
    QTest::qWait(4000);
    QCOMPARE(process.state(), QProcess::Running);
    QElapsedTimer stopping;
    stopping.start();
    ::kill(pid_t(process.processId()), SIGTERM);
    QVERIFY(process.waitForFinished(30000));
    qInfo("SIGTERM to exit: %lld ms", qint64(stopping.elapsed()));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 128 + SIGTERM);
    QVERIFY(log().contains(QLatin1String("SIGTERM received: keeping uncommitted changes")));
    QVERIFY2(!log().contains(QLatin1String("draft before the logout")), "no draft text in the log");

    core::ReadingStore store(storePath);
    QVERIFY(store.open(core::ReadingStore::OpenMode::ReadOnly));
    QVERIFY(store.session(sessionId).value()->isOpen());
    const auto drafts = store.drafts(sessionId).value();
    QCOMPARE(int(drafts.size()), 1);
    QVERIFY(drafts[0].sameContent(draft));
    QVERIFY(store.verifyAudit().value().ok());
}

QTEST_MAIN(TestReadingWorkflow)
#include "tst_readingworkflow.moc"
