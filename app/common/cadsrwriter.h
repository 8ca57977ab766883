#pragma once
// The exam's model results as a DICOM Mammography CAD SR (PS3.3 A.35.5, root template TID 4000),
// the form a PACS and a reading workstation of another vendor understand: every GMIC patch as a
// single-image finding outlined on the source image it came from. Structure and codes:
// docs/exports.md.

#include "app/common/dicomexportsource.h"
#include "app/common/examanalysis.h"
#include "core/util/outcome.h"

#include <QString>

namespace mammolens::app {

/// Stateless; thread-safe as far as DCMTK's UID generator is.
///
/// The SR files into the source study (same Study Instance UID, patient and study attributes
/// copied) as a new series, and references every predicted view by its SOP Class and Instance
/// UID (image library, Current Requested Procedure Evidence). Findings come from the first
/// model's patches, as in result.json; the probabilities are the ensemble means. For a model that
/// is not clinical the SR says "NOT FOR DIAGNOSIS" in a Comment and in the Series Description.
///
/// Errors: those of DicomExportSource, and export.sr_invalid (DCMTK refused the document).
class CadSrWriter
{
public:
    struct Options
    {
        int seriesNumber = 9001; ///< high, so that viewers list the results after the images
        int instanceNumber = 1;
    };

    /// Writes the SR atomically to `path`; returns its SOP Instance UID.
    static core::Outcome<QString> write(const ExamAnalysis& analysis,
                                        const DicomExportSource& source, const QString& path,
                                        const Options& options);

    /// "NOT FOR DIAGNOSIS: ..." for the first non-clinical model, empty when every model is
    /// clinical (shared with the secondary captures).
    static QString notForDiagnosisStatement(const ExamAnalysis& analysis);
};

} // namespace mammolens::app
