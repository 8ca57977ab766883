#pragma once
// What the DICOM exports of one exam (CAD SR, secondary captures) take from the exam's source
// files: the UIDs they reference and the patient and study attributes that file them into the
// same study in a PACS. Read again from the files at export time, because the pipeline keeps only
// pixels and view decisions, never patient attributes (they must not travel into logs or JSON).

#include "app/common/examanalysis.h"
#include "core/util/outcome.h"

#include <QByteArray>
#include <QString>
#include <map>
#include <memory>

class DcmDataset;
class DcmFileFormat;
class DcmItem;

namespace mammolens::app {

/// One exam's source headers. Not thread-safe; one per export.
///
/// Errors: export.not_dicom (a predicted view came from a PNG: there is nothing to reference),
/// export.unreadable_source (the DICOM file cannot be read again or lacks a UID),
/// export.mixed_studies (the views belong to different studies), export.write_failed.
class DicomExportSource
{
public:
    struct Image
    {
        QString path;
        QString sopClassUid;
        QString sopInstanceUid;
        QString seriesInstanceUid;
        QString studyInstanceUid;
        QString imageLaterality; ///< "L" or "R" as the view decided, never empty
    };

    /// Reads the headers of every view that has a prediction (pixel data is not loaded).
    static core::Outcome<DicomExportSource> open(const ExamAnalysis& analysis);

    DicomExportSource(DicomExportSource&&) noexcept;
    DicomExportSource& operator=(DicomExportSource&&) noexcept;
    ~DicomExportSource();

    const QString& studyInstanceUid() const { return studyUid_; }
    /// nullptr when the view has no prediction.
    const Image* image(core::StandardView view) const;
    /// The view's source dataset (for its View Code Sequence); nullptr as for image().
    DcmDataset* dataset(core::StandardView view) const;

    /// Copies the Patient and General Study attributes (and the character set they are encoded
    /// in) from the first source into `target`, so that the export files into the same study.
    void copyPatientAndStudy(DcmItem& target) const;

    /// Serialises `file` (explicit VR little endian, with meta header) and writes it with
    /// QSaveFile: a killed batch leaves either the old file or the new one, never half of one.
    static core::Outcome<bool> saveAtomically(DcmFileFormat& file, const QString& path);
    /// A new UID under DCMTK's site root (kind: SITE_SERIES_UID_ROOT, SITE_INSTANCE_UID_ROOT).
    static QString newUid(const char* root);

private:
    DicomExportSource() = default;

    QString studyUid_;
    std::map<core::StandardView, Image> images_;
    std::map<core::StandardView, std::unique_ptr<DcmFileFormat>> files_;
};

} // namespace mammolens::app
