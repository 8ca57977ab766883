// Timing of exam loading and GMIC-SPEC 10 preprocessing (not a test: timings depend on the
// machine). Usage: bench_preprocess [repetitions]. Writes a ~3300 x 2600 16-bit exam of four
// synthetic views to a temporary folder, then times: one view preprocessed, the four views loaded
// (PngExamReader), preprocessed one after the other and in parallel, and the sample exam.

#include "core/png/pngexamreader.h"
#include "core/preprocess/preprocessor.h"
#include "shareddir.h"
#include "syntheticmammogram.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <functional>
#include <opencv2/imgcodecs.hpp>
#include <vector>

using namespace mammolens::core;

namespace {

double processCpuMs()
{
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/// Median and minimum wall time of `repetitions` runs, and the median CPU time of all threads
/// (what a quiet 2-core machine needs in total, whatever else runs beside the benchmark).
void time(const char* what, int repetitions, const std::function<void()>& run)
{
    std::vector<double> wall;
    std::vector<double> cpu;
    for (int i = 0; i < repetitions; ++i) {
        QElapsedTimer timer;
        const double cpu0 = processCpuMs();
        timer.start();
        run();
        wall.push_back(timer.nsecsElapsed() / 1e6);
        cpu.push_back(processCpuMs() - cpu0);
    }
    std::sort(wall.begin(), wall.end());
    std::sort(cpu.begin(), cpu.end());
    std::printf("%-52s wall median %7.1f ms, min %7.1f ms | cpu median %7.1f ms\n", what,
                wall[wall.size() / 2], wall.front(), cpu[cpu.size() / 2]);
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const int repetitions = argc > 1 ? std::max(1, atoi(argv[1])) : 7;
    cv::setNumThreads(cv::getNumberOfCPUs());
    std::printf("OpenCV threads: %d, %d runs each\n", cv::getNumThreads(), repetitions);

    QTemporaryDir dir;
    const char* names[] = {"0_L-CC.png", "0_R-CC.png", "0_L-MLO.png", "0_R-MLO.png"};
    for (int i = 0; i < 4; ++i) {
        const cv::Mat image = syntheticMammogram(3328, 2560, i % 2 == 0, unsigned(i + 1));
        cv::imwrite(dir.filePath(names[i]).toStdString(), image);
    }

    const Preprocessor preprocessor;
    const Outcome<Exam> exam = PngExamReader().read(dir.path());
    if (!exam.ok() || exam.value().views.size() != 4) {
        std::printf("could not read the synthetic exam\n");
        return 1;
    }
    const MammogramImage& lcc = exam.value().views.at(StandardView::LCC);

    time("preprocess one 3328x2560 view", repetitions, [&] { preprocessor.process(lcc, false); });
    time("load 4 views (PngExamReader, parallel decode)", repetitions,
         [&] { PngExamReader().read(dir.path()); });
    time("preprocess 4 views one after the other", repetitions, [&] {
        for (const auto& [view, image] : exam.value().views)
            preprocessor.process(image, false);
    });
    time("preprocess 4 views (processExam, parallel)", repetitions,
         [&] { preprocessor.processExam(exam.value()); });
    time("load + preprocess a 4-view 3328x2560 exam", repetitions, [&] {
        const Outcome<Exam> loaded = PngExamReader().read(dir.path());
        preprocessor.processExam(loaded.value());
    });
    const QString sample = sampleExamDir();
    if (QFileInfo::exists(sample)) {
        time("load + preprocess the sample exam (4 views + 2 masks)", repetitions, [&] {
            const Outcome<Exam> loaded = PngExamReader().read(sample);
            preprocessor.processExam(loaded.value());
        });
    }
    return 0;
}
