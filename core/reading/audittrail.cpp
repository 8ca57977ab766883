#include "core/reading/audittrail.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace mammolens::core {

namespace {

Error sqlError(const QString& what, const QSqlError& error)
{
    return Error{QStringLiteral("reading.sql"), what + QStringLiteral(": ") + error.text(), {}};
}

void addField(QByteArray& out, const std::optional<QString>& value)
{
    out += '|';
    if (!value) {
        out += '~';
        return;
    }
    const QByteArray utf8 = value->toUtf8();
    out += QByteArray::number(utf8.size());
    out += ':';
    out += utf8;
}

/// Qt binds a null QString as SQL NULL; a present value, even empty, must stay a value (the hash
/// tells "" from NULL).
QVariant text(const QString& value)
{
    return value.isNull() ? QVariant(QStringLiteral("")) : QVariant(value);
}

QVariant nullable(const std::optional<QString>& value)
{
    return value ? text(*value) : QVariant(QMetaType(QMetaType::QString));
}

std::optional<QString> optionalText(const QVariant& value)
{
    if (value.isNull())
        return std::nullopt;
    return value.toString();
}

const char* const kSelect = "SELECT seq, at, reader, action, entity, entity_key, field, "
                            "old_value, new_value, prev_hash, hash FROM audit_log ";

AuditEntry readEntry(const QSqlQuery& q)
{
    AuditEntry e;
    e.seq = q.value(0).toLongLong();
    e.at = q.value(1).toString();
    e.reader = q.value(2).toString();
    e.action = q.value(3).toString();
    e.entity = q.value(4).toString();
    e.entityKey = q.value(5).toString();
    e.field = q.value(6).toString();
    e.oldValue = optionalText(q.value(7));
    e.newValue = optionalText(q.value(8));
    e.prevHash = q.value(9).toString();
    e.hash = q.value(10).toString();
    return e;
}

} // namespace

AuditTrail::AuditTrail(QString connectionName) : connectionName_(std::move(connectionName)) {}

QString AuditTrail::genesisHash()
{
    return QString(64, QLatin1Char('0'));
}

QByteArray AuditTrail::canonical(const AuditEntry& e)
{
    QByteArray out("mammolens-audit-v1");
    addField(out, QString::number(e.seq));
    addField(out, e.at);
    addField(out, e.reader);
    addField(out, e.action);
    addField(out, e.entity);
    addField(out, e.entityKey);
    addField(out, e.field);
    addField(out, e.oldValue);
    addField(out, e.newValue);
    addField(out, e.prevHash);
    return out;
}

QString AuditTrail::computeHash(const AuditEntry& entry)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(canonical(entry), QCryptographicHash::Sha256).toHex());
}

std::vector<AuditEntry> AuditTrail::newValues(
    const QString& at, const QString& reader, const QString& action, const QString& entity,
    const QString& entityKey, const std::vector<std::pair<QString, QString>>& fields)
{
    std::vector<AuditEntry> entries;
    for (const auto& [field, value] : fields) {
        AuditEntry e;
        e.at = at;
        e.reader = reader;
        e.action = action;
        e.entity = entity;
        e.entityKey = entityKey;
        e.field = field;
        e.newValue = value;
        entries.push_back(e);
    }
    return entries;
}

QStringList AuditTrail::schemaStatements()
{
    return {
        QStringLiteral("CREATE TABLE audit_log ("
                       " seq INTEGER PRIMARY KEY,"
                       " at TEXT NOT NULL,"
                       " reader TEXT NOT NULL,"
                       " action TEXT NOT NULL,"
                       " entity TEXT NOT NULL,"
                       " entity_key TEXT NOT NULL,"
                       " field TEXT NOT NULL,"
                       " old_value TEXT,"
                       " new_value TEXT,"
                       " prev_hash TEXT NOT NULL,"
                       " hash TEXT NOT NULL)"),
        QStringLiteral("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
                       "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"),
        QStringLiteral("CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
                       "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"),
    };
}

Outcome<std::vector<AuditEntry>> AuditTrail::append(std::vector<AuditEntry> entries) const
{
    const QSqlDatabase db = QSqlDatabase::database(connectionName_, false);
    QSqlQuery head(db);
    if (!head.exec(QStringLiteral("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")))
        return sqlError(QStringLiteral("reading the audit trail's head"), head.lastError());
    qint64 seq = 0;
    QString prevHash = genesisHash();
    if (head.next()) {
        seq = head.value(0).toLongLong();
        prevHash = head.value(1).toString();
    }
    head.finish();

    const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    QSqlQuery insert(db);
    if (!insert.prepare(QStringLiteral(
            "INSERT INTO audit_log (seq, at, reader, action, entity, entity_key, field, "
            "old_value, new_value, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")))
        return sqlError(QStringLiteral("preparing the audit entry"), insert.lastError());
    for (AuditEntry& e : entries) {
        e.seq = ++seq;
        if (e.at.isEmpty())
            e.at = now;
        e.prevHash = prevHash;
        e.hash = computeHash(e);
        prevHash = e.hash;
        insert.addBindValue(e.seq);
        insert.addBindValue(text(e.at));
        insert.addBindValue(text(e.reader));
        insert.addBindValue(text(e.action));
        insert.addBindValue(text(e.entity));
        insert.addBindValue(text(e.entityKey));
        insert.addBindValue(text(e.field));
        insert.addBindValue(nullable(e.oldValue));
        insert.addBindValue(nullable(e.newValue));
        insert.addBindValue(text(e.prevHash));
        insert.addBindValue(text(e.hash));
        if (!insert.exec())
            return sqlError(QStringLiteral("writing audit entry %1").arg(e.seq),
                            insert.lastError());
    }
    return entries;
}

Outcome<AuditVerification> AuditTrail::verify() const
{
    const QSqlDatabase db = QSqlDatabase::database(connectionName_, false);
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(QString::fromLatin1(kSelect) + QStringLiteral("ORDER BY seq")))
        return sqlError(QStringLiteral("reading the audit trail"), q.lastError());
    AuditVerification result;
    result.headHash = genesisHash();
    while (q.next()) {
        const AuditEntry e = readEntry(q);
        const qint64 expected = result.headSeq + 1;
        if (e.seq != expected) {
            result.problem = AuditVerification::Problem::SeqGap;
            result.brokenSeq = expected;
            result.detail =
                e.seq - expected == 1
                    ? QStringLiteral("entry %1 is missing (the next is %2)")
                          .arg(expected)
                          .arg(e.seq)
                    : QStringLiteral("entries %1 to %2 are missing").arg(expected).arg(e.seq - 1);
            return result;
        }
        if (e.prevHash != result.headHash) {
            result.problem = AuditVerification::Problem::PrevHashMismatch;
            result.brokenSeq = e.seq;
            result.detail = QStringLiteral("entry %1 does not point at entry %2's hash")
                                .arg(e.seq)
                                .arg(result.headSeq);
            return result;
        }
        if (computeHash(e) != e.hash) {
            result.problem = AuditVerification::Problem::HashMismatch;
            result.brokenSeq = e.seq;
            result.detail = QStringLiteral("entry %1 (%2 %3 %4) was changed after it was "
                                           "written: its content does not give its hash")
                                .arg(e.seq)
                                .arg(e.action, e.entity, e.field);
            return result;
        }
        result.headSeq = e.seq;
        result.headHash = e.hash;
        ++result.checked;
    }
    return result;
}

Outcome<std::vector<AuditEntry>> AuditTrail::entries(qint64 fromSeq, qint64 limit) const
{
    const QSqlDatabase db = QSqlDatabase::database(connectionName_, false);
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(QString::fromLatin1(kSelect) + QStringLiteral("WHERE seq >= ? ORDER BY seq LIMIT ?"));
    q.addBindValue(fromSeq);
    q.addBindValue(limit < 0 ? qint64(-1) : limit);
    if (!q.exec())
        return sqlError(QStringLiteral("reading the audit trail"), q.lastError());
    std::vector<AuditEntry> out;
    while (q.next())
        out.push_back(readEntry(q));
    return out;
}

} // namespace mammolens::core
