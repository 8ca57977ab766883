#pragma once
// Wires the main window to the loaders and the inference worker: opens exams off the GUI thread,
// steps through an exam list, starts a job per exam (cancelling the previous one), turns engine
// results into what ui/ shows, and keeps settings (QSettings) across sessions.
//
// The worklist is planned from file headers (app/common/examsource planExams) and an exam's
// pixels are read only when it is shown or scored: memory holds a few exams whatever the
// worklist's length, and the first exam of a long list shows as fast as a single one.

#include "app/common/pendingexam.h"
#include "app/gui/inferenceworker.h"
#include "core/pacs/pacsnodestore.h"
#include "ui/mainwindow/mainwindow.h"
#include "ui/panels/worklisttypes.h"

#include <atomic>
#include <functional>
#include <list>
#include <map>
#include <set>
#include <memory>
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
    /// Exams in the worklist (planned; their pixels are read when shown or scored).
    int examCount() const { return int(worklist_.size()); }
    int examIndex() const { return index_; }
    /// The exam on screen with its pixels; null while it loads, when it could not be read, or
    /// when none is open.
    const core::Exam* shownExam() const { return shownExam_.get(); }
    /// How many exams' pixels are held (the shown one, its neighbour, the one being scored).
    int loadedExams() const { return int(cache_.size()); }
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
    /// The exams (by key) whose assessment has uncommitted changes: marked in the worklist.
    void setUncommittedExams(const std::set<QString>& examKeys);
    /// The worklist's exam scores are computed for every exam, not only the one on screen:
    /// after the shown exam's run, the exams without scores are run one by one in the
    /// background (triage), each cancelled as soon as the reader opens an exam.
    std::optional<double> examMalignancy(int index) const;

    /// The shown exam's complete model results (the last run that was not cancelled), if any.
    const std::optional<ExamAnalysis>& shownAnalysis() const { return shownAnalysis_; }

Q_SIGNALS:
    /// The reader chose exam `index` (its pixels may still be read): what belongs to the exam
    /// and not to its images, such as the assessment form, follows at once.
    void examSelected(int index);
    /// Exam `index` is on screen, or failed to read (its views say why).
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
    using Loaded = core::Outcome<std::shared_ptr<const core::Exam>>;
    /// Calls `then` with exam `index` loaded: at once when it is held, else on the GUI thread
    /// once a pool thread has read it (one read per exam, however many callers wait for it).
    /// A read only for showing is `abandonable`: the reader moving on skips it if it has not
    /// started (holding Page Down must not queue a read per exam passed).
    void withExam(int index, std::function<void(const Loaded&)> then, bool abandonable = false);
    void abandonStaleReads(int keep);
    /// An exam with no standard view to show (every file failed) is an error too.
    static Loaded readable(core::Outcome<core::Exam> read);
    void remember(int index, const std::shared_ptr<const core::Exam>& exam);
    void prefetch(int index);
    void present(int index, const Loaded& loaded);
    /// Replaces the worklist (open) or merges into it (PACS arrivals) with planned exams.
    void setWorklist(std::vector<PendingExam> exams);
    int mergeIntoWorklist(std::vector<PendingExam> exams);
    void startJob();
    void startTriageJob();
    void refreshWorklist();
    ui::WorklistEntry worklistEntry(int index) const;
    void onModelsChanged(const ModelInfo& info);
    void onViewFinished(quint64 job, const ViewAnalysis& view);
    void onExamFinished(quint64 job, const ExamAnalysis& exam);
    void onPlanned();
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
    QFutureWatcher<core::Outcome<std::vector<PendingExam>>> planner_;
    QStringList loadingPaths_;

    /// Where an exam stands in triage: the exam-level scores of the current models, or why not.
    struct Triage
    {
        std::optional<double> malignancy;
        std::optional<double> benign;
        QString error;
    };
    struct WorklistExam
    {
        PendingExam pending;
        int views = -1;    ///< known once it was read
        int revision = 0;  ///< bumped when a PACS arrival replaces it: older reads are stale
        QString loadError; ///< why its files could not be read, once tried
        Triage triage;
    };
    std::vector<WorklistExam> worklist_;
    quint64 worklistGeneration_ = 0; ///< bumped by open(): reads of the old worklist are dropped
    /// Loaded exams by worklist index, most recently used first (kHeldExams at most).
    std::list<std::pair<int, std::shared_ptr<const core::Exam>>> cache_;
    struct InFlightRead
    {
        std::vector<std::function<void(const Loaded&)>> callbacks;
        bool abandonable = true; ///< every caller only wanted to show it
        /// Set when abandoned; the pool thread checks it before it starts reading.
        std::shared_ptr<std::atomic_bool> skip = std::make_shared<std::atomic_bool>(false);
    };
    std::map<int, InFlightRead> reading_; ///< reads in flight by worklist index
    std::shared_ptr<const core::Exam> shownExam_;
    quint64 showRequest_ = 0; ///< the latest showExam(): an older one's late read is not shown
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
    std::map<QString, ui::WorklistStatus> readStatus_;
    std::set<QString> uncommitted_; ///< exam keys with uncommitted assessment changes
    std::optional<ExamAnalysis> shownAnalysis_;

    QThread pacsThread_;
    PacsService* pacs_ = nullptr; ///< lives on pacsThread_, deleted when it finishes
    core::PacsNodeStore nodeStore_; ///< GUI thread only (the service reads its own settings)
    bool openNextRetrieved_ = false;  ///< the first study of a retrieval opens
};

} // namespace mammolens::app
