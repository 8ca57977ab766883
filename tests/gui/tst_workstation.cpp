// The workstation as a reader uses it: open the sample exam, load the parity weights, watch the
// results arrive on the real window (worker thread, controller, hanging, panels), cancel a run.

#include "app/gui/workstationcontroller.h"
#include "guitestsupport.h"
#include "app/common/versioninfo.h"
#include "ui/panels/scorepanel.h"
#include "ui/viewer/hangingview.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardPaths>
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

QTEST_MAIN(TestWorkstation)
#include "tst_workstation.moc"
