#pragma once
// Runs DCMTK's RLE and JPEG decoders in a helper process (mammolens-dicom-decoder), so that a
// file that crashes them costs only that file: the helper's death, hang or garbage output comes
// back as the file's error and the workstation goes on. Why a process and not a validator:
// docs/dicom-safety.md, "Crash isolation".

#include "core/dicom/framelayout.h"
#include "core/util/outcome.h"

#include <QString>

namespace mammolens::core {

/// Thread-safe (each call runs its own helper); no exception leaves decode().
class IsolatedFrameDecoder
{
public:
    struct Options
    {
        /// A frame DCMTK decodes in a few seconds; a helper still busy after this is hung.
        /// $MAMMOLENS_DICOM_DECODE_TIMEOUT_S overrides the 60 s default (slow network file
        /// systems; valgrind runs, where the helper is fifty times slower).
        int timeoutMs = defaultTimeoutMs();
        /// The helper's address-space limit (it stops a decoder that runs away with memory).
        std::int64_t memoryLimitBytes = std::int64_t(4) << 30;
        /// Empty: locateHelper().
        QString helperPath;
    };

    static int defaultTimeoutMs();

    /// The helper, first found of: $MAMMOLENS_DICOM_DECODER; next to the running executable;
    /// ../libexec/mammolens/ from it (the installed layout); the build tree. Empty if none.
    static QString locateHelper();

    /// Decodes the first frame of `path` into `layout.target`. `codecName` (the transfer syntax)
    /// only words the errors.
    ///
    /// Errors: dicom.decoder_missing (no helper installed: the file is refused rather than
    /// decoded unprotected), dicom.decoder_crashed (the helper died, e.g. on a signal),
    /// dicom.decode_timeout (killed after Options::timeoutMs), dicom.decode_failed (the codec's
    /// own reason, or output that breaks the protocol), and the helper's dicom.malformed /
    /// dicom.codestream_mismatch.
    static Outcome<bool> decode(const QString& path, const FrameLayout& layout,
                                const QString& codecName, const Options& options);
};

} // namespace mammolens::core
