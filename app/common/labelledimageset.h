#pragma once
// A folder of labelled exams, as `mammolens-cli phantom` writes them: `manifest.csv` with one row
// per image (exam_id, view, benign, malignant, density, file) beside the exam folders. Training,
// validation and evaluation read their images and image-level labels from here.

#include "core/exam/view.h"
#include "core/util/outcome.h"

#include <QString>

#include <array>
#include <vector>

namespace mammolens::app {

struct LabelledImage
{
    QString examId;
    core::StandardView view = core::StandardView::LCC;
    QString file;                  ///< absolute path of the image
    std::array<int, 2> labels{};   ///< [benign, malignant], 0 or 1
};

struct LabelledExam
{
    QString id;
    QString folder;                      ///< absolute path of the exam's folder
    std::vector<LabelledImage> images;   ///< in manifest order
    const LabelledImage* image(core::StandardView view) const;
};

class LabelledImageSet
{
public:
    /// Reads `folder`/manifest.csv. Errors: dataset.no_manifest, dataset.bad_manifest (naming the
    /// line). Rows whose file is missing are an error too: a training set with holes is not one.
    static core::Outcome<std::vector<LabelledExam>> read(const QString& folder);
};

} // namespace mammolens::app
