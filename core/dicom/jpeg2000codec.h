#pragma once
// JPEG 2000 (1.2.840.10008.1.2.4.90 lossless only, .91 lossless or lossy) through OpenJPEG 2.5:
// Debian builds DCMTK without a JPEG 2000 codec, and OpenJPEG is the JPEG 2000 library Debian
// maintains (security updates included), so it is the sound choice among Debian's packages.

#include "core/dicom/framelayout.h"
#include "core/util/outcome.h"

#include <QString>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace mammolens::core {

/// Stateless and thread-safe (every call has its own OpenJPEG codec). No exception leaves it.
class Jpeg2000Codec
{
public:
    /// Decodes one JPEG 2000 frame (`size` bytes at `data`) into `layout.target`. Accepts a raw
    /// J2K codestream (what DICOM prescribes) and, leniently, a JP2 file, told apart by their
    /// magic bytes. One component, at most Bits Allocated bits, signed or unsigned (signed
    /// samples are written as two's complement words; the pixel mapping sign-extends them).
    ///
    /// Errors: dicom.decode_failed (neither J2K nor JP2, damaged or truncated: decoding is
    /// strict, a partial codestream is refused rather than decoded to a partial image) with
    /// OpenJPEG's reason; dicom.codestream_mismatch when the header disagrees with the DICOM
    /// header (size, components, subsampling, precision), checked before decoding allocates.
    static Outcome<DecodedFrameInfo> decode(const std::uint8_t* data, std::size_t size,
                                            const FrameLayout& layout, const QString& source);

    /// Encodes `rows` x `columns` unsigned samples of `bitsStored` bits (row-major, packed) as a
    /// lossless J2K codestream (reversible 5/3 wavelet, one quality layer), the form DICOM's
    /// 1.2.840.10008.1.2.4.90 carries. Error: dicom.write_failed with OpenJPEG's reason.
    static Outcome<std::vector<std::uint8_t>> encodeLossless(const std::uint16_t* pixels, int rows,
                                                             int columns, int bitsStored,
                                                             const QString& source);
};

} // namespace mammolens::core
