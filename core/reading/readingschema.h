#pragma once
// The reading store's schema as a list of migrations (issue 8). Version N of the schema is what
// migrations 1..N make; PRAGMA user_version says which the file has. A migration, once shipped,
// never changes: a change of schema is a new migration at the end of the list.

#include <QString>
#include <QStringList>
#include <vector>

namespace mammolens::core {

class ReadingSchema
{
public:
    struct Migration
    {
        int version;     ///< the user_version after it
        QString summary; ///< one line, recorded in the audit trail
        QStringList statements;
    };

    /// Migrations 1..kSchemaVersion in order.
    static const std::vector<Migration>& migrations();
};

} // namespace mammolens::core
