#pragma once
// The exam report (issue 8, docs/exports.md "Report"): one A4 page with the four views in the
// screening hanging and their overlays, the scores per view and per breast, the identity of every
// model and the reader's assessment; as a PDF (vector text, for people and archives) and as a PNG
// (for anything that shows images). Both come from one paint routine, so they never disagree.
//
// Never on the page: patient name, ID, birth date or file paths (a folder may be named after the
// patient). The exam is named by its key (Study Instance UID, or the exam folder's or list's id).

#include "app/common/examanalysis.h"
#include "core/exam/exam.h"
#include "core/reading/assessment.h"
#include "core/util/outcome.h"

#include <QByteArray>
#include <QDateTime>
#include <QRect>
#include <QString>
#include <QStringList>

class QPainter;

namespace mammolens::app {

/// Holds references to its inputs: use it while they live. Any thread, but a QGuiApplication
/// must exist (text needs fonts; mammolens-cli makes one on the offscreen platform for
/// `infer --report`); without one every method returns export.no_gui instead of aborting.
///
/// Orientation: images are drawn as stored (never mirrored), right breast on the viewer's left,
/// each image against the inner edge of its cell so the chest walls meet in the middle, as the
/// workstation's hanging does. Overlays go through the view's InputGeometry (the malignant map
/// through Visualizer::saliencyOnStored, the patches through inputRectToStoredClipped), never
/// through geometry of their own.
///
/// Errors: export.no_gui, export.render_failed, export.write_failed.
class ExamReportWriter
{
public:
    /// The reader's side of the report: the assessment and who made it.
    struct ReaderAssessment
    {
        core::Assessment assessment;
        QString readerName; ///< display name ("Dr A. Example"): staff, never a patient
    };

    static constexpr int kPngWidth = 1654; ///< A4 at 200 dpi
    static constexpr int kPngHeight = 2339;
    static constexpr int kPdfDpi = 300; ///< the PDF's device resolution and its images'

    static const QString kPdfFile; ///< "report.pdf"
    static const QString kPngFile; ///< "report.png"

    /// `reader` may be null: the report then says that no assessment was recorded.
    ExamReportWriter(const core::Exam& exam, const ExamAnalysis& analysis,
                     const ReaderAssessment* reader, QDateTime generatedAt);

    core::Outcome<QByteArray> pdf() const;
    core::Outcome<QByteArray> png() const; ///< kPngWidth x kPngHeight, 200 dpi

    /// Writes `folder`/report.pdf and `folder`/report.png, each atomically; returns their paths.
    core::Outcome<QStringList> write(const QString& folder) const;
    /// True when both report files are in `folder` (a rerun that skips the exam keeps them).
    static bool existsIn(const QString& folder);

    /// Where `view`'s cell (image and its text column) lies in the PNG, in its pixels: for tests
    /// and for anyone cutting one view out of the report.
    QRect pngViewCell(core::StandardView view) const;

private:
    struct Layout;
    /// The four views composed for the page, made once and shared by the PDF and the PNG.
    struct ViewImages;

    Layout layout() const;
    void paint(QPainter& painter, double deviceWidth, ViewImages& images) const;
    core::Outcome<QByteArray> renderPdf(ViewImages& images) const;
    core::Outcome<QByteArray> renderPng(ViewImages& images) const;

    const core::Exam& exam_;
    const ExamAnalysis& analysis_;
    const ReaderAssessment* reader_;
    QDateTime generatedAt_;
};

} // namespace mammolens::app
