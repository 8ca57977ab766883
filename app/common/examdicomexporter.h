#pragma once
// The DICOM exports of one analysed exam in its batch output folder: the CAD SR and one
// secondary capture per predicted view (docs/exports.md), as `mammolens-cli infer --sr --sc`
// writes them and `--pacs` stores them back.

#include "app/common/examanalysis.h"
#include "core/exam/exam.h"
#include "core/util/outcome.h"

#include <QString>
#include <QStringList>

namespace mammolens::app {

/// Stateless. File names inside the exam folder: cad-sr.dcm, sc-<VIEW>.dcm.
class ExamDicomExporter
{
public:
    struct Request
    {
        bool sr = false;
        bool sc = false;
    };

    /// True when every source image of the exam is DICOM (only those have UIDs to reference).
    static bool exportable(const core::Exam& exam);

    /// Writes what `request` asks into `folder`, each file atomically; returns the paths
    /// written. Fails at the first file that cannot be written (export.* codes of
    /// DicomExportSource, CadSrWriter, SecondaryCaptureWriter).
    static core::Outcome<QStringList> write(const core::Exam& exam, const ExamAnalysis& analysis,
                                            const QString& folder, Request request);

    /// The exports of an earlier run present in `folder` (for a rerun that skips the exam but
    /// still stores its results back); empty when the SR that `request` asks for is missing.
    static QStringList existing(const QString& folder, Request request);
};

} // namespace mammolens::app
