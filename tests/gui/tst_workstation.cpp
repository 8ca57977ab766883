// The workstation as a reader uses it: open the sample exam, load the parity weights, watch the
// results arrive on the real window (worker thread, controller, hanging, panels), cancel a run.

#include "app/gui/workstationcontroller.h"
#include "guitestsupport.h"
#include "tests/sampleexamlinks.h"
#include "app/common/versioninfo.h"
#include "ui/panels/scorepanel.h"
#include "ui/panels/worklistmodel.h"
#include "ui/panels/worklistpanel.h"
#include "ui/viewer/hangingview.h"
#include "ui/viewer/vtkviewport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThreadPool>
#include <QtTest>

using namespace mammolens;
using guitest::changedPixels;
using guitest::screenshot;

namespace {

const QString kExam = QStringLiteral(MAMMOLENS_SHARED_DIR "/data/gmic-sample-exam");
const QString kWeights = QStringLiteral(MAMMOLENS_SHARED_DIR "/parity/weights.safetensors");

} // namespace

class TestWorkstation : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void openExamRunsModelAndShowsResults();
    void cancelStopsTheWorker();
    void worklistReadsEachExamWhenShown();
    void holdingPageDownSkipsTheExamsPassed();
    void keysAndDropsOnTheViewsReachTheWindow();

private:
    std::unique_ptr<ui::MainWindow> window_;
    std::unique_ptr<app::WorkstationController> controller_;
};

void TestWorkstation::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // QSettings and logs away from the user's
    QVERIFY(QFile::exists(kWeights));
    window_ = std::make_unique<ui::MainWindow>(app::allLibraryVersions());
    window_->resize(1920, 1080);
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    controller_ = std::make_unique<app::WorkstationController>(*window_);
}

void TestWorkstation::openExamRunsModelAndShowsResults()
{
    QSignalSpy models(controller_.get(), &app::WorkstationController::modelsReady);
    QSignalSpy shown(controller_.get(), &app::WorkstationController::examShown);
    QSignalSpy finished(controller_.get(), &app::WorkstationController::analysisFinished);
    controller_->loadModels({kWeights});
    QVERIFY(models.wait(60000));

    // Random parity weights: the permanent notice must be there, and say why.
    QLabel* banner = window_->notForDiagnosisBanner();
    QVERIFY(banner->isVisible());
    QVERIFY(banner->text().contains(QLatin1String("NOT FOR DIAGNOSIS")));

    QElapsedTimer opened;
    opened.start();
    controller_->open({kExam});
    QVERIFY(shown.wait(30000));
    QTest::qWait(50);
    qInfo("open -> exam on screen: %lld ms", opened.elapsed());
    const QImage beforeResults = window_->hangingView()->grabFrame();
    screenshot(*window_, "workstation-exam-loading.png");

    // The GUI thread must stay responsive while the engine runs: measure the longest stall.
    QElapsedTimer tick;
    tick.start();
    qint64 longest = 0, last = 0;
    QTimer probe;
    probe.setInterval(5);
    connect(&probe, &QTimer::timeout, [&] {
        const qint64 now = tick.elapsed();
        longest = std::max(longest, now - last);
        last = now;
    });
    probe.start();
    QVERIFY(finished.wait(300000));
    probe.stop();
    qInfo("longest GUI-thread stall during inference: %lld ms", longest);
    QCOMPARE(finished.last().at(1).toBool(), false);

    // Scores: the parity numbers of ../shared/parity/meta.json (y_fusion, 3 decimals).
    QFile metaFile(QStringLiteral(MAMMOLENS_SHARED_DIR "/parity/meta.json"));
    QVERIFY(metaFile.open(QIODevice::ReadOnly));
    const QJsonObject expected = QJsonDocument::fromJson(metaFile.readAll()).object().value(QStringLiteral("expected")).toObject();
    ui::ScorePanel* panel = window_->scorePanel();
    QCOMPARE(panel->state(), ui::ScorePanel::State::Showing);
    for (const QString& view : {QStringLiteral("L-CC"), QStringLiteral("R-CC"), QStringLiteral("L-MLO"), QStringLiteral("R-MLO")}) {
        const auto y = expected.value(view).toObject().value(QStringLiteral("y_fusion")).toArray();
        QCOMPARE(panel->cellText(view, 0), QString::number(y.at(0).toDouble(), 'f', 3));
        QCOMPARE(panel->cellText(view, 1), QString::number(y.at(1).toDouble(), 'f', 3));
    }
    // The sample's benign lesion masks (0_R-CC_benign.png, 0_R-MLO_benign.png) outlined where
    // they belong, read by the worker with the results; none on the left breast.
    ui::HangingView* hanging = window_->hangingView();
    QVERIFY(hanging->viewport(core::StandardView::RCC)->groundTruthOutlines() >= 1);
    QVERIFY(hanging->viewport(core::StandardView::RMLO)->groundTruthOutlines() >= 1);
    QCOMPARE(hanging->viewport(core::StandardView::LCC)->groundTruthOutlines(), 0);
    QCOMPARE(hanging->viewport(core::StandardView::LMLO)->groundTruthOutlines(), 0);
    // 4 views x K = 6 patches, highest attention first.
    const auto patches = window_->patchGallery()->orderedPatches();
    QCOMPARE(int(patches.size()), 24);
    for (size_t i = 1; i < patches.size(); ++i)
        QVERIFY(patches[i - 1].attention >= patches[i].attention);

    QTest::qWait(100);
    const QImage withResults = window_->hangingView()->grabFrame();
    QVERIFY2(changedPixels(beforeResults, withResults) > 1000, "the overlays changed nothing on screen");
    screenshot(*window_, "workstation-results.png");
    withResults.save(QStringLiteral(MAMMOLENS_SCREENSHOT_DIR "/workstation-hanging-results.png"));

    // The opacity slider changes what is on screen.
    auto* opacity = window_->findChild<QSlider*>(QStringLiteral("opacitySlider"));
    QVERIFY(opacity);
    opacity->setValue(opacity->value() == 90 ? 20 : 90);
    QTest::qWait(100);
    QVERIFY(changedPixels(withResults, window_->hangingView()->grabFrame()) > 1000);
    screenshot(*window_, "workstation-opacity.png");
}

void TestWorkstation::cancelStopsTheWorker()
{
    QSignalSpy shown(controller_.get(), &app::WorkstationController::examShown);
    QSignalSpy finished(controller_.get(), &app::WorkstationController::analysisFinished);
    controller_->open({kExam});
    QVERIFY(shown.wait(30000));
    QVERIFY(controller_->running());
    auto* cancel = window_->findChild<QPushButton*>(QStringLiteral("cancelButton"));
    QVERIFY(cancel && cancel->isEnabled());
    QElapsedTimer t;
    t.start();
    QTest::mouseClick(cancel, Qt::LeftButton);
    QVERIFY(finished.wait(60000));
    qInfo("cancel -> worker stopped: %lld ms", t.elapsed());
    QCOMPARE(finished.last().at(1).toBool(), true);
    QVERIFY(!controller_->running());
    QVERIFY(!cancel->isEnabled());
}

void TestWorkstation::worklistReadsEachExamWhenShown()
{
    // A night's worklist in one folder: exam-a and exam-c are the sample exam (links, never
    // copies), exam-b's four files are not images at all.
    QTemporaryDir root;
    const QStringList views = {QStringLiteral("0_L-CC.png"), QStringLiteral("0_R-CC.png"),
                               QStringLiteral("0_L-MLO.png"), QStringLiteral("0_R-MLO.png")};
    for (const char* name : {"exam-a", "exam-b", "exam-c"}) {
        const QDir folder(root.filePath(QLatin1String(name)));
        QVERIFY(QDir().mkpath(folder.path()));
        for (const QString& v : views) {
            if (qstrcmp(name, "exam-b") != 0) {
                QVERIFY(QFile::link(QDir(kExam).filePath(v), folder.filePath(v)));
                continue;
            }
            QFile broken(folder.filePath(v));
            QVERIFY(broken.open(QIODevice::WriteOnly));
            broken.write("not a PNG at all");
        }
    }

    // Its own window and controller, with no model: this is about reading exams.
    ui::MainWindow window(app::allLibraryVersions());
    window.resize(1920, 1080);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    app::WorkstationController controller(window);
    QSignalSpy shown(&controller, &app::WorkstationController::examShown);
    controller.open({root.path()});
    QVERIFY(shown.wait(30000));
    QCOMPARE(controller.examCount(), 3);
    QCOMPARE(controller.examKey(1), QStringLiteral("exam-b"));
    QCOMPARE(controller.examIndex(), 0);
    QVERIFY(controller.shownExam());
    QCOMPARE(int(controller.shownExam()->views.size()), 4);
    // Only the exam on screen was read; the next one is read ahead once it is on screen (here
    // the broken one: the worklist tells before the reader gets there).
    QCOMPARE(controller.loadedExams(), 1);
    ui::WorklistModel* list = window.worklistPanel()->model();
    QCOMPARE(list->entry(0).views, 4);
    QCOMPARE(list->entry(1).views, -1); // not read yet
    QCOMPARE(list->data(list->index(1, ui::WorklistModel::ViewsColumn)).toString(), QString());
    QTRY_COMPARE_WITH_TIMEOUT(list->entry(1).views, 0, 10000);
    QCOMPARE(list->data(list->index(1, ui::WorklistModel::StatusColumn)).toString(),
             QStringLiteral("failed"));
    QCOMPARE(controller.loadedExams(), 1); // nothing of it is held

    // The broken exam costs only itself: each view says why, with no dialog in the way, the
    // worklist marks it failed, and the list goes on.
    controller.next();
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 2, 10000);
    QCOMPARE(controller.examIndex(), 1);
    QVERIFY(!controller.shownExam());
    QVERIFY(!QApplication::activeModalWidget());
    ui::VtkViewport* lcc = window.hangingView()->viewport(core::StandardView::LCC);
    QCOMPARE(lcc->state(), ui::VtkViewport::State::Error);
    QVERIFY2(lcc->stateMessage().contains(QLatin1String("could be read (not a PNG file")),
             qPrintable(lcc->stateMessage()));
    auto* label = window.findChild<QLabel*>(QStringLiteral("examLabel"));
    QVERIFY2(label->text().contains(QLatin1String("Exam 2 (2 / 3) cannot be read")),
             qPrintable(label->text()));
    QCOMPARE(list->entry(1).views, 0);
    QVERIFY(list->entry(1).error.contains(QLatin1String("could be read")));
    QCOMPARE(list->data(list->index(1, ui::WorklistModel::StatusColumn)).toString(),
             QStringLiteral("failed"));
    screenshot(window, "worklist-broken-exam.png");
    QVERIFY(window.hangingView()->grabFrame().save(
        QStringLiteral(MAMMOLENS_SCREENSHOT_DIR "/worklist-broken-exam-views.png")));

    controller.next();
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 3, 30000);
    QCOMPARE(controller.examIndex(), 2);
    QCOMPARE(int(controller.shownExam()->views.size()), 4);
    QCOMPARE(window.hangingView()->viewport(core::StandardView::LCC)->state(),
             ui::VtkViewport::State::Showing);
    QCOMPARE(list->entry(2).views, 4);

    // Back and forth: never more than three exams' pixels held, whatever the list's length.
    for (int i = 0; i < 4; ++i) {
        i % 2 ? controller.next() : controller.previous();
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 4 + i, 30000);
        QVERIFY(controller.loadedExams() <= 3);
    }
}

void TestWorkstation::holdingPageDownSkipsTheExamsPassed()
{
    // Ten exams (links to the sample). Page Down held: auto-repeated keys arrive faster than
    // exams are read (here all nine before the event loop runs again, as they pile up behind a
    // slow frame). Reads of the exams passed that have not started are skipped, so the exam the
    // reader stops at does not wait behind them.
    constexpr int kExams = 10;
    QTemporaryDir root;
    QStringList names;
    for (int i = 0; i < kExams; ++i)
        names << QStringLiteral("exam-%1").arg(i);
    QVERIFY(mammolens::testing::linkSampleExams(root.path(), names, kExam));
    ui::MainWindow window(app::allLibraryVersions());
    window.resize(1920, 1080);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.activateWindow(); // Page Down is a window shortcut
    QVERIFY(QTest::qWaitForWindowActive(&window));
    app::WorkstationController controller(window);
    QSignalSpy shown(&controller, &app::WorkstationController::examShown);
    controller.open({root.path()});
    QVERIFY(shown.wait(30000));
    QCOMPARE(controller.examCount(), kExams);

    QElapsedTimer held;
    held.start();
    for (int i = 1; i < kExams; ++i)
        QTest::keyClick(&window, Qt::Key_PageDown);
    QCOMPARE(controller.examIndex(), kExams - 1);
    const qint64 keys = held.elapsed();
    QTRY_COMPARE_WITH_TIMEOUT(shown.last().at(0).toInt(), kExams - 1, 30000);
    QCOMPARE(int(controller.shownExam()->views.size()), 4);
    QCOMPARE(shown.count(), 2); // none of the exams passed was presented
    ui::WorklistModel* list = window.worklistPanel()->model();
    int neverRead = 0;
    for (int i = 1; i < kExams - 1; ++i)
        neverRead += list->entry(i).views == -1 ? 1 : 0;
    qInfo("%d keys in %lld ms; exam %d on screen %lld ms after the last key; %d of the %d exams "
          "passed never read",
          kExams - 1, keys, kExams, held.elapsed() - keys, neverRead, kExams - 2);
    // At most the reads that had started on the pool's threads (and none failed).
    QVERIFY2(neverRead >= kExams - 2 - QThreadPool::globalInstance()->maxThreadCount(),
             qPrintable(QString::number(neverRead)));
    for (int i = 1; i < kExams - 1; ++i)
        QVERIFY(list->entry(i).error.isEmpty());

    // An exam passed is read normally when the reader goes back to it.
    controller.showExam(1);
    QTRY_COMPARE_WITH_TIMEOUT(shown.last().at(0).toInt(), 1, 30000);
    QCOMPARE(int(controller.shownExam()->views.size()), 4);
    QCOMPARE(list->entry(1).views, 4);
}

void TestWorkstation::keysAndDropsOnTheViewsReachTheWindow()
{
    // The views are a window embedded in the main window (for the speed of its repaints): the
    // reader works in them, so the window's shortcuts and an exam dropped on them must still act.
    ui::MainWindow window(app::allLibraryVersions());
    window.resize(1920, 1080);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    // The reader was typing in the worklist's filter, then clicks into a view.
    QLineEdit* filter = window.worklistPanel()->filterEdit();
    filter->setFocus();
    QTRY_COMPARE(QApplication::focusWidget(), filter);
    ui::VtkViewport* rcc = window.hangingView()->viewport(core::StandardView::RCC);
    // Through the views' window, as the window system delivers a click.
    QTest::mouseClick(window.hangingView()->windowHandle(), Qt::LeftButton, {},
                      rcc->mapTo(window.hangingView(), rcc->rect().center()));
    QTRY_VERIFY(QApplication::focusWidget() != filter);
    QCOMPARE(QApplication::activeWindow(), &window); // the main window's shortcuts apply

    auto* opacity = window.findChild<QSlider*>(QStringLiteral("opacitySlider"));
    QVERIFY(opacity);
    opacity->setValue(50);
    // The next keys go where a real key goes (the focus widget): shortcuts, not text.
    QTest::keyClick(static_cast<QWidget*>(nullptr), Qt::Key_BracketRight); // more opacity
    QVERIFY2(opacity->value() > 50, qPrintable(QString::number(opacity->value())));
    QTest::keyClick(static_cast<QWidget*>(nullptr), Qt::Key_L); // the loupe
    QVERIFY(window.hangingView()->isLoupeEnabled());
    QVERIFY(filter->text().isEmpty());

    QSignalSpy opened(&window, &ui::MainWindow::openRequested);
    QMimeData data;
    data.setUrls({QUrl::fromLocalFile(kExam)});
    const QPoint at = window.hangingView()->rect().center();
    QDragEnterEvent enter(at, Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(window.hangingView(), &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(at), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(window.hangingView(), &drop);
    QCOMPARE(opened.count(), 1);
    QCOMPARE(opened.first().at(0).toStringList(), QStringList{kExam});
}

QTEST_MAIN(TestWorkstation)
#include "tst_workstation.moc"
