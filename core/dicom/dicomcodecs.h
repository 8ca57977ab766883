#pragma once
// DCMTK finds decoders and encoders through a process-wide registry that starts empty. Every
// DICOM entry point in core/ calls DicomCodecs::registerAll() first, so no caller has to remember
// a start-up step and a test that uses one class alone still decodes compressed files.

namespace mammolens::core {

/// Registers DCMTK's JPEG (baseline, extended, lossless), JPEG-LS and RLE decoders and encoders
/// exactly once per process. Thread-safe; cheap after the first call.
///
/// JPEG 2000 is not registered: Debian builds DCMTK without OpenJPEG, so those files are refused
/// with dicom.unsupported_transfer_syntax (see DicomImageReader).
class DicomCodecs
{
public:
    static void registerAll();
};

} // namespace mammolens::core
