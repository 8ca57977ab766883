#pragma once
// Turns what the user opened (a folder, a DICOMDIR, a list of files) into exams: every file read
// in parallel, grouped by study, one image chosen per standard view.

#include "core/dicom/dicomimagereader.h"
#include "core/exam/exam.h"
#include "core/exam/plannedexam.h"
#include "core/util/outcome.h"

#include <QString>
#include <QStringList>
#include <atomic>
#include <functional>
#include <utility>
#include <vector>

namespace mammolens::core {

/// Loading rules (issue 4):
/// - DICOM files are grouped by StudyInstanceUID, PNG files by the folder they are in (DICOM
///   without a study UID likewise). Exams come back sorted by id.
/// - Per standard view one image is chosen, deterministically: for presentation over for
///   processing, then the latest acquisition, then the lowest SOP Instance UID, then the path.
///   Every image not chosen is named in a warning, and every missing standard view too; an exam
///   with fewer than four views still loads.
/// - Non-standard views (ML, XCCL, spot compression, ...) go to Exam::otherViews.
/// - A file that fails becomes an Error in the exam of its study (when its header told the
///   study), else in the exam of its folder; the rest loads.
/// - Folder scans are recursive. *.png is read as PNG; *.dcm, *.dicom, *.dic and *.ima always as
///   DICOM (so a broken one becomes an error); any other file only if its first bytes look like
///   DICOM (a "DICM" marker, or a dataset starting with group 0002 or 0008), so that a README or
///   a thumbnail never becomes an error. DICOMDIR files are skipped: their images are in the tree.
///
/// load*() may be called from any thread and from several at once. Files are read on
/// Options::threads threads; progress is reported from those threads, serialised. Cancellation
/// is checked before each file; a cancelled load returns exam.cancelled.
class ExamLoader
{
public:
    struct Options
    {
        DicomImageReader::Options dicom;
        int threads = 0; ///< 0: QThread::idealThreadCount()
        /// (files done, files in total); called on loader threads, one call at a time.
        std::function<void(int, int)> progress;
        const std::atomic_bool* cancel = nullptr;
        /// Called on the loader thread right after each image is read, before exams are
        /// assembled: a caller can start per-view work (preprocessing) there while other files
        /// still decode, so 4 views on 2 cores overlap decode and preprocessing. Duplicates that
        /// assembly later drops are reported too (match on MammogramImage::sourcePath).
        std::function<void(const MammogramImage&)> imageLoaded;
    };

    ExamLoader() = default;
    explicit ExamLoader(Options options) : options_(std::move(options)) {}

    /// A folder (recursive), a DICOMDIR, or one image file. Errors: exam.not_found,
    /// exam.no_images, exam.cancelled, and a DICOMDIR's own errors.
    Outcome<std::vector<Exam>> load(const QString& path) const;
    Outcome<std::vector<Exam>> loadFolder(const QString& folder) const;
    Outcome<std::vector<Exam>> loadDicomDir(const QString& dicomdirPath) const;
    /// DICOM and PNG mixed; .png (any case) is PNG, everything else DICOM.
    Outcome<std::vector<Exam>> loadFiles(const QStringList& files) const;

    /// The exams load(path) would give, from headers only (DICOM: the structure scan and the
    /// Study Instance UID; PNG: the folder), sorted by id like load()'s. loadFiles() of a
    /// planned exam's files gives that exam, with the same views, warnings and file errors.
    /// Same errors as load() for the path itself.
    Outcome<std::vector<PlannedExam>> plan(const QString& path) const;

private:
    /// The image files under `path` (folder, DICOMDIR or file) and the listing's own problems.
    Outcome<std::pair<QStringList, std::vector<Error>>> listFiles(const QString& path) const;

    Outcome<std::vector<Exam>> assemble(const QStringList& files,
                                        std::vector<Error> extraErrors) const;

    Options options_;
};

} // namespace mammolens::core
