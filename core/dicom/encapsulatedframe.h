#pragma once
// The compressed bytes of the first frame of encapsulated Pixel Data (PS3.5 A.4), gathered
// from DCMTK's pixel sequence for a codec that DCMTK does not drive itself (JpegLsDecoder,
// Jpeg2000Codec).

#include "core/util/outcome.h"

#include <QString>
#include <cstddef>
#include <cstdint>
#include <dcmtk/dcmdata/dcxfer.h>
#include <vector>

class DcmPixelData;

namespace mammolens::core {

/// Which fragments make frame 1: all of them for a single-frame image; otherwise the ones before
/// the second Basic Offset Table entry, or the first fragment when there is one fragment per
/// frame, or the fragments up to the first that ends with an end-of-image marker (FFD9, the end
/// of both JPEG-LS and J2K codestreams). The Extended Offset Table is not consulted: mammograms
/// are single-frame.
///
/// A frame in one fragment (the usual case) is not copied: data() points into DCMTK's value,
/// valid while the dataset lives. Fragments of a split frame are joined into one buffer.
class EncapsulatedFrame
{
public:
    /// Errors: dicom.malformed (Pixel Data that is not a pixel sequence, no fragment after the
    /// offset table, an offset table that does not fall on fragment boundaries, a frame of zero
    /// bytes), dicom.truncated (a fragment's value cannot be read from the file).
    static Outcome<EncapsulatedFrame> first(DcmPixelData& pixelData, E_TransferSyntax xfer,
                                            int frames, const QString& source);

    const std::uint8_t* data() const { return joined_.empty() ? view_ : joined_.data(); }
    std::size_t size() const { return joined_.empty() ? viewSize_ : joined_.size(); }
    int fragments() const { return fragments_; }

private:
    const std::uint8_t* view_ = nullptr;
    std::size_t viewSize_ = 0;
    std::vector<std::uint8_t> joined_;
    int fragments_ = 0;
};

} // namespace mammolens::core
