#pragma once
// The first frame of a DICOM file decoded by DCMTK's own codecs (RLE, JPEG baseline, extended
// and lossless). Debian's DCMTK 3.6.7 has known, unpatched crash defects in exactly these
// decoders (CVE-2026-44034 RLE, CVE-2026-44038 JPEG Huffman tables), so the workstation never
// calls this itself: only the helper process mammolens-dicom-decoder does, and
// IsolatedFrameDecoder turns the helper's death into that file's error
// (docs/dicom-safety.md, "Crash isolation").

#include "core/util/outcome.h"

#include <QString>
#include <cstdint>
#include <vector>

namespace mammolens::core {

/// Stateless and thread-safe. No exception leaves decodeFirstFrame().
class DcmtkFrameDecoder
{
public:
    /// What the parent read from the header and sized its buffer by. The decoder re-reads the
    /// header and refuses a file that now says otherwise, so the frame it returns always has
    /// exactly rows x columns x bitsAllocated/8 bytes.
    struct Expected
    {
        int rows = 0;
        int columns = 0;
        int bitsAllocated = 16;

        std::int64_t frameBytes() const
        {
            return std::int64_t(rows) * columns * ((bitsAllocated + 7) / 8);
        }
    };

    /// Errors: dicom.malformed (DCMTK cannot parse, no Pixel Data), dicom.codestream_mismatch
    /// (the header disagrees with `expected`), dicom.decode_failed (the codec's reason).
    static Outcome<std::vector<std::uint8_t>> decodeFirstFrame(const QString& path,
                                                               const Expected& expected);
};

} // namespace mammolens::core
