#include "core/reading/draftstore.h"

#include "core/logging/log.h"
#include "core/reading/assessmentjson.h"
#include "core/reading/readingsql.h"

#include <QJsonDocument>

namespace mammolens::core {

using namespace readingsql;

DraftStore::DraftStore(QString connectionName) : connectionName_(std::move(connectionName)) {}

Outcome<bool> DraftStore::save(qint64 sessionId, const std::vector<Assessment>& changed,
                               const QStringList& discarded) const
{
    for (const Assessment& a : changed) {
        if (a.sessionId != sessionId)
            return makeError("reading.invalid",
                             QStringLiteral("A draft of session %1 saved with session %2.")
                                 .arg(a.sessionId)
                                 .arg(sessionId));
        if (const QString problem = a.validate(); !problem.isEmpty())
            return makeError("reading.invalid", QStringLiteral("Draft: %1.").arg(problem));
    }
    const QSqlDatabase db = QSqlDatabase::database(connectionName_, false);
    WriteTransaction tx(db);
    if (auto r = tx.begin(); !r)
        return r.error();
    Sql session = prepare(db, QStringLiteral("SELECT ended_at FROM sessions WHERE id = ?"),
                          {sessionId});
    if (auto r = session.run(QStringLiteral("looking up the session")); !r)
        return r.error();
    if (!session.query.next())
        return makeError("reading.not_found", QStringLiteral("No session %1.").arg(sessionId));
    if (!session.query.value(0).isNull())
        return makeError("reading.session_closed",
                         QStringLiteral("Session %1 has ended.").arg(sessionId));
    const QString at = nowText();
    for (const Assessment& a : changed) {
        const QString content = QString::fromUtf8(
            QJsonDocument(AssessmentJson::fromContent(a)).toJson(QJsonDocument::Compact));
        Sql upsert = prepare(db,
                             QStringLiteral("INSERT INTO drafts (session_id, exam_key, content, "
                                            "saved_at) VALUES (?, ?, ?, ?) ON CONFLICT "
                                            "(session_id, exam_key) DO UPDATE SET content = "
                                            "excluded.content, saved_at = excluded.saved_at"),
                             {sessionId, a.examKey, content, at});
        if (auto r = upsert.run(QStringLiteral("saving a draft")); !r)
            return r.error();
    }
    for (const QString& key : discarded) {
        if (key.isEmpty())
            continue; // an empty key would mean every draft of the session
        if (auto r = discardInTransaction(sessionId, key); !r)
            return r.error();
    }
    return tx.commit();
}

Outcome<std::vector<Assessment>> DraftStore::drafts(qint64 sessionId) const
{
    const QSqlDatabase db = QSqlDatabase::database(connectionName_, false);
    Sql s = prepare(db,
                    QStringLiteral("SELECT exam_key, content FROM drafts WHERE session_id = ? "
                                   "ORDER BY exam_key"),
                    {sessionId});
    if (auto r = s.run(QStringLiteral("reading drafts")); !r)
        return r.error();
    std::vector<Assessment> out;
    int row = 0;
    while (s.query.next()) {
        ++row;
        Assessment a;
        a.sessionId = sessionId;
        a.examKey = s.query.value(0).toString();
        const QJsonDocument doc = QJsonDocument::fromJson(s.query.value(1).toString().toUtf8());
        const QString problem = doc.isObject() ? AssessmentJson::toContent(doc.object(), a)
                                               : QStringLiteral("not a JSON object");
        if (!problem.isEmpty()) {
            // Exam keys may be Study Instance UIDs: identify the row by position only.
            log::get("core")->warn("reading store: draft {} of session {} left out: {}", row,
                                   sessionId, problem.toStdString());
            continue;
        }
        out.push_back(std::move(a));
    }
    return out;
}

Outcome<bool> DraftStore::discardInTransaction(qint64 sessionId, const QString& examKey) const
{
    const QSqlDatabase db = QSqlDatabase::database(connectionName_, false);
    Sql remove = examKey.isEmpty()
                     ? prepare(db, QStringLiteral("DELETE FROM drafts WHERE session_id = ?"),
                               {sessionId})
                     : prepare(db,
                               QStringLiteral("DELETE FROM drafts WHERE session_id = ? AND "
                                              "exam_key = ?"),
                               {sessionId, examKey});
    return remove.run(QStringLiteral("discarding drafts"));
}

} // namespace mammolens::core
