#pragma once
// The reading workflow of the workstation (issue 8): a reader's session in the reading store
// (core/reading), the assessment panel of the exam on screen, and the blinded and teaching
// modes, in which the model's results stay hidden until the reader commits an initial
// assessment. The commit, the reveal and every later change go to the store (audited there);
// a change after the reveal is the separate post-AI assessment.

#include "core/reading/readingstore.h"

#include <QLockFile>
#include <QObject>
#include <QString>
#include <QTimer>
#include <map>
#include <memory>
#include <optional>
#include <set>

namespace mammolens::ui {
class MainWindow;
}

namespace mammolens::app {

class WorkstationController;

/// GUI thread only (the store's connection belongs to the thread that opened it).
class ReadingController : public QObject
{
    Q_OBJECT
public:
    /// Opens (creating or migrating) the store at `storePath`. A store that cannot be opened
    /// leaves the workstation usable for viewing; the assessment panel says why it is off.
    ReadingController(ui::MainWindow& window, WorkstationController& workstation,
                      const QString& storePath = core::ReadingStore::defaultPath(),
                      QObject* parent = nullptr);
    ~ReadingController() override;

    /// Starts a session for the reader `login` (added to the store on first use) and applies
    /// its mode to the exam on screen. An open session is ended first.
    core::Outcome<core::ReadingSession> startSession(const QString& login,
                                                     const QString& displayName,
                                                     core::ReadingMode mode,
                                                     const QString& caseSet = {});
    /// Ends the session in the store; its uncommitted changes are discarded (the window asked).
    void endSession();
    /// The reader's latest session that was never ended (the workstation was closed keeping its
    /// changes, or killed, or crashed), or none.
    core::Outcome<std::optional<core::ReadingSession>> unfinishedSession(const QString& login) const;
    /// Goes on with an unfinished session: its mode, its reveals and its uncommitted changes,
    /// which come back as each exam is opened again. An open session is ended first.
    core::Outcome<core::ReadingSession> resumeSession(qint64 sessionId);
    /// Stores every uncommitted change and leaves the session open to be resumed: closing with
    /// "Keep for Later", or a SIGTERM.
    void suspendSession();
    const std::optional<core::ReadingSession>& session() const { return session_; }
    const core::ReadingStore& store() const { return store_; }
    /// Exams with edits that are not committed (drafts kept while stepping through exams).
    int unsavedDrafts() const;
    /// How long after an edit its draft is in the store at the latest (a crash loses no more).
    static constexpr int kDraftStoreDelayMs = 1000;

    /// File > Export Report: the exam on screen as report.pdf and report.png (docs/exports.md)
    /// in `folder`/<exam key>/, with the model's results and the reader's latest saved
    /// assessment of this session. Refused while the model is hidden from the reader (blinded
    /// or teaching, before the commit) and before the model's results are complete.
    /// Returns the files written. Errors: export.*, reading.*.
    core::Outcome<QStringList> exportReport(const QString& folder);

    /// Reading > Session Statistics, as rich text. Teaching: the reader's sensitivity,
    /// specificity, AUC and localisation on the case set (docs/teaching.md), before and after
    /// the reveal, and their history across sessions. Blinded: how many assessments the reader
    /// changed after seeing the model. Errors: reading.no_session and the store's.
    core::Outcome<QString> sessionStatistics() const;

Q_SIGNALS:
    /// The store acknowledged an assessment (its COMMIT is on disk).
    void assessmentSaved(const mammolens::core::Assessment& assessment);
    /// The model's results of `examKey` were revealed after its initial assessment.
    void revealed(const QString& examKey);

private:
    /// The form (and the blinded gate) follow the exam the reader chose, before its pixels.
    void onExamSelected(int index);
    /// Its images are on screen: a revealed teaching case's lesions can be outlined now.
    void onExamShown(int index);
    void onCommit(const core::Assessment& assessment);
    void onEdited();
    /// The worklist's statuses (Read, Reviewed) and score visibility for the session.
    void applySessionToWorklist();
    QString modelIdentity() const;
    /// Teaching, once revealed: the case's truth in the panel and its lesions on the views.
    void showTeachingTruth();
    QString sessionDescription() const;
    /// What the reader is asked before resuming `session`.
    QString unfinishedDescription(const core::ReadingSession& session) const;
    /// Reading > Start Session: offers to resume an unfinished session of the login first.
    void onSessionRequested(const QString& login, const QString& displayName,
                            core::ReadingMode mode, const QString& caseSet);
    /// Writes the drafts changed since the last write (kDraftStoreDelayMs after an edit).
    bool storeDrafts();
    /// The window's count (the close question) and the worklist's marks follow drafts_.
    void showDrafts();
    void takeSession(const core::Reader& reader, const core::ReadingSession& session);
    /// Takes the session's lock file beside the store: a session is read in one workstation
    /// at a time, so that another one (the same reader's second window or computer) is never
    /// offered to resume it, or to end it, under the one reading it. Returns none and says who
    /// holds it in `holder`; a lock left by a process that is gone is taken over.
    std::unique_ptr<QLockFile> lockSession(qint64 sessionId, QString* holder) const;
    QString sessionLockPath(qint64 sessionId) const;
    /// "End It and Start New": the reader's other unfinished sessions end too, unless read in
    /// another workstation.
    void endLeftoverSessions(qint64 readerId);

    ui::MainWindow& window_;
    WorkstationController& workstation_;
    core::ReadingStore store_;
    QString storeError_; ///< why the store is not open, for the panel
    std::optional<core::Reader> reader_;
    std::optional<core::ReadingSession> session_;
    QString examKey_; ///< the exam in the panel
    /// Unsaved edits per exam key, so that stepping to another exam and back loses nothing.
    std::map<QString, core::Assessment> drafts_;
    /// Exam keys whose draft changed (or went) since it was last stored.
    std::set<QString> draftsToStore_;
    QTimer draftTimer_;
    bool draftStoreFailed_ = false; ///< said once in the status bar until a write works again
    std::unique_ptr<QLockFile> sessionLock_; ///< held while session_ is open here
};

} // namespace mammolens::app
