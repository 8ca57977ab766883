#pragma once
// The pipeline for one loaded exam: preprocess the standard views (in parallel), run the engine
// view by view, keep the geometry. Used by the CLI and by the GUI's inference worker alike.

#include "app/common/examanalysis.h"
#include "app/common/preprocessedexam.h"
#include "core/exam/exam.h"
#include "core/preprocess/preprocessor.h"
#include "inference/engine/gmicengine.h"

#include <functional>

namespace mammolens::app {

class ExamAnalyzer
{
public:
    /// The engine must hold at least one model; preprocessing follows its configuration.
    explicit ExamAnalyzer(inference::GmicEngine& engine);

    /// Never throws: a view that fails carries its error, the other views go on. A cancelled run
    /// returns with the views done so far and "cancelled" in errors.
    /// `onView`, when given, is called on this thread as soon as each view is done (results
    /// appear view by view in the workstation).
    ExamAnalysis analyze(const core::Exam& exam, const inference::RunControl& control,
                         const std::function<void(const ViewAnalysis&)>& onView = {});
    /// The same with the views already preprocessed by preprocess() for the first model's
    /// configuration.
    ExamAnalysis analyze(const core::Exam& exam, PreprocessedExam preprocessed,
                         const inference::RunControl& control,
                         const std::function<void(const ViewAnalysis&)>& onView = {});
    /// The first half of analyze(), needing no engine: `config` is the first model's.
    static PreprocessedExam preprocess(const core::Exam& exam, const inference::GmicConfig& config,
                                       const std::atomic<bool>* cancel = nullptr);

    /// Preprocessing options matching the engine's first model (input and saliency sizes).
    static core::PreprocessOptions preprocessOptionsFor(const inference::GmicConfig& config);

private:
    inference::GmicEngine& engine_;
};

} // namespace mammolens::app
