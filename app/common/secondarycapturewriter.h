#pragma once
// One annotated view (the <VIEW>.png figure: image, patches, saliency, NOT FOR DIAGNOSIS banner)
// as a DICOM Secondary Capture Image (PS3.3 A.8.1) filed into the source study, so that any PACS
// viewer shows what the model saw next to the original.

#include "app/common/dicomexportsource.h"
#include "app/common/examanalysis.h"
#include "core/exam/mammogramimage.h"
#include "core/util/outcome.h"

#include <QString>

namespace mammolens::app {

/// Stateless; thread-safe as far as DCMTK's UID generator is.
///
/// Grayscale with burned-in annotations (MONOCHROME2, 8 bits): our own DicomImageReader reads
/// mammograms, which are never colour, and rejects RGB; a grayscale SC loads back through it
/// (and `mammolens-cli inspect`) as a secondary capture with mammography attributes (Modality
/// MG, Body Part BREAST, Image Laterality and View Code Sequence of the source). The colours of
/// the figure become grey levels: the saliency stays visible as a darker or brighter veil, the
/// patch boxes and their numbers stay legible.
///
/// The SC has no acquisition date or time, on purpose: when it comes back from the PACS together
/// with the originals, the exam loader prefers the image that has one (the original).
///
/// Errors: those of DicomExportSource, export.no_view (the view has no prediction or no image),
/// export.write_failed.
class SecondaryCaptureWriter
{
public:
    struct Options
    {
        QString seriesInstanceUid; ///< empty: a new one; give the same one to every view
        int seriesNumber = 9002;
        int instanceNumber = 1;
    };

    /// Writes the view's SC atomically to `path`; returns its SOP Instance UID.
    static core::Outcome<QString> write(const core::MammogramImage& image, const ViewAnalysis& view,
                                        const ExamAnalysis& analysis,
                                        const DicomExportSource& source, const QString& path,
                                        const Options& options);
};

} // namespace mammolens::app
