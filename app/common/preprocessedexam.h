#pragma once
// An exam's standard views turned into model inputs (ExamAnalyzer::preprocess), kept apart from
// the run so that the command line can preprocess its first exam while the models still load.

#include "core/exam/view.h"
#include "core/preprocess/modelinput.h"
#include "core/util/outcome.h"

#include <map>

namespace mammolens::app {

struct PreprocessedExam
{
    std::map<core::StandardView, core::Outcome<core::ModelInput>> views;
    double ms = 0; ///< wall time of the preprocessing
};

} // namespace mammolens::app
