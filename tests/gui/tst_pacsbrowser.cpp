// The PACS browser as a reader uses it (issue 9), against a real Orthanc on loopback: search,
// retrieve into the worklist (the exam opens), a study pushed to our storage SCP joins the
// worklist, a node that is down says so while the window stays responsive, cancel a retrieval.

#include "../pacs/orthancserver.h"
#include "../pacs/pacstestdata.h"
#include "app/common/versioninfo.h"
#include "app/gui/pacsservice.h"
#include "app/gui/workstationcontroller.h"
#include "core/pacs/pacsclient.h"
#include "core/pacs/pacsnodestore.h"
#include "ui/dialogs/pacsbrowserdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace mammolens;
using pacstest::OrthancServer;

namespace {

constexpr int kTimeoutMs = 30000;

template <typename T> T* child(QObject* parent, const char* name)
{
    T* w = parent->findChild<T*>(QLatin1String(name));
    if (!w)
        qFatal("no widget %s", name);
    return w;
}

/// The longest gap between ticks of a 5 ms timer on the GUI thread while it runs.
class StallProbe
{
public:
    StallProbe()
    {
        timer_.setInterval(5);
        QObject::connect(&timer_, &QTimer::timeout, [this] {
            const qint64 now = clock_.elapsed();
            longest_ = std::max(longest_, now - last_);
            last_ = now;
        });
        clock_.start();
        timer_.start();
    }
    qint64 longest() const { return longest_; }

private:
    QTimer timer_;
    QElapsedTimer clock_;
    qint64 last_ = 0;
    qint64 longest_ = 0;
};

} // namespace

class TestPacsBrowser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void fileMenuShortcut_opensTheBrowser();
    void queryAndRetrieve_addsTheExamToTheWorklistAndOpensIt();
    void pushedStudy_getsAWorklistEntry();
    void nodeDown_showsAClearErrorAndTheWindowStaysResponsive();
    void cancelDuringRetrieval_stopsAndKeepsTheDialogUsable();
    void receiverPortInUse_isAStatusBarMessageNotAFailure();

private:
    void chooseNode(const QString& name);
    void query(const QString& patientId);

    QTemporaryDir dir_;
    quint16 scpPort_ = 0;
    std::unique_ptr<OrthancServer> orthanc_;
    pacstest::TestExam first_, second_;
    std::unique_ptr<ui::MainWindow> window_;
    std::unique_ptr<app::WorkstationController> controller_;
    ui::PacsBrowserDialog* browser_ = nullptr;
};

void TestPacsBrowser::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // QSettings away from the user's
    if (!OrthancServer::available())
        QSKIP("Orthanc is not installed (Debian package `orthanc`)");
    QVERIFY(dir_.isValid());
    QSettings().remove(QStringLiteral("pacs"));

    scpPort_ = pacstest::freePort();
    OrthancServer::Options options;
    options.ourPort = scpPort_;
    orthanc_ = std::make_unique<OrthancServer>(options);
    QString error;
    QVERIFY2(orthanc_->start(&error), qPrintable(error));

    first_ = pacstest::writeExam(dir_.filePath(QStringLiteral("first")), QStringLiteral("PB-001"),
                                 QStringLiteral("BROWSER^FIRST"), QStringLiteral("ACC-PB1"),
                                 QDate(2023, 3, 14), 4, 256, 160);
    second_ = pacstest::writeExam(dir_.filePath(QStringLiteral("second")), QStringLiteral("PB-002"),
                                  QStringLiteral("BROWSER^SECOND"), QStringLiteral("ACC-PB2"),
                                  QDate(2024, 6, 1), 12, 256, 160);
    QCOMPARE(first_.files.size(), 4);
    QCOMPARE(second_.files.size(), 12);
    core::PacsClient uploader(orthanc_->node(), {});
    auto stored = uploader.store(first_.files + second_.files);
    QVERIFY2(stored.ok(), qPrintable(stored.error().toString()));
    QCOMPARE(stored.value().stored, 16);

    // Our identity and the node, as a user would have configured them.
    core::PacsNodeStore store;
    core::PacsNodeStore::Local local = store.local();
    local.port = scpPort_;
    local.cacheDirectory = dir_.filePath(QStringLiteral("cache"));
    QVERIFY(store.setLocal(local).ok());
    QSettings().setValue(app::PacsService::receiveKey(), true);
    QVERIFY(store.add(orthanc_->node()).ok());

    window_ = std::make_unique<ui::MainWindow>(app::allLibraryVersions());
    window_->resize(1400, 900);
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    controller_ = std::make_unique<app::WorkstationController>(*window_);
    browser_ = window_->pacsBrowser();
    QVERIFY(browser_);
    // The SCP started with the workstation (receiving is enabled above).
    QTRY_VERIFY_WITH_TIMEOUT(
        window_->statusBar()->currentMessage().contains(QString::number(scpPort_)), kTimeoutMs);
}

void TestPacsBrowser::cleanupTestCase()
{
    controller_.reset(); // stops the SCP and the threads before the window goes
    window_.reset();
    orthanc_.reset();
}

void TestPacsBrowser::chooseNode(const QString& name)
{
    auto* combo = child<QComboBox>(browser_, "nodeCombo");
    const int index = combo->findData(name);
    QVERIFY(index >= 0);
    combo->setCurrentIndex(index);
}

void TestPacsBrowser::query(const QString& patientId)
{
    child<QLineEdit>(browser_, "patientIdEdit")->setText(patientId);
    QTest::mouseClick(child<QPushButton>(browser_, "queryButton"), Qt::LeftButton);
    QCOMPARE(browser_->state(), ui::PacsBrowserDialog::State::Querying);
    QTRY_COMPARE_WITH_TIMEOUT(browser_->state(), ui::PacsBrowserDialog::State::Idle, kTimeoutMs);
}

void TestPacsBrowser::fileMenuShortcut_opensTheBrowser()
{
    QVERIFY(!browser_->isVisible());
    window_->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(window_.get()));
    QTest::keyClick(window_.get(), Qt::Key_P, Qt::ControlModifier);
    QTRY_VERIFY(browser_->isVisible());
    QVERIFY(!browser_->isModal());
    auto* combo = child<QComboBox>(browser_, "nodeCombo");
    QCOMPARE(combo->count(), 1);
    QCOMPARE(combo->currentData().toString(), QStringLiteral("orthanc"));

    QTest::mouseClick(child<QPushButton>(browser_, "echoButton"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(browser_->state(), ui::PacsBrowserDialog::State::Idle, kTimeoutMs);
    QVERIFY2(child<QLabel>(browser_, "echoLabel")->text().contains(QLatin1String("answers")),
             qPrintable(child<QLabel>(browser_, "echoLabel")->text()));
}

void TestPacsBrowser::queryAndRetrieve_addsTheExamToTheWorklistAndOpensIt()
{
    chooseNode(QStringLiteral("orthanc"));
    auto* table = child<QTableWidget>(browser_, "resultsTable");

    // Everything (mammography): both studies, sortable by date.
    query(QString());
    QCOMPARE(table->rowCount(), 2);
    table->sortItems(2, Qt::DescendingOrder);
    QCOMPARE(table->item(0, 1)->text(), QStringLiteral("PB-002"));
    QCOMPARE(table->item(0, 5)->data(Qt::DisplayRole).toInt(), 12);
    table->sortItems(2, Qt::AscendingOrder);
    QCOMPARE(table->item(0, 1)->text(), QStringLiteral("PB-001"));
    const QString shot = QStringLiteral(MAMMOLENS_SCREENSHOT_DIR "/pacs-browser-results.png");
    QDir().mkpath(QStringLiteral(MAMMOLENS_SCREENSHOT_DIR));
    QVERIFY(browser_->grab().save(shot));
    qInfo("screenshot: %s", qPrintable(shot));

    // The form narrows it: patient ID, then a date range that leaves only the first.
    query(QStringLiteral("PB-001"));
    QCOMPARE(table->rowCount(), 1);
    QCOMPARE(table->item(0, 0)->text(), QStringLiteral("BROWSER, FIRST"));
    QCOMPARE(table->item(0, 4)->text(), QStringLiteral("ACC-PB1"));
    QCOMPARE(table->item(0, 5)->data(Qt::DisplayRole).toInt(), 4);
    child<QDateEdit>(browser_, "sinceEdit")->setDate(QDate(2023, 1, 1));
    child<QDateEdit>(browser_, "untilEdit")->setDate(QDate(2023, 12, 31));
    query(QString());
    QCOMPARE(table->rowCount(), 1);
    QCOMPARE(table->item(0, 1)->text(), QStringLiteral("PB-001"));
    child<QDateEdit>(browser_, "sinceEdit")->setDate(QDate(1900, 1, 1));
    child<QDateEdit>(browser_, "untilEdit")->setDate(QDate(1900, 1, 1));

    auto* retrieve = child<QPushButton>(browser_, "retrieveButton");
    QVERIFY(!retrieve->isEnabled()); // nothing selected yet
    table->selectRow(0);
    QVERIFY(retrieve->isEnabled());
    QSignalSpy shown(controller_.get(), &app::WorkstationController::examShown);
    QTest::mouseClick(retrieve, Qt::LeftButton);
    QCOMPARE(browser_->state(), ui::PacsBrowserDialog::State::Retrieving);
    QVERIFY(shown.wait(kTimeoutMs));
    QTRY_COMPARE_WITH_TIMEOUT(browser_->state(), ui::PacsBrowserDialog::State::Idle, kTimeoutMs);
    QVERIFY2(browser_->statusText().contains(QLatin1String("worklist: 1 of 1")),
             qPrintable(browser_->statusText()));

    QCOMPARE(controller_->examCount(), 1);
    const int index = controller_->examIndex();
    QCOMPARE(index, 0);
    QCOMPARE(controller_->examKey(0), first_.studyUid);
    QVERIFY(controller_->shownExam());
    QCOMPARE(int(controller_->shownExam()->views.size()), 4); // the four standard views loaded
    QVERIFY(child<QLabel>(window_.get(), "examLabel")->text().contains(QLatin1String("Exam 1")));
}

void TestPacsBrowser::pushedStudy_getsAWorklistEntry()
{
    const int before = controller_->examCount();
    const pacstest::TestExam pushed = pacstest::writeExam(
        dir_.filePath(QStringLiteral("pushed")), QStringLiteral("PB-003"),
        QStringLiteral("BROWSER^PUSHED"), QStringLiteral("ACC-PB3"), QDate(2024, 9, 9));
    core::PacsNode us;
    us.name = QStringLiteral("workstation");
    us.aeTitle = QStringLiteral("MAMMOLENS");
    us.host = QStringLiteral("127.0.0.1");
    us.port = scpPort_;
    core::PacsClient::Options options;
    options.localAeTitle = QStringLiteral("MODALITY");
    auto stored = core::PacsClient(us, options).store(pushed.files);
    QVERIFY2(stored.ok(), qPrintable(stored.error().toString()));
    QCOMPARE(stored.value().stored, 4);

    QTRY_COMPARE_WITH_TIMEOUT(controller_->examCount(), before + 1, kTimeoutMs);
    QCOMPARE(controller_->examKey(before), pushed.studyUid);
    // Not opened over the exam being read; the list position says there is more.
    QCOMPARE(controller_->examIndex(), 0);
    QVERIFY(window_->statusBar()->currentMessage().contains(QLatin1String("worklist")));
    QVERIFY(child<QLabel>(window_.get(), "examLabel")
                ->text()
                .contains(QStringLiteral("1 / %1").arg(before + 1)));
    QSignalSpy shown(controller_.get(), &app::WorkstationController::examShown);
    controller_->next();
    QCOMPARE(controller_->examIndex(), before);
    QVERIFY(shown.count() > 0 || shown.wait(kTimeoutMs)); // its pixels are read when shown
    QVERIFY(controller_->shownExam());
    QCOMPARE(int(controller_->shownExam()->views.size()), 4);
}

void TestPacsBrowser::nodeDown_showsAClearErrorAndTheWindowStaysResponsive()
{
    // Added through the nodes editor: a port nothing listens on.
    auto* tabs = child<QTabWidget>(browser_, "pacsTabs");
    tabs->setCurrentIndex(1);
    child<QLineEdit>(browser_, "nodeNameEdit")->setText(QStringLiteral("down"));
    child<QLineEdit>(browser_, "nodeAeTitleEdit")->setText(QStringLiteral("NOBODY"));
    child<QLineEdit>(browser_, "nodeHostEdit")->setText(QStringLiteral("127.0.0.1"));
    child<QSpinBox>(browser_, "nodePortSpin")->setValue(pacstest::freePort());
    QTest::mouseClick(child<QPushButton>(browser_, "saveNodeButton"), Qt::LeftButton);
    QCOMPARE(child<QTableWidget>(browser_, "nodesTable")->rowCount(), 2);
    QVERIFY(core::PacsNodeStore().node(QStringLiteral("down")).has_value());
    tabs->setCurrentIndex(0);
    chooseNode(QStringLiteral("down"));

    StallProbe probe;
    QTest::mouseClick(child<QPushButton>(browser_, "echoButton"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(browser_->state(), ui::PacsBrowserDialog::State::Idle, kTimeoutMs);
    QCOMPARE(child<QLabel>(browser_, "echoLabel")->text(), QStringLiteral("Echo failed"));
    QVERIFY2(browser_->statusText().contains(QLatin1String("down is not reachable")),
             qPrintable(browser_->statusText()));

    query(QStringLiteral("PB-001"));
    QVERIFY2(browser_->statusText().contains(QLatin1String("not reachable")),
             qPrintable(browser_->statusText()));
    qInfo("longest GUI-thread stall with the node down: %lld ms", probe.longest());
    QVERIFY(probe.longest() < 500);

    // Removed again through the editor.
    tabs->setCurrentIndex(1);
    auto* nodes = child<QTableWidget>(browser_, "nodesTable");
    nodes->setCurrentCell(0, 0); // "down" sorts before "orthanc"
    QCOMPARE(child<QLineEdit>(browser_, "nodeNameEdit")->text(), QStringLiteral("down"));
    QTest::mouseClick(child<QPushButton>(browser_, "removeNodeButton"), Qt::LeftButton);
    QCOMPARE(nodes->rowCount(), 1);
    QCOMPARE(child<QComboBox>(browser_, "nodeCombo")->count(), 1);
    tabs->setCurrentIndex(0);
}

void TestPacsBrowser::cancelDuringRetrieval_stopsAndKeepsTheDialogUsable()
{
    chooseNode(QStringLiteral("orthanc"));
    query(QString());
    auto* table = child<QTableWidget>(browser_, "resultsTable");
    QCOMPARE(table->rowCount(), 2);
    table->sortItems(2, Qt::DescendingOrder); // the 12-image study first
    table->selectAll();
    const int before = controller_->examCount();

    // The user presses Cancel as the first image arrives: on the service's thread, wait until the
    // GUI thread has clicked (so the transfer is certainly still in flight).
    auto* cancel = child<QPushButton>(browser_, "pacsCancelButton");
    std::atomic_bool clicked{false};
    auto connection = connect(
        controller_->pacsService(), &app::PacsService::retrieveProgress, cancel,
        [&](int, int, int done, int) {
            if (done >= 1 && !clicked.exchange(true))
                QMetaObject::invokeMethod(cancel, &QPushButton::click,
                                          Qt::BlockingQueuedConnection);
        },
        Qt::DirectConnection);
    QTest::mouseClick(child<QPushButton>(browser_, "retrieveButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(clicked.load(), kTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(browser_->state(), ui::PacsBrowserDialog::State::Idle, kTimeoutMs);
    disconnect(connection);
    QVERIFY2(browser_->statusText().contains(QLatin1String("cancelled")),
             qPrintable(browser_->statusText()));
    QTest::qWait(500); // a study that made it would be loading now
    QVERIFY(controller_->examCount() <= before + 1);
    QVERIFY(child<QPushButton>(browser_, "retrieveButton")->isEnabled());
    QVERIFY(!cancel->isEnabled());

    // And the next request is not cancelled by the old click.
    query(QStringLiteral("PB-002"));
    QCOMPARE(table->rowCount(), 1);
}

void TestPacsBrowser::receiverPortInUse_isAStatusBarMessageNotAFailure()
{
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress::Any, 0));
    auto* tabs = child<QTabWidget>(browser_, "pacsTabs");
    tabs->setCurrentIndex(1);
    auto* port = child<QSpinBox>(browser_, "localPortSpin");
    QCOMPARE(port->value(), int(scpPort_));
    QVERIFY(child<QCheckBox>(browser_, "localReceiveCheck")->isChecked());
    port->setValue(squatter.serverPort());
    QTest::mouseClick(child<QPushButton>(browser_, "applyLocalButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(
        window_->statusBar()->currentMessage().contains(QLatin1String("not started")), kTimeoutMs);
    QVERIFY(window_->isVisible());
    QCOMPARE(QSettings().value(QStringLiteral("pacs/local/port")).toInt(),
             int(squatter.serverPort()));

    // Back to a free port: listening again.
    port->setValue(scpPort_);
    QTest::mouseClick(child<QPushButton>(browser_, "applyLocalButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(
        window_->statusBar()->currentMessage().contains(QStringLiteral("on port %1").arg(scpPort_)),
        kTimeoutMs);
    tabs->setCurrentIndex(0);
}

QTEST_MAIN(TestPacsBrowser)
#include "tst_pacsbrowser.moc"
