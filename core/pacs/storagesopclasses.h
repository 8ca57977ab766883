#pragma once
// The storage SOP classes MammoLens exchanges with a PACS, one list for both directions: what our
// storage SCP accepts, what a C-GET may bring back and what a push may carry. Mammography and
// the projection radiography it comes with, and what we write back (secondary captures, SRs).

#include <dcmtk/dcmdata/dcuid.h>

namespace mammolens::core {

inline const char* const kPacsStorageSopClasses[] = {
    UID_DigitalMammographyXRayImageStorageForPresentation,
    UID_DigitalMammographyXRayImageStorageForProcessing,
    UID_DigitalXRayImageStorageForPresentation,
    UID_DigitalXRayImageStorageForProcessing,
    UID_ComputedRadiographyImageStorage,
    UID_SecondaryCaptureImageStorage,
    UID_MultiframeGrayscaleWordSecondaryCaptureImageStorage,
    UID_MultiframeGrayscaleByteSecondaryCaptureImageStorage,
    UID_MultiframeTrueColorSecondaryCaptureImageStorage,
    UID_BasicTextSRStorage,
    UID_EnhancedSRStorage,
    UID_ComprehensiveSRStorage,
    UID_MammographyCADSRStorage,
};

} // namespace mammolens::core
