#include "app/common/examsource.h"

#include "core/dicom/dicomimagereader.h"
#include "core/exam/examlistfile.h"
#include "core/exam/examloader.h"
#include "core/png/pngimagereader.h"

#include <QFileInfo>
#include <algorithm>

namespace mammolens::app {

namespace {

/// Exam lists may name DICOM files too; the list decides the view, and a file whose own
/// attributes say otherwise keeps the list's view with a warning.
core::Outcome<core::MammogramImage> readListedImage(const QString& path, core::StandardView view)
{
    if (path.endsWith(QLatin1String(".png"), Qt::CaseInsensitive)) {
        auto image = core::PngImageReader().read(path);
        if (!image)
            return image;
        core::MammogramImage img = std::move(image).value();
        img.laterality = core::lateralityOf(view);
        img.position = core::positionOf(view);
        img.lateralitySource = img.viewSource = core::DecisionSource::ExamList;
        return img;
    }
    auto image = core::DicomImageReader().read(path);
    if (!image)
        return image;
    core::MammogramImage img = std::move(image).value();
    if (img.standardView() != view)
        img.warnings << QStringLiteral(
                            "the exam list says %1 but the DICOM attributes say otherwise")
                            .arg(core::toString(view));
    img.laterality = core::lateralityOf(view);
    img.position = core::positionOf(view);
    img.lateralitySource = img.viewSource = core::DecisionSource::ExamList;
    return img;
}

} // namespace

core::Outcome<std::vector<core::Exam>> loadExams(const QString& input,
                                                 const std::atomic<bool>* cancel)
{
    const QFileInfo info(input);
    if (info.isFile() && info.suffix().compare(QLatin1String("json"), Qt::CaseInsensitive) == 0)
        return core::ExamListFile::read(input, readListedImage, cancel);
    core::ExamLoader::Options options;
    options.cancel = cancel;
    return core::ExamLoader(options).load(input);
}

core::Outcome<std::vector<PendingExam>> planExams(const QString& input,
                                                  const std::atomic<bool>* cancel)
{
    std::vector<PendingExam> pending;
    const QFileInfo info(input);
    if (info.isFile() && info.suffix().compare(QLatin1String("json"), Qt::CaseInsensitive) == 0) {
        auto entries = core::ExamListFile::readEntries(input);
        if (!entries)
            return entries.error();
        for (const core::ExamListEntry& entry : entries.value())
            pending.push_back({entry.id, [entry, cancel]() -> core::Outcome<core::Exam> {
                                   return core::ExamListFile::load(entry, readListedImage, cancel);
                               }});
        return pending;
    }
    core::ExamLoader::Options options;
    options.cancel = cancel;
    auto planned = core::ExamLoader(options).plan(input);
    if (!planned)
        return planned.error();
    for (const core::PlannedExam& exam : planned.value())
        pending.push_back(
            {exam.id, [exam, options]() -> core::Outcome<core::Exam> {
                 auto loaded = core::ExamLoader(options).loadFiles(exam.files);
                 if (!loaded)
                     return loaded.error();
                 // One exam's files give that exam; should they give more (files
                 // changed since planning), the planned one is kept and the others'
                 // files are named as errors rather than silently dropped.
                 std::vector<core::Exam>& exams = loaded.value();
                 auto match = std::find_if(exams.begin(), exams.end(),
                                           [&](const core::Exam& e) { return e.id == exam.id; });
                 if (match == exams.end())
                     match = exams.begin();
                 core::Exam result = std::move(*match);
                 for (const core::Error& e : exam.errors)
                     result.errors.push_back(e);
                 for (auto& other : exams)
                     if (&other != &*match)
                         result.errors.push_back(core::Error{
                             QStringLiteral("exam.changed"),
                             QStringLiteral(
                                 "These files now belong to exam %1; run again to include it.")
                                 .arg(other.id),
                             QString()});
                 return result;
             }});
    return pending;
}

} // namespace mammolens::app
