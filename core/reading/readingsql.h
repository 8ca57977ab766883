#pragma once
// The small Qt Sql helpers the reading store's classes share (ReadingStore, CaseSetStore): one
// connection, prepared queries, errors as values, and the BEGIN IMMEDIATE write transaction.
// Internal to core/reading: nothing outside it includes this header.

#include "core/util/outcome.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QVariant>
#include <QVariantList>
#include <optional>
#include <utility>
#include <vector>

namespace mammolens::core::readingsql {

Error makeError(const char* code, const QString& message, const QString& source = {});
/// reading.busy for SQLITE_BUSY / SQLITE_LOCKED, reading.sql otherwise.
Error sqlError(const QString& what, const QSqlError& error);

/// Now, UTC, ISO 8601 with milliseconds: how every time is stored (sorts as text).
QString nowText();
QDateTime parseTime(const QVariant& value);

QVariant nullInt();
QVariant nullText();
/// Qt binds a null QString as SQL NULL; text columns are NOT NULL, so bind "" instead.
QVariant text(const QString& value);
QVariant toVariant(const std::optional<int>& v);
std::optional<int> optionalInt(const QVariant& v);

/// A query prepared on the connection with its values bound in order.
struct Sql
{
    QSqlQuery query;
    Outcome<bool> run(const QString& what);
};

Sql prepare(const QSqlDatabase& db, const QString& text, const QVariantList& binds = {});
Outcome<bool> exec(const QSqlDatabase& db, const QString& text, const QString& what);

/// Every row of a query, each made into a value by `read(const QSqlQuery&)`.
template <typename Read>
auto allRows(const QSqlDatabase& db, const QString& text, const QString& what,
             const QVariantList& binds, Read read)
    -> Outcome<std::vector<decltype(read(std::declval<const QSqlQuery&>()))>>
{
    Sql s = prepare(db, text, binds);
    if (auto r = s.run(what); !r)
        return r.error();
    std::vector<decltype(read(std::declval<const QSqlQuery&>()))> out;
    while (s.query.next())
        out.push_back(read(s.query));
    return out;
}

/// The first row of a query made into a value by `read`, or nothing when there is no row.
template <typename Read>
auto firstRow(const QSqlDatabase& db, const QString& text, const QString& what,
              const QVariantList& binds, Read read)
    -> Outcome<std::optional<decltype(read(std::declval<const QSqlQuery&>()))>>
{
    using Value = decltype(read(std::declval<const QSqlQuery&>()));
    Sql s = prepare(db, text, binds);
    if (auto r = s.run(what); !r)
        return r.error();
    if (!s.query.next())
        return std::optional<Value>();
    return std::optional<Value>(read(s.query));
}
/// The single value of a one-row query, or an invalid QVariant when there is no row.
Outcome<QVariant> scalar(const QSqlDatabase& db, const QString& text, const QString& what,
                         const QVariantList& binds = {});

/// One write transaction. BEGIN IMMEDIATE takes the write lock at once, so that reading the
/// audit chain's head and appending to it cannot interleave with another writer; the
/// destructor rolls back whatever was not committed.
class WriteTransaction
{
public:
    explicit WriteTransaction(QSqlDatabase db) : db_(std::move(db)) {}
    ~WriteTransaction();
    WriteTransaction(const WriteTransaction&) = delete;
    WriteTransaction& operator=(const WriteTransaction&) = delete;

    Outcome<bool> begin();
    /// Returns once SQLite has committed, i.e. (synchronous=FULL) once the WAL is on the disk.
    Outcome<bool> commit();

private:
    QSqlDatabase db_;
    bool active_ = false;
};

} // namespace mammolens::core::readingsql
