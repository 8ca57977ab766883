#pragma once
// What the fuzz targets that go through core/ share (docs/fuzzing.md): silence every log so the
// fuzzer's own lines stay readable, a scratch file for the readers that take a path, and
// preprocessing options small enough for thousands of runs a second.

#include "core/dicom/dicomcodecs.h"
#include "core/logging/log.h"
#include "core/preprocess/preprocessoptions.h"

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QString>
#include <QtGlobal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <dcmtk/oflog/oflog.h>
#include <opencv2/core.hpp>
#include <unistd.h>

namespace mammolens::fuzz {

/// Once per process: no spdlog, Qt or DCMTK output, and one OpenCV thread (the machine's cores
/// belong to the fuzzer; results do not depend on it).
inline void setUpOnce()
{
    static const bool done = [] {
        core::log::Options options;
        options.console = false;
        options.file = false;
        options.level = spdlog::level::off;
        core::log::init(options);
        qInstallMessageHandler([](QtMsgType, const QMessageLogContext&, const QString&) {});
        // registerAll() sets DCMTK's log level on its first call: call it first, then silence.
        core::DicomCodecs::registerAll();
        OFLog::configure(OFLogger::OFF_LOG_LEVEL);
        cv::setNumThreads(1);
        return true;
    }();
    (void)done;
}

/// A file of this process that receives each input in turn. A real file, not a memfd: the DICOM
/// reader hands the path to its decoder helper process, which cannot see our descriptors.
class ScratchFile
{
public:
    explicit ScratchFile(const QString& name)
    {
        const QString dir =
            QDir::tempPath() + QStringLiteral("/mammolens-fuzz-%1").arg(qint64(::getpid()));
        if (!QDir().mkpath(dir)) {
            std::fprintf(stderr, "fuzz: cannot create %s\n", qPrintable(dir));
            std::abort();
        }
        path_ = dir + QLatin1Char('/') + name;
    }
    ~ScratchFile()
    {
        QFile::remove(path_);
        QDir().rmdir(QFileInfo(path_).absolutePath());
    }
    ScratchFile(const ScratchFile&) = delete;
    ScratchFile& operator=(const ScratchFile&) = delete;

    const QString& path() const { return path_; }

    /// Replaces the content. A failure here is the machine's, not the input's: stop loudly.
    void write(const std::uint8_t* data, std::size_t size) const
    {
        QFile file(path_);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
            file.write(reinterpret_cast<const char*>(data), qint64(size)) != qint64(size)) {
            std::fprintf(stderr, "fuzz: cannot write %s\n", qPrintable(path_));
            std::abort();
        }
    }

private:
    QString path_;
};

/// GMIC-SPEC 10 at 1/16 of the official input size (the way ExamAnalyzer scales the morphology
/// and the buffer for a smaller model): the same code paths, a fraction of the time.
inline core::PreprocessOptions smallPreprocessOptions()
{
    core::PreprocessOptions options;
    options.inputRows = 184;
    options.inputCols = 120;
    options.morphologyIterations = 6;
    options.bufferSize = 3;
    return options;
}

/// Budget for decoded images: far above the seeds, far below libFuzzer's 2 GiB RSS limit.
constexpr std::int64_t kMaxDecodedBytes = std::int64_t(64) << 20;

} // namespace mammolens::fuzz
