#pragma once
// One entry of the reading store's audit trail (issue 8): who changed what, when, from which
// value to which. Value type.

#include <QString>
#include <optional>

namespace mammolens::core {

struct AuditEntry
{
    qint64 seq = 0;    ///< 1, 2, 3...: set by AuditTrail::append
    QString at;        ///< UTC, ISO 8601 with milliseconds ("2024-05-01T09:30:00.123Z")
    QString reader;    ///< the reader's login, or "system"
    QString action;    ///< "create", "update", "start", "end", "reveal", "migrate"
    QString entity;    ///< "reader", "session", "assessment", "reveal", "schema"
    QString entityKey; ///< which one: "<session>/<exam key>/<phase>" for an assessment
    QString field;     ///< the changed field ("birads_left", "findings"...)
    std::optional<QString> oldValue; ///< none: the field had no value (a creation)
    std::optional<QString> newValue; ///< none: the field has no value now
    QString prevHash;                ///< the previous entry's hash (64 zeros for the first)
    QString hash;                    ///< SHA-256 (hex) of canonical(): set by AuditTrail::append
};

} // namespace mammolens::core
