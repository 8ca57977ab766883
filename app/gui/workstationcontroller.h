#pragma once
// Wires the main window to the loaders and the inference worker: opens exams off the GUI thread,
// steps through an exam list, starts a job per exam (cancelling the previous one), turns engine
// results into what ui/ shows, and keeps settings (QSettings) across sessions.

#include "app/gui/inferenceworker.h"
#include "ui/mainwindow/mainwindow.h"

#include <QFutureWatcher>
#include <QObject>
#include <QThread>

#include <vector>

namespace mammolens::app {

class WorkstationController : public QObject
{
    Q_OBJECT
public:
    explicit WorkstationController(ui::MainWindow& window, QObject* parent = nullptr);
    ~WorkstationController() override;

    /// Loads models (replacing the ensemble) on the worker thread; an empty list keeps none.
    void loadModels(const QStringList& paths);
    void open(const QStringList& paths);

    quint64 currentJob() const { return job_; }
    bool running() const { return running_; }
    const std::vector<core::Exam>& exams() const { return exams_; }
    int examIndex() const { return index_; }
    const ModelInfo& models() const { return models_; }

Q_SIGNALS:
    void examShown(int index);
    void modelsReady();
    void analysisFinished(quint64 job, bool cancelled);

public Q_SLOTS:
    void next();
    void previous();
    void cancel();

private:
    void showExam(int index);
    void startJob();
    void onModelsChanged(const ModelInfo& info);
    void onViewFinished(quint64 job, const ViewAnalysis& view);
    void onExamFinished(quint64 job, const ExamAnalysis& exam);
    void onLoaded();
    void rememberRecent(const QStringList& paths);
    ui::ModelSummary summary() const;

    ui::MainWindow& window_;
    QThread thread_;
    InferenceWorker* worker_ = nullptr; ///< lives on thread_, deleted when it finishes
    QFutureWatcher<core::Outcome<std::vector<core::Exam>>> loader_;
    QStringList loadingPaths_;

    std::vector<core::Exam> exams_;
    int index_ = -1;
    quint64 job_ = 0;
    bool running_ = false;
    ModelInfo models_;
    ui::ExamScores scores_;
};

} // namespace mammolens::app
