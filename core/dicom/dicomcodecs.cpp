#include "core/dicom/dicomcodecs.h"

#include <dcmtk/dcmdata/dcrledrg.h>
#include <dcmtk/dcmdata/dcrleerg.h>
#include <dcmtk/dcmjpeg/djdecode.h>
#include <dcmtk/dcmjpeg/djencode.h>
#include <dcmtk/dcmjpls/djdecode.h>
#include <dcmtk/dcmjpls/djencode.h>
#include <dcmtk/oflog/oflog.h>
#include <mutex>

namespace mammolens::core {

void DicomCodecs::registerAll()
{
    // DCMTK's own "registered" flags are plain booleans, not safe against two loader threads
    // arriving together; call_once makes the first caller do the work and the others wait.
    static std::once_flag once;
    std::call_once(once, [] {
        // Unconfigured, DCMTK prints its INFO lines ("I: ...") on stderr for every encode; keep
        // warnings and errors only. Done here because this is every DICOM path's first call.
        OFLog::configure(OFLogger::WARN_LOG_LEVEL);

        DJDecoderRegistration::registerCodecs();
        DJLSDecoderRegistration::registerCodecs();
        DcmRLEDecoderRegistration::registerCodecs();

        // JPEG: true lossless mode (the default) compresses the stored values as they are, so a
        // written file decodes to the very same pixels.
        DJEncoderRegistration::registerCodecs();
        // JPEG-LS: DCMTK's default "cooked" encoding codes Bits Stored bits per sample (the "raw"
        // one codes Bits Allocated): smaller files that decode faster, and still lossless (the
        // round-trip tests compare every pixel).
        DJLSEncoderRegistration::registerCodecs();
        DcmRLEEncoderRegistration::registerCodecs();
    });
}

} // namespace mammolens::core
