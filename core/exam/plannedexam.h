#pragma once
// One exam of a folder, DICOMDIR or file list, known from file headers only: which files make
// it, before any pixel is decoded (ExamLoader::plan). A batch loads planned exams one at a time,
// so it holds one exam's images, not the whole night's.

#include "core/util/outcome.h"

#include <QString>
#include <QStringList>
#include <vector>

namespace mammolens::core {

struct PlannedExam
{
    QString id;                ///< the id the loaded exam will have (study UID, or the folder name)
    QStringList files;         ///< everything ExamLoader::loadFiles needs to rebuild this exam
    std::vector<Error> errors; ///< listing problems (DICOMDIR entries) that belong to it
};

} // namespace mammolens::core
