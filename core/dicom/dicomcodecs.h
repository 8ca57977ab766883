#pragma once
// DCMTK finds decoders and encoders through a process-wide registry that starts empty. Every
// DICOM entry point in core/ calls DicomCodecs::registerAll() first, so no caller has to remember
// a start-up step and a test that uses one class alone still decodes compressed files.

namespace mammolens::core {

/// Registers DCMTK's JPEG (baseline, extended, lossless), JPEG-LS and RLE decoders and encoders
/// exactly once per process. Thread-safe; cheap after the first call.
///
/// DicomImageReader does not use DCMTK's JPEG-LS decoder (JpegLsDecoder, on CharLS 2, is several
/// times faster); it stays registered so that DCMTK's own transcoding keeps working. JPEG 2000
/// has no DCMTK codec (Debian builds DCMTK without one): Jpeg2000Codec reads and writes it.
class DicomCodecs
{
public:
    static void registerAll();
};

} // namespace mammolens::core
