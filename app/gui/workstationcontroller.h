#pragma once
// Wires the main window to the loaders and the inference worker: opens exams off the GUI thread,
// steps through an exam list, starts a job per exam (cancelling the previous one), turns engine
// results into what ui/ shows, and keeps settings (QSettings) across sessions.

#include "app/gui/inferenceworker.h"
#include "core/pacs/pacsnodestore.h"
#include "ui/mainwindow/mainwindow.h"
#include "ui/panels/worklisttypes.h"

#include <map>
#include <optional>

#include <QFutureWatcher>
#include <QObject>
#include <QThread>

#include <vector>

namespace mammolens::app {

class PacsService;

class WorkstationController : public QObject
{
    Q_OBJECT
public:
    explicit WorkstationController(ui::MainWindow& window, QObject* parent = nullptr);
    ~WorkstationController() override;

    /// Loads models (replacing the ensemble) on the worker thread; an empty list keeps none.
    void loadModels(const QStringList& paths);
    void open(const QStringList& paths);
    /// Adds the exams of `paths` to the end of the exam list (the worklist; an exam already in
    /// it is replaced), loading off the GUI thread; shows the first one when `show`.
    void addToWorklist(const QStringList& paths, bool show);

    /// The PACS work (echo, query, retrieve, storage SCP) on its own thread.
    PacsService* pacsService() const { return pacs_; }

    quint64 currentJob() const { return job_; }
    bool running() const { return running_; }
    const std::vector<core::Exam>& exams() const { return exams_; }
    int examIndex() const { return index_; }
    const ModelInfo& models() const { return models_; }
    /// What the reading store calls exam `index`: its Study Instance UID, or for PNG exams the
    /// folder or list entry name (never patient data); empty when there is no such exam.
    QString examKey(int index) const;

    /// Blinded reading: while hidden, the model still runs but nothing of its results reaches
    /// the window (overlays, patches, scores, truth outlines); the score panel shows `reason`.
    /// Unhiding shows the current exam's results at once, those already computed included.
    void setResultsHidden(bool hidden, const QString& reason = {});
    bool resultsHidden() const { return resultsHidden_; }

    /// The reading status of an exam in the worklist (app/gui/readingcontroller sets Read and
    /// Reviewed; New and Model done follow from the model's runs). New clears it.
    void setReadStatus(const QString& examKey, ui::WorklistStatus status);
    /// The worklist's exam scores are computed for every exam, not only the one on screen:
    /// after the shown exam's run, the exams without scores are run one by one in the
    /// background (triage), each cancelled as soon as the reader opens an exam.
    std::optional<double> examMalignancy(int index) const;

    /// The shown exam's complete model results (the last run that was not cancelled), if any.
    const std::optional<ExamAnalysis>& shownAnalysis() const { return shownAnalysis_; }

Q_SIGNALS:
    void examShown(int index);
    void modelsReady();
    void analysisFinished(quint64 job, bool cancelled);
    /// The exam list changed (exams opened, or added from a PACS retrieval or push).
    void worklistChanged(int exams);
    /// A background (triage) run gave exam `index` its scores.
    void triageFinished(int index);

public Q_SLOTS:
    void showExam(int index);
    void next();
    void previous();
    void cancel();

private:
    void startJob();
    void startTriageJob();
    void refreshWorklist();
    ui::WorklistEntry worklistEntry(int index) const;
    void onModelsChanged(const ModelInfo& info);
    void onViewFinished(quint64 job, const ViewAnalysis& view);
    void onExamFinished(quint64 job, const ExamAnalysis& exam);
    void onLoaded();
    void rememberRecent(const QStringList& paths);
    /// One view's results as the window shows them, kept for the reveal of blinded reading.
    struct ShownView
    {
        core::StandardView view;
        ui::ViewOverlay overlay;
        std::vector<ui::GalleryPatch> gallery;
        cv::Mat truth; ///< teaching: lesion mask in stored pixels, empty if none
    };
    void deliver(const ShownView& view);
    ui::ModelSummary summary() const;
    QString positionText() const;
    void connectPacs();
    void applyLocalPacsSettings(const QString& aeTitle, quint16 port, bool receive);

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
    std::vector<ShownView> results_; ///< the current job's views, in arrival order
    bool resultsHidden_ = false;
    QString hiddenReason_;
    int jobExam_ = -1;     ///< the exam job_ runs on
    bool jobShown_ = true; ///< false: a background triage run, nothing of it goes on screen
    /// Per exam (parallel to exams_): the exam-level scores of the current models, or why not.
    struct Triage
    {
        std::optional<double> malignancy;
        std::optional<double> benign;
        QString error;
    };
    std::vector<Triage> triage_;
    std::map<QString, ui::WorklistStatus> readStatus_;
    std::optional<ExamAnalysis> shownAnalysis_;

    QThread pacsThread_;
    PacsService* pacs_ = nullptr; ///< lives on pacsThread_, deleted when it finishes
    core::PacsNodeStore nodeStore_; ///< GUI thread only (the service reads its own settings)
    bool openNextRetrieved_ = false;  ///< the first study of a retrieval opens
};

} // namespace mammolens::app
