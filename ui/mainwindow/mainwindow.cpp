#include "ui/mainwindow/mainwindow.h"

#include "ui/dialogs/aboutdialog.h"

#include <QApplication>
#include <QFrame>
#include <QGridLayout>
#include <QLabel>
#include <QMenuBar>
#include <QStatusBar>

namespace mammolens::ui {

MainWindow::MainWindow(QList<QPair<QString, QString>> versions, QWidget* parent)
    : QMainWindow(parent), versions_(std::move(versions))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("MammoLens"));
    createMenus();
    setCentralWidget(createHanging());
    statusBar()->showMessage(tr("No exam open. Use File > Open Exam."));
    resize(1280, 800);
}

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
    quit->setShortcut(QKeySequence::Quit);
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About MammoLens"), this, &MainWindow::showAbout);
}

QWidget* MainWindow::createHanging()
{
    auto* hanging = new QWidget(this);
    hanging->setObjectName(QStringLiteral("hanging"));
    auto* grid = new QGridLayout(hanging);
    grid->setSpacing(2);
    grid->setContentsMargins(2, 2, 2, 2);
    // Right breast on the viewer's left, left breast on the right: the chest walls meet mid-screen.
    const QStringList views = {QStringLiteral("R-CC"), QStringLiteral("L-CC"),
                               QStringLiteral("R-MLO"), QStringLiteral("L-MLO")};
    for (int i = 0; i < views.size(); ++i) {
        auto* pane = new QLabel(views[i], hanging);
        pane->setObjectName(QStringLiteral("viewport_") + views[i]);
        pane->setAlignment(Qt::AlignCenter);
        pane->setFrameShape(QFrame::Box);
        pane->setStyleSheet(QStringLiteral("background:#000; color:#666; font-size:18px;"));
        grid->addWidget(pane, i / 2, i % 2);
    }
    hanging->setStyleSheet(QStringLiteral("background:#111;"));
    return hanging;
}

void MainWindow::showAbout()
{
    AboutDialog dialog(versions_, modelLabels_, this);
    dialog.exec();
}

} // namespace mammolens::ui
