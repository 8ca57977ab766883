// Timings, not a test: opening a folder that holds many exams in the workstation, as a reader does
// with a night's worklist, and stepping through it. No model is loaded, so this is loading and
// display only.
//
//   xvfb-run -a -s "-screen 0 1920x1080x24" build/tests/gui/bench_worklist [exams [reading-ms]]
//
// The folder is built in a temporary directory: one sub-folder per exam holding links to the
// sample exam's four view PNGs (../shared/data is never copied). Printed: the time from open()
// to the first exam's four views on screen, the time of each Page Down (after a second on the
// exam before) to the next exam's views on screen, and the process's resident memory after each (VmRSS, and the peak VmHWM).

#include "app/common/versioninfo.h"
#include "app/gui/workstationcontroller.h"
#include "ui/mainwindow/mainwindow.h"
#include "ui/viewer/hangingview.h"
#include "ui/viewer/vtkviewport.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <functional>
#include <vector>

using namespace mammolens;

namespace {

const QString kExam = QStringLiteral(MAMMOLENS_SHARED_DIR "/data/gmic-sample-exam");
/// Time on an exam before the next (the next exam is read ahead meanwhile); argument 2.
constexpr int kReadingMs = 1000;

/// VmRSS or VmHWM of this process in MiB.
double memoryMiB(const char* field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : status.readAll().split('\n'))
        if (line.startsWith(field))
            return line.mid(int(qstrlen(field)) + 1).trimmed().split(' ').value(0).toDouble() / 1024;
    return -1;
}

/// Runs `action`, then the event loop until the controller showed an exam and all four views
/// swapped a frame after that. Returns milliseconds, or -1 after 60 s.
double timeToViews(app::WorkstationController& controller, ui::HangingView& hanging,
                   const std::function<void()>& action)
{
    bool shown = false;
    int swapped = 0;
    std::vector<QMetaObject::Connection> links;
    links.push_back(QObject::connect(&controller, &app::WorkstationController::examShown,
                                     [&] { shown = true; }));
    for (core::StandardView v : core::kStandardViews)
        links.push_back(QObject::connect(hanging.viewport(v), &QOpenGLWidget::frameSwapped, [&] {
            if (shown)
                ++swapped;
        }));
    QElapsedTimer timer;
    timer.start();
    action();
    QEventLoop loop;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, [&] {
        if (shown && swapped >= 4)
            loop.quit();
    });
    poll.start(0);
    QTimer::singleShot(60000, &loop, &QEventLoop::quit);
    loop.exec();
    for (const auto& link : links)
        QObject::disconnect(link);
    return shown && swapped >= 4 ? timer.nsecsElapsed() / 1e6 : -1.0;
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true); // the reader's settings and recent exams untouched
    const int exams = argc > 1 ? std::max(2, std::atoi(argv[1])) : 20;
    const int readingMs = argc > 2 ? std::max(0, std::atoi(argv[2])) : kReadingMs;

    QTemporaryDir root;
    const QStringList views = {QStringLiteral("0_L-CC.png"), QStringLiteral("0_R-CC.png"),
                               QStringLiteral("0_L-MLO.png"), QStringLiteral("0_R-MLO.png")};
    for (int i = 0; i < exams; ++i) {
        const QString folder = root.filePath(QStringLiteral("exam-%1").arg(i, 3, 10, QLatin1Char('0')));
        QDir().mkpath(folder);
        for (const QString& v : views)
            if (!QFile::link(QDir(kExam).filePath(v), QDir(folder).filePath(v))) {
                std::fprintf(stderr, "cannot link %s\n", qPrintable(QDir(kExam).filePath(v)));
                return 1;
            }
    }

    ui::MainWindow window(app::allLibraryVersions());
    window.resize(1920, 1080);
    window.show();
    app::WorkstationController controller(window);
    QEventLoop settle;
    QTimer::singleShot(1000, &settle, &QEventLoop::quit);
    settle.exec();
    std::printf("%d exams (links to the sample exam's PNGs), window 1920x1080, %s, no model, "
                "%d ms on each exam\n",
                exams, qPrintable(app.platformName()), readingMs);
    std::printf("before opening                  RSS %6.0f MiB\n", memoryMiB("VmRSS:"));

    const double open = timeToViews(controller, *window.hangingView(),
                                    [&] { controller.open({root.path()}); });
    std::printf("open to first exam on screen    %7.0f ms   RSS %6.0f MiB\n", open,
                memoryMiB("VmRSS:"));
    std::vector<double> steps;
    for (int i = 1; i < std::min(exams, 8); ++i) {
        QEventLoop reading; // a reader looks at an exam for a while before Page Down
        QTimer::singleShot(readingMs, &reading, &QEventLoop::quit);
        reading.exec();
        steps.push_back(timeToViews(controller, *window.hangingView(), [&] { controller.next(); }));
        std::printf("next exam (%2d) on screen        %7.0f ms   RSS %6.0f MiB\n", i + 1,
                    steps.back(), memoryMiB("VmRSS:"));
    }
    std::sort(steps.begin(), steps.end());
    std::printf("next exam: median %.0f ms; peak RSS (VmHWM) %.0f MiB\n", steps[steps.size() / 2],
                memoryMiB("VmHWM:"));
    return 0;
}
