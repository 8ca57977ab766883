#pragma once
// The durable reading store (issue 8): readers, reading sessions, per exam the reader's
// assessment, the reveals of blinded second reading, and the audit trail of every change, in one
// SQLite database through Qt Sql. docs/reading-store.md has the schema and the reasons.

#include "core/reading/assessment.h"
#include "core/reading/auditentry.h"
#include "core/reading/auditverification.h"
#include "core/reading/caseset.h"
#include "core/reading/reader.h"
#include "core/reading/readingsession.h"
#include "core/reading/reveal.h"
#include "core/reading/sessionresults.h"
#include "core/util/outcome.h"

#include <QString>
#include <QStringList>
#include <QVariantList>
#include <optional>
#include <vector>

namespace mammolens::core {

/// Every write is one transaction holding the change and its audit entries, and a write returns
/// only after its COMMIT reached the disk: a returned value is the acknowledgement. Nothing
/// throws; every method returns an error value (codes below, all "reading.*").
///
/// Threads and processes: a store owns one Qt Sql connection (a unique name per instance), so
/// use each store on the thread that opened it. Several stores, in one process or several, may
/// open the same file: writers take the write lock up front (BEGIN IMMEDIATE) and wait up to
/// busyTimeoutMs for each other; readers never wait (WAL).
///
/// Errors: reading.not_open, reading.open_failed, reading.not_a_reading_store,
/// reading.schema_too_new, reading.migration_failed, reading.sql, reading.busy,
/// reading.invalid, reading.not_found, reading.duplicate, reading.session_closed,
/// reading.revealed, reading.not_revealed, reading.not_assessed.
///
/// Teaching case sets (schema version 3) are in CaseSetStore and drafts (4) in DraftStore, which
/// work on this store's connection; importCaseSet(), caseSets(), caseSet(), saveDrafts() and
/// drafts() are the way in.
class ReadingStore
{
public:
    enum class OpenMode
    {
        ReadWrite, ///< creates the file if needed and migrates an older schema
        ReadOnly,  ///< the file must exist; never written (no migration either)
    };

    /// The schema this build writes (PRAGMA user_version).
    static constexpr int kSchemaVersion = 4;
    /// PRAGMA application_id of a reading store: "MLRD".
    static constexpr int kApplicationId = 0x4D4C5244;
    static constexpr int busyTimeoutMs = 5000;

    explicit ReadingStore(QString path);
    ~ReadingStore();
    ReadingStore(const ReadingStore&) = delete;
    ReadingStore& operator=(const ReadingStore&) = delete;

    /// <QStandardPaths::AppDataLocation>/readings.sqlite: the workstation's and the CLI's store.
    static QString defaultPath();

    /// Opens the database and, read-write, brings its schema to kSchemaVersion (every migration
    /// in one transaction, audited). Refuses a newer schema than this build knows. Returns the
    /// schema version found before migrating. Errors: reading.open_failed,
    /// reading.not_a_reading_store, reading.schema_too_new, reading.migration_failed.
    Outcome<int> open(OpenMode mode = OpenMode::ReadWrite);
    bool isOpen() const { return open_; }
    QString path() const { return path_; }
    /// The schema version of the open database (kSchemaVersion once opened read-write).
    int schemaVersion() const { return schemaVersion_; }
    QString connectionName() const { return connectionName_; }

    // Readers. `actor` is the login recorded in the audit trail as the one who added the reader.
    /// Errors: reading.invalid (login or name), reading.duplicate (login taken).
    Outcome<Reader> addReader(const Reader& reader,
                              const QString& actor = QStringLiteral("system"));
    Outcome<std::vector<Reader>> readers() const; ///< by id
    Outcome<std::optional<Reader>> reader(qint64 id) const;
    Outcome<std::optional<Reader>> readerByLogin(const QString& login) const;

    // Sessions. The session's reader is the one who acts in it.
    /// Errors: reading.not_found (no such reader).
    Outcome<ReadingSession> startSession(qint64 readerId, ReadingMode mode,
                                         const QString& caseSet = {});
    /// Ends an open session (an ended one is returned as it is) and deletes its drafts.
    /// Errors: reading.not_found.
    Outcome<ReadingSession> endSession(qint64 sessionId);
    /// The reader's latest session that was never ended (the workstation was closed keeping its
    /// drafts, killed or crashed), or none. A session is resumed, not restarted: its reveals
    /// and drafts stay its own.
    Outcome<std::optional<ReadingSession>> unfinishedSession(qint64 readerId) const;
    /// Records (audited, action "resume") that the session's reader goes on with an open
    /// session. Errors: reading.not_found, reading.session_closed.
    Outcome<ReadingSession> resumeSession(qint64 sessionId);
    Outcome<std::vector<ReadingSession>> sessions() const; ///< by id
    Outcome<std::optional<ReadingSession>> session(qint64 id) const;

    // Assessments.
    /// Inserts the assessment of (session, exam key, phase), or updates the one there; writes an
    /// audit entry per field it sets or changes (old and new value). Saving content equal to
    /// what is stored changes nothing and returns the stored assessment. Returns only after the
    /// COMMIT: the acknowledgement. Phase rules, whatever the mode: once the exam's model results
    /// were revealed (recordReveal) the Initial assessment is frozen and changes go to the
    /// PostAi one, which cannot exist before the reveal.
    /// Errors: reading.invalid, reading.not_found (session), reading.session_closed,
    /// reading.revealed (Initial after the reveal), reading.not_revealed (PostAi before it).
    Outcome<Assessment> saveAssessment(const Assessment& assessment);
    Outcome<std::optional<Assessment>> assessment(qint64 sessionId, const QString& examKey,
                                                  AssessmentPhase phase) const;
    /// A session's assessments, by exam key then phase.
    Outcome<std::vector<Assessment>> assessments(qint64 sessionId) const;
    /// Every assessment of one exam, in every session (double reading, history), by id.
    Outcome<std::vector<Assessment>> assessmentsOfExam(const QString& examKey) const;

    // Drafts: the reader's uncommitted edits (DraftStore; not audited). Committing an exam's
    // assessment deletes its draft in the same transaction.
    /// Replaces the drafts in `changed` and deletes those of the exam keys in `discarded`, in
    /// one transaction. Errors: reading.invalid, reading.not_found, reading.session_closed.
    Outcome<bool> saveDrafts(qint64 sessionId, const std::vector<Assessment>& changed,
                             const QStringList& discarded = {});
    Outcome<std::vector<Assessment>> drafts(qint64 sessionId) const; ///< by exam key

    // Blinded second reading.
    /// Records that the model's results of `model` were shown for the exam. In a blinded
    /// session the Initial assessment must be committed first. A second call returns the first
    /// reveal unchanged. Errors: reading.not_found, reading.session_closed,
    /// reading.not_assessed, reading.invalid.
    Outcome<Reveal> recordReveal(qint64 sessionId, const QString& examKey, const QString& model);
    Outcome<std::optional<Reveal>> reveal(qint64 sessionId, const QString& examKey) const;

    /// The session, its reader, its assessments and its reveals. Errors: reading.not_found.
    Outcome<SessionResults> sessionResults(qint64 sessionId) const;

    // Teaching case sets (read from a file by CaseSetFile, which turns masks into boxes).
    /// Stores the set, its cases and their lesions with the audit entries of the import
    /// (action "import", entity "case_set"); returns it with id and importedAt set. A case set is
    /// never changed or replaced once imported. Errors: reading.invalid (CaseSet::validate),
    /// reading.duplicate (the name is taken).
    Outcome<CaseSet> importCaseSet(const CaseSet& set,
                                   const QString& actor = QStringLiteral("system"));
    Outcome<std::vector<CaseSet>> caseSets() const; ///< by name, each with its cases
    /// The case set a teaching session names (ReadingSession::caseSet), or none.
    Outcome<std::optional<CaseSet>> caseSet(const QString& name) const;

    // Audit trail and health.
    Outcome<AuditVerification> verifyAudit() const;
    Outcome<std::vector<AuditEntry>> auditEntries(qint64 fromSeq = 1, qint64 limit = -1) const;
    /// PRAGMA integrity_check: "ok", or SQLite's list of problems.
    Outcome<QString> integrityCheck() const;

private:
    Outcome<bool> configure(OpenMode mode);
    Outcome<int> migrate();
    Outcome<std::vector<Assessment>> loadAssessments(const QString& where,
                                                     const QVariantList& binds) const;
    Error notOpen() const;
    /// The session, or reading.not_found.
    Outcome<ReadingSession> existingSession(qint64 sessionId) const;
    /// The audit entry of a session's end or resume (`field` set to `at`), by its reader.
    Outcome<bool> auditSession(const ReadingSession& s, const QString& action,
                               const QString& field, const QString& at);
    std::optional<Error> cannotWrite() const;

    QString path_;
    QString connectionName_;
    bool open_ = false;
    bool readOnly_ = false;
    int schemaVersion_ = 0;
    int foundVersion_ = 0;
};

} // namespace mammolens::core
