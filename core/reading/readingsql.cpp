#include "core/reading/readingsql.h"

namespace mammolens::core::readingsql {

Error makeError(const char* code, const QString& message, const QString& source)
{
    return Error{QString::fromLatin1(code), message, source};
}

Error sqlError(const QString& what, const QSqlError& error)
{
    // SQLITE_BUSY (5) and SQLITE_LOCKED (6): another writer held the lock past busy_timeout.
    const QString native = error.nativeErrorCode();
    if (native == QLatin1String("5") || native == QLatin1String("6"))
        return makeError("reading.busy",
                         what + QStringLiteral(": the database is busy (another writer)"));
    return makeError("reading.sql", what + QStringLiteral(": ") + error.text());
}

QString nowText()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

QDateTime parseTime(const QVariant& value)
{
    if (value.isNull())
        return {};
    return QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
}

QVariant nullInt()
{
    return QVariant(QMetaType(QMetaType::Int));
}

QVariant nullText()
{
    return QVariant(QMetaType(QMetaType::QString));
}

QVariant text(const QString& value)
{
    return value.isNull() ? QVariant(QStringLiteral("")) : QVariant(value);
}

QVariant toVariant(const std::optional<int>& v)
{
    return v ? QVariant(*v) : nullInt();
}

std::optional<int> optionalInt(const QVariant& v)
{
    if (v.isNull())
        return std::nullopt;
    return v.toInt();
}

Outcome<bool> Sql::run(const QString& what)
{
    if (!query.exec())
        return sqlError(what, query.lastError());
    return true;
}

Sql prepare(const QSqlDatabase& db, const QString& text, const QVariantList& binds)
{
    Sql s{QSqlQuery(db)};
    s.query.setForwardOnly(true);
    s.query.prepare(text);
    for (const QVariant& v : binds)
        s.query.addBindValue(v);
    return s;
}

Outcome<bool> exec(const QSqlDatabase& db, const QString& text, const QString& what)
{
    QSqlQuery q(db);
    if (!q.exec(text))
        return sqlError(what, q.lastError());
    return true;
}

Outcome<QVariant> scalar(const QSqlDatabase& db, const QString& text, const QString& what,
                         const QVariantList& binds)
{
    Sql s = prepare(db, text, binds);
    if (auto r = s.run(what); !r)
        return r.error();
    return s.query.next() ? s.query.value(0) : QVariant();
}

WriteTransaction::~WriteTransaction()
{
    if (active_)
        QSqlQuery(db_).exec(QStringLiteral("ROLLBACK"));
}

Outcome<bool> WriteTransaction::begin()
{
    if (auto r = exec(db_, QStringLiteral("BEGIN IMMEDIATE"), QStringLiteral("BEGIN")); !r)
        return r;
    active_ = true;
    return true;
}

Outcome<bool> WriteTransaction::commit()
{
    auto r = exec(db_, QStringLiteral("COMMIT"), QStringLiteral("COMMIT"));
    if (r)
        active_ = false;
    return r;
}

} // namespace mammolens::core::readingsql
