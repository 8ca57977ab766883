// Timings, not a test: what Qt itself costs per frame under Xvfb with Mesa's software OpenGL,
// before VTK draws anything. Every surface here only clears its colour buffer; a frame is timed
// from update() to frameSwapped, as in bench_viewport.
//
//   xvfb-run -a -s "-screen 0 1920x1080x24" build/tests/ui/bench_composition [frames]
//
// Why it exists (issue 6, frame time at most 50 ms): a QOpenGLWidget renders into a framebuffer
// object that Qt then composes with the window's backing store into the window on every frame;
// a QOpenGLWindow (alone or inside QWidget::createWindowContainer) draws into its own native
// window and is swapped directly. This program shows how much of bench_viewport's frame is that
// composition, i.e. the floor of any QOpenGLWidget-hosted viewer at 1920 x 1080.

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QGridLayout>
#include <QOpenGLFunctions>
#include <QOpenGLWidget>
#include <QOpenGLWindow>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <functional>
#include <memory>
#include <vector>

namespace {

constexpr int kWidth = 1920;
constexpr int kHeight = 1080;

void clearTo(QOpenGLContext* context, int frame)
{
    QOpenGLFunctions* f = context->functions();
    f->glClearColor(frame % 2 ? 0.3f : 0.1f, 0.2f, 0.3f, 1.0f); // a different picture each frame
    f->glClear(GL_COLOR_BUFFER_BIT);
}

class ClearingWidget : public QOpenGLWidget
{
public:
    using QOpenGLWidget::QOpenGLWidget;

protected:
    void paintGL() override { clearTo(context(), frame_++); }

private:
    int frame_ = 0;
};

class ClearingWindow : public QOpenGLWindow
{
public:
    ClearingWindow() : QOpenGLWindow(QOpenGLWindow::NoPartialUpdate) {}

protected:
    void paintGL() override { clearTo(context(), frame_++); }

private:
    int frame_ = 0;
};

/// Runs `frames` frames: each calls `update` and waits until `swaps` frameSwapped signals came.
double medianFrame(int frames, int swaps, const std::function<void()>& update, int& swapped)
{
    std::vector<double> ms;
    for (int i = 0; i < frames + 5; ++i) {
        swapped = 0;
        QElapsedTimer timer;
        timer.start();
        update();
        QEventLoop loop;
        QTimer poll;
        QObject::connect(&poll, &QTimer::timeout, [&] {
            if (swapped >= swaps)
                loop.quit();
        });
        poll.start(0);
        QTimer::singleShot(5000, &loop, &QEventLoop::quit);
        loop.exec();
        if (i >= 5) // the first frames create contexts and compile Qt's shaders
            ms.push_back(timer.nsecsElapsed() / 1e6);
    }
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() / 2];
}

void settle()
{
    QEventLoop loop;
    QTimer::singleShot(500, &loop, &QEventLoop::quit);
    loop.exec();
}

/// A frameless top-level of the screen's size holding `count` clearing widgets in a 2-column grid
/// (count 4: the four-view hanging), or one widget of `small` pixels when small > 0.
double widgets(int frames, int count, int small = 0)
{
    QWidget top;
    top.setWindowFlag(Qt::FramelessWindowHint);
    std::vector<ClearingWidget*> views;
    if (small > 0) {
        views.push_back(new ClearingWidget(&top));
        views.back()->setGeometry(0, 0, small, small);
    } else {
        auto* grid = new QGridLayout(&top);
        grid->setContentsMargins(0, 0, 0, 0);
        grid->setSpacing(2);
        for (int i = 0; i < count; ++i) {
            views.push_back(new ClearingWidget);
            grid->addWidget(views.back(), i / 2, i % 2);
        }
    }
    top.setGeometry(0, 0, kWidth, kHeight);
    top.show();
    settle();
    int swapped = 0;
    for (ClearingWidget* w : views)
        QObject::connect(w, &QOpenGLWidget::frameSwapped, [&swapped] { ++swapped; });
    return medianFrame(
        frames, int(views.size()),
        [&] {
            for (ClearingWidget* w : views)
                w->update();
        },
        swapped);
}

/// One QOpenGLWindow of the screen's size, alone or inside a widget through a window container.
double window(int frames, bool contained)
{
    auto* gl = new ClearingWindow; // owned by the container, or by `own`
    std::unique_ptr<ClearingWindow> own;
    QWidget top;
    if (contained) {
        top.setWindowFlag(Qt::FramelessWindowHint);
        auto* grid = new QGridLayout(&top);
        grid->setContentsMargins(0, 0, 0, 0);
        grid->addWidget(QWidget::createWindowContainer(gl, &top));
        top.setGeometry(0, 0, kWidth, kHeight);
        top.show();
    } else {
        own.reset(gl);
        gl->setFlag(Qt::FramelessWindowHint);
        gl->setGeometry(0, 0, kWidth, kHeight);
        gl->show();
    }
    settle();
    int swapped = 0;
    QObject::connect(gl, &QOpenGLWindow::frameSwapped, [&swapped] { ++swapped; });
    return medianFrame(
        frames, 1, [gl] { gl->update(); }, swapped);
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    const int frames = argc > 1 ? std::max(5, std::atoi(argv[1])) : 40;
    std::printf("%dx%d, %s, median of %d frames; every surface only clears\n", kWidth, kHeight,
                qPrintable(app.platformName()), frames);
    std::printf("QOpenGLWindow, full screen                          %6.1f ms\n",
                window(frames, false));
    std::printf("QOpenGLWindow in a window container, full screen    %6.1f ms\n",
                window(frames, true));
    std::printf("QOpenGLWidget 100x100 in a full-screen window       %6.1f ms\n",
                widgets(frames, 1, 100));
    std::printf("QOpenGLWidget, full screen                          %6.1f ms\n",
                widgets(frames, 1));
    std::printf("4 QOpenGLWidgets in a 2x2 grid (the hanging)        %6.1f ms\n",
                widgets(frames, 4));
    return 0;
}
