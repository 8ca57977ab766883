#include "app/gui/inferenceworker.h"

#include "app/common/examanalyzer.h"
#include "core/exam/groundtruthmasks.h"
#include "core/logging/log.h"

namespace mammolens::app {

namespace {

/// Teaching exams come with lesion masks beside their images: their union in stored pixels.
cv::Mat lesionMask(const ViewAnalysis& view)
{
    cv::Mat truth;
    if (!view.prediction)
        return truth;
    for (const core::GroundTruthMask& m : core::GroundTruthMasks::find(view.source)) {
        const cv::Mat mask = core::GroundTruthMasks::loadInStoredPixels(m, view.geometry);
        if (!mask.empty())
            truth = truth.empty() ? mask : (truth | mask);
    }
    return truth;
}

/// Why a model's numbers are not a diagnosis, in the reader's language.
QString notClinicalReason(const inference::ModelIdentity& id)
{
    const QString name = QString::fromStdString(id.name);
    if (id.provenance == "demo")
        return InferenceWorker::tr("%1 is a demonstration model trained on synthetic data, not "
                                   "for clinical use")
            .arg(name);
    if (id.provenance == "random")
        return InferenceWorker::tr("%1 has random weights: its numbers mean nothing").arg(name);
    if (id.provenance == "parity")
        return InferenceWorker::tr("%1 holds test weights").arg(name);
    return InferenceWorker::tr("%1 has weights of unknown origin").arg(name);
}

} // namespace

InferenceWorker::InferenceWorker() = default;
InferenceWorker::~InferenceWorker() = default;

void InferenceWorker::cancel(quint64 job)
{
    // Monotonic: cancelling job N also covers every earlier job.
    quint64 current = cancelledUpTo_.load();
    while (current < job && !cancelledUpTo_.compare_exchange_weak(current, job)) {
    }
    if (runningJob_.load() <= job)
        cancelRunning_ = true; // seen at the next check inside preprocessing or the engine
}

void InferenceWorker::loadModels(const QStringList& paths, const inference::EngineOptions& options)
{
    // The engine is built here, on the worker thread: LibTorch's thread count is per thread.
    auto engine = std::make_unique<inference::GmicEngine>(options);
    if (!engine->precisionNotice().empty())
        core::log::get("app")->warn("{}", engine->precisionNotice());
    for (const QString& path : paths) {
        auto model = engine->addModel(path.toStdString());
        if (!model) {
            core::log::get("app")->warn("model file rejected: {}", model.error());
            Q_EMIT modelsFailed(QString::fromStdString(model.error()));
            return;
        }
    }
    engine_ = std::move(engine);
    Q_EMIT modelsChanged(describeModels());
}

ModelInfo InferenceWorker::describeModels() const
{
    ModelInfo info;
    if (!engine_ || engine_->models().empty())
        return info;
    info.clinical = true;
    for (const auto& m : engine_->models()) {
        const auto& id = m->identity;
        info.labels << QString::fromStdString(id.label());
        info.paths << QString::fromStdString(id.sourceFile);
        info.descriptions << QStringLiteral("%1\n  id %2\n  %3\n  %4 (%5)")
                                 .arg(QString::fromStdString(id.name), QString::fromStdString(id.id),
                                      QString::fromStdString(id.config.describe()),
                                      QString::fromStdString(id.sourceFile),
                                      QString::fromStdString(id.format));
        if (!id.clinical()) {
            info.clinical = false;
            info.notClinicalReason = notClinicalReason(id);
        }
    }
    return info;
}

void InferenceWorker::analyze(quint64 job, const core::Exam& exam)
{
    if (!engine_ || engine_->models().empty()) {
        ExamAnalysis none;
        none.examId = exam.id;
        none.errors << tr("No model loaded.");
        Q_EMIT examFinished(job, none);
        return;
    }
    runningJob_ = job;
    cancelRunning_ = false;
    // Re-read after publishing the job: a cancel() in between is not lost.
    if (cancelledUpTo_.load() >= job)
        cancelRunning_ = true;
    inference::RunControl control;
    control.cancel = &cancelRunning_;
    std::vector<QString> names;
    for (core::StandardView v : core::kStandardViews)
        if (exam.views.count(v))
            names.push_back(core::toString(v));
    control.onStage = [&](int view, inference::Stage stage) {
        Q_EMIT progress(job, view < int(names.size()) ? names[size_t(view)] : QString(),
                        QString::fromLatin1(inference::toString(stage)));
    };
    ExamAnalyzer analyzer(*engine_);
    ExamAnalysis result = analyzer.analyze(exam, control, [&](const ViewAnalysis& v) {
        ViewAnalysis shown = v;
        shown.groundTruth = lesionMask(v); // here, not on the GUI thread (20-34 ms a view)
        Q_EMIT viewFinished(job, shown);
    });
    Q_EMIT examFinished(job, result);
}

} // namespace mammolens::app
