#include "core/dicom/isolatedframedecoder.h"

#include "core/dicom/framedecoderprotocol.h"

#include <QByteArray>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QStringList>
#include <algorithm>
#include <cstring>
#include <exception>

namespace mammolens::core {

namespace {

namespace protocol = framedecoderprotocol;

Error makeError(const char* code, const QString& message, const QString& path)
{
    return Error{QString::fromLatin1(code), message, path};
}

/// Reads exactly `size` bytes of the helper's output, waiting at most until `deadlineMs` on
/// `timer`. False when the helper finished (or the time ran out) before they came.
bool readExactly(QProcess& process, char* target, qint64 size, const QElapsedTimer& timer,
                 qint64 deadlineMs)
{
    while (size > 0) {
        if (process.bytesAvailable() == 0) {
            const qint64 remaining = deadlineMs - timer.elapsed();
            if (remaining <= 0 || !process.waitForReadyRead(int(remaining)))
                return false;
        }
        const qint64 got = process.read(target, size);
        if (got < 0)
            return false;
        target += got;
        size -= got;
    }
    return true;
}

} // namespace

int IsolatedFrameDecoder::defaultTimeoutMs()
{
    bool ok = false;
    const int seconds = qEnvironmentVariableIntValue("MAMMOLENS_DICOM_DECODE_TIMEOUT_S", &ok);
    return ok && seconds > 0 ? seconds * 1000 : 60000;
}

QString IsolatedFrameDecoder::locateHelper()
{
    const QByteArray configured = qgetenv("MAMMOLENS_DICOM_DECODER");
    if (!configured.isEmpty())
        return QString::fromLocal8Bit(configured);
    const QString name = QString::fromLatin1(protocol::kHelperName);
    // /proc/self/exe works without a QCoreApplication (fuzz targets, plain test drivers).
    const QString exeDir =
        QFileInfo(QFileInfo(QStringLiteral("/proc/self/exe")).canonicalFilePath()).absolutePath();
    QStringList candidates{
        exeDir + QLatin1Char('/') + name,
        QDir::cleanPath(exeDir + QStringLiteral("/../libexec/mammolens/") + name)};
#ifdef MAMMOLENS_DICOM_DECODER_BUILD_PATH
    candidates << QStringLiteral(MAMMOLENS_DICOM_DECODER_BUILD_PATH);
#endif
    for (const QString& candidate : candidates) {
        const QFileInfo info(candidate);
        if (info.isFile() && info.isExecutable())
            return info.absoluteFilePath();
    }
    return {};
}

Outcome<bool> IsolatedFrameDecoder::decode(const QString& path, const FrameLayout& layout,
                                           const QString& codecName, const Options& options)
{
    const QString helper = options.helperPath.isEmpty() ? locateHelper() : options.helperPath;
    const QFileInfo helperInfo(helper);
    if (helper.isEmpty() || !helperInfo.isFile() || !helperInfo.isExecutable())
        return makeError("dicom.decoder_missing",
                         QStringLiteral("%1 images are decoded in the helper program %2, which is "
                                        "not installed%3; the file is not decoded unprotected.")
                             .arg(codecName, QString::fromLatin1(protocol::kHelperName),
                                  helper.isEmpty() ? QString() : QStringLiteral(" at ") + helper),
                         path);
    const qint64 frameBytes =
        qint64(layout.rows) * layout.columns * (layout.bitsAllocated > 8 ? 2 : 1);
    if (!layout.target || qint64(layout.targetBytes) < frameBytes)
        return makeError("dicom.decode_failed", QStringLiteral("No room for the frame."), path);

    try {
        QProcess process;
        process.setProgram(helper);
        process.setArguments(
            {QStringLiteral("--rows"), QString::number(layout.rows), QStringLiteral("--columns"),
             QString::number(layout.columns), QStringLiteral("--bits-allocated"),
             QString::number(layout.bitsAllocated), QStringLiteral("--memory-limit-mb"),
             QString::number(options.memoryLimitBytes >> 20), path});
        // DCMTK's warnings on a bad file would only clutter the workstation's terminal; the
        // helper's verdict comes through the protocol.
        process.setStandardErrorFile(QProcess::nullDevice());
        QElapsedTimer timer;
        timer.start();
        process.start(QIODevice::ReadOnly);
        if (!process.waitForStarted(options.timeoutMs))
            return makeError("dicom.decoder_missing",
                             QStringLiteral("The decoder helper %1 cannot be started: %2.")
                                 .arg(helper, process.errorString()),
                             path);

        // What went wrong when the output stopped short: time, a crash, or an early exit.
        const auto stopped = [&]() -> Error {
            if (timer.elapsed() >= options.timeoutMs) {
                process.kill();
                process.waitForFinished(5000);
                return makeError("dicom.decode_timeout",
                                 QStringLiteral("Decoding the %1 pixel data took longer than %2 s; "
                                                "the decoder was stopped.")
                                     .arg(codecName)
                                     .arg(options.timeoutMs / 1000.0),
                                 path);
            }
            process.waitForFinished(
                int(std::max<qint64>(1000, options.timeoutMs - timer.elapsed())));
            if (process.state() != QProcess::NotRunning) {
                process.kill();
                process.waitForFinished(5000);
            }
            if (process.exitStatus() == QProcess::CrashExit)
                return makeError(
                    "dicom.decoder_crashed",
                    QStringLiteral("DCMTK's %1 decoder crashed on this file (signal %2); the "
                                   "file is refused and nothing else is affected. Debian's DCMTK "
                                   "has known crash defects in its RLE and JPEG decoders.")
                        .arg(codecName)
                        .arg(process.exitCode()),
                    path);
            return makeError("dicom.decode_failed",
                             QStringLiteral("The %1 decoder stopped without a result (exit code "
                                            "%2).")
                                 .arg(codecName)
                                 .arg(process.exitCode()),
                             path);
        };

        char header[protocol::kHeaderBytes];
        if (!readExactly(process, header, sizeof header, timer, options.timeoutMs))
            return stopped();
        std::uint32_t status = 0;
        std::uint64_t length = 0;
        std::memcpy(&status, header + 4, sizeof status);
        std::memcpy(&length, header + 8, sizeof length);
        if (std::memcmp(header, protocol::kMagic, 4) != 0 ||
            (status == protocol::kFrame && length != std::uint64_t(frameBytes)) ||
            (status == protocol::kError && length > 65536) ||
            (status != protocol::kFrame && status != protocol::kError)) {
            process.kill();
            process.waitForFinished(5000);
            return makeError(
                "dicom.decode_failed",
                QStringLiteral("The %1 decoder answered out of protocol.").arg(codecName), path);
        }
        if (status == protocol::kError) {
            QByteArray text(qsizetype(length), Qt::Uninitialized);
            if (!readExactly(process, text.data(), text.size(), timer, options.timeoutMs))
                return stopped();
            process.waitForFinished(5000);
            const qsizetype newline = text.indexOf('\n');
            QString code = QString::fromUtf8(text.left(newline));
            // Only the loader's own codes pass through: the helper is not trusted to name others.
            if (!code.startsWith(QLatin1String("dicom.")))
                code = QStringLiteral("dicom.decode_failed");
            return Error{code, QString::fromUtf8(text.mid(newline + 1)), path};
        }
        if (!readExactly(process, static_cast<char*>(layout.target), frameBytes, timer,
                         options.timeoutMs))
            return stopped();
        // A helper that dies after writing its frame may have corrupted memory before it
        // wrote: its frame is not trusted either.
        if (!process.waitForFinished(
                int(std::max<qint64>(1000, options.timeoutMs - timer.elapsed()))) ||
            process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
            return stopped();
        return true;
    } catch (const std::exception& e) {
        return makeError(
            "dicom.decode_failed",
            QStringLiteral("Decoding failed: %1").arg(QString::fromLocal8Bit(e.what())), path);
    }
}

} // namespace mammolens::core
