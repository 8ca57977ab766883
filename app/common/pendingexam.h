#pragma once
// An exam of a batch input that is not loaded yet: its id and how to load it. A batch plans its
// inputs first (headers only) and loads each exam just before it runs, so memory holds one
// exam's images whatever the batch's length.

#include "core/exam/exam.h"
#include "core/util/outcome.h"

#include <QString>
#include <functional>

namespace mammolens::app {

struct PendingExam
{
    QString id; ///< the loaded exam's id (results are filed by it before it is loaded)
    std::function<core::Outcome<core::Exam>()> load;
};

} // namespace mammolens::app
