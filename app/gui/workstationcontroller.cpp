#include "app/gui/workstationcontroller.h"

#include "app/common/examsource.h"
#include "app/common/selftest.h"
#include "app/gui/pacsservice.h"
#include "core/logging/log.h"
#include "ui/dialogs/pacsbrowserdialog.h"
#include "ui/panels/scorepanel.h"
#include "ui/panels/worklistmodel.h"
#include "ui/panels/worklistpanel.h"
#include "ui/viewer/hangingview.h"

#include <QFileInfo>
#include <QSettings>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <iterator>

namespace mammolens::app {

namespace {

/// The inference threads' nice value unless the settings say otherwise (see loadModels()).
constexpr int kDefaultEngineNiceness = 5;

constexpr int kRecentExams = 10;
/// Exams whose pixels stay in memory: the one on screen, the next one (read ahead so Page Down
/// is instant) and the one triage is scoring. A full-field screening exam is 70-110 MB of 16-bit
/// pixels (four views of 3328 x 2560 to 4096 x 3328).
constexpr size_t kHeldExams = 3;
/// The next exam is read this long after the shown one appeared (see prefetch()).
constexpr int kReadAheadDelayMs = 500;

/// Plans every path (headers only); a path that fails is named in the error when nothing else
/// was found.
core::Outcome<std::vector<PendingExam>> planAll(const QStringList& paths)
{
    std::vector<PendingExam> all;
    QStringList errors;
    for (const QString& p : paths) {
        auto exams = planExams(p);
        if (!exams) {
            errors << exams.error().toString();
            continue;
        }
        for (PendingExam& e : exams.value())
            all.push_back(std::move(e));
    }
    if (all.empty())
        return core::Error{QStringLiteral("exam.no_images"),
                           errors.isEmpty() ? QStringLiteral("no exam found")
                                            : errors.join(QLatin1Char('\n')),
                           {}};
    return all;
}

cv::Mat camMap(const inference::GmicResult& r, int cls)
{
    return cv::Mat(r.camRows, r.camCols, CV_32FC1,
                   const_cast<float*>(r.saliency.data() + size_t(cls) * r.camRows * r.camCols))
        .clone();
}

} // namespace

WorkstationController::WorkstationController(ui::MainWindow& window, QObject* parent)
    : QObject(parent), window_(window)
{
    qRegisterMetaType<ModelInfo>();
    qRegisterMetaType<ViewAnalysis>();
    qRegisterMetaType<ExamAnalysis>();
    qRegisterMetaType<core::Exam>();
    qRegisterMetaType<inference::EngineOptions>();

    worker_ = new InferenceWorker; // parentless: it moves to its own thread
    worker_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
    connect(worker_, &InferenceWorker::modelsChanged, this, &WorkstationController::onModelsChanged);
    connect(worker_, &InferenceWorker::modelsFailed, this, [this](const QString& message) {
        window_.showError(tr("Model not loaded"), message);
    });
    connect(worker_, &InferenceWorker::viewFinished, this, &WorkstationController::onViewFinished);
    connect(worker_, &InferenceWorker::examFinished, this, &WorkstationController::onExamFinished);
    connect(worker_, &InferenceWorker::progress, this,
            [this](quint64 job, const QString& view, const QString& stage) {
                if (job != job_)
                    return;
                window_.setRunning(true, jobShown_ ? tr("GMIC: %1, %2").arg(view, stage)
                                                   : tr("Triage, exam %1: %2, %3")
                                                         .arg(jobExam_ + 1)
                                                         .arg(view, stage));
            });
    thread_.setObjectName(QStringLiteral("inference"));
    thread_.start();

    connect(&window_, &ui::MainWindow::openRequested, this, &WorkstationController::open);
    connect(&window_, &ui::MainWindow::modelsRequested, this, &WorkstationController::loadModels);
    connect(&window_, &ui::MainWindow::selfTestRequested, this, [this] {
        // Off the GUI thread: the golden inference takes seconds.
        auto* watcher = new QFutureWatcher<std::vector<SelfTestCheck>>(this);
        connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
            const auto checks = watcher->result();
            QString report;
            for (const SelfTestCheck& c : checks)
                report += QStringLiteral("%1 %2: %3<br>")
                              .arg(c.passed ? QStringLiteral("ok") : QStringLiteral("<b>FAIL</b>"),
                                   c.name.toHtmlEscaped(), c.detail.toHtmlEscaped());
            window_.showSelfTestResult(report, SelfTest::passed(checks));
            watcher->deleteLater();
        });
        watcher->setFuture(QtConcurrent::run([] { return SelfTest::run(); }));
    });
    connect(&window_, &ui::MainWindow::cancelRequested, this, &WorkstationController::cancel);
    connect(&window_, &ui::MainWindow::nextExamRequested, this, &WorkstationController::next);
    connect(&window_, &ui::MainWindow::previousExamRequested, this, &WorkstationController::previous);
    connect(&window_, &ui::MainWindow::examRequested, this, &WorkstationController::showExam);
    connect(&planner_, &QFutureWatcher<core::Outcome<std::vector<PendingExam>>>::finished, this,
            &WorkstationController::onPlanned);

    QSettings settings;
    window_.setRecentExams(settings.value(QStringLiteral("exams/recent")).toStringList());
    ui::OverlaySettings overlay = window_.overlaySettings();
    overlay.opacity = settings.value(QStringLiteral("overlay/opacity"), overlay.opacity).toDouble();
    overlay.showBenign = settings.value(QStringLiteral("overlay/benign"), overlay.showBenign).toBool();
    overlay.showMalignant =
        settings.value(QStringLiteral("overlay/malignant"), overlay.showMalignant).toBool();
    window_.setOverlaySettings(overlay);
    connect(&window_, &ui::MainWindow::overlaySettingsChanged, this,
            [](const ui::OverlaySettings& s) {
                QSettings settings;
                settings.setValue(QStringLiteral("overlay/opacity"), s.opacity);
                settings.setValue(QStringLiteral("overlay/benign"), s.showBenign);
                settings.setValue(QStringLiteral("overlay/malignant"), s.showMalignant);
            });

    connectPacs();
}

void WorkstationController::connectPacs()
{
    pacs_ = new PacsService(PacsService::loadSettings()); // parentless: it moves to its thread
    pacs_->moveToThread(&pacsThread_);
    connect(&pacsThread_, &QThread::finished, pacs_, &QObject::deleteLater);
    pacsThread_.setObjectName(QStringLiteral("pacs"));
    pacsThread_.start();

    ui::PacsBrowserDialog* browser = window_.pacsBrowser();
    browser->setNodes(nodeStore_.nodes());
    const core::PacsNodeStore::Local local = nodeStore_.local();
    browser->setLocal(local.aeTitle, local.port,
                      QSettings().value(PacsService::receiveKey(), false).toBool());

    // Requests: queued to the service's thread, each with a ticket that cancel() covers.
    connect(browser, &ui::PacsBrowserDialog::echoRequested, this,
            [this](const core::PacsNode& node) {
                QMetaObject::invokeMethod(
                    pacs_, [p = pacs_, t = pacs_->issue(), node] { p->echo(t, node); },
                    Qt::QueuedConnection);
            });
    connect(browser, &ui::PacsBrowserDialog::queryRequested, this,
            [this](const core::PacsNode& node, const core::PacsQuery& query) {
                QMetaObject::invokeMethod(
                    pacs_, [p = pacs_, t = pacs_->issue(), node, query] { p->query(t, node, query); },
                    Qt::QueuedConnection);
            });
    connect(browser, &ui::PacsBrowserDialog::retrieveRequested, this,
            [this](const core::PacsNode& node, const QStringList& uids) {
                openNextRetrieved_ = true;
                QMetaObject::invokeMethod(
                    pacs_, [p = pacs_, t = pacs_->issue(), node, uids] { p->retrieve(t, node, uids); },
                    Qt::QueuedConnection);
            });
    // Direct: the service's thread is busy with the request being cancelled.
    connect(browser, &ui::PacsBrowserDialog::cancelRequested, this, [this] { pacs_->cancel(); });

    connect(browser, &ui::PacsBrowserDialog::nodeSaved, this,
            [this, browser](const core::PacsNode& node) {
                auto added = nodeStore_.add(node);
                if (!added)
                    browser->showSettingsError(ui::PacsBrowserDialog::describe(added.error(), node.name) +
                                               QLatin1Char(' ') + added.error().message);
                browser->setNodes(nodeStore_.nodes());
            });
    connect(browser, &ui::PacsBrowserDialog::nodeRemoved, this, [this, browser](const QString& name) {
        nodeStore_.remove(name);
        browser->setNodes(nodeStore_.nodes());
    });
    connect(browser, &ui::PacsBrowserDialog::localChanged, this,
            &WorkstationController::applyLocalPacsSettings);

    // Replies.
    connect(pacs_, &PacsService::echoFinished, browser, &ui::PacsBrowserDialog::showEchoResult);
    connect(pacs_, &PacsService::queryFinished, browser, &ui::PacsBrowserDialog::showResults);
    connect(pacs_, &PacsService::queryFailed, browser, &ui::PacsBrowserDialog::showQueryFailed);
    connect(pacs_, &PacsService::retrieveProgress, browser,
            &ui::PacsBrowserDialog::showRetrieveProgress);
    connect(pacs_, &PacsService::retrieveFinished, browser,
            &ui::PacsBrowserDialog::showRetrieveFinished);
    connect(pacs_, &PacsService::studyRetrieved, this, [this](const QString& folder) {
        addToWorklist({folder}, openNextRetrieved_);
        openNextRetrieved_ = false;
    });
    connect(pacs_, &PacsService::studyReceived, this, [this](const QString& folder) {
        addToWorklist({folder}, false);
    });
    connect(pacs_, &PacsService::receiverChanged, this,
            [this](bool listening, const QString& aeTitle, quint16 port, const core::Error& error) {
                if (!error.code.isEmpty())
                    // Not a failure of the workstation: only pushes (and C-MOVE) need the port.
                    window_.showStatusMessage(
                        tr("PACS receiver not started: port %1 cannot be opened (in use by another "
                           "program?). Studies pushed to %2 will not arrive.")
                            .arg(port)
                            .arg(aeTitle),
                        0);
                else if (listening)
                    window_.showStatusMessage(
                        tr("PACS receiver: accepting studies for %1 on port %2").arg(aeTitle).arg(port));
            });
    QMetaObject::invokeMethod(pacs_, &PacsService::start, Qt::QueuedConnection);
}

void WorkstationController::applyLocalPacsSettings(const QString& aeTitle, quint16 port,
                                                   bool receive)
{
    core::PacsNodeStore::Local local = nodeStore_.local();
    local.aeTitle = aeTitle;
    local.port = port;
    if (auto saved = nodeStore_.setLocal(local); !saved) {
        window_.pacsBrowser()->showSettingsError(
            ui::PacsBrowserDialog::describe(saved.error(), aeTitle));
        return;
    }
    QSettings().setValue(PacsService::receiveKey(), receive);
    const PacsService::Settings settings = PacsService::loadSettings();
    QMetaObject::invokeMethod(
        pacs_, [p = pacs_, settings] { p->reconfigure(settings); }, Qt::QueuedConnection);
}

void WorkstationController::addToWorklist(const QStringList& paths, bool show)
{
    if (paths.isEmpty())
        return;
    using Planned = core::Outcome<std::vector<PendingExam>>;
    auto* watcher = new QFutureWatcher<Planned>(this);
    connect(watcher, &QFutureWatcher<Planned>::finished, this, [this, watcher, show] {
        watcher->deleteLater();
        Planned result = watcher->result();
        if (!result) {
            window_.showStatusMessage(tr("A PACS study could not be opened: %1")
                                          .arg(result.error().message));
            return;
        }
        const int first = mergeIntoWorklist(std::move(result).value());
        refreshWorklist();
        Q_EMIT worklistChanged(examCount());
        if (!running_)
            startTriageJob(); // the new exams get their scores for triage
        if (show && first >= 0) {
            showExam(first);
            return;
        }
        if (index_ >= 0)
            window_.setExamPosition(tr("Exam %1").arg(index_ + 1), positionText());
        window_.showStatusMessage(
            tr("Exam %1 added to the worklist (%2 exams; Page Down for the next)")
                .arg(first + 1)
                .arg(examCount()));
    });
    watcher->setFuture(QtConcurrent::run([paths] { return planAll(paths); }));
}

int WorkstationController::mergeIntoWorklist(std::vector<PendingExam> exams)
{
    int first = -1;
    for (PendingExam& exam : exams) {
        int at = -1;
        for (size_t i = 0; i < worklist_.size(); ++i)
            if (!exam.id.isEmpty() && worklist_[i].pending.id == exam.id)
                at = int(i);
        if (at < 0) {
            worklist_.push_back({std::move(exam), -1, 0, {}, {}});
            at = examCount() - 1;
        } else {
            // The same study again (more images arrived): read it afresh when next needed.
            WorklistExam& item = worklist_[size_t(at)];
            item = {std::move(exam), -1, item.revision + 1, {}, {}};
            cache_.remove_if([at](const auto& held) { return held.first == at; });
        }
        if (first < 0)
            first = at;
    }
    return first;
}

void WorkstationController::setWorklist(std::vector<PendingExam> exams)
{
    ++worklistGeneration_;
    ++job_; // open() cancelled the running job: its late results belong to the old list
    running_ = false;
    worklist_.clear();
    cache_.clear();
    reading_.clear();
    shownExam_.reset();
    index_ = -1;
    mergeIntoWorklist(std::move(exams));
}

void WorkstationController::withExam(int index, std::function<void(const Loaded&)> then,
                                     bool abandonable)
{
    for (auto held = cache_.begin(); held != cache_.end(); ++held)
        if (held->first == index) {
            cache_.splice(cache_.begin(), cache_, held); // most recently used
            then(Loaded(held->second));
            return;
        }
    InFlightRead& read = reading_[index];
    read.callbacks.push_back(std::move(then));
    read.abandonable = read.abandonable && abandonable;
    if (read.callbacks.size() > 1) {
        read.skip->store(false); // wanted again: if it was abandoned it has not been skipped yet
        return;                  // (or will be redone when its skip comes back, see below)
    }
    using Read = core::Outcome<core::Exam>;
    auto* watcher = new QFutureWatcher<Read>(this);
    const quint64 generation = worklistGeneration_;
    const int revision = worklist_[size_t(index)].revision;
    connect(watcher, &QFutureWatcher<Read>::finished, this,
            [this, watcher, index, generation, revision] {
                watcher->deleteLater();
                if (generation != worklistGeneration_)
                    return; // another worklist was opened meanwhile
                InFlightRead done = std::move(reading_[index]);
                reading_.erase(index);
                const Read result = watcher->result();
                const bool skipped = !result && result.error().code == QLatin1String("exam.skipped");
                if (skipped && done.skip->load())
                    return; // abandoned: its callers were shows the reader has moved past
                if (skipped || worklist_[size_t(index)].revision != revision) {
                    // Wanted again after it was skipped, or replaced (PACS) while read: read anew.
                    for (auto& callback : done.callbacks)
                        withExam(index, std::move(callback), done.abandonable);
                    return;
                }
                const Loaded loaded = readable(result);
                WorklistExam& item = worklist_[size_t(index)];
                if (loaded) {
                    remember(index, loaded.value());
                    item.views = int(loaded.value()->views.size());
                    item.loadError.clear(); // readable now (a second try after a failure)
                } else {
                    item.views = 0;
                    item.loadError = loaded.error().message;
                }
                window_.worklistPanel()->model()->setEntry(index, worklistEntry(index));
                for (auto& callback : done.callbacks)
                    callback(loaded);
            });
    watcher->setFuture(QtConcurrent::run(
        [load = worklist_[size_t(index)].pending.load, skip = read.skip]() -> Read {
            if (skip->load())
                return core::Error{QStringLiteral("exam.skipped"), QString(), {}};
            try {
                return load();
            } catch (const std::exception& e) { // e.g. std::bad_alloc on an absurdly large image
                return core::Error{QStringLiteral("exam.read_failed"), QString::fromUtf8(e.what()), {}};
            }
        }));
}

void WorkstationController::abandonStaleReads(int keep)
{
    for (auto& [index, read] : reading_)
        if (index != keep && read.abandonable)
            read.skip->store(true);
}

WorkstationController::Loaded WorkstationController::readable(core::Outcome<core::Exam> read)
{
    if (!read)
        return read.error();
    if (!read.value().views.empty())
        return std::make_shared<const core::Exam>(std::move(read).value());
    // Nothing to show or to analyse: every file failed (the first says why) or none was a
    // standard view.
    const std::vector<core::Error>& errors = read.value().errors;
    return core::Error{QStringLiteral("exam.no_images"),
                       errors.empty()
                           ? tr("no L-CC, R-CC, L-MLO or R-MLO image in it")
                           : tr("none of its %n file(s) could be read (%1)", "", int(errors.size()))
                                 .arg(errors.front().message),
                       {}};
}

void WorkstationController::remember(int index, const std::shared_ptr<const core::Exam>& exam)
{
    cache_.remove_if([index](const auto& held) { return held.first == index; });
    cache_.emplace_front(index, exam);
    while (cache_.size() > kHeldExams) {
        auto victim = std::prev(cache_.end()); // least recently used, but never the shown one
        if (victim->first == index_)
            victim = std::prev(victim);
        cache_.erase(victim);
    }
}

void WorkstationController::prefetch(int index)
{
    // Later, not now: decoding on both cores while the shown exam's first frames render made
    // those frames twice as slow (bench_worklist).
    QTimer::singleShot(kReadAheadDelayMs, this, [this, index, generation = worklistGeneration_] {
        // Only if it still follows the shown exam: the reader may have moved on meanwhile.
        if (generation == worklistGeneration_ && index == index_ + 1 && index < examCount() &&
            worklist_[size_t(index)].loadError.isEmpty())
            withExam(index, [](const Loaded&) {});
    });
}

QString WorkstationController::positionText() const
{
    return examCount() > 1 ? QStringLiteral("%1 / %2").arg(index_ + 1).arg(examCount()) : QString();
}

WorkstationController::~WorkstationController()
{
    // Stop the running job, then let the worker finish and the thread end (Qt's worker pattern).
    worker_->cancel(job_);
    thread_.quit();
    thread_.wait();
    // A retrieval in flight stops at its next check; the service stops the SCP as it goes.
    pacs_->cancel();
    pacsThread_.quit();
    pacsThread_.wait();
}

void WorkstationController::loadModels(const QStringList& paths)
{
    QSettings().setValue(QStringLiteral("models/files"), paths);
    inference::EngineOptions options;
    QSettings settings;
    options.useCuda = settings.value(QStringLiteral("engine/device")).toString() == QLatin1String("cuda");
    options.threads = settings.value(QStringLiteral("engine/threads"), 0).toInt();
    // The engine's threads yield to the interface's: with each repaint of the window costing
    // 40-60 ms of software OpenGL while the model takes the cores, nice 5 shortened the longest
    // GUI-thread stall from 91-97 to 53-67 ms without making the exam slower. Linux groups the
    // threads of a session (autogroup) or an application (cgroup) before it weighs nice values,
    // so this does not slow the model against other programs unless they were started from the
    // same session; a program busy on both cores in another session left the exam's time as it
    // was (docs/performance.md). `engine/niceness` (0-19) overrides it; 0 turns it off.
    options.niceness = std::clamp(
        settings.value(QStringLiteral("engine/niceness"), kDefaultEngineNiceness).toInt(), 0, 19);
    QMetaObject::invokeMethod(worker_, [w = worker_, paths, options] { w->loadModels(paths, options); },
                              Qt::QueuedConnection);
}

void WorkstationController::onModelsChanged(const ModelInfo& info)
{
    models_ = info;
    window_.setModels(summary(), info.descriptions, info.paths);
    for (WorklistExam& item : worklist_)
        item.triage = {}; // scores of other models do not sort with these
    refreshWorklist();
    Q_EMIT modelsReady();
    const bool shownIsLoading = index_ >= 0 && !shownExam_ && worklist_[size_t(index_)].loadError.isEmpty();
    if (shownExam_ && (!running_ || !jobShown_)) {
        cancel(); // a triage run of the old models
        startJob(); // an exam is open: run the new models on it at once
    } else if (!shownExam_ && !shownIsLoading) {
        startTriageJob(); // no exam open, or the open one cannot be read
    } // else present() runs the models once the exam on screen is read
}

ui::ModelSummary WorkstationController::summary() const
{
    return {models_.labels, models_.clinical, models_.notClinicalReason};
}

void WorkstationController::open(const QStringList& paths)
{
    if (paths.isEmpty())
        return;
    cancel();
    loadingPaths_ = paths;
    window_.showExamLoading(QFileInfo(paths.first()).fileName());
    // Planning reads file headers: never on the GUI thread.
    planner_.setFuture(QtConcurrent::run([paths] { return planAll(paths); }));
}

void WorkstationController::onPlanned()
{
    auto result = planner_.result();
    if (!result) {
        window_.showError(tr("Cannot open exam"), result.error().message);
        return;
    }
    rememberRecent(loadingPaths_);
    setWorklist(std::move(result).value());
    readStatus_.clear();
    refreshWorklist();
    Q_EMIT worklistChanged(examCount());
    showExam(0);
}

void WorkstationController::rememberRecent(const QStringList& paths)
{
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("exams/recent")).toStringList();
    for (const QString& p : paths) {
        recent.removeAll(p);
        recent.prepend(p);
    }
    while (recent.size() > kRecentExams)
        recent.removeLast();
    settings.setValue(QStringLiteral("exams/recent"), recent);
    window_.setRecentExams(recent);
}

QString WorkstationController::examKey(int index) const
{
    if (index < 0 || index >= examCount())
        return {};
    return worklist_[size_t(index)].pending.id;
}

void WorkstationController::setResultsHidden(bool hidden, const QString& reason)
{
    const bool wasHidden = resultsHidden_;
    resultsHidden_ = hidden;
    hiddenReason_ = reason;
    if (hidden) {
        window_.hideResults(reason);
        return;
    }
    if (!wasHidden)
        return;
    for (const ShownView& v : results_)
        deliver(v);
    if (!scores_.views.empty() || !scores_.errors.empty())
        window_.setScores(scores_);
    else if (running_)
        window_.scorePanel()->setRunning(scores_.models);
    else
        window_.scorePanel()->clear();
}

void WorkstationController::deliver(const ShownView& v)
{
    window_.setViewResult(v.view, v.overlay, v.gallery);
    if (!v.truth.empty())
        window_.hangingView()->setGroundTruthMask(v.view, v.truth);
}

void WorkstationController::showExam(int index)
{
    if (index < 0 || index >= examCount())
        return;
    cancel();
    // The cancelled run belongs to the exam left: until it stops, its late views must not reach
    // this exam's window (it is read first, so no new run replaces it at once). Its end is then
    // handled like a background run's, which keeps its worklist score if it did finish.
    jobShown_ = false;
    index_ = index;
    results_.clear();
    // The scores too: the reading controller may unhide results at examSelected, before this
    // exam's run starts, and must find nothing of the previous exam to show.
    scores_ = {};
    shownAnalysis_.reset();
    shownExam_.reset();
    window_.worklistPanel()->model()->setCurrentRow(index);
    window_.worklistPanel()->selectSourceRow(index);
    // The label is the exam's position and folder, never patient data.
    const QString label = tr("Exam %1").arg(index + 1);
    window_.showExamLoading(label);
    const quint64 request = ++showRequest_;
    Q_EMIT examSelected(index);
    abandonStaleReads(index);
    withExam(
        index,
        [this, index, request](const Loaded& loaded) {
            if (request == showRequest_)
                present(index, loaded); // else the reader has moved on
        },
        true);
}

void WorkstationController::present(int index, const Loaded& loaded)
{
    const QString label = tr("Exam %1").arg(index + 1);
    if (!loaded) {
        // Costs only this exam: the list goes on (Page Down), the reader's entries are kept.
        window_.showExamFailed(label, positionText(), loaded.error().message);
        ++job_; // the job cancelled by showExam() is done with; its late results are dropped
        running_ = false;
        window_.setRunning(false, tr("Exam %1 cannot be read").arg(index + 1));
        Q_EMIT examShown(index);
        prefetch(index + 1);
        startTriageJob();
        return;
    }
    shownExam_ = loaded.value();
    window_.showExam(*shownExam_, label, positionText());
    Q_EMIT examShown(index);
    if (!models_.labels.isEmpty()) {
        worker_->cancel(job_); // a triage run that started while this exam was read
        startJob();
    } else {
        window_.setRunning(false, tr("No model loaded (Model > Load Model Files)"));
        prefetch(index + 1);
    }
}

void WorkstationController::startJob()
{
    ++job_;
    running_ = true;
    jobExam_ = index_;
    jobShown_ = true;
    scores_ = {};
    scores_.models = summary();
    results_.clear();
    if (resultsHidden_)
        window_.hideResults(hiddenReason_);
    else
        window_.scorePanel()->setRunning(scores_.models);
    window_.setRunning(true, tr("GMIC: starting"));
    shownAnalysis_.reset();
    const core::Exam exam = *shownExam_; // shares the pixel buffers
    QMetaObject::invokeMethod(worker_, [w = worker_, job = job_, exam] { w->analyze(job, exam); },
                              Qt::QueuedConnection);
}

void WorkstationController::next()
{
    showExam(index_ + 1);
}

void WorkstationController::previous()
{
    showExam(index_ - 1);
}

void WorkstationController::cancel()
{
    worker_->cancel(job_);
    if (running_)
        window_.setRunning(true, tr("Cancelling..."));
}

void WorkstationController::onViewFinished(quint64 job, const ViewAnalysis& view)
{
    if (job != job_ || !jobShown_ || !view.prediction)
        return; // a superseded job's late result, or a triage run (scores only)
    const inference::ViewPrediction& p = *view.prediction;
    const inference::GmicResult& first = p.perModel.front();
    ui::ViewOverlay overlay;
    overlay.geometry = view.geometry;
    overlay.benign = camMap(first, 0);
    overlay.malignant = camMap(first, 1);
    overlay.modelLabel = models_.labels.value(0);
    std::vector<ui::GalleryPatch> gallery;
    for (size_t k = 0; k < first.patches.size(); ++k) {
        const auto& patch = first.patches[k];
        const cv::Rect input(patch.col, patch.row, first.cropCols, first.cropRows);
        overlay.patches.push_back({input, int(k + 1), patch.attention});
        gallery.push_back({view.view, int(k + 1), patch.attention,
                           view.geometry.inputRectToStoredClipped(input)});
    }
    // Teaching exams come with lesion masks: their contours are shown (read by the worker).
    results_.push_back({view.view, overlay, gallery, view.groundTruth});
    if (!resultsHidden_)
        deliver(results_.back());

    ui::ViewScores s;
    s.benign = p.yFusion[0];
    s.malignant = p.yFusion[1];
    s.globalBenign = p.yGlobal[0];
    s.globalMalignant = p.yGlobal[1];
    s.localBenign = p.yLocal[0];
    s.localMalignant = p.yLocal[1];
    s.benignSpread = p.fusionSpread[0];
    s.malignantSpread = p.fusionSpread[1];
    s.device = QString::fromStdString(p.device);
    s.warnings = view.warnings;
    scores_.views[view.view] = s;
    if (!resultsHidden_)
        window_.setScores(scores_);
}

void WorkstationController::onExamFinished(quint64 job, const ExamAnalysis& exam)
{
    if (job != job_)
        return;
    running_ = false;
    const bool cancelled = exam.errors.contains(QStringLiteral("cancelled"));
    if (!cancelled && jobExam_ >= 0 && jobExam_ < examCount()) {
        // The exam-level scores of docs/cli.md: the maximum over the views.
        Triage t;
        for (const ViewAnalysis& v : exam.views) {
            if (!v.prediction)
                continue;
            t.malignancy = std::max(t.malignancy.value_or(0.0), double(v.prediction->yFusion[1]));
            t.benign = std::max(t.benign.value_or(0.0), double(v.prediction->yFusion[0]));
        }
        if (!t.malignancy)
            t.error = !exam.errors.isEmpty() ? exam.errors.join(QLatin1Char('\n'))
                      : !exam.views.empty()  ? exam.views.front().error
                                             : tr("no view could be analysed");
        worklist_[size_t(jobExam_)].triage = t;
        window_.worklistPanel()->model()->setEntry(jobExam_, worklistEntry(jobExam_));
    }
    if (!jobShown_) {
        window_.setRunning(false, cancelled ? QString() : tr("Triage: exam %1 scored").arg(jobExam_ + 1));
        if (!cancelled) {
            Q_EMIT triageFinished(jobExam_);
            startTriageJob();
        }
        return;
    }
    for (const ViewAnalysis& v : exam.views)
        if (!v.prediction)
            scores_.errors[v.view] = v.error;
    if (!resultsHidden_)
        window_.setScores(scores_);
    window_.setRunning(false, cancelled ? tr("GMIC cancelled")
                                        : tr("GMIC done in %1 s on %2")
                                              .arg((exam.preprocessMs + exam.inferenceMs) / 1000.0, 0, 'f', 1)
                                              .arg(exam.device));
    if (!cancelled)
        shownAnalysis_ = exam;
    Q_EMIT analysisFinished(job, cancelled);
    if (!cancelled) {
        prefetch(index_ + 1); // before triage: Page Down is the reader's likely next step
        startTriageJob();
    }
}

void WorkstationController::startTriageJob()
{
    if (models_.labels.isEmpty() || running_)
        return;
    int next = -1;
    for (size_t i = 0; i < worklist_.size() && next < 0; ++i) {
        const WorklistExam& item = worklist_[i];
        if (!item.triage.malignancy && item.triage.error.isEmpty() && item.loadError.isEmpty())
            next = int(i);
    }
    if (next < 0)
        return;
    ++job_;
    running_ = true;
    jobExam_ = next;
    jobShown_ = false;
    window_.setRunning(true, tr("Triage: exam %1 of %2 in the background")
                                 .arg(next + 1)
                                 .arg(examCount()));
    withExam(next, [this, job = job_](const Loaded& loaded) {
        if (job != job_)
            return; // superseded while it was read (the reader opened an exam)
        if (!loaded) { // withExam noted why in the worklist; go on with the others
            running_ = false;
            startTriageJob();
            return;
        }
        const core::Exam exam = *loaded.value(); // shares the pixel buffers
        QMetaObject::invokeMethod(worker_, [w = worker_, job, exam] { w->analyze(job, exam); },
                                  Qt::QueuedConnection);
    });
}

std::optional<double> WorkstationController::examMalignancy(int index) const
{
    if (index < 0 || index >= examCount())
        return std::nullopt;
    return worklist_[size_t(index)].triage.malignancy;
}

void WorkstationController::setReadStatus(const QString& examKey, ui::WorklistStatus status)
{
    if (status == ui::WorklistStatus::New || status == ui::WorklistStatus::ModelDone)
        readStatus_.erase(examKey);
    else
        readStatus_[examKey] = status;
    for (int i = 0; i < examCount(); ++i)
        if (worklist_[size_t(i)].pending.id == examKey)
            window_.worklistPanel()->model()->setEntry(i, worklistEntry(i));
}

void WorkstationController::setUncommittedExams(const std::set<QString>& examKeys)
{
    if (examKeys == uncommitted_)
        return;
    std::set<QString> changed;
    std::set_symmetric_difference(examKeys.begin(), examKeys.end(), uncommitted_.begin(),
                                  uncommitted_.end(), std::inserter(changed, changed.end()));
    uncommitted_ = examKeys;
    for (int i = 0; i < examCount(); ++i)
        if (changed.count(worklist_[size_t(i)].pending.id))
            window_.worklistPanel()->model()->setEntry(i, worklistEntry(i));
}

ui::WorklistEntry WorkstationController::worklistEntry(int index) const
{
    const WorklistExam& item = worklist_[size_t(index)];
    const QString& id = item.pending.id;
    const Triage& t = item.triage;
    ui::WorklistEntry e;
    // The exam's folder name or Study Instance UID (its tail: the distinguishing part), never
    // patient data.
    e.label = id.size() > 28 ? QStringLiteral("...") + id.right(25) : id;
    if (e.label.isEmpty())
        e.label = tr("Exam %1").arg(index + 1);
    e.key = id;
    e.views = item.views;
    e.malignancy = t.malignancy;
    e.benign = t.benign;
    e.model = models_.labels.join(QStringLiteral(", "));
    e.error = item.loadError.isEmpty() ? t.error : item.loadError;
    const auto read = readStatus_.find(id);
    e.status = read != readStatus_.end() ? read->second
               : t.malignancy            ? ui::WorklistStatus::ModelDone
                                         : ui::WorklistStatus::New;
    e.uncommitted = !id.isEmpty() && uncommitted_.count(id) > 0;
    return e;
}

void WorkstationController::refreshWorklist()
{
    std::vector<ui::WorklistEntry> entries;
    for (int i = 0; i < examCount(); ++i)
        entries.push_back(worklistEntry(i));
    ui::WorklistPanel* panel = window_.worklistPanel();
    panel->model()->setEntries(std::move(entries));
    panel->model()->setCurrentRow(index_);
    panel->selectSourceRow(index_);
}

} // namespace mammolens::app
