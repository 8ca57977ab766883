#pragma once
// The append-only, hash-chained audit trail of the reading store (issue 8). Every change the
// store makes is written here, in the same transaction as the change itself.
//
// Two defences, for two kinds of tampering:
// - Triggers make SQLite itself refuse UPDATE and DELETE on audit_log, so no code path and no
//   casual SQL client can rewrite history.
// - Someone with the file can drop the triggers. Each entry therefore carries the SHA-256 of its
//   own fields plus the previous entry's hash: editing or deleting an entry breaks the chain at
//   that entry, and verify() says where. Rewriting the whole chain from some entry on, or cutting
//   its tail, is not detectable from inside the file; comparing the head hash with a copy kept
//   elsewhere is (docs/reading-store.md).

#include "core/reading/auditentry.h"
#include "core/reading/auditverification.h"
#include "core/util/outcome.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <utility>
#include <vector>

namespace mammolens::core {

/// Works on an open Qt Sql connection (by name) that the caller owns; not thread-safe, like the
/// connection itself: use it on the connection's thread.
class AuditTrail
{
public:
    explicit AuditTrail(QString connectionName);

    /// The prev_hash of the first entry: 64 zeros.
    static QString genesisHash();
    /// The bytes that are hashed: a version tag, then seq, at, reader, action, entity,
    /// entity_key, field, old_value, new_value and prev_hash, each as "<UTF-8 byte count>:<bytes>"
    /// or "~" for a missing value, separated by '|'. The length prefixes make it unambiguous.
    static QByteArray canonical(const AuditEntry& entry);
    /// Lower-case hex SHA-256 of canonical().
    static QString computeHash(const AuditEntry& entry);
    /// The DDL of audit_log and its append-only triggers (schema version 1).
    static QStringList schemaStatements();

    /// One entry per (field, value) of a row just written: `action` ("create", "start",
    /// "import"...) by `reader` at `at` on `entity` `entityKey`, each with its new value and no
    /// old one.
    static std::vector<AuditEntry> newValues(
        const QString& at, const QString& reader, const QString& action, const QString& entity,
        const QString& entityKey, const std::vector<std::pair<QString, QString>>& fields);

    /// Appends the entries in order; they get the next seq numbers, the chain's hashes, and
    /// (when empty) the current UTC time. Call inside the caller's write transaction (BEGIN
    /// IMMEDIATE, so that no other writer can append between reading the head and writing).
    /// Errors: reading.sql.
    Outcome<std::vector<AuditEntry>> append(std::vector<AuditEntry> entries) const;

    /// Walks the whole chain from seq 1. Errors (the trail could not be read): reading.sql.
    Outcome<AuditVerification> verify() const;

    /// Entries with seq >= fromSeq, at most `limit` (all when negative), by seq.
    Outcome<std::vector<AuditEntry>> entries(qint64 fromSeq = 1, qint64 limit = -1) const;

private:
    QString connectionName_;
};

} // namespace mammolens::core
