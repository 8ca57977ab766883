#include "core/reading/readingstore.h"

#include "core/logging/log.h"
#include "core/reading/assessmentjson.h"
#include "core/reading/audittrail.h"
#include "core/reading/draftstore.h"
#include "core/reading/casesetstore.h"
#include "core/reading/readingschema.h"
#include "core/reading/readingsql.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <algorithm>
#include <map>

namespace mammolens::core {

using namespace readingsql;

namespace {

const QString kSystem = QStringLiteral("system");

QString assessmentKey(qint64 sessionId, const QString& examKey, AssessmentPhase phase)
{
    return QStringLiteral("%1/%2/%3").arg(sessionId).arg(examKey, toString(phase));
}

/// The findings as the audit trail records them: compact JSON, one object per finding.
QString findingsText(const std::vector<Finding>& findings)
{
    return QString::fromUtf8(
        QJsonDocument(AssessmentJson::fromFindings(findings)).toJson(QJsonDocument::Compact));
}

std::optional<QString> intText(const std::optional<int>& v)
{
    return v ? std::optional<QString>(QString::number(*v)) : std::nullopt;
}

/// The audited fields of an assessment with their stored text (none: no value).
std::vector<std::pair<QString, std::optional<QString>>> auditedFields(const Assessment& a)
{
    return {
        {QStringLiteral("birads_left"), intText(a.biradsLeft)},
        {QStringLiteral("birads_right"), intText(a.biradsRight)},
        {QStringLiteral("recall"), QString::number(a.recall ? 1 : 0)},
        {QStringLiteral("density"),
         a.density ? std::optional<QString>(toString(*a.density)) : std::nullopt},
        {QStringLiteral("confidence"), intText(a.confidence)},
        {QStringLiteral("notes"), a.notes},
        {QStringLiteral("findings"), findingsText(a.findings)},
    };
}

Reader readReader(const QSqlQuery& q)
{
    Reader r;
    r.id = q.value(0).toLongLong();
    r.login = q.value(1).toString();
    r.displayName = q.value(2).toString();
    r.createdAt = parseTime(q.value(3));
    return r;
}

const char* const kReaderColumns = "SELECT id, login, display_name, created_at FROM readers ";

ReadingSession readSession(const QSqlQuery& q)
{
    ReadingSession s;
    s.id = q.value(0).toLongLong();
    s.readerId = q.value(1).toLongLong();
    s.mode = readingModeFromString(q.value(2).toString()).value_or(ReadingMode::Clinical);
    s.caseSet = q.value(3).toString();
    s.startedAt = parseTime(q.value(4));
    s.endedAt = parseTime(q.value(5));
    return s;
}

const char* const kSessionColumns =
    "SELECT id, reader_id, mode, case_set, started_at, ended_at FROM sessions ";

Reveal readReveal(const QSqlQuery& q)
{
    Reveal r;
    r.id = q.value(0).toLongLong();
    r.sessionId = q.value(1).toLongLong();
    r.examKey = q.value(2).toString();
    r.model = q.value(3).toString();
    r.revealedAt = parseTime(q.value(4));
    return r;
}

const char* const kRevealColumns =
    "SELECT id, session_id, exam_key, model, revealed_at FROM reveals ";

} // namespace

ReadingStore::ReadingStore(QString path) : path_(std::move(path))
{
    static QAtomicInteger<quint64> counter;
    connectionName_ = QStringLiteral("mammolens-reading-%1").arg(counter.fetchAndAddRelaxed(1));
}

ReadingStore::~ReadingStore()
{
    {
        QSqlDatabase db = QSqlDatabase::database(connectionName_, false);
        if (db.isOpen())
            db.close();
    }
    if (QSqlDatabase::contains(connectionName_))
        QSqlDatabase::removeDatabase(connectionName_);
}

QString ReadingStore::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/readings.sqlite");
}

Error ReadingStore::notOpen() const
{
    return makeError("reading.not_open", QStringLiteral("The reading store is not open."), path_);
}

std::optional<Error> ReadingStore::cannotWrite() const
{
    if (!open_)
        return notOpen();
    if (readOnly_)
        return makeError("reading.read_only",
                         QStringLiteral("The reading store was opened read-only."), path_);
    return std::nullopt;
}

Outcome<int> ReadingStore::open(OpenMode mode)
{
    if (open_)
        return foundVersion_;
    readOnly_ = mode == OpenMode::ReadOnly;
    const QFileInfo info(path_);
    if (readOnly_ && !info.exists())
        return makeError("reading.open_failed", QStringLiteral("No such file."), path_);
    if (!readOnly_ && !QDir().mkpath(info.absolutePath()))
        return makeError("reading.open_failed", QStringLiteral("Cannot create its folder."), path_);

    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE")))
        return makeError("reading.open_failed",
                         QStringLiteral("Qt's SQLite driver (QSQLITE) is not installed."));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connectionName_);
        db.setDatabaseName(path_);
        if (readOnly_)
            db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (!db.open()) {
            const QString why = db.lastError().text();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(connectionName_);
            return makeError("reading.open_failed", why, path_);
        }
    }
    auto configured = configure(mode);
    if (!configured) {
        QSqlDatabase::database(connectionName_, false).close();
        QSqlDatabase::removeDatabase(connectionName_); // so that open() may be tried again
        Error e = configured.error();
        if (e.source.isEmpty())
            e.source = path_;
        return e;
    }
    open_ = true;
    return foundVersion_;
}

Outcome<bool> ReadingStore::configure(OpenMode mode)
{
    const QSqlDatabase db = QSqlDatabase::database(connectionName_, false);
    // Before anything else, so that opening beside a busy writer waits instead of failing.
    if (auto r = exec(db, QStringLiteral("PRAGMA busy_timeout = %1").arg(busyTimeoutMs),
                      QStringLiteral("busy_timeout"));
        !r)
        return r;

    // The first read also tells a file that is not SQLite at all ("file is not a database").
    auto tables = scalar(db, QStringLiteral("SELECT count(*) FROM sqlite_master"),
                         QStringLiteral("reading the schema"));
    if (!tables)
        return makeError("reading.open_failed", tables.error().message);
    auto appId =
        scalar(db, QStringLiteral("PRAGMA application_id"), QStringLiteral("application_id"));
    auto version =
        scalar(db, QStringLiteral("PRAGMA user_version"), QStringLiteral("user_version"));
    if (!appId || !version)
        return makeError("reading.open_failed", (!appId ? appId.error() : version.error()).message);
    const int found = version.value().toInt();
    const bool empty = tables.value().toInt() == 0 && found == 0;
    if (!empty && appId.value().toInt() != kApplicationId)
        return makeError("reading.not_a_reading_store",
                         QStringLiteral("The file is an SQLite database of something else."));
    if (found > kSchemaVersion)
        return makeError("reading.schema_too_new",
                         QStringLiteral("The database has schema version %1, newer than this "
                                        "MammoLens knows (%2): use the MammoLens that wrote it, "
                                        "or a newer one.")
                             .arg(found)
                             .arg(kSchemaVersion));
    schemaVersion_ = found;
    foundVersion_ = found;

    if (mode == OpenMode::ReadOnly) {
        if (empty)
            return makeError("reading.not_a_reading_store", QStringLiteral("The file is empty."));
        // Belt and braces on top of SQLITE_OPEN_READONLY.
        return exec(db, QStringLiteral("PRAGMA query_only = ON"), QStringLiteral("query_only"));
    }

    // WAL: readers (the GUI's lists, `audit verify`) never block the writer nor see half a
    // transaction, and a crash mid-write leaves the last committed state.
    auto journal =
        scalar(db, QStringLiteral("PRAGMA journal_mode = WAL"), QStringLiteral("journal_mode"));
    if (!journal)
        return journal.error();
    if (journal.value().toString().compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0)
        return makeError("reading.open_failed",
                         QStringLiteral("SQLite refused WAL mode (journal mode %1).")
                             .arg(journal.value().toString()));
    // FULL, not the usual WAL + NORMAL: with NORMAL SQLite syncs the WAL only at checkpoints,
    // so a commit survives a crash of the process but the last commits can vanish on a power
    // loss or an OS crash. Here a returned save is the acknowledgement the reader relies on (and
    // the audit chain must not lose its head), so every COMMIT waits for the WAL to be on disk.
    // Measured cost: docs/reading-store.md.
    if (auto r =
            exec(db, QStringLiteral("PRAGMA synchronous = FULL"), QStringLiteral("synchronous"));
        !r)
        return r;

    // Migrations run with foreign keys off (a future migration may rebuild a table, which SQLite
    // only allows that way) and check them before their COMMIT instead.
    if (auto r =
            exec(db, QStringLiteral("PRAGMA foreign_keys = OFF"), QStringLiteral("foreign_keys"));
        !r)
        return r;
    auto migrated = migrate();
    if (!migrated)
        return migrated.error();
    foundVersion_ = migrated.value();
    schemaVersion_ = kSchemaVersion;
    return exec(db, QStringLiteral("PRAGMA foreign_keys = ON"), QStringLiteral("foreign_keys"));
}

Outcome<int> ReadingStore::migrate()
{
    const QSqlDatabase db = QSqlDatabase::database(connectionName_, false);
    auto failed = [](const Error& e) { return makeError("reading.migration_failed", e.message); };
    WriteTransaction tx(db);
    if (auto r = tx.begin(); !r)
        return failed(r.error());
    // Again under the write lock: another process may have migrated in between.
    auto version =
        scalar(db, QStringLiteral("PRAGMA user_version"), QStringLiteral("user_version"));
    if (!version)
        return failed(version.error());
    const int from = version.value().toInt();
    if (from > kSchemaVersion)
        return makeError("reading.schema_too_new",
                         QStringLiteral("The database has schema version %1, newer than this "
                                        "MammoLens knows (%2).")
                             .arg(from)
                             .arg(kSchemaVersion));
    if (from == kSchemaVersion)
        return from; // the transaction rolls back: nothing was written

    const AuditTrail trail(connectionName_);
    for (const ReadingSchema::Migration& m : ReadingSchema::migrations()) {
        if (m.version <= from)
            continue;
        for (const QString& statement : m.statements)
            if (auto r = exec(db, statement, QStringLiteral("migration %1").arg(m.version)); !r)
                return failed(r.error());
        AuditEntry e;
        e.reader = kSystem;
        e.action = QStringLiteral("migrate");
        e.entity = QStringLiteral("schema");
        e.entityKey = QStringLiteral("user_version");
        e.field = QStringLiteral("user_version");
        e.oldValue = QString::number(m.version - 1);
        e.newValue = QString::number(m.version) + QStringLiteral(": ") + m.summary;
        if (auto r = trail.append({e}); !r)
            return failed(r.error());
    }
    auto check =
        scalar(db, QStringLiteral("PRAGMA foreign_key_check"), QStringLiteral("foreign_key_check"));
    if (!check)
        return failed(check.error());
    if (check.value().isValid())
        return makeError("reading.migration_failed",
                         QStringLiteral("The migrated data breaks a foreign key (table %1).")
                             .arg(check.value().toString()));
    // Header fields: written by the transaction, so they roll back with it.
    for (const QString& pragma : {QStringLiteral("PRAGMA application_id = %1").arg(kApplicationId),
                                  QStringLiteral("PRAGMA user_version = %1").arg(kSchemaVersion)})
        if (auto r = exec(db, pragma, pragma); !r)
            return failed(r.error());
    if (auto r = tx.commit(); !r)
        return failed(r.error());
    log::get("core")->info("reading store: schema migrated from version {} to {}", from,
                           kSchemaVersion);
    return from;
}

// --- readers -------------------------------------------------------------------------------

Outcome<Reader> ReadingStore::addReader(const Reader& reader, const QString& actor)
{
    if (auto e = cannotWrite())
        return *e;
    if (!Reader::isValidLogin(reader.login))
        return makeError("reading.invalid",
                         QStringLiteral("The login '%1' is not 1-64 of A-Z, a-z, 0-9, . _ - @.")
                             .arg(reader.login));
    if (reader.displayName.trimmed().isEmpty())
        return makeError("reading.invalid", QStringLiteral("The reader's name is empty."));
    const QSqlDatabase db = QSqlDatabase::database(connectionName_, false);
    WriteTransaction tx(db);
    if (auto r = tx.begin(); !r)
        return r.error();
    auto taken = scalar(db, QStringLiteral("SELECT id FROM readers WHERE login = ?"),
                        QStringLiteral("looking up the reader"), {reader.login});
    if (!taken)
        return taken.error();
    if (taken.value().isValid())
        return makeError("reading.duplicate",
                         QStringLiteral("A reader with login '%1' exists.").arg(reader.login));
    Reader stored = reader;
    const QString at = nowText();
    Sql insert = prepare(db,
                         QStringLiteral("INSERT INTO readers (login, display_name, created_at) "
                                        "VALUES (?, ?, ?)"),
                         {reader.login, text(reader.displayName), at});
    if (auto r = insert.run(QStringLiteral("adding the reader")); !r)
        return r.error();
    stored.id = insert.query.lastInsertId().toLongLong();
    stored.createdAt = parseTime(at);
    const auto entries = AuditTrail::newValues(
        at, actor, QStringLiteral("create"), QStringLiteral("reader"), QString::number(stored.id),
        {{QStringLiteral("login"), reader.login},
         {QStringLiteral("display_name"), reader.displayName}});
    if (auto r = AuditTrail(connectionName_).append(entries); !r)
        return r.error();
    if (auto r = tx.commit(); !r)
        return r.error();
    return stored;
}

Outcome<std::vector<Reader>> ReadingStore::readers() const
{
    if (!open_)
        return notOpen();
    return allRows(QSqlDatabase::database(connectionName_, false),
                   QString::fromLatin1(kReaderColumns) + QStringLiteral("ORDER BY id"),
                   QStringLiteral("listing readers"), {}, readReader);
}

Outcome<std::optional<Reader>> ReadingStore::reader(qint64 id) const
{
    if (!open_)
        return notOpen();
    return firstRow(QSqlDatabase::database(connectionName_, false),
                    QString::fromLatin1(kReaderColumns) + QStringLiteral("WHERE id = ?"),
                    QStringLiteral("looking up the reader"), {id}, readReader);
}

Outcome<std::optional<Reader>> ReadingStore::readerByLogin(const QString& login) const
{
    if (!open_)
        return notOpen();
    return firstRow(QSqlDatabase::database(connectionName_, false),
                    QString::fromLatin1(kReaderColumns) + QStringLiteral("WHERE login = ?"),
                    QStringLiteral("looking up the reader"), {login}, readReader);
}

// --- sessions ------------------------------------------------------------------------------

Outcome<ReadingSession> ReadingStore::startSession(qint64 readerId, ReadingMode mode,
                                                   const QString& caseSet)
{
    if (auto e = cannotWrite())
        return *e;
    const QSqlDatabase db = QSqlDatabase::database(connectionName_, false);
    WriteTransaction tx(db);
    if (auto r = tx.begin(); !r)
        return r.error();
    auto who = reader(readerId);
    if (!who)
        return who.error();
    if (!who.value())
        return makeError("reading.not_found", QStringLiteral("No reader %1.").arg(readerId));
    ReadingSession session;
    session.readerId = readerId;
    session.mode = mode;
    session.caseSet = caseSet;
    const QString at = nowText();
    session.startedAt = parseTime(at);
    Sql insert = prepare(db,
                         QStringLiteral("INSERT INTO sessions (reader_id, mode, case_set, "
                                        "started_at) VALUES (?, ?, ?, ?)"),
                         {readerId, toString(mode), text(caseSet), at});
    if (auto r = insert.run(QStringLiteral("starting the session")); !r)
        return r.error();
    session.id = insert.query.lastInsertId().toLongLong();
    const auto entries = AuditTrail::newValues(
        at, who.value()->login, QStringLiteral("start"), QStringLiteral("session"),
        QString::number(session.id),
        {{QStringLiteral("reader"), who.value()->login},
         {QStringLiteral("mode"), toString(mode)},
         {QStringLiteral("case_set"), caseSet}});
    if (auto r = AuditTrail(connectionName_).append(entries); !r)
        return r.error();
    if (auto r = tx.commit(); !r)
        return r.error();
    return session;
}

Outcome<ReadingSession> ReadingStore::existingSession(qint64 sessionId) const
{
    auto found = session(sessionId);
    if (!found)
        return found.error();
    if (!found.value())
        return makeError("reading.not_found", QStringLiteral("No session %1.").arg(sessionId));
    return *found.value();
}

Outcome<bool> ReadingStore::auditSession(const ReadingSession& s, const QString& action,
                                         const QString& field, const QString& at)
{
    auto who = reader(s.readerId);
    if (!who)
        return who.error();
    AuditEntry e;
    e.at = at;
    e.reader = who.value() ? who.value()->login : kSystem;
    e.action = action;
    e.entity = QStringLiteral("session");
    e.entityKey = QString::number(s.id);
    e.field = field;
    e.newValue = at;
    if (auto r = AuditTrail(connectionName_).append({e}); !r)
        return r.error();
    return true;
}

Outcome<ReadingSession> ReadingStore::endSession(qint64 sessionId)
{
    if (auto e = cannotWrite())
        return *e;
    const QSqlDatabase db = QSqlDatabase::database(connectionName_, false);
    WriteTransaction tx(db);
    if (auto r = tx.begin(); !r)
        return r.error();
    auto found = existingSession(sessionId);
    if (!found)
        return found.error();
    ReadingSession s = found.value();
    if (!s.isOpen())
        return s;
    const QString at = nowText();
    Sql update = prepare(db, QStringLiteral("UPDATE sessions SET ended_at = ? WHERE id = ?"),
                         {at, sessionId});
    if (auto r = update.run(QStringLiteral("ending the session")); !r)
        return r.error();
    // An ended session cannot be resumed, so its drafts could never be committed.
    if (auto r = DraftStore(connectionName_).discardInTransaction(sessionId); !r)
        return r.error();
    s.endedAt = parseTime(at);
    if (auto r = auditSession(s, QStringLiteral("end"), QStringLiteral("ended_at"), at); !r)
        return r.error();
    if (auto r = tx.commit(); !r)
        return r.error();
    return s;
}

Outcome<std::optional<ReadingSession>> ReadingStore::unfinishedSession(qint64 readerId) const
{
    if (!open_)
        return notOpen();
    return firstRow(QSqlDatabase::database(connectionName_, false),
                    QString::fromLatin1(kSessionColumns) +
                        QStringLiteral("WHERE reader_id = ? AND ended_at IS NULL "
                                       "ORDER BY id DESC LIMIT 1"),
                    QStringLiteral("looking up an unfinished session"), {readerId}, readSession);
}

Outcome<ReadingSession> ReadingStore::resumeSession(qint64 sessionId)
{
    if (auto e = cannotWrite())
        return *e;
    const QSqlDatabase db = QSqlDatabase::database(connectionName_, false);
    WriteTransaction tx(db);
    if (auto r = tx.begin(); !r)
        return r.error();
    auto found = existingSession(sessionId);
    if (!found)
        return found.error();
    if (!found.value().isOpen())
        return makeError("reading.session_closed",
                         QStringLiteral("Session %1 has ended.").arg(sessionId));
    if (auto r = auditSession(found.value(), QStringLiteral("resume"),
                              QStringLiteral("resumed_at"), nowText());
        !r)
        return r.error();
    if (auto r = tx.commit(); !r)
        return r.error();
    return found;
}

Outcome<std::vector<ReadingSession>> ReadingStore::sessions() const
{
    if (!open_)
        return notOpen();
    return allRows(QSqlDatabase::database(connectionName_, false),
                   QString::fromLatin1(kSessionColumns) + QStringLiteral("ORDER BY id"),
                   QStringLiteral("listing sessions"), {}, readSession);
}

Outcome<std::optional<ReadingSession>> ReadingStore::session(qint64 id) const
{
    if (!open_)
        return notOpen();
    return firstRow(QSqlDatabase::database(connectionName_, false),
                    QString::fromLatin1(kSessionColumns) + QStringLiteral("WHERE id = ?"),
                    QStringLiteral("looking up the session"), {id}, readSession);
}

// --- assessments ---------------------------------------------------------------------------

Outcome<std::vector<Assessment>> ReadingStore::loadAssessments(const QString& where,
                                                               const QVariantList& binds) const
{
    if (!open_)
        return notOpen();
    const QSqlDatabase db = QSqlDatabase::database(connectionName_, false);
    Sql s = prepare(db,
                    QStringLiteral("SELECT a.id, a.session_id, a.exam_key, a.phase, a.birads_left,"
                                   " a.birads_right, a.recall, a.density, a.confidence, a.notes,"
                                   " a.created_at, a.updated_at, s.reader_id"
                                   " FROM assessments a JOIN sessions s ON s.id = a.session_id"
                                   " WHERE ") +
                        where +
                        QStringLiteral(" ORDER BY a.session_id, a.exam_key, a.phase = 'post_ai',"
                                       " a.id"),
                    binds);
    if (auto r = s.run(QStringLiteral("reading assessments")); !r)
        return r.error();
    std::vector<Assessment> out;
    std::map<qint64, size_t> index;
    while (s.query.next()) {
        const QSqlQuery& q = s.query;
        Assessment a;
        a.id = q.value(0).toLongLong();
        a.sessionId = q.value(1).toLongLong();
        a.examKey = q.value(2).toString();
        a.phase =
            assessmentPhaseFromString(q.value(3).toString()).value_or(AssessmentPhase::Initial);
        a.biradsLeft = optionalInt(q.value(4));
        a.biradsRight = optionalInt(q.value(5));
        a.recall = q.value(6).toInt() != 0;
        a.density = breastDensityFromString(q.value(7).toString());
        a.confidence = optionalInt(q.value(8));
        a.notes = q.value(9).toString();
        a.createdAt = parseTime(q.value(10));
        a.updatedAt = parseTime(q.value(11));
        a.readerId = q.value(12).toLongLong();
        index[a.id] = out.size();
        out.push_back(std::move(a));
    }
    if (out.empty())
        return out;

    Sql f = prepare(db,
                    QStringLiteral("SELECT f.assessment_id, f.type, f.breast, f.view, f.x, f.y,"
                                   " f.radius FROM findings f WHERE f.assessment_id IN"
                                   " (SELECT a.id FROM assessments a JOIN sessions s"
                                   " ON s.id = a.session_id WHERE ") +
                        where + QStringLiteral(") ORDER BY f.assessment_id, f.ordinal"),
                    binds);
    if (auto r = f.run(QStringLiteral("reading findings")); !r)
        return r.error();
    while (f.query.next()) {
        const QSqlQuery& q = f.query;
        const auto it = index.find(q.value(0).toLongLong());
        if (it == index.end())
            continue;
        Finding finding;
        finding.type = findingTypeFromString(q.value(1).toString()).value_or(FindingType::Mass);
        finding.breast =
            q.value(2).toString() == QLatin1String("R") ? Laterality::Right : Laterality::Left;
        finding.view = q.value(3).toString();
        finding.x = q.value(4).toDouble();
        finding.y = q.value(5).toDouble();
        if (!q.value(6).isNull())
            finding.radius = q.value(6).toDouble();
        out[it->second].findings.push_back(finding);
    }
    return out;
}

Outcome<std::optional<Assessment>>
ReadingStore::assessment(qint64 sessionId, const QString& examKey, AssessmentPhase phase) const
{
    auto found =
        loadAssessments(QStringLiteral("a.session_id = ? AND a.exam_key = ? AND a.phase = ?"),
                        {sessionId, examKey, toString(phase)});
    if (!found)
        return found.error();
    if (found.value().empty())
        return std::optional<Assessment>();
    return std::optional<Assessment>(std::move(found.value().front()));
}

Outcome<std::vector<Assessment>> ReadingStore::assessments(qint64 sessionId) const
{
    return loadAssessments(QStringLiteral("a.session_id = ?"), {sessionId});
}

Outcome<std::vector<Assessment>> ReadingStore::assessmentsOfExam(const QString& examKey) const
{
    auto found = loadAssessments(QStringLiteral("a.exam_key = ?"), {examKey});
    if (found)
        std::sort(found.value().begin(), found.value().end(),
                  [](const Assessment& a, const Assessment& b) { return a.id < b.id; });
    return found;
}

Outcome<Assessment> ReadingStore::saveAssessment(const Assessment& assessment)
{
    if (auto e = cannotWrite())
        return *e;
    if (const QString problem = assessment.validate(); !problem.isEmpty())
        return makeError("reading.invalid", problem);
    const QSqlDatabase db = QSqlDatabase::database(connectionName_, false);
    WriteTransaction tx(db);
    if (auto r = tx.begin(); !r)
        return r.error();

    auto foundSession = session(assessment.sessionId);
    if (!foundSession)
        return foundSession.error();
    if (!foundSession.value())
        return makeError("reading.not_found",
                         QStringLiteral("No session %1.").arg(assessment.sessionId));
    const ReadingSession s = *foundSession.value();
    if (!s.isOpen())
        return makeError("reading.session_closed",
                         QStringLiteral("Session %1 has ended.").arg(s.id));
    auto revealed = reveal(s.id, assessment.examKey);
    if (!revealed)
        return revealed.error();
    if (revealed.value() && assessment.phase == AssessmentPhase::Initial)
        return makeError("reading.revealed",
                         QStringLiteral("The model's results were shown: the initial assessment "
                                        "is final and changes go to the post-AI assessment."));
    if (!revealed.value() && assessment.phase == AssessmentPhase::PostAi)
        return makeError("reading.not_revealed",
                         QStringLiteral("A post-AI assessment needs the model's results to have "
                                        "been revealed first."));
    auto who = reader(s.readerId);
    if (!who)
        return who.error();
    const QString login = who.value() ? who.value()->login : kSystem;

    auto existing = this->assessment(s.id, assessment.examKey, assessment.phase);
    if (!existing)
        return existing.error();
    if (existing.value() && existing.value()->sameContent(assessment)) {
        // Nothing to write; it was acknowledged when it was. A draft equal to it goes.
        if (auto r = DraftStore(connectionName_).discardInTransaction(s.id, assessment.examKey);
            !r)
            return r.error();
        if (auto r = tx.commit(); !r)
            return r.error();
        return *existing.value();
    }

    Assessment stored = assessment;
    stored.readerId = s.readerId;
    const QString at = nowText();
    stored.updatedAt = parseTime(at);
    const QVariant density =
        assessment.density ? QVariant(toString(*assessment.density)) : nullText();
    if (existing.value()) {
        stored.id = existing.value()->id;
        stored.createdAt = existing.value()->createdAt;
        Sql update = prepare(db,
                             QStringLiteral("UPDATE assessments SET birads_left = ?, birads_right "
                                            "= ?, recall = ?, density = ?, confidence = ?, notes "
                                            "= ?, updated_at = ? WHERE id = ?"),
                             {toVariant(assessment.biradsLeft), toVariant(assessment.biradsRight),
                              assessment.recall ? 1 : 0, density, toVariant(assessment.confidence),
                              text(assessment.notes), at, stored.id});
        if (auto r = update.run(QStringLiteral("updating the assessment")); !r)
            return r.error();
        Sql clear = prepare(db, QStringLiteral("DELETE FROM findings WHERE assessment_id = ?"),
                            {stored.id});
        if (auto r = clear.run(QStringLiteral("replacing findings")); !r)
            return r.error();
    } else {
        stored.createdAt = stored.updatedAt;
        Sql insert = prepare(
            db,
            QStringLiteral("INSERT INTO assessments (session_id, exam_key, phase, birads_left, "
                           "birads_right, recall, density, confidence, notes, created_at, "
                           "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            {s.id, assessment.examKey, toString(assessment.phase), toVariant(assessment.biradsLeft),
             toVariant(assessment.biradsRight), assessment.recall ? 1 : 0, density,
             toVariant(assessment.confidence), text(assessment.notes), at, at});
        if (auto r = insert.run(QStringLiteral("inserting the assessment")); !r)
            return r.error();
        stored.id = insert.query.lastInsertId().toLongLong();
    }
    Sql finding = prepare(db, QStringLiteral("INSERT INTO findings (assessment_id, ordinal, type, "
                                             "breast, view, x, y, radius) VALUES (?, ?, ?, ?, ?, "
                                             "?, ?, ?)"));
    for (size_t i = 0; i < assessment.findings.size(); ++i) {
        const Finding& f = assessment.findings[i];
        for (const QVariant& v :
             {QVariant(stored.id), QVariant(qint64(i)), QVariant(toString(f.type)),
              QVariant(toString(f.breast)), QVariant(f.view), QVariant(f.x), QVariant(f.y),
              f.radius ? QVariant(*f.radius) : QVariant(QMetaType(QMetaType::Double))})
            finding.query.addBindValue(v);
        if (auto r = finding.run(QStringLiteral("writing finding %1").arg(i + 1)); !r)
            return r.error();
    }

    // One entry per field set (creation) or changed (update), in the same transaction.
    std::vector<AuditEntry> entries;
    const auto after = auditedFields(assessment);
    const auto before = existing.value() ? auditedFields(*existing.value()) : decltype(after){};
    for (size_t i = 0; i < after.size(); ++i) {
        const std::optional<QString> old =
            before.empty() ? std::optional<QString>() : before[i].second;
        if (!before.empty() && old == after[i].second)
            continue;
        AuditEntry e;
        e.at = at;
        e.reader = login;
        e.action = existing.value() ? QStringLiteral("update") : QStringLiteral("create");
        e.entity = QStringLiteral("assessment");
        e.entityKey = assessmentKey(s.id, assessment.examKey, assessment.phase);
        e.field = after[i].first;
        e.oldValue = old;
        e.newValue = after[i].second;
        entries.push_back(e);
    }
    if (auto r = AuditTrail(connectionName_).append(entries); !r)
        return r.error();
    // The committed assessment supersedes the exam's draft.
    if (auto r = DraftStore(connectionName_).discardInTransaction(s.id, assessment.examKey); !r)
        return r.error();
    if (auto r = tx.commit(); !r)
        return r.error();
    return stored;
}

// --- drafts --------------------------------------------------------------------------------

Outcome<bool> ReadingStore::saveDrafts(qint64 sessionId, const std::vector<Assessment>& changed,
                                       const QStringList& discarded)
{
    if (auto e = cannotWrite())
        return *e;
    return DraftStore(connectionName_).save(sessionId, changed, discarded);
}

Outcome<std::vector<Assessment>> ReadingStore::drafts(qint64 sessionId) const
{
    if (!open_)
        return notOpen();
    return DraftStore(connectionName_).drafts(sessionId);
}

// --- reveals -------------------------------------------------------------------------------

Outcome<std::optional<Reveal>> ReadingStore::reveal(qint64 sessionId, const QString& examKey) const
{
    if (!open_)
        return notOpen();
    return firstRow(QSqlDatabase::database(connectionName_, false),
                    QString::fromLatin1(kRevealColumns) +
                        QStringLiteral("WHERE session_id = ? AND exam_key = ?"),
                    QStringLiteral("looking up the reveal"), {sessionId, examKey}, readReveal);
}

Outcome<Reveal> ReadingStore::recordReveal(qint64 sessionId, const QString& examKey,
                                           const QString& model)
{
    if (auto e = cannotWrite())
        return *e;
    if (examKey.trimmed().isEmpty())
        return makeError("reading.invalid", QStringLiteral("The exam key is empty."));
    const QSqlDatabase db = QSqlDatabase::database(connectionName_, false);
    WriteTransaction tx(db);
    if (auto r = tx.begin(); !r)
        return r.error();
    auto foundSession = session(sessionId);
    if (!foundSession)
        return foundSession.error();
    if (!foundSession.value())
        return makeError("reading.not_found", QStringLiteral("No session %1.").arg(sessionId));
    const ReadingSession s = *foundSession.value();
    auto earlier = reveal(sessionId, examKey);
    if (!earlier)
        return earlier.error();
    if (earlier.value())
        return *earlier.value();
    if (!s.isOpen())
        return makeError("reading.session_closed",
                         QStringLiteral("Session %1 has ended.").arg(s.id));
    if (s.mode == ReadingMode::Blinded) {
        auto initial = assessment(sessionId, examKey, AssessmentPhase::Initial);
        if (!initial)
            return initial.error();
        if (!initial.value())
            return makeError("reading.not_assessed",
                             QStringLiteral("In blinded reading the initial assessment is "
                                            "committed before the model's results are shown."));
    }
    auto who = reader(s.readerId);
    if (!who)
        return who.error();
    Reveal r;
    r.sessionId = sessionId;
    r.examKey = examKey;
    r.model = model;
    const QString at = nowText();
    r.revealedAt = parseTime(at);
    Sql insert = prepare(db,
                         QStringLiteral("INSERT INTO reveals (session_id, exam_key, model, "
                                        "revealed_at) VALUES (?, ?, ?, ?)"),
                         {sessionId, examKey, text(model), at});
    if (auto ok = insert.run(QStringLiteral("recording the reveal")); !ok)
        return ok.error();
    r.id = insert.query.lastInsertId().toLongLong();
    AuditEntry e;
    e.at = at;
    e.reader = who.value() ? who.value()->login : kSystem;
    e.action = QStringLiteral("reveal");
    e.entity = QStringLiteral("reveal");
    e.entityKey = QStringLiteral("%1/%2").arg(sessionId).arg(examKey);
    e.field = QStringLiteral("model");
    e.newValue = model;
    if (auto ok = AuditTrail(connectionName_).append({e}); !ok)
        return ok.error();
    if (auto ok = tx.commit(); !ok)
        return ok.error();
    return r;
}

Outcome<SessionResults> ReadingStore::sessionResults(qint64 sessionId) const
{
    auto found = session(sessionId);
    if (!found)
        return found.error();
    if (!found.value())
        return makeError("reading.not_found", QStringLiteral("No session %1.").arg(sessionId));
    SessionResults results;
    results.session = *found.value();
    auto who = reader(results.session.readerId);
    if (!who)
        return who.error();
    if (who.value())
        results.reader = *who.value();
    auto all = assessments(sessionId);
    if (!all)
        return all.error();
    results.assessments = std::move(all.value());
    auto reveals = allRows(QSqlDatabase::database(connectionName_, false),
                           QString::fromLatin1(kRevealColumns) +
                               QStringLiteral("WHERE session_id = ? ORDER BY exam_key"),
                           QStringLiteral("reading reveals"), {sessionId}, readReveal);
    if (!reveals)
        return reveals.error();
    results.reveals = std::move(reveals.value());
    return results;
}

// --- teaching case sets ---------------------------------------------------------------------

Outcome<CaseSet> ReadingStore::importCaseSet(const CaseSet& set, const QString& actor)
{
    if (auto e = cannotWrite())
        return *e;
    return CaseSetStore(connectionName_).importCaseSet(set, actor);
}

Outcome<std::vector<CaseSet>> ReadingStore::caseSets() const
{
    if (!open_)
        return notOpen();
    if (schemaVersion_ < 3) // an older file opened read-only: it has no case sets
        return std::vector<CaseSet>();
    return CaseSetStore(connectionName_).caseSets();
}

Outcome<std::optional<CaseSet>> ReadingStore::caseSet(const QString& name) const
{
    if (!open_)
        return notOpen();
    if (schemaVersion_ < 3)
        return std::optional<CaseSet>();
    return CaseSetStore(connectionName_).caseSet(name);
}

// --- audit and health ----------------------------------------------------------------------

Outcome<AuditVerification> ReadingStore::verifyAudit() const
{
    if (!open_)
        return notOpen();
    return AuditTrail(connectionName_).verify();
}

Outcome<std::vector<AuditEntry>> ReadingStore::auditEntries(qint64 fromSeq, qint64 limit) const
{
    if (!open_)
        return notOpen();
    return AuditTrail(connectionName_).entries(fromSeq, limit);
}

Outcome<QString> ReadingStore::integrityCheck() const
{
    if (!open_)
        return notOpen();
    Sql s = prepare(QSqlDatabase::database(connectionName_, false),
                    QStringLiteral("PRAGMA integrity_check"));
    if (auto r = s.run(QStringLiteral("integrity_check")); !r)
        return r.error();
    QStringList lines;
    while (s.query.next())
        lines << s.query.value(0).toString();
    return lines.join(QLatin1Char('\n'));
}

} // namespace mammolens::core
