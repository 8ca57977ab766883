#pragma once
// The one long-lived worker that owns the models (ARCHITECTURE.md "Threading"): a parentless
// QObject moved to its own QThread, so weights load once and inference never runs on the GUI
// thread. Requests carry a job id; results arrive view by view as value types through queued
// signals; a superseded job is cancelled and its late results are dropped by the receiver.
// Thread safety: cancel() may be called from any thread; every slot runs on the worker thread.

#include "app/common/examanalysis.h"
#include "core/exam/exam.h"
#include "inference/engine/gmicengine.h"

#include <QObject>
#include <QStringList>

#include <atomic>
#include <memory>

namespace mammolens::app {

struct ModelInfo
{
    QStringList labels;        ///< "name [shortid, provenance]" per model
    QStringList descriptions;  ///< configuration and source per model, for the model manager
    QStringList paths;         ///< the model files, in the ensemble's order
    bool clinical = false;     ///< every model is a validated clinical model
    QString notClinicalReason; ///< e.g. "random weights (seed 1)"
};

class InferenceWorker : public QObject
{
    Q_OBJECT
public:
    InferenceWorker();
    ~InferenceWorker() override;

    /// Thread-safe: stops the running job between views or stages.
    void cancel(quint64 job);

public Q_SLOTS:
    /// Replaces the ensemble. Emits modelsChanged or modelsFailed.
    void loadModels(const QStringList& paths, const inference::EngineOptions& options);
    /// Runs the ensemble on an exam. Emits progress, viewFinished per view, then examFinished.
    void analyze(quint64 job, const core::Exam& exam);

Q_SIGNALS:
    void modelsChanged(const ModelInfo& info);
    void modelsFailed(const QString& message);
    void progress(quint64 job, const QString& view, const QString& stage);
    void viewFinished(quint64 job, const ViewAnalysis& view);
    void examFinished(quint64 job, const ExamAnalysis& exam);

private:
    ModelInfo describeModels() const;

    std::unique_ptr<inference::GmicEngine> engine_;
    std::atomic<quint64> cancelledUpTo_{0}; ///< jobs with id <= this are cancelled
    std::atomic<quint64> runningJob_{0};
    std::atomic<bool> cancelRunning_{false}; ///< polled by the engine and preprocessing
};

} // namespace mammolens::app

Q_DECLARE_METATYPE(mammolens::app::ModelInfo)
Q_DECLARE_METATYPE(mammolens::app::ViewAnalysis)
Q_DECLARE_METATYPE(mammolens::app::ExamAnalysis)
Q_DECLARE_METATYPE(mammolens::core::Exam)
Q_DECLARE_METATYPE(mammolens::inference::EngineOptions)
