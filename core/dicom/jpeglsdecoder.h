#pragma once
// JPEG-LS (1.2.840.10008.1.2.4.80 lossless, .81 near-lossless) decoded with CharLS 2 instead of
// DCMTK's dcmjpls: DCMTK 3.6.7 embeds a CharLS 1.x fork that spent 84% of a 4-view JPEG-LS exam's
// loading time; CharLS 2.4 decodes the same codestreams several times faster.

#include "core/dicom/framelayout.h"
#include "core/util/outcome.h"

#include <QString>
#include <cstddef>
#include <cstdint>

namespace mammolens::core {

/// Stateless and thread-safe. No exception leaves decode().
class JpegLsDecoder
{
public:
    /// Decodes one JPEG-LS codestream (`size` bytes at `data`) into `layout.target`.
    ///
    /// Errors (`source` names the file): dicom.codestream_mismatch when the codestream's frame
    /// header disagrees with the DICOM header (width, height, one component, a precision of at
    /// most Bits Allocated), checked before a pixel is decoded; dicom.decode_failed with CharLS's
    /// reason when the codestream is damaged (truncated, garbage).
    static Outcome<DecodedFrameInfo> decode(const std::uint8_t* data, std::size_t size,
                                            const FrameLayout& layout, const QString& source);
};

} // namespace mammolens::core
