// Timing of exam loading and GMIC-SPEC 10 preprocessing (not a test: timings depend on the
// machine). Usage: bench_preprocess [repetitions]. Writes a ~3300 x 2600 16-bit exam of four
// synthetic views to a temporary folder, then times: one view preprocessed, the four views loaded
// (PngExamReader), preprocessed one after the other and in parallel, and the sample exam; then the
// same four views written as DICOM (uncompressed, JPEG-LS, JPEG 2000) loaded by ExamLoader on
// 2 threads, alone and with preprocessing, and DCMTK's own JPEG-LS decoder for comparison.

#include "core/dicom/dicommammogramwriter.h"
#include "core/exam/examloader.h"
#include "core/png/pngexamreader.h"
#include "core/preprocess/preprocessor.h"
#include "shareddir.h"
#include "syntheticmammogram.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTemporaryDir>
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <ctime>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfcache.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcpixel.h>
#include <functional>
#include <opencv2/imgcodecs.hpp>
#include <thread>
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

/// What DicomImageReader did for JPEG-LS before CharLS 2: DCMTK's dcmjpls decoder, one file
/// per thread as the loader runs them. Parse and decode only (no mapping).
bool decodeWithDcmtk(const QStringList& files)
{
    std::atomic_bool ok{true};
    std::vector<std::thread> threads;
    for (int t = 0; t < 2; ++t)
        threads.emplace_back([&, t] {
            for (int i = t; i < files.size(); i += 2) {
                DcmFileFormat file;
                if (file.loadFile(files[i].toStdString().c_str(), EXS_Unknown, EGL_noChange, 4096)
                        .bad()) {
                    ok = false;
                    continue;
                }
                DcmDataset* ds = file.getDataset();
                DcmElement* element = nullptr;
                ds->findAndGetElement(DCM_PixelData, element);
                auto* pixels = dynamic_cast<DcmPixelData*>(element);
                Uint16 rows = 0, columns = 0;
                ds->findAndGetUint16(DCM_Rows, rows);
                ds->findAndGetUint16(DCM_Columns, columns);
                std::vector<Uint16> frame(std::size_t(rows) * columns);
                Uint32 start = 0;
                OFString colorModel;
                DcmFileCache cache;
                if (!pixels ||
                    pixels
                        ->getUncompressedFrame(ds, 0, start, frame.data(), Uint32(frame.size() * 2),
                                               colorModel, &cache)
                        .bad())
                    ok = false;
            }
        });
    for (std::thread& thread : threads)
        thread.join();
    return ok;
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

    // DICOM: the same four views in each transfer syntax the loader must be fast for (issue 4:
    // uncompressed and JPEG-LS load + preprocess in at most 1.0 s on 2 cores), and JPEG 2000.
    ExamLoader::Options loaderOptions;
    loaderOptions.threads = 2;
    const ExamLoader loader(loaderOptions);
    using Writer = DicomMammogramWriter;
    for (Writer::TransferSyntax syntax :
         {Writer::TransferSyntax::ExplicitLittleEndian, Writer::TransferSyntax::JpegLsLossless,
          Writer::TransferSyntax::Jpeg2000Lossless, Writer::TransferSyntax::Rle,
          Writer::TransferSyntax::JpegLossless}) {
        QStringList files;
        qint64 bytes = 0;
        for (const auto& [view, image] : exam.value().views) {
            Writer::Options options;
            options.transferSyntax = syntax;
            options.studyInstanceUid = QStringLiteral("1.2.826.0.1.3680043.8.498.7");
            const QString path = dir.filePath(
                QStringLiteral("%1_%2.dcm").arg(Writer::toString(syntax)).arg(int(view)));
            const Outcome<QString> written = Writer::write(image, path, options);
            if (!written) {
                std::printf("%s\n", qPrintable(written.error().toString()));
                return 1;
            }
            files << path;
            bytes += QFileInfo(path).size();
        }
        const QByteArray name = Writer::toString(syntax).toLatin1();
        std::printf("DICOM %s: 4 files, %.1f MiB\n", name.constData(), bytes / 1048576.0);
        const QByteArray loadLabel = "load 4 DICOM views, " + name + " (ExamLoader, 2 threads)";
        time(loadLabel.constData(), repetitions, [&] {
            const Outcome<std::vector<Exam>> loaded = loader.loadFiles(files);
            if (!loaded || loaded.value().front().views.size() != 4)
                std::printf("  load failed\n");
        });
        const QByteArray bothLabel = "load + preprocess 4 DICOM views, " + name;
        time(bothLabel.constData(), repetitions, [&] {
            const Outcome<std::vector<Exam>> loaded = loader.loadFiles(files);
            preprocessor.processExam(loaded.value().front());
        });
        // RLE and JPEG are decoded in the helper process (IsolatedFrameDecoder): its price.
        if (syntax == Writer::TransferSyntax::Rle ||
            syntax == Writer::TransferSyntax::JpegLossless) {
            ExamLoader::Options inProcess = loaderOptions;
            inProcess.dicom.isolateDcmtkCodecs = false;
            const ExamLoader unprotected(inProcess);
            time("  for comparison: the same load decoded in this process (unprotected)",
                 repetitions, [&] {
                     const Outcome<std::vector<Exam>> loaded = unprotected.loadFiles(files);
                     if (!loaded || loaded.value().front().views.size() != 4)
                         std::printf("  load failed\n");
                 });
        }
        if (syntax == Writer::TransferSyntax::JpegLsLossless)
            time("  for comparison: DCMTK dcmjpls decode, 2 threads", repetitions, [&] {
                if (!decodeWithDcmtk(files))
                    std::printf("  DCMTK decode failed\n");
            });
    }
    return 0;
}
