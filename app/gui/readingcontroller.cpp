#include "app/gui/readingcontroller.h"

#include "app/common/examreportwriter.h"
#include "app/gui/workstationcontroller.h"
#include "core/logging/log.h"
#include "core/reading/teachinghistory.h"
#include "ui/viewer/hangingview.h"
#include "ui/mainwindow/mainwindow.h"
#include "ui/panels/assessmentpanel.h"
#include "ui/panels/worklistmodel.h"
#include "ui/panels/worklistpanel.h"

#include <QDir>
#include <QRegularExpression>

namespace mammolens::app {

using Stage = ui::AssessmentPanel::Stage;

namespace {

/// The post-AI form starts from the initial assessment: the reader revises, not restarts.
core::Assessment asPostAi(core::Assessment a)
{
    a.id = 0;
    a.phase = core::AssessmentPhase::PostAi;
    a.createdAt = {};
    a.updatedAt = {};
    return a;
}

/// A draft goes back into the form of the exam's phase now: a draft kept from before a reveal
/// (or resumed from the store) must not be committed into a phase the store refuses.
core::Assessment inPhase(core::Assessment draft, core::AssessmentPhase phase)
{
    draft.phase = phase;
    return draft;
}

bool hidesModelFirst(core::ReadingMode mode)
{
    return mode == core::ReadingMode::Blinded || mode == core::ReadingMode::Teaching;
}

} // namespace

ReadingController::ReadingController(ui::MainWindow& window, WorkstationController& workstation,
                                     const QString& storePath, QObject* parent)
    : QObject(parent), window_(window), workstation_(workstation), store_(storePath)
{
    if (auto opened = store_.open(); !opened) {
        storeError_ = opened.error().message;
        core::log::get("reading")->error("reading store not opened: {} ({})",
                                         opened.error().code.toStdString(),
                                         opened.error().message.toStdString());
    }
    ui::AssessmentPanel* panel = window_.assessmentPanel();
    connect(panel, &ui::AssessmentPanel::commitRequested, this, &ReadingController::onCommit);
    connect(panel, &ui::AssessmentPanel::edited, this, &ReadingController::onEdited);
    connect(&workstation_, &WorkstationController::examSelected, this,
            &ReadingController::onExamSelected);
    connect(&workstation_, &WorkstationController::examShown, this, &ReadingController::onExamShown);
    connect(&workstation_, &WorkstationController::worklistChanged, this,
            &ReadingController::applySessionToWorklist);
    connect(&window_, &ui::MainWindow::readingSessionRequested, this,
            [this](const QString& login, const QString& name, int mode, const QString& caseSet) {
                onSessionRequested(login, name, core::ReadingMode(mode), caseSet);
            });
    connect(&window_, &ui::MainWindow::endReadingSessionRequested, this,
            &ReadingController::endSession);
    connect(&window_, &ui::MainWindow::closing, this,
            [this](bool keep) { keep ? suspendSession() : endSession(); });
    // Drafts reach the store at most kDraftStoreDelayMs after an edit, and in one write however
    // many edits came: every keystroke of the notes must not wait for a disk sync.
    draftTimer_.setSingleShot(true);
    draftTimer_.setInterval(kDraftStoreDelayMs);
    connect(&draftTimer_, &QTimer::timeout, this, &ReadingController::storeDrafts);
    connect(&window_, &ui::MainWindow::statisticsRequested, this, [this] {
        auto text = sessionStatistics();
        if (!text)
            window_.showError(tr("No statistics"), text.error().message);
        else
            window_.showInformation(tr("Session Statistics"), text.value());
    });
    connect(&window_, &ui::MainWindow::exportReportRequested, this, [this](const QString& folder) {
        auto written = exportReport(folder);
        if (!written)
            window_.showError(tr("Report not written"), written.error().message);
        else
            window_.showStatusMessage(tr("Report written: %1").arg(written.value().join(QStringLiteral(", "))));
    });
    onExamSelected(workstation_.examIndex()); // the panel says why it is off
}

ReadingController::~ReadingController()
{
    storeDrafts(); // whatever way the workstation ends, the last edits are kept
}

void ReadingController::onSessionRequested(const QString& login, const QString& displayName,
                                           core::ReadingMode mode, const QString& caseSet)
{
    auto unfinished = unfinishedSession(login);
    if (!unfinished) {
        window_.showError(tr("Reading session not started"), unfinished.error().message);
        return;
    }
    const std::optional<core::ReadingSession>& earlier = unfinished.value();
    if (earlier && (!session_ || session_->id != earlier->id)) {
        // Held while asking, so that no other workstation resumes or ends it meanwhile.
        QString holder;
        std::unique_ptr<QLockFile> earlierLock = lockSession(earlier->id, &holder);
        if (!earlierLock) {
            // Being read in another workstation: neither resumed nor ended from here.
            auto started = startSession(login, displayName, mode, caseSet);
            if (!started) {
                window_.showError(tr("Reading session not started"), started.error().message);
                return;
            }
            window_.showStatusMessage(
                tr("Your session of %1 is open in another MammoLens (%2) and is left to it; a "
                   "new session was started.")
                    .arg(earlier->startedAt.toLocalTime().toString(
                             QStringLiteral("yyyy-MM-dd HH:mm")),
                         holder),
                30000);
            return;
        }
        switch (window_.askResumeSession(unfinishedDescription(*earlier))) {
        case ui::MainWindow::ResumeChoice::Cancel:
            return;
        case ui::MainWindow::ResumeChoice::Resume:
            earlierLock.reset(); // resumeSession() takes it again, as its own
            if (auto resumed = resumeSession(earlier->id); !resumed)
                window_.showError(tr("Reading session not resumed"), resumed.error().message);
            return;
        case ui::MainWindow::ResumeChoice::StartNew:
            if (auto ended = store_.endSession(earlier->id); !ended) {
                window_.showError(tr("Reading session not started"), ended.error().message);
                return;
            }
            earlierLock.reset();
            endLeftoverSessions(earlier->readerId);
            break;
        }
    }
    auto started = startSession(login, displayName, mode, caseSet);
    if (!started)
        window_.showError(tr("Reading session not started"), started.error().message);
}

void ReadingController::endLeftoverSessions(qint64 readerId)
{
    // Older sessions never ended (MammoLens before schema 4 ended none when the window closed)
    // would otherwise be offered one by one at every start. Not one read elsewhere.
    for (;;) {
        auto next = store_.unfinishedSession(readerId);
        if (!next || !next.value())
            return;
        QString holder;
        const std::unique_ptr<QLockFile> lock = lockSession(next.value()->id, &holder);
        if (!lock || !store_.endSession(next.value()->id))
            return;
        core::log::get("reading")->info("unfinished reading session {} ended", next.value()->id);
    }
}

QString ReadingController::sessionLockPath(qint64 sessionId) const
{
    return store_.path() + QStringLiteral(".session-%1.lock").arg(sessionId);
}

std::unique_ptr<QLockFile> ReadingController::lockSession(qint64 sessionId, QString* holder) const
{
    auto lock = std::make_unique<QLockFile>(sessionLockPath(sessionId));
    // No age limit: a session is read for hours. A lock whose process is gone (a crash, a kill)
    // is stale and taken over; one held by a process on another computer never is.
    lock->setStaleLockTime(0);
    if (lock->tryLock(0))
        return lock;
    qint64 pid = 0;
    QString host, application;
    if (holder) {
        *holder = lock->getLockInfo(&pid, &host, &application)
                      ? tr("process %1 on %2").arg(pid).arg(host)
                      : tr("its lock file %1 cannot be taken").arg(sessionLockPath(sessionId));
    }
    return nullptr;
}

core::Outcome<std::optional<core::ReadingSession>>
ReadingController::unfinishedSession(const QString& login) const
{
    if (!store_.isOpen())
        return std::optional<core::ReadingSession>();
    auto known = store_.readerByLogin(login);
    if (!known)
        return known.error();
    if (!known.value())
        return std::optional<core::ReadingSession>();
    return store_.unfinishedSession(known.value()->id);
}

QString ReadingController::unfinishedDescription(const core::ReadingSession& session) const
{
    QString mode;
    switch (session.mode) {
    case core::ReadingMode::Clinical: mode = tr("clinical reading"); break;
    case core::ReadingMode::Blinded: mode = tr("blinded second reading"); break;
    case core::ReadingMode::Teaching: mode = tr("teaching, case set %1").arg(session.caseSet); break;
    }
    auto committed = store_.assessments(session.id);
    auto drafts = store_.drafts(session.id);
    return tr("Your reading session of %1 (%2) was not ended: %n exam(s) with uncommitted changes",
              "", drafts ? int(drafts.value().size()) : 0)
               .arg(session.startedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                    mode) +
           tr(", %n assessment(s) committed.", "", committed ? int(committed.value().size()) : 0) +
           QStringLiteral("\n\n") +
           tr("Resume it to go on where you left off, or end it and start the new session "
              "(its uncommitted changes are then lost).");
}

void ReadingController::takeSession(const core::Reader& reader,
                                    const core::ReadingSession& session)
{
    reader_ = reader;
    session_ = session;
    showDrafts();
    window_.setReadingSession(sessionDescription());
    applySessionToWorklist();
    onExamSelected(workstation_.examIndex()); // the exam on screen follows the session's mode
}

core::Outcome<core::ReadingSession> ReadingController::resumeSession(qint64 sessionId)
{
    if (!store_.isOpen())
        return core::Error{QStringLiteral("reading.not_open"),
                           tr("The reading store is not open: %1").arg(storeError_), {}};
    if (session_ && session_->id == sessionId)
        return *session_; // already the one read here
    auto found = store_.session(sessionId);
    if (!found)
        return found.error();
    if (!found.value())
        return core::Error{QStringLiteral("reading.not_found"),
                           tr("There is no reading session %1.").arg(sessionId), {}};
    auto reader = store_.reader(found.value()->readerId);
    if (!reader)
        return reader.error();
    auto drafts = store_.drafts(sessionId);
    if (!drafts)
        return drafts.error();
    QString holder;
    std::unique_ptr<QLockFile> lock = lockSession(sessionId, &holder);
    if (!lock)
        return core::Error{QStringLiteral("reading.in_use"),
                           tr("The session is open in another MammoLens (%1).").arg(holder), {}};
    if (session_ && session_->id != sessionId)
        endSession();
    auto resumed = store_.resumeSession(sessionId);
    if (!resumed)
        return resumed.error();
    sessionLock_ = std::move(lock);
    drafts_.clear();
    draftsToStore_.clear();
    for (core::Assessment& d : drafts.value())
        drafts_[d.examKey] = std::move(d);
    core::log::get("reading")->info("reading session {} resumed with {} draft(s)", sessionId,
                                    drafts_.size());
    takeSession(*reader.value(), resumed.value());
    window_.showStatusMessage(
        tr("Session resumed: %n exam(s) with uncommitted changes, back in the form when each "
           "exam is opened.",
           "", int(drafts_.size())));
    return resumed;
}

void ReadingController::suspendSession()
{
    if (!session_)
        return;
    const bool stored = storeDrafts();
    core::log::get("reading")->info("reading session {} left open with {} draft(s){}",
                                    session_->id, drafts_.size(),
                                    stored ? "" : " (the last changes could not be stored)");
}

void ReadingController::showDrafts()
{
    window_.setUnsavedAssessments(int(drafts_.size()));
    std::set<QString> keys;
    for (const auto& [key, draft] : drafts_)
        keys.insert(key);
    workstation_.setUncommittedExams(keys);
}

bool ReadingController::storeDrafts()
{
    draftTimer_.stop();
    if (!session_ || draftsToStore_.empty())
        return true;
    std::vector<core::Assessment> changed;
    QStringList discarded;
    for (const QString& key : draftsToStore_) {
        const auto draft = drafts_.find(key);
        if (draft != drafts_.end())
            changed.push_back(draft->second);
        else
            discarded << key;
    }
    auto saved = store_.saveDrafts(session_->id, changed, discarded);
    if (!saved) {
        // Kept in memory and tried again at the next edit; said once, not at every keystroke.
        core::log::get("reading")->error("drafts not stored: {}",
                                         saved.error().code.toStdString());
        if (!draftStoreFailed_)
            window_.showStatusMessage(
                tr("Uncommitted changes could not be kept in the reading store (%1); they are "
                   "kept in memory only.")
                    .arg(saved.error().message));
        draftStoreFailed_ = true;
        return false;
    }
    draftStoreFailed_ = false;
    draftsToStore_.clear();
    return true;
}

core::Outcome<core::ReadingSession> ReadingController::startSession(const QString& login,
                                                                    const QString& displayName,
                                                                    core::ReadingMode mode,
                                                                    const QString& caseSet)
{
    if (!store_.isOpen())
        return core::Error{QStringLiteral("reading.not_open"),
                           tr("The reading store is not open: %1").arg(storeError_), {}};
    auto known = store_.readerByLogin(login);
    if (!known)
        return known.error();
    core::Reader reader;
    if (known.value()) {
        reader = *known.value();
    } else {
        core::Reader fresh;
        fresh.login = login;
        fresh.displayName = displayName.isEmpty() ? login : displayName;
        auto added = store_.addReader(fresh, login);
        if (!added)
            return added.error();
        reader = added.value();
    }
    if (session_)
        endSession();
    auto started = store_.startSession(reader.id, mode, caseSet);
    if (!started)
        return started.error();
    QString holder;
    sessionLock_ = lockSession(started.value().id, &holder); // a new id: free unless tampered with
    if (!sessionLock_)
        core::log::get("reading")->warn("reading session {} not locked: {}", started.value().id,
                                        holder.toStdString());
    drafts_.clear();
    draftsToStore_.clear();
    core::log::get("reading")->info("reading session {} started ({})", started.value().id,
                                    core::toString(mode).toStdString());
    takeSession(reader, started.value());
    return started;
}

void ReadingController::endSession()
{
    if (!session_)
        return;
    draftTimer_.stop();
    // The store deletes the session's drafts with its end.
    if (auto ended = store_.endSession(session_->id); !ended)
        window_.showStatusMessage(tr("The session could not be closed in the store: %1")
                                      .arg(ended.error().message));
    session_.reset();
    reader_.reset();
    sessionLock_.reset(); // unlocking removes the lock file
    drafts_.clear(); // the window asked the reader before ending a session with any
    draftsToStore_.clear();
    showDrafts();
    window_.setReadingSession({});
    applySessionToWorklist();
    onExamSelected(workstation_.examIndex());
}

core::Outcome<QStringList> ReadingController::exportReport(const QString& folder)
{
    const int index = workstation_.examIndex();
    const QString key = workstation_.examKey(index);
    if (index < 0)
        return core::Error{QStringLiteral("export.no_exam"), tr("No exam is open."), {}};
    if (workstation_.resultsHidden())
        return core::Error{QStringLiteral("export.hidden"),
                           tr("The report shows the model's results, which are hidden until you "
                              "commit your assessment."),
                           {}};
    const std::optional<ExamAnalysis>& analysis = workstation_.shownAnalysis();
    if (!analysis)
        return core::Error{QStringLiteral("export.no_results"),
                           tr("The model has not finished this exam yet (or no model is loaded)."),
                           {}};
    // The reader's latest saved word on the exam in this session: post-AI over initial.
    std::optional<ExamReportWriter::ReaderAssessment> reader;
    if (session_ && reader_ && !key.isEmpty()) {
        for (core::AssessmentPhase phase :
             {core::AssessmentPhase::PostAi, core::AssessmentPhase::Initial}) {
            auto stored = store_.assessment(session_->id, key, phase);
            if (!stored)
                return stored.error();
            if (stored.value() && !reader) {
                reader = ExamReportWriter::ReaderAssessment{*stored.value(), reader_->displayName};
            }
        }
    }
    // One folder per exam, named by its key made safe for a file name (as the CLI's outputs).
    QString name = key.isEmpty() ? QStringLiteral("exam-%1").arg(index + 1) : key;
    name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]")), QStringLiteral("_"));
    const QString target = QDir(folder).filePath(name);
    if (!QDir().mkpath(target))
        return core::Error{QStringLiteral("export.write_failed"),
                           tr("Cannot create the folder %1.").arg(target), {}};
    const core::Exam* exam = workstation_.shownExam();
    if (!exam) // the analysis is of the exam on screen, so it is loaded whenever there is one
        return core::Error{QStringLiteral("export.no_exam"), tr("The exam is not loaded."), {}};
    return ExamReportWriter(*exam, *analysis, reader ? &*reader : nullptr,
                            QDateTime::currentDateTimeUtc())
        .write(target);
}

void ReadingController::showTeachingTruth()
{
    if (!session_ || session_->mode != core::ReadingMode::Teaching)
        return;
    ui::AssessmentPanel* panel = window_.assessmentPanel();
    auto set = store_.caseSet(session_->caseSet);
    const core::CaseTruth* truth = set && set.value() ? set.value()->find(examKey_) : nullptr;
    if (!truth) {
        panel->setTruth(tr("No ground truth: case set '%1' has no case %2.")
                            .arg(session_->caseSet, examKey_));
        return;
    }
    auto text = [](core::BreastTruth t) {
        switch (t) {
        case core::BreastTruth::Normal: return tr("normal");
        case core::BreastTruth::Benign: return tr("benign");
        case core::BreastTruth::Malignant: return tr("MALIGNANT");
        }
        return QString();
    };
    panel->setTruth(tr("Truth: right breast %1, left breast %2 (%n lesion(s) outlined).", "",
                       int(truth->lesions.size()))
                        .arg(text(truth->right), text(truth->left)));
    // Each lesion's box outlined on its view, as the lesion masks of teaching exams are.
    const core::Exam* shown = workstation_.shownExam();
    if (!shown)
        return; // still loading, or unreadable: there is no image to outline on
    const core::Exam& exam = *shown;
    std::map<core::StandardView, cv::Mat> masks;
    for (const core::CaseLesion& lesion : truth->lesions) {
        const auto view = core::standardView(
            lesion.breast, lesion.view == QLatin1String("CC") ? core::ViewPosition::CC
                                                              : core::ViewPosition::MLO);
        const auto image = view ? exam.views.find(*view) : exam.views.end();
        if (image == exam.views.end())
            continue;
        cv::Mat& mask = masks[*view];
        if (mask.empty())
            mask = cv::Mat::zeros(image->second.pixels.size(), CV_8UC1);
        const cv::Rect box = cv::Rect(lesion.x, lesion.y, lesion.width, lesion.height) &
                             cv::Rect(0, 0, mask.cols, mask.rows);
        mask(box).setTo(255);
    }
    for (const auto& [view, mask] : masks)
        window_.hangingView()->setGroundTruthMask(view, mask);
}

core::Outcome<QString> ReadingController::sessionStatistics() const
{
    if (!session_)
        return core::Error{QStringLiteral("reading.no_session"),
                           tr("Start a reading session first (Reading > Start Session)."), {}};
    auto ratio = [](const core::TeachingStatistics::Ratio& r) {
        const auto v = r.value();
        return v ? QStringLiteral("%1/%2 (%3%)").arg(r.numerator).arg(r.denominator).arg(*v * 100, 0, 'f', 0)
                 : tr("n/a");
    };
    auto row = [&](const QString& label, const core::TeachingStatistics& s) {
        return QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td><td>%5</td><td>%6</td></tr>")
            .arg(label.toHtmlEscaped())
            .arg(s.read)
            .arg(ratio(s.sensitivity), ratio(s.specificity),
                 s.auc ? QString::number(*s.auc, 'f', 3) : tr("n/a"), ratio(s.localisation));
    };
    const QString header =
        QStringLiteral("<table cellspacing=6><tr><th></th><th>%1</th><th>%2</th><th>%3</th><th>%4</th><th>%5</th></tr>")
            .arg(tr("Read"), tr("Sensitivity"), tr("Specificity"), tr("AUC"), tr("Localisation"));
    if (session_->mode == core::ReadingMode::Teaching) {
        auto entry = core::TeachingHistory::ofSession(store_, session_->id);
        if (!entry)
            return entry.error();
        if (!entry.value().initial)
            return core::Error{QStringLiteral("reading.not_found"), entry.value().problem, {}};
        QString html = tr("<p><b>This session</b> (case set %1)</p>").arg(session_->caseSet.toHtmlEscaped());
        html += header + row(tr("Before the truth"), *entry.value().initial);
        if (entry.value().postAi)
            html += row(tr("After the reveal"), *entry.value().postAi);
        html += QStringLiteral("</table>");
        auto history = core::TeachingHistory::ofReader(store_, reader_->login);
        if (!history)
            return history.error();
        html += tr("<p><b>History of %1</b></p>").arg(reader_->displayName.toHtmlEscaped()) + header;
        for (const core::TeachingHistory::Entry& e : history.value())
            if (e.initial)
                html += row(e.session.startedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")) +
                                QStringLiteral(" ") + e.session.caseSet,
                            *e.initial);
        return html + QStringLiteral("</table>");
    }
    // Clinical and blinded: what the reader did, and how often the model changed their mind.
    auto results = store_.sessionResults(session_->id);
    if (!results)
        return results.error();
    int initial = 0, revised = 0, changedRecall = 0, changedBirads = 0;
    std::map<QString, const core::Assessment*> initialOf;
    for (const core::Assessment& a : results.value().assessments)
        if (a.phase == core::AssessmentPhase::Initial) {
            ++initial;
            initialOf[a.examKey] = &a;
        }
    for (const core::Assessment& a : results.value().assessments) {
        if (a.phase != core::AssessmentPhase::PostAi)
            continue;
        ++revised;
        const auto it = initialOf.find(a.examKey);
        if (it == initialOf.end())
            continue;
        changedRecall += a.recall != it->second->recall;
        changedBirads += a.biradsLeft != it->second->biradsLeft || a.biradsRight != it->second->biradsRight;
    }
    return tr("<p>Exams assessed: %1<br>Model results revealed: %2<br>Revised after the reveal: %3"
              "<br>... with a changed recall decision: %4<br>... with a changed BI-RADS category: %5</p>")
        .arg(initial)
        .arg(results.value().reveals.size())
        .arg(revised)
        .arg(changedRecall)
        .arg(changedBirads);
}

void ReadingController::applySessionToWorklist()
{
    // Blinded and teaching sessions: no score in the worklist either, and no sorting by one,
    // which would tell the model's opinion as surely as the number.
    window_.worklistPanel()->model()->setScoresHidden(session_ && hidesModelFirst(session_->mode));
    for (int i = 0; i < workstation_.examCount(); ++i) {
        const QString key = workstation_.examKey(i);
        ui::WorklistStatus status = ui::WorklistStatus::New;
        if (session_ && !key.isEmpty()) {
            auto postAi = store_.assessment(session_->id, key, core::AssessmentPhase::PostAi);
            auto initial = store_.assessment(session_->id, key, core::AssessmentPhase::Initial);
            if (postAi && postAi.value())
                status = ui::WorklistStatus::Reviewed;
            else if (initial && initial.value())
                status = ui::WorklistStatus::Read;
        }
        workstation_.setReadStatus(key, status);
    }
}

int ReadingController::unsavedDrafts() const
{
    return int(drafts_.size());
}

QString ReadingController::sessionDescription() const
{
    if (!session_ || !reader_)
        return {};
    QString mode;
    switch (session_->mode) {
    case core::ReadingMode::Clinical: mode = tr("Clinical reading"); break;
    case core::ReadingMode::Blinded: mode = tr("Blinded second reading"); break;
    case core::ReadingMode::Teaching: mode = tr("Teaching"); break;
    }
    return tr("%1 - %2").arg(mode, reader_->displayName);
}

QString ReadingController::modelIdentity() const
{
    const QStringList labels = workstation_.models().labels;
    return labels.isEmpty() ? tr("no model loaded") : labels.join(QStringLiteral(", "));
}

void ReadingController::onEdited()
{
    ui::AssessmentPanel* panel = window_.assessmentPanel();
    if (examKey_.isEmpty() || !session_)
        return;
    if (panel->isDirty()) {
        core::Assessment draft = panel->assessment();
        draft.sessionId = session_->id;
        draft.examKey = examKey_;
        drafts_[examKey_] = draft;
    } else
        drafts_.erase(examKey_);
    showDrafts();
    draftsToStore_.insert(examKey_);
    if (!draftTimer_.isActive())
        draftTimer_.start();
}

void ReadingController::onExamShown(int index)
{
    if (index != workstation_.examIndex() || !session_ ||
        session_->mode != core::ReadingMode::Teaching || examKey_.isEmpty())
        return;
    auto reveal = store_.reveal(session_->id, examKey_);
    if (reveal && reveal.value().has_value())
        showTeachingTruth();
}

void ReadingController::onExamSelected(int index)
{
    ui::AssessmentPanel* panel = window_.assessmentPanel();
    examKey_ = workstation_.examKey(index);
    if (!session_ || !store_.isOpen()) {
        workstation_.setResultsHidden(false);
        if (!store_.isOpen())
            panel->setUnavailable(tr("The reading store cannot be opened, so no assessment can "
                                     "be recorded: %1")
                                      .arg(storeError_));
        else
            panel->setUnavailable(
                tr("Start a reading session (Reading > Start Session) to record assessments."));
        return;
    }
    const bool blinded = hidesModelFirst(session_->mode);
    if (examKey_.isEmpty()) {
        // Nothing to record against; in a blinded session nothing of the model shows either.
        workstation_.setResultsHidden(blinded, tr("Model results hidden (blinded reading)."));
        panel->setUnavailable(index < 0 ? tr("Open an exam to assess it.")
                                        : tr("This exam has no identifier to record it under."));
        return;
    }

    // The gate first: no result of this exam may reach the screen before the reader commits.
    auto reveal = store_.reveal(session_->id, examKey_);
    const bool revealed = reveal && reveal.value().has_value();
    if (blinded && !revealed)
        workstation_.setResultsHidden(
            true, session_->mode == core::ReadingMode::Teaching
                      ? tr("Teaching: the model's results and the truth are shown after you "
                           "commit your assessment.")
                      : tr("Blinded reading: the model's results are hidden until you commit "
                           "your initial assessment."));
    else
        workstation_.setResultsHidden(false);

    auto initial = store_.assessment(session_->id, examKey_, core::AssessmentPhase::Initial);
    auto postAi = store_.assessment(session_->id, examKey_, core::AssessmentPhase::PostAi);
    if (!initial || !postAi) {
        panel->setUnavailable(tr("The stored assessment cannot be read: %1")
                                  .arg((!initial ? initial.error() : postAi.error()).message));
        return;
    }
    const auto draft = drafts_.find(examKey_);
    core::Assessment fresh;
    fresh.sessionId = session_->id;
    fresh.examKey = examKey_;
    if (revealed) {
        // After the reveal only the post-AI assessment can change.
        std::optional<core::Assessment> saved = postAi.value();
        core::Assessment form = saved ? *saved
                                      : initial.value() ? asPostAi(*initial.value()) : fresh;
        form.phase = core::AssessmentPhase::PostAi;
        if (!saved && initial.value())
            saved = form; // unchanged from the initial one: nothing to save yet
        panel->edit(draft != drafts_.end() ? inPhase(draft->second, core::AssessmentPhase::PostAi)
                                           : form,
                    Stage::PostAi, saved);
        showTeachingTruth();
        return;
    }
    const Stage stage = !blinded ? Stage::Clinical
                        : session_->mode == core::ReadingMode::Teaching ? Stage::Teaching
                                                                        : Stage::Blinded;
    const std::optional<core::Assessment>& saved = initial.value();
    panel->edit(draft != drafts_.end() ? inPhase(draft->second, core::AssessmentPhase::Initial)
                : saved                ? *saved
                                       : fresh,
                stage, saved);
}

void ReadingController::onCommit(const core::Assessment& assessment)
{
    ui::AssessmentPanel* panel = window_.assessmentPanel();
    if (!session_ || examKey_.isEmpty())
        return;
    core::Assessment a = assessment;
    a.sessionId = session_->id;
    a.examKey = examKey_;
    auto saved = store_.saveAssessment(a);
    if (!saved) {
        // The form keeps what the reader entered; the draft too.
        panel->setSaveFailed(saved.error().message);
        core::log::get("reading")->error("assessment not saved: {}", saved.error().code.toStdString());
        return;
    }
    drafts_.erase(examKey_);
    draftsToStore_.erase(examKey_); // the store deleted the draft with the commit
    showDrafts();
    workstation_.setReadStatus(examKey_, saved.value().phase == core::AssessmentPhase::PostAi
                                             ? ui::WorklistStatus::Reviewed
                                             : ui::WorklistStatus::Read);
    Q_EMIT assessmentSaved(saved.value());
    const bool initialOfBlinded =
        hidesModelFirst(session_->mode) && saved.value().phase == core::AssessmentPhase::Initial;
    if (!initialOfBlinded) {
        panel->setSaved(saved.value(), panel->stage());
        return;
    }
    // The initial assessment is durable: now, and only now, the model's results may be seen.
    auto reveal = store_.recordReveal(session_->id, examKey_, modelIdentity());
    if (!reveal) {
        panel->setSaved(saved.value(), panel->stage());
        panel->setSaveFailed(tr("the assessment is saved, but the reveal could not be recorded, so "
                                "the model stays hidden: %1")
                                 .arg(reveal.error().message));
        return;
    }
    const core::Assessment form = asPostAi(saved.value());
    panel->edit(form, Stage::PostAi, form);
    workstation_.setResultsHidden(false);
    showTeachingTruth();
    window_.showStatusMessage(tr("Initial assessment committed; model results revealed."));
    Q_EMIT revealed(examKey_);
}

} // namespace mammolens::app
