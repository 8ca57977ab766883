#include "app/common/examanalyzer.h"

#include <algorithm>
#include <cmath>

#include <chrono>

namespace mammolens::app {

namespace {

double msSince(std::chrono::steady_clock::time_point t0)
{
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

} // namespace

ExamAnalyzer::ExamAnalyzer(inference::GmicEngine& engine) : engine_(engine) {}

core::PreprocessOptions ExamAnalyzer::preprocessOptionsFor(const inference::GmicConfig& config)
{
    core::PreprocessOptions o;
    o.inputRows = config.inputRows;
    o.inputCols = config.inputCols;
    o.camRows = config.camRows;
    o.camCols = config.camCols;
    // GMIC-SPEC 10's 100 morphology steps and 50-pixel buffer are lengths in full-field pixels.
    // A model trained at another input size (the demo model) sees images scaled with it, so the
    // lengths scale too; the official size keeps the spec's numbers exactly.
    const core::PreprocessOptions official;
    if (o.inputRows != official.inputRows || o.inputCols != official.inputCols) {
        const double scale = std::min(double(o.inputRows) / official.inputRows,
                                      double(o.inputCols) / official.inputCols);
        o.morphologyIterations = std::max(1, int(std::lround(official.morphologyIterations * scale)));
        o.bufferSize = std::max(1, int(std::lround(official.bufferSize * scale)));
    }
    return o;
}

PreprocessedExam ExamAnalyzer::preprocess(const core::Exam& exam,
                                          const inference::GmicConfig& config,
                                          const std::atomic<bool>* cancel)
{
    const auto t0 = std::chrono::steady_clock::now();
    PreprocessedExam result;
    result.views = core::Preprocessor(preprocessOptionsFor(config)).processExam(exam, cancel);
    result.ms = msSince(t0);
    return result;
}

ExamAnalysis ExamAnalyzer::analyze(const core::Exam& exam, const inference::RunControl& control,
                                   const std::function<void(const ViewAnalysis&)>& onView)
{
    if (engine_.models().empty())
        return analyze(exam, PreprocessedExam{}, control, onView); // says so
    return analyze(exam, preprocess(exam, engine_.models().front()->identity.config, control.cancel),
                   control, onView);
}

ExamAnalysis ExamAnalyzer::analyze(const core::Exam& exam, PreprocessedExam preprocessed,
                                   const inference::RunControl& control,
                                   const std::function<void(const ViewAnalysis&)>& onView)
{
    ExamAnalysis result;
    result.examId = exam.id;
    result.warnings = exam.warnings;
    for (const core::Error& e : exam.errors)
        result.errors << e.toString();
    result.device = QString::fromStdString(engine_.deviceName());
    result.precision = QString::fromLatin1(inference::toString(engine_.options().precision));
    for (const auto& m : engine_.models())
        result.models.push_back(m->identity);
    if (engine_.models().empty()) {
        result.errors << QStringLiteral("no model loaded");
        return result;
    }

    const auto& inputs = preprocessed.views;
    result.preprocessMs = preprocessed.ms;

    // Views that preprocessed go to the engine together, so that a CUDA out-of-memory moves the
    // whole exam to the CPU (GmicEngine::runExam), in L-CC, R-CC, L-MLO, R-MLO order.
    std::vector<inference::ViewInput> engineInputs;
    std::vector<size_t> analysisIndex;
    for (core::StandardView view : core::kStandardViews) {
        auto image = exam.views.find(view);
        if (image == exam.views.end())
            continue;
        ViewAnalysis va;
        va.view = view;
        va.source = image->second.sourcePath;
        va.warnings = image->second.warnings;
        auto input = inputs.find(view);
        if (input == inputs.end() || !input->second.ok()) {
            va.error = input == inputs.end() ? QStringLiteral("not preprocessed")
                                             : input->second.error().toString();
        } else {
            const core::ModelInput& mi = input->second.value();
            va.geometry = mi.geometry;
            va.crop = mi.crop;
            va.warnings += mi.warnings;
            CV_Assert(mi.input.isContinuous() && mi.input.type() == CV_32FC1);
            engineInputs.push_back({core::toString(view).toStdString(), mi.input.ptr<float>(),
                                    mi.input.rows, mi.input.cols});
            analysisIndex.push_back(result.views.size());
        }
        result.views.push_back(std::move(va));
    }

    inference::RunControl viewControl = control;
    viewControl.onViewDone = [&](int i, const inference::ViewPrediction& p) {
        if (onView) {
            ViewAnalysis va = result.views[analysisIndex[size_t(i)]];
            va.prediction = p;
            onView(va);
        }
        if (control.onViewDone)
            control.onViewDone(i, p);
    };
    const auto t0 = std::chrono::steady_clock::now();
    auto predictions = engine_.runExam(engineInputs, viewControl);
    if (predictions) {
        for (size_t i = 0; i < analysisIndex.size(); ++i) {
            ViewAnalysis& va = result.views[analysisIndex[i]];
            va.prediction = std::move(predictions.value()[i]);
            for (const auto& w : va.prediction->warnings)
                va.warnings << QString::fromStdString(w);
        }
    } else {
        for (size_t i : analysisIndex)
            result.views[i].error = QString::fromStdString(predictions.error());
    }
    result.inferenceMs = msSince(t0);
    if (control.cancelled())
        result.errors << QStringLiteral("cancelled");
    return result;
}

} // namespace mammolens::app
