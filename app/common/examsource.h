#pragma once
// Whatever a user names on the command line or opens in the GUI: a DICOM file, a folder
// (recursive, possibly several exams), a DICOMDIR, a folder of PNGs named by view, or an exam
// list file (.json, docs/exam-list.md).

#include "core/exam/exam.h"
#include "core/util/outcome.h"

#include <QString>

#include <atomic>
#include <vector>

namespace mammolens::app {

core::Outcome<std::vector<core::Exam>> loadExams(const QString& input,
                                                 const std::atomic<bool>* cancel = nullptr);

} // namespace mammolens::app
