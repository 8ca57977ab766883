// Model > Model Manager and Help > About > Run Self-Test on the real window and controller: the
// dialog's choices reach the settings and the engine, and the self-test reports into the box.

#include "app/common/versioninfo.h"
#include "app/gui/workstationcontroller.h"
#include "inference/util/threadpriority.h"
#include "tests/inference/threadnice.h"
#include "ui/dialogs/aboutdialog.h"
#include "ui/dialogs/modelmanagerdialog.h"
#include "ui/mainwindow/mainwindow.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTimer>
#include <QtTest>

using namespace mammolens;

namespace {
const QString kWeights = QStringLiteral(MAMMOLENS_SHARED_DIR "/parity/weights.safetensors");

/// Runs `action` on the first visible dialog of type T once it is open (exec() blocks).
template <typename T>
void whenOpen(const std::function<void(T*)>& action)
{
    QTimer::singleShot(50, [action] {
        for (QWidget* w : QApplication::topLevelWidgets())
            if (auto* d = qobject_cast<T*>(w); d && d->isVisible()) {
                action(d);
                return;
            }
        whenOpen<T>(action); // not open yet
    });
}
} // namespace

class TestModelSettings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        window_ = std::make_unique<ui::MainWindow>(app::allLibraryVersions());
        window_->show();
        QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
        controller_ = std::make_unique<app::WorkstationController>(*window_);
    }

    void modelManagerListsModelsAndAppliesEngineSettings()
    {
        QSignalSpy ready(controller_.get(), &app::WorkstationController::modelsReady);
        controller_->loadModels({kWeights});
        QVERIFY(ready.wait(60000));

        // Open the manager: the parity model is listed with its identity; choose 1 thread, OK.
        QStringList listed;
        whenOpen<ui::ModelManagerDialog>([&](ui::ModelManagerDialog* d) {
            auto* list = d->findChild<QListWidget*>(QStringLiteral("modelList"));
            for (int i = 0; i < list->count(); ++i)
                listed << list->item(i)->text();
            d->findChild<QSpinBox*>(QStringLiteral("threadsSpin"))->setValue(1);
            d->accept();
        });
        window_->showModelManager();
        QCOMPARE(listed.size(), 1);
        QVERIFY2(listed.front().contains(QLatin1String("weights")) &&
                     listed.front().contains(QLatin1String("2944x1920")),
                 qPrintable(listed.front()));
        QCOMPARE(QSettings().value(QStringLiteral("engine/threads")).toInt(), 1);
        QCOMPARE(QSettings().value(QStringLiteral("engine/device")).toString(), QStringLiteral("cpu"));
        QVERIFY(ready.wait(60000)); // the engine was rebuilt with the new settings

        // Removing every model empties the ensemble.
        whenOpen<ui::ModelManagerDialog>([](ui::ModelManagerDialog* d) {
            auto* list = d->findChild<QListWidget*>(QStringLiteral("modelList"));
            list->selectAll();
            d->findChild<QPushButton*>(QStringLiteral("removeModelButton"))->click();
            d->accept();
        });
        window_->showModelManager();
        QVERIFY(ready.wait(60000));
        QVERIFY(QSettings().value(QStringLiteral("models/files")).toStringList().isEmpty());
    }

    void inferenceThreadsYieldToTheInterface_data()
    {
        QTest::addColumn<int>("setting"); // -1: none
        QTest::addColumn<int>("expected");
        // No setting: nice 5, so that the interface's repaints come first.
        QTest::newRow("default") << -1 << 5;
        // An administrator's choice, above the default since a thread's priority only goes down.
        QTest::newRow("engine/niceness 9") << 9 << 9;
    }

    void inferenceThreadsYieldToTheInterface()
    {
#if !defined(__linux__)
        QSKIP("per-thread nice values are Linux's");
#endif
        // The worker's thread and LibTorch's pool run the model at the nice value; the interface
        // stays at its own.
        QFETCH(int, setting);
        QFETCH(int, expected);
        const int guiNice = inference::thisThreadNice();
        QVERIFY(guiNice < expected);
        QCOMPARE(testing::threadsAtNice(expected), 0);
        if (setting < 0)
            QSettings().remove(QStringLiteral("engine/niceness"));
        else
            QSettings().setValue(QStringLiteral("engine/niceness"), setting);
        QSettings().setValue(QStringLiteral("engine/threads"), 2);
        QSignalSpy ready(controller_.get(), &app::WorkstationController::modelsReady);
        QSignalSpy finished(controller_.get(), &app::WorkstationController::analysisFinished);
        controller_->loadModels({kWeights});
        QVERIFY(ready.wait(60000));
        controller_->open({QStringLiteral(MAMMOLENS_SHARED_DIR "/data/gmic-sample-exam")});
        // The second row's new models rerun the exam on screen, which open() then cancels:
        // wait for a run that completed.
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty() && !finished.last().at(1).toBool(), 300000);
        // The worker and the pool's second thread at least; threads they start inherit it.
        QVERIFY(testing::threadsAtNice(expected) >= 2);
        QCOMPARE(inference::thisThreadNice(), guiNice);
        QSettings().remove(QStringLiteral("engine/niceness"));
    }

    void aboutBoxRunsTheSelfTest()
    {
        QString result;
        whenOpen<ui::AboutDialog>([&](ui::AboutDialog* d) {
            auto* label = d->findChild<QLabel*>(QStringLiteral("selfTestLabel"));
            d->findChild<QPushButton*>(QStringLiteral("selfTestButton"))->click();
            // The self-test runs off the GUI thread; the box reports when it ends.
            auto poll = std::make_shared<std::function<void()>>();
            *poll = [&, d, label, poll] {
                if (label->text().contains(QLatin1String("Self-test passed")) ||
                    label->text().contains(QLatin1String("Self-test FAILED"))) {
                    result = label->text();
                    d->accept();
                } else {
                    QTimer::singleShot(100, *poll);
                }
            };
            QTimer::singleShot(100, *poll);
        });
        window_->showAbout();
        QVERIFY2(result.contains(QLatin1String("DICOM codecs")), qPrintable(result));
        QVERIFY(result.contains(QLatin1String("libraries")));
        QVERIFY(result.contains(QLatin1String("golden input")));
    }

private:
    std::unique_ptr<ui::MainWindow> window_;
    std::unique_ptr<app::WorkstationController> controller_;
};

QTEST_MAIN(TestModelSettings)
#include "tst_modelsettings.moc"
