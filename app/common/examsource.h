#pragma once
// Whatever a user names on the command line or opens in the GUI: a DICOM file, a folder
// (recursive, possibly several exams), a DICOMDIR, a folder of PNGs named by view, or an exam
// list file (.json, docs/exam-list.md).

#include "app/common/pendingexam.h"
#include "core/exam/exam.h"
#include "core/util/outcome.h"

#include <QString>
#include <atomic>
#include <vector>

namespace mammolens::app {

core::Outcome<std::vector<core::Exam>> loadExams(const QString& input,
                                                 const std::atomic<bool>* cancel = nullptr);

/// The same exams, planned from headers and loaded one at a time by PendingExam::load (for
/// batches). `cancel` must outlive the returned loaders.
core::Outcome<std::vector<PendingExam>> planExams(const QString& input,
                                                  const std::atomic<bool>* cancel = nullptr);

} // namespace mammolens::app
