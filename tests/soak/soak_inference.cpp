// Soak: many consecutive exam inferences in one process, as a night's batch does, with the
// resident memory after each. Not a test (a benchmark program, issue 10): it prints figures and
// a verdict against the budget (growth after warm-up below 5%).
//
//   soak_inference [--exams N] [--model WEIGHTS] [--threads T] [--loader-only]
//
// Each round loads one exam from disk (rotating the sample PNG exam, the same views as
// uncompressed DICOM, and as RLE and JPEG lossless DICOM decoded by the helper process),
// preprocesses it and runs
// GMIC on its four views. --loader-only skips the engine: that mode is what valgrind runs
// (tools/soak memcheck), where LibTorch would take hours.

#include "app/common/examanalyzer.h"
#include "app/common/examsource.h"
#include "core/dicom/dicommammogramwriter.h"
#include "core/png/pngexamreader.h"
#include "core/preprocess/preprocessor.h"
#include "inference/engine/gmicengine.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QStringList>
#include <QTemporaryDir>
#include <algorithm>
#include <cstdio>
#include <vector>

using namespace mammolens;

namespace {

/// VmRSS of this process in KiB.
long residentKib()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').front().toLong();
    return -1;
}

/// The sample exam's views written as DICOM in `syntax` into `folder`.
bool writeDicomExam(const core::Exam& exam, const QString& folder,
                    core::DicomMammogramWriter::TransferSyntax syntax, const QString& study)
{
    QDir().mkpath(folder);
    for (const auto& [view, image] : exam.views) {
        core::DicomMammogramWriter::Options options;
        options.transferSyntax = syntax;
        options.studyInstanceUid = study;
        const auto written = core::DicomMammogramWriter::write(
            image, folder + QLatin1Char('/') + core::toString(view) + QStringLiteral(".dcm"),
            options);
        if (!written) {
            std::fprintf(stderr, "%s\n", qPrintable(written.error().toString()));
            return false;
        }
    }
    return true;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    int exams = 200;
    int threads = 2;
    bool loaderOnly = false;
    QString model = QStringLiteral(MAMMOLENS_SHARED_DIR "/parity/weights.safetensors");
    const QStringList args = app.arguments().mid(1);
    for (int i = 0; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--exams") && i + 1 < args.size())
            exams = args[++i].toInt();
        else if (args[i] == QLatin1String("--model") && i + 1 < args.size())
            model = args[++i];
        else if (args[i] == QLatin1String("--threads") && i + 1 < args.size())
            threads = args[++i].toInt();
        else if (args[i] == QLatin1String("--loader-only"))
            loaderOnly = true;
        else {
            std::fprintf(stderr, "usage: soak_inference [--exams N] [--model WEIGHTS] "
                                 "[--threads T] [--loader-only]\n");
            return 2;
        }
    }

    const QString sample = QStringLiteral(MAMMOLENS_SHARED_DIR "/data/gmic-sample-exam");
    const auto sampleExam = core::PngExamReader().read(sample);
    if (!sampleExam) {
        std::fprintf(stderr, "%s\n", qPrintable(sampleExam.error().toString()));
        return 1;
    }
    QTemporaryDir dir;
    using Syntax = core::DicomMammogramWriter::TransferSyntax;
    const QString plain = dir.filePath(QStringLiteral("explicit"));
    const QString rle = dir.filePath(QStringLiteral("rle"));
    const QString jpeg = dir.filePath(QStringLiteral("jpeg"));
    if (!writeDicomExam(sampleExam.value(), plain, Syntax::ExplicitLittleEndian,
                        QStringLiteral("1.2.826.0.1.3680043.10.1401.501")) ||
        !writeDicomExam(sampleExam.value(), rle, Syntax::Rle,
                        QStringLiteral("1.2.826.0.1.3680043.10.1401.502")) ||
        !writeDicomExam(sampleExam.value(), jpeg, Syntax::JpegLossless,
                        QStringLiteral("1.2.826.0.1.3680043.10.1401.503")))
        return 1;
    const QStringList inputs = {sample, plain, rle, jpeg};

    inference::EngineOptions engineOptions;
    engineOptions.threads = threads;
    inference::GmicEngine engine(engineOptions);
    if (!loaderOnly) {
        auto added = engine.addModel(model.toStdString());
        if (!added) {
            std::fprintf(stderr, "cannot use model: %s\n", added.error().c_str());
            return 1;
        }
    }
    core::Preprocessor preprocessor;

    const long start = residentKib();
    std::vector<long> rss;
    QElapsedTimer total;
    total.start();
    int failures = 0;
    for (int i = 0; i < exams; ++i) {
        const QString input = inputs[i % inputs.size()];
        auto loaded = app::loadExams(input);
        if (!loaded || loaded.value().size() != 1 || loaded.value().front().views.size() != 4) {
            ++failures;
            const QString why = !loaded ? loaded.error().toString()
                                : loaded.value().front().errors.empty()
                                    ? QStringLiteral("not one 4-view exam")
                                    : loaded.value().front().errors.front().toString();
            std::fprintf(stderr, "round %d: %s failed to load: %s\n", i + 1, qPrintable(input),
                         qPrintable(why));
            continue;
        }
        if (loaderOnly) {
            preprocessor.processExam(loaded.value().front());
        } else {
            app::ExamAnalyzer analyzer(engine);
            const app::ExamAnalysis analysis =
                analyzer.analyze(loaded.value().front(), inference::RunControl{});
            if (!analysis.complete())
                ++failures;
        }
        rss.push_back(residentKib());
        if ((i + 1) % 10 == 0 || i + 1 == exams)
            std::printf("round %4d  rss %7.1f MiB  %.2f s/exam\n", i + 1, rss.back() / 1024.0,
                        total.elapsed() / 1000.0 / (i + 1));
        std::fflush(stdout);
    }
    if (rss.size() < 20) {
        std::printf("too few rounds for a verdict (%zu)\n", rss.size());
        return failures ? 1 : 0;
    }
    // Warm-up: allocator pools, LibTorch's caches and the first exam of each kind settle in the
    // first rounds; growth is measured from round 10 on.
    const long warm = rss[9];
    const long last = rss.back();
    const long peak = *std::max_element(rss.begin() + 9, rss.end());
    const double growth = 100.0 * double(last - warm) / double(warm);
    std::printf("start %.1f MiB, after warm-up (round 10) %.1f MiB, last %.1f MiB, peak %.1f MiB\n",
                start / 1024.0, warm / 1024.0, last / 1024.0, peak / 1024.0);
    std::printf("growth after warm-up: %+.2f%% over %zu rounds (budget < 5%%), %d failures, "
                "%.2f s/exam\n",
                growth, rss.size() - 10, failures, total.elapsed() / 1000.0 / exams);
    std::printf("verdict: %s\n", growth < 5.0 && failures == 0 ? "PASS" : "FAIL");
    return growth < 5.0 && failures == 0 ? 0 : 1;
}
