#pragma once
// Reads one DICOM mammogram into a MammogramImage: safety scan, DCMTK parse, acceptance, view
// identification, decoding and the mapping of pixel values to 16 bits.

#include "core/dicom/dicominspection.h"
#include "core/dicom/isolatedframedecoder.h"
#include "core/exam/mammogramimage.h"
#include "core/util/outcome.h"

#include <QString>
#include <cstdint>

namespace mammolens::core {

/// Every failure comes back as an Error with a specific code; no exception leaves read(). All
/// methods are const and thread-safe (the exam loader reads files in parallel).
///
/// Accepted: Digital Mammography X-Ray for presentation and for processing; CR, DX and secondary
/// capture objects that carry mammography attributes (Modality MG, Body Part Examined BREAST, a
/// breast Anatomic Region or a mammography view code). Transfer syntaxes: implicit and explicit VR
/// little endian, explicit big endian, deflated, JPEG baseline, extended and lossless and RLE
/// (DCMTK's decoders), JPEG-LS (CharLS, JpegLsDecoder) and JPEG 2000 lossless and lossy
/// (OpenJPEG, Jpeg2000Codec). Pixel values: see DicomPixelMapping. View: see DicomViewIdentifier.
///
/// Error codes, in the order they are checked:
/// - dicom.not_found, dicom.unreadable
/// - dicom.not_dicom, dicom.truncated, dicom.nesting_too_deep, dicom.malformed (raw scan before
///   DCMTK parses anything; DCMTK's own parse failures also map to the last two)
/// - dicom.unsupported_modality (CT, MR, ... or an unsupported SOP class)
/// - dicom.unsupported_transfer_syntax (JPEG 2000 Part 2, HTJ2K, video, unknown)
/// - dicom.zero_size, dicom.unsupported_pixel_format (colour, > 16 bits), dicom.too_large
///   (Rows x Columns x bytes beyond Options::maxDecodedBytes, checked before decoding)
/// - dicom.no_pixel_data, dicom.truncated (Pixel Data shorter than one frame)
/// - dicom.no_laterality, dicom.conflicting_laterality
/// - RLE and JPEG (decoded in a helper process): dicom.decoder_crashed, dicom.decode_timeout,
///   dicom.decoder_missing (see IsolatedFrameDecoder)
/// - dicom.malformed (JPEG-LS, JPEG 2000: no fragments, an empty first frame, an offset table
///   off the fragment boundaries), dicom.codestream_mismatch (the codestream's size, components
///   or precision disagree with the header), dicom.decode_failed (any decoder, with its reason)
class DicomImageReader
{
public:
    struct Options
    {
        /// Largest decoded frame accepted. 1 GiB, as for PNG: a 16-bit 23000 x 23000 image; real
        /// mammograms are below 100 MiB.
        std::int64_t maxDecodedBytes = std::int64_t(1) << 30;
        /// Deepest sequence nesting accepted (DicomStructureScanner).
        int maxSequenceDepth = 64;
        /// RLE and JPEG frames are decoded by DCMTK in a helper process (IsolatedFrameDecoder):
        /// its decoders there have known crash defects. Off only inside that helper itself.
        bool isolateDcmtkCodecs = true;
        IsolatedFrameDecoder::Options isolation;
    };

    DicomImageReader() = default;
    explicit DicomImageReader(Options options) : options_(options) {}

    Outcome<MammogramImage> read(const QString& path) const;

    /// Same, and fills `inspection` with everything understood along the way, also on failure
    /// (up to the point of failure).
    Outcome<MammogramImage> read(const QString& path, DicomInspection* inspection) const;

    /// The file's Study Instance UID (empty if it has none) from its header alone, after the same
    /// structure scan as read(): for grouping files into exams before decoding any. Errors: those
    /// of the scan, and dicom.malformed when DCMTK cannot parse the header.
    Outcome<QString> studyInstanceUid(const QString& path) const;

private:
    Outcome<MammogramImage> readUnguarded(const QString& path, DicomInspection& report) const;

    Options options_;
};

} // namespace mammolens::core
