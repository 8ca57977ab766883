#pragma once
// A reader (radiologist, trainee) known to the reading store (issue 8). Value type. Readers are
// staff, not patients: their login appears in the audit trail as the one who made a change.

#include <QDateTime>
#include <QString>

namespace mammolens::core {

struct Reader
{
    qint64 id = 0; ///< set by the store
    /// Unique, stable name used in the audit trail: 1-64 of A-Z, a-z, 0-9, '.', '_', '-', '@'.
    QString login;
    QString displayName; ///< as shown in the GUI ("Dr A. Example")
    QDateTime createdAt; ///< UTC, set by the store

    static bool isValidLogin(const QString& login);
};

} // namespace mammolens::core
