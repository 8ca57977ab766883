#pragma once
// One exam of an exam list file (ExamListFile), before any image is read: cheap to hold for a list
// of thousands of exams.

#include "core/exam/view.h"
#include "core/util/outcome.h"

#include <QString>
#include <QStringList>
#include <map>
#include <vector>

namespace mammolens::core {

struct ExamListEntry
{
    QString id;
    bool horizontalFlip = false;               ///< GMIC-SPEC 10.1 `horizontal_flip` (YES = true)
    std::map<StandardView, QStringList> files; ///< absolute paths, in the list's order
    QStringList warnings;                      ///< odd but usable content of the entry
    std::vector<Error> errors;                 ///< unusable content of the entry
};

} // namespace mammolens::core
