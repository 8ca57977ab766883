#pragma once
// Exam list files: the JSON counterpart of the GMIC reference's exam_list (a list of exams, each
// with horizontal_flip and a list of images per view). Schema: docs/exam-list.md.

#include "core/exam/exam.h"
#include "core/exam/examlistentry.h"
#include "core/util/outcome.h"

#include <QByteArray>
#include <QString>
#include <atomic>
#include <functional>
#include <vector>

namespace mammolens::core {

/// Stateless; thread-safe as long as the ImageReader given is.
class ExamListFile
{
public:
    /// Reads one image for a view the list decided. The default reads PNGs
    /// (PngImageReader::read with DecisionSource::ExamList); the app can pass a reader that also
    /// dispatches DICOM files.
    using ImageReader = std::function<Outcome<MammogramImage>(const QString& path, StandardView)>;

    /// Parses the list without reading any image. Errors for the whole file: examlist.not_found,
    /// examlist.unreadable, examlist.invalid_json, examlist.schema (top level not a list of exams).
    /// A malformed exam costs that exam only (ExamListEntry::errors).
    static Outcome<std::vector<ExamListEntry>> readEntries(const QString& path);

    /// Parses list content; relative image paths resolve against `baseDir`.
    static Outcome<std::vector<ExamListEntry>> parse(const QByteArray& json, const QString& baseDir,
                                                     const QString& source);

    /// Reads the images of one entry. The first readable file of each view is the view's image,
    /// further files go to Exam::otherViews with a warning, failures to Exam::errors.
    static Exam load(const ExamListEntry& entry, const ImageReader& reader = {},
                     const std::atomic<bool>* cancel = nullptr);

    /// readEntries() then load() of every exam. Holds every image of the list in memory: for long
    /// lists use readEntries() and load exams one at a time.
    static Outcome<std::vector<Exam>> read(const QString& path, const ImageReader& reader = {},
                                           const std::atomic<bool>* cancel = nullptr);
};

} // namespace mammolens::core
