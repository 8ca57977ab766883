#pragma once
// A screening exam: one chosen image per standard view, the other views that came with it, and
// everything that went wrong or looked odd while assembling it.

#include "core/exam/mammogramimage.h"
#include "core/util/outcome.h"

#include <QString>
#include <QStringList>

#include <map>
#include <vector>

namespace mammolens::core {

struct Exam
{
    QString id; ///< StudyInstanceUID for DICOM, the folder or list entry name for PNG exams
    std::map<StandardView, MammogramImage> views;
    std::vector<MammogramImage> otherViews; ///< non-standard views: listed, never GMIC inputs
    bool horizontalFlip = false;            ///< GMIC-SPEC 10.1 `horizontal_flip` (YES = true)
    QStringList warnings;                   ///< duplicates, missing views, orientation doubts
    std::vector<Error> errors;              ///< files that failed; the rest of the exam still loads
};

} // namespace mammolens::core
