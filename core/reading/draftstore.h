#pragma once
// The reader's uncommitted edits (schema version 4): per session and exam the assessment form as
// the reader left it, so that a crash, a kill or a power cut of the workstation costs at most the
// last second of typing, and the session can be resumed with them. A draft is working state, not
// the reader's word: it is replaced at every save and not audited (the audit trail records what
// the reader committed), and it goes when the exam's assessment is committed or the session
// ends. ReadingStore owns the connection and checks that it is open and writable; this class
// holds the SQL.

#include "core/reading/assessment.h"
#include "core/util/outcome.h"

#include <QString>
#include <QStringList>
#include <vector>

namespace mammolens::core {

/// Works on an open Qt Sql connection (by name) that the caller owns; use it on the connection's
/// thread.
class DraftStore
{
public:
    explicit DraftStore(QString connectionName);

    /// In one write transaction: replaces the draft of each of `changed` (all of `sessionId`)
    /// and deletes the drafts of the exam keys in `discarded`. Errors: reading.invalid (a draft
    /// of another session, or one Assessment::validate refuses), reading.not_found,
    /// reading.session_closed, reading.sql, reading.busy.
    Outcome<bool> save(qint64 sessionId, const std::vector<Assessment>& changed,
                       const QStringList& discarded) const;
    /// The session's drafts by exam key, each with sessionId, examKey and the reader's content.
    /// A draft that cannot be read (written by hand, say) is left out and logged by its exam's
    /// position only.
    Outcome<std::vector<Assessment>> drafts(qint64 sessionId) const;
    /// Deletes the draft of one exam (all the session's when `examKey` is empty), inside the
    /// caller's open transaction: a commit or the end of a session takes its drafts with it.
    Outcome<bool> discardInTransaction(qint64 sessionId, const QString& examKey = {}) const;

private:
    QString connectionName_;
};

} // namespace mammolens::core
