// The main window as a reader first sees it: the standard screening hanging (right breast on the
// viewer's left, chest walls meeting in the middle) and an About box with every version.

#include "tests/gui/guitestsupport.h"
#include "ui/dialogs/aboutdialog.h"
#include "ui/mainwindow/mainwindow.h"
#include "ui/viewer/hangingview.h"

#include <QDir>
#include <QLabel>
#include <QtTest>

using mammolens::ui::AboutDialog;
using mammolens::ui::MainWindow;

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void hangingPutsRightBreastOnTheLeft();
    void aboutBoxListsEveryLibrary();
    void progressTextMovesNothingElse();
};

namespace {
const QList<QPair<QString, QString>> kVersions = {
    {QStringLiteral("MammoLens"), QStringLiteral("0.1.0")}, {QStringLiteral("Qt"), QStringLiteral("6")},
    {QStringLiteral("LibTorch"), QStringLiteral("1.13")},   {QStringLiteral("DCMTK"), QStringLiteral("3.6.7")},
    {QStringLiteral("VTK"), QStringLiteral("9.1")},         {QStringLiteral("OpenCV"), QStringLiteral("4.6")}};
}

void TestMainWindow::hangingPutsRightBreastOnTheLeft()
{
    MainWindow window(kVersions);
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto centre = [&](const char* view) {
        // The views are a window embedded in the main window: where the pane is on the screen.
        auto* pane = window.hangingView()->findChild<QWidget*>(QStringLiteral("viewport_") +
                                                               QLatin1String(view));
        Q_ASSERT(pane);
        return pane->mapToGlobal(pane->rect().center());
    };
    QVERIFY(centre("R-CC").x() < centre("L-CC").x());
    QVERIFY(centre("R-MLO").x() < centre("L-MLO").x());
    QVERIFY(centre("R-CC").y() < centre("R-MLO").y());
    QVERIFY(centre("L-CC").y() < centre("L-MLO").y());

    // With the views (a window of their own), as on the screen.
    mammolens::guitest::screenshot(window, "mainwindow-empty.png");
}

void TestMainWindow::aboutBoxListsEveryLibrary()
{
    AboutDialog about(kVersions, {QStringLiteral("parity [abc123, parity]")});
    auto* label = about.findChild<QLabel*>(QStringLiteral("versionsLabel"));
    QVERIFY(label);
    for (const auto& [name, version] : kVersions) {
        QVERIFY2(label->text().contains(name), qPrintable(name));
        QVERIFY(label->text().contains(version));
    }
    auto* models = about.findChild<QLabel*>(QStringLiteral("modelsLabel"));
    QVERIFY(models && models->text().contains(QLatin1String("abc123")));
}

void TestMainWindow::progressTextMovesNothingElse()
{
    // The model's progress changes the status bar text a dozen times a view: the label must
    // not resize, or the exam and session labels beside it jump and the window re-lays out.
    MainWindow window(kVersions);
    window.resize(1920, 1080);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto* progress = window.findChild<QLabel*>(QStringLiteral("progressLabel"));
    auto* exam = window.findChild<QLabel*>(QStringLiteral("examLabel"));
    QVERIFY(progress && exam);
    window.setRunning(true, QStringLiteral("GMIC: R-CC, global network"));
    QCoreApplication::processEvents();
    const QRect progressAt = progress->geometry(), examAt = exam->geometry();
    QVERIFY(progress->toolTip().isEmpty());

    const QString longText = QStringLiteral("Triage, exam 1234: R-MLO, attention and fusion of "
                                            "the five models of the ensemble");
    window.setRunning(true, longText);
    window.setRunning(false, QStringLiteral("Done"));
    window.setRunning(true, longText);
    QCoreApplication::processEvents();
    QCOMPARE(progress->geometry(), progressAt);
    QCOMPARE(exam->geometry(), examAt);
    // Too long for it: elided, and whole in the tooltip.
    QVERIFY2(progress->text().endsWith(QChar(0x2026)), qPrintable(progress->text()));
    QCOMPARE(progress->toolTip(), longText);
    QVERIFY(progress->fontMetrics().horizontalAdvance(progress->text()) <= progress->width());
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
