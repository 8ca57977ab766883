#include "app/common/examsource.h"

#include "core/dicom/dicomimagereader.h"
#include "core/exam/examlistfile.h"
#include "core/exam/examloader.h"
#include "core/png/pngimagereader.h"

#include <QFileInfo>

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
        img.warnings << QStringLiteral("the exam list says %1 but the DICOM attributes say otherwise")
                            .arg(core::toString(view));
    img.laterality = core::lateralityOf(view);
    img.position = core::positionOf(view);
    img.lateralitySource = img.viewSource = core::DecisionSource::ExamList;
    return img;
}

} // namespace

core::Outcome<std::vector<core::Exam>> loadExams(const QString& input, const std::atomic<bool>* cancel)
{
    const QFileInfo info(input);
    if (info.isFile() && info.suffix().compare(QLatin1String("json"), Qt::CaseInsensitive) == 0)
        return core::ExamListFile::read(input, readListedImage, cancel);
    core::ExamLoader::Options options;
    options.cancel = cancel;
    return core::ExamLoader(options).load(input);
}

} // namespace mammolens::app
