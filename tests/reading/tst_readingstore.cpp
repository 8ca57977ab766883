// ReadingStore: schema creation and migration, every field's round trip, the audit entries of a
// change, blinded reading's phases and reveal, the session CSV.

#include "core/reading/audittrail.h"
#include "core/reading/readingstore.h"
#include "core/reading/sessioncsvwriter.h"
#include "readingtestsupport.h"

#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace mammolens::core;
using mammolens::testing::fullAssessment;
using mammolens::testing::RawConnection;

namespace {

/// A store with one reader and one open session of `mode`.
struct Fixture
{
    QTemporaryDir dir;
    QString path = dir.filePath(QStringLiteral("readings.sqlite"));
    ReadingStore store{path};
    Reader reader;
    ReadingSession session;

    explicit Fixture(ReadingMode mode = ReadingMode::Clinical)
    {
        if (!store.open().ok())
            return;
        Reader r;
        r.login = QStringLiteral("reader.one");
        r.displayName = QStringLiteral("Dr Reader One");
        reader = store.addReader(r).value();
        session = store.startSession(reader.id, mode, QStringLiteral("set-a")).value();
    }
};

qint64 auditCount(const ReadingStore& store)
{
    return qint64(store.auditEntries().value().size());
}

/// The entries after `fromSeq` of one action.
std::vector<AuditEntry> entriesAfter(const ReadingStore& store, qint64 fromSeq)
{
    return store.auditEntries(fromSeq + 1).value();
}

/// Schema version 1 as MammoLens 0.1 wrote it, by hand: one assessment per exam and session, no
/// phases, no reveals. Frozen: this is what users' files hold.
void writeVersionOneDatabase(const QString& path)
{
    RawConnection raw(path);
    const QStringList v1 = {
        QStringLiteral("CREATE TABLE readers (id INTEGER PRIMARY KEY, login TEXT NOT NULL UNIQUE, "
                       "display_name TEXT NOT NULL, created_at TEXT NOT NULL)"),
        QStringLiteral("CREATE TABLE sessions (id INTEGER PRIMARY KEY, reader_id INTEGER NOT NULL "
                       "REFERENCES readers(id), started_at TEXT NOT NULL, ended_at TEXT)"),
        QStringLiteral(
            "CREATE TABLE assessments (id INTEGER PRIMARY KEY, session_id INTEGER NOT NULL "
            "REFERENCES sessions(id), exam_key TEXT NOT NULL, birads_left INTEGER CHECK "
            "(birads_left BETWEEN 0 AND 6), birads_right INTEGER CHECK (birads_right BETWEEN 0 "
            "AND 6), recall INTEGER NOT NULL CHECK (recall IN (0, 1)), density TEXT CHECK "
            "(density IN ('A', 'B', 'C', 'D')), notes TEXT NOT NULL DEFAULT '', created_at TEXT "
            "NOT NULL, updated_at TEXT NOT NULL)"),
        QStringLiteral(
            "CREATE UNIQUE INDEX assessments_exam ON assessments (session_id, exam_key)"),
        QStringLiteral("CREATE INDEX assessments_by_exam ON assessments (exam_key)"),
        QStringLiteral(
            "CREATE TABLE findings (id INTEGER PRIMARY KEY, assessment_id INTEGER NOT NULL "
            "REFERENCES assessments(id), ordinal INTEGER NOT NULL, type TEXT NOT NULL CHECK (type "
            "IN ('mass', 'calcification', 'architectural_distortion', 'asymmetry')), breast TEXT "
            "NOT NULL CHECK (breast IN ('L', 'R')), view TEXT NOT NULL, x REAL NOT NULL, y REAL "
            "NOT NULL, radius REAL, UNIQUE (assessment_id, ordinal))"),
        QStringLiteral(
            "CREATE TABLE audit_log (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, reader TEXT NOT "
            "NULL, action TEXT NOT NULL, entity TEXT NOT NULL, entity_key TEXT NOT NULL, field "
            "TEXT NOT NULL, old_value TEXT, new_value TEXT, prev_hash TEXT NOT NULL, hash TEXT "
            "NOT NULL)"),
        QStringLiteral("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN "
                       "SELECT RAISE(ABORT, 'audit_log is append-only'); END"),
        QStringLiteral("CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN "
                       "SELECT RAISE(ABORT, 'audit_log is append-only'); END"),
        QStringLiteral("INSERT INTO readers VALUES (1, 'old.reader', 'Dr Old', "
                       "'2024-01-02T08:00:00.000Z')"),
        QStringLiteral("INSERT INTO sessions VALUES (1, 1, '2024-01-02T08:01:00.000Z', NULL)"),
        QStringLiteral("INSERT INTO assessments VALUES (1, 1, '1.2.840.99.1', 3, 2, 1, 'B', "
                       "'old note', '2024-01-02T08:02:00.000Z', '2024-01-02T08:03:00.000Z')"),
        QStringLiteral("INSERT INTO findings VALUES (1, 1, 0, 'mass', 'L', 'MLO', 10.5, 20.25, "
                       "NULL)"),
        QStringLiteral("PRAGMA application_id = 1296847428"), // "MLRD"
        QStringLiteral("PRAGMA user_version = 1"),
    };
    for (const QString& statement : v1)
        QVERIFY2(raw.exec(statement).isEmpty(), qPrintable(statement));
    AuditEntry e;
    e.at = QStringLiteral("2024-01-02T08:00:00.000Z");
    e.reader = QStringLiteral("system");
    e.action = QStringLiteral("migrate");
    e.entity = QStringLiteral("schema");
    e.entityKey = QStringLiteral("user_version");
    e.field = QStringLiteral("user_version");
    e.oldValue = QStringLiteral("0");
    e.newValue = QStringLiteral("1: readers, sessions, assessments, findings, audit trail");
    QVERIFY(AuditTrail(raw.name()).append({e}).ok());
}

} // namespace

class TestReadingStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void open_newFile_createsCurrentSchemaInWalMode()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("sub/readings.sqlite"));
        ReadingStore store(path);
        const auto opened = store.open();
        QVERIFY2(opened.ok(), qPrintable(opened.error().toString()));
        QCOMPARE(opened.value(), 0); // the version found
        QCOMPARE(store.schemaVersion(), ReadingStore::kSchemaVersion);
        RawConnection raw(path);
        QCOMPARE(raw.value(QStringLiteral("PRAGMA user_version")).toInt(),
                 ReadingStore::kSchemaVersion);
        QCOMPARE(raw.value(QStringLiteral("PRAGMA application_id")).toInt(),
                 ReadingStore::kApplicationId);
        QCOMPARE(raw.value(QStringLiteral("PRAGMA journal_mode")).toString(),
                 QStringLiteral("wal"));
        for (const char* table :
             {"readers", "sessions", "assessments", "findings", "reveals", "audit_log"})
            QVERIFY2(raw.value(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = "
                                              "'table' AND name = '%1'")
                                   .arg(QLatin1String(table)))
                             .toInt() == 1,
                     table);
        QCOMPARE(raw.value(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = "
                                          "'trigger' AND tbl_name = 'audit_log'"))
                     .toInt(),
                 2);
        // One audited migration per schema version, and the chain holds.
        const auto entries = store.auditEntries().value();
        QCOMPARE(int(entries.size()), ReadingStore::kSchemaVersion);
        QCOMPARE(entries[0].action, QStringLiteral("migrate"));
        QCOMPARE(entries[1].oldValue.value(), QStringLiteral("1"));
        QVERIFY(store.verifyAudit().value().ok());
        QCOMPARE(store.integrityCheck().value(), QStringLiteral("ok"));
    }

    void open_secondTime_migratesNothing()
    {
        Fixture f;
        const qint64 before = auditCount(f.store);
        ReadingStore again(f.path); // a second connection to the same file, as another window
        const auto opened = again.open();
        QVERIFY(opened.ok());
        QCOMPARE(opened.value(), ReadingStore::kSchemaVersion);
        QVERIFY(again.connectionName() != f.store.connectionName());
        QCOMPARE(auditCount(again), before);
        QCOMPARE(int(again.readers().value().size()), 1);
    }

    void open_versionOneDatabase_migratesAndKeepsData()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("v1.sqlite"));
        writeVersionOneDatabase(path);
        if (QTest::currentTestFailed())
            return;

        ReadingStore store(path);
        const auto opened = store.open();
        QVERIFY2(opened.ok(), qPrintable(opened.error().toString()));
        QCOMPARE(opened.value(), 1);
        QCOMPARE(store.schemaVersion(), ReadingStore::kSchemaVersion);

        const auto session = store.session(1).value();
        QVERIFY(session.has_value());
        QVERIFY(session->mode == ReadingMode::Clinical);
        QCOMPARE(session->caseSet, QString());
        const auto old =
            store.assessment(1, QStringLiteral("1.2.840.99.1"), AssessmentPhase::Initial).value();
        QVERIFY(old.has_value());
        QCOMPARE(old->biradsLeft, std::optional<int>(3));
        QCOMPARE(old->density, std::optional<BreastDensity>(BreastDensity::B));
        QVERIFY(old->recall);
        QVERIFY(!old->confidence.has_value());
        QCOMPARE(old->notes, QStringLiteral("old note"));
        QCOMPARE(int(old->findings.size()), 1);
        QCOMPARE(old->findings[0].view, QStringLiteral("MLO"));
        QCOMPARE(old->findings[0].y, 20.25);
        QCOMPARE(old->updatedAt, QDateTime::fromString(QStringLiteral("2024-01-02T08:03:00.000Z"),
                                                       Qt::ISODateWithMs));

        // The migrations are in the chain, after the old entries, and the chain holds: one
        // entry per version from 2 on.
        const auto entries = store.auditEntries().value();
        QCOMPARE(int(entries.size()), ReadingStore::kSchemaVersion);
        QCOMPARE(entries[1].action, QStringLiteral("migrate"));
        QCOMPARE(entries[1].oldValue.value(), QStringLiteral("1"));
        QVERIFY(entries[1].newValue->startsWith(QLatin1String("2: ")));
        QCOMPARE(entries[2].oldValue.value(), QStringLiteral("2"));
        QVERIFY(entries[2].newValue->startsWith(QLatin1String("3: ")));
        QVERIFY(store.verifyAudit().value().ok());

        // Version 2 features work on the migrated file: a post-AI assessment beside the old one.
        QVERIFY(store.recordReveal(1, QStringLiteral("1.2.840.99.1"), QStringLiteral("m")).ok());
        Assessment post = *old;
        post.phase = AssessmentPhase::PostAi;
        post.biradsLeft = 4;
        post.confidence = 80;
        const auto saved = store.saveAssessment(post);
        QVERIFY2(saved.ok(), qPrintable(saved.error().toString()));
        QCOMPARE(int(store.assessments(1).value().size()), 2);
        QCOMPARE(store.integrityCheck().value(), QStringLiteral("ok"));
    }

    void open_newerSchema_isRefusedAndLeftAlone()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("future.sqlite"));
        {
            RawConnection raw(path);
            QVERIFY(raw.exec(QStringLiteral("CREATE TABLE future (x)")).isEmpty());
            QVERIFY(raw.exec(QStringLiteral("PRAGMA application_id = %1")
                                 .arg(ReadingStore::kApplicationId))
                        .isEmpty());
            QVERIFY(raw.exec(QStringLiteral("PRAGMA user_version = %1")
                                 .arg(ReadingStore::kSchemaVersion + 1))
                        .isEmpty());
        }
        ReadingStore store(path);
        const auto opened = store.open();
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().code, QStringLiteral("reading.schema_too_new"));
        QVERIFY(opened.error().message.contains(QString::number(ReadingStore::kSchemaVersion + 1)));
        QVERIFY(!store.isOpen());
        QCOMPARE(store.readers().error().code, QStringLiteral("reading.not_open"));
        RawConnection raw(path);
        QCOMPARE(raw.value(QStringLiteral("PRAGMA user_version")).toInt(),
                 ReadingStore::kSchemaVersion + 1);
        QCOMPARE(raw.value(QStringLiteral("SELECT count(*) FROM sqlite_master")).toInt(), 1);
    }

    void open_otherFiles_areRefused_data()
    {
        QTest::addColumn<QByteArray>("kind");
        QTest::addColumn<QString>("code");
        QTest::newRow("someone else's SQLite database")
            << QByteArray("foreign") << QStringLiteral("reading.not_a_reading_store");
        QTest::newRow("not SQLite at all")
            << QByteArray("text") << QStringLiteral("reading.open_failed");
        QTest::newRow("read-only open of a missing file")
            << QByteArray("missing") << QStringLiteral("reading.open_failed");
    }

    void open_otherFiles_areRefused()
    {
        QFETCH(QByteArray, kind);
        QFETCH(QString, code);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("other.db"));
        if (kind == "foreign") {
            RawConnection raw(path);
            QVERIFY(raw.exec(QStringLiteral("CREATE TABLE invoices (id INTEGER)")).isEmpty());
        } else if (kind == "text") {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(QByteArray(4096, 'x'));
        }
        ReadingStore store(path);
        const auto opened = store.open(kind == "missing" ? ReadingStore::OpenMode::ReadOnly
                                                         : ReadingStore::OpenMode::ReadWrite);
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().code, code);
        QCOMPARE(opened.error().source, path);
    }

    void saveAssessment_roundTrip_keepsEveryField()
    {
        Fixture f;
        const Assessment full = fullAssessment(f.session.id, QStringLiteral("1.2.826.0.1.3680043"));
        const auto saved = f.store.saveAssessment(full);
        QVERIFY2(saved.ok(), qPrintable(saved.error().toString()));
        QVERIFY(saved.value().id > 0);
        QCOMPARE(saved.value().readerId, f.reader.id);
        QVERIFY(saved.value().createdAt.isValid());
        QCOMPARE(saved.value().createdAt, saved.value().updatedAt);
        QCOMPARE(saved.value().createdAt.timeSpec(), Qt::UTC);

        // Read back through another connection, as after a restart.
        ReadingStore other(f.path);
        QVERIFY(other.open().ok());
        const auto loaded =
            other.assessment(f.session.id, full.examKey, AssessmentPhase::Initial).value();
        QVERIFY(loaded.has_value());
        QVERIFY(loaded->sameContent(full));
        QCOMPARE(loaded->id, saved.value().id);
        QCOMPARE(loaded->readerId, f.reader.id);
        QCOMPARE(loaded->createdAt, saved.value().createdAt);
        QCOMPARE(loaded->updatedAt, saved.value().updatedAt);
        QCOMPARE(loaded->notes, full.notes);
        QCOMPARE(int(loaded->findings.size()), 4);
        for (size_t i = 0; i < full.findings.size(); ++i)
            QVERIFY2(loaded->findings[i] == full.findings[i], qPrintable(QString::number(i)));
        QVERIFY(!loaded->findings[1].radius.has_value());

        // The empty assessment round-trips too: nothing assessed is not BI-RADS 0.
        Assessment empty;
        empty.sessionId = f.session.id;
        empty.examKey = QStringLiteral("exam-empty");
        const auto emptySaved = f.store.saveAssessment(empty);
        QVERIFY2(emptySaved.ok(), qPrintable(emptySaved.error().toString()));
        const auto emptyLoaded =
            other.assessment(f.session.id, empty.examKey, AssessmentPhase::Initial).value();
        QVERIFY(emptyLoaded && emptyLoaded->sameContent(empty));
        QVERIFY(!emptyLoaded->biradsLeft && !emptyLoaded->density && !emptyLoaded->confidence);

        QCOMPARE(int(other.assessmentsOfExam(full.examKey).value().size()), 1);
        QCOMPARE(other.reader(f.reader.id).value()->login, QStringLiteral("reader.one"));
        QCOMPARE(other.readerByLogin(QStringLiteral("reader.one")).value()->displayName,
                 QStringLiteral("Dr Reader One"));
        const auto session = other.session(f.session.id).value();
        QCOMPARE(session->caseSet, QStringLiteral("set-a"));
        QVERIFY(session->isOpen());
    }

    void saveAssessment_creation_auditsEveryField()
    {
        Fixture f;
        const qint64 before = auditCount(f.store);
        const Assessment full = fullAssessment(f.session.id, QStringLiteral("exam-1"));
        QVERIFY(f.store.saveAssessment(full).ok());
        const auto entries = entriesAfter(f.store, before);
        QCOMPARE(int(entries.size()), 7);
        QStringList fields;
        for (const AuditEntry& e : entries) {
            QCOMPARE(e.action, QStringLiteral("create"));
            QCOMPARE(e.entity, QStringLiteral("assessment"));
            QCOMPARE(e.entityKey, QStringLiteral("%1/exam-1/initial").arg(f.session.id));
            QCOMPARE(e.reader, QStringLiteral("reader.one"));
            QVERIFY(!e.oldValue.has_value());
            fields << e.field;
        }
        QCOMPARE(fields, QStringList({"birads_left", "birads_right", "recall", "density",
                                      "confidence", "notes", "findings"}));
        QCOMPARE(entries[0].newValue.value(), QStringLiteral("4"));
        QCOMPARE(entries[3].newValue.value(), QStringLiteral("C"));
        QVERIFY(entries[6].newValue->contains(QLatin1String("\"architectural_distortion\"")));
    }

    void saveAssessment_update_auditsOldAndNewValues()
    {
        Fixture f;
        Assessment a = fullAssessment(f.session.id, QStringLiteral("exam-1"));
        const Assessment first = f.store.saveAssessment(a).value();
        const qint64 before = auditCount(f.store);

        a.biradsLeft = 5;
        a.density.reset();
        a.findings.pop_back();
        QTest::qWait(5); // a later millisecond
        const auto second = f.store.saveAssessment(a);
        QVERIFY2(second.ok(), qPrintable(second.error().toString()));
        QCOMPARE(second.value().id, first.id);
        QCOMPARE(second.value().createdAt, first.createdAt);
        QVERIFY(second.value().updatedAt > first.updatedAt);

        const auto entries = entriesAfter(f.store, before);
        QCOMPARE(int(entries.size()), 3);
        QCOMPARE(entries[0].action, QStringLiteral("update"));
        QCOMPARE(entries[0].field, QStringLiteral("birads_left"));
        QCOMPARE(entries[0].oldValue.value(), QStringLiteral("4"));
        QCOMPARE(entries[0].newValue.value(), QStringLiteral("5"));
        QCOMPARE(entries[1].field, QStringLiteral("density"));
        QCOMPARE(entries[1].oldValue.value(), QStringLiteral("C"));
        QVERIFY(!entries[1].newValue.has_value());
        QCOMPARE(entries[2].field, QStringLiteral("findings"));
        QVERIFY(entries[2].oldValue->contains(QLatin1String("asymmetry")));
        QVERIFY(!entries[2].newValue->contains(QLatin1String("asymmetry")));
        QCOMPARE(entries[0].at, second.value().updatedAt.toString(Qt::ISODateWithMs));

        const auto loaded =
            f.store.assessment(f.session.id, a.examKey, AssessmentPhase::Initial).value();
        QVERIFY(loaded->sameContent(a));
        QCOMPARE(int(loaded->findings.size()), 3);

        // Saving the same content again writes nothing.
        const auto third = f.store.saveAssessment(a);
        QVERIFY(third.ok());
        QCOMPARE(third.value().updatedAt, second.value().updatedAt);
        QCOMPARE(auditCount(f.store), before + 3);
        QVERIFY(f.store.verifyAudit().value().ok());
    }

    void saveAssessment_blindedReading_keepsPhasesApart()
    {
        Fixture f(ReadingMode::Blinded);
        const QString exam = QStringLiteral("exam-blind");
        Assessment initial = fullAssessment(f.session.id, exam);
        initial.biradsLeft = 2;
        initial.recall = false;
        initial.confidence = 20;

        // No reveal before the initial assessment is committed, and no post-AI before a reveal.
        const auto early = f.store.recordReveal(f.session.id, exam, QStringLiteral("gmic-x"));
        QCOMPARE(early.error().code, QStringLiteral("reading.not_assessed"));
        QVERIFY(f.store.saveAssessment(initial).ok());
        Assessment post = initial;
        post.phase = AssessmentPhase::PostAi;
        QCOMPARE(f.store.saveAssessment(post).error().code, QStringLiteral("reading.not_revealed"));

        const qint64 beforeReveal = auditCount(f.store);
        const auto revealed = f.store.recordReveal(f.session.id, exam, QStringLiteral("gmic-x"));
        QVERIFY2(revealed.ok(), qPrintable(revealed.error().toString()));
        QVERIFY(revealed.value().revealedAt.isValid());
        const auto revealEntries = entriesAfter(f.store, beforeReveal);
        QCOMPARE(int(revealEntries.size()), 1);
        QCOMPARE(revealEntries[0].action, QStringLiteral("reveal"));
        QCOMPARE(revealEntries[0].entityKey, QStringLiteral("%1/%2").arg(f.session.id).arg(exam));
        QCOMPARE(revealEntries[0].newValue.value(), QStringLiteral("gmic-x"));
        QCOMPARE(revealEntries[0].reader, QStringLiteral("reader.one"));
        // A second reveal is the first one; nothing new is recorded.
        const auto again = f.store.recordReveal(f.session.id, exam, QStringLiteral("other"));
        QCOMPARE(again.value().id, revealed.value().id);
        QCOMPARE(again.value().model, QStringLiteral("gmic-x"));
        QCOMPARE(auditCount(f.store), beforeReveal + 1);

        // After the reveal the initial assessment is frozen; the change is a post-AI assessment.
        Assessment changedInitial = initial;
        changedInitial.biradsLeft = 4;
        QCOMPARE(f.store.saveAssessment(changedInitial).error().code,
                 QStringLiteral("reading.revealed"));
        post.biradsLeft = 4;
        post.recall = true;
        post.confidence = 85;
        const auto savedPost = f.store.saveAssessment(post);
        QVERIFY2(savedPost.ok(), qPrintable(savedPost.error().toString()));
        QVERIFY(savedPost.value().id != 0);

        const auto both = f.store.assessments(f.session.id).value();
        QCOMPARE(int(both.size()), 2);
        QVERIFY(both[0].phase == AssessmentPhase::Initial);
        QCOMPARE(both[0].biradsLeft, std::optional<int>(2));
        QCOMPARE(both[0].confidence, std::optional<int>(20));
        QVERIFY(both[1].phase == AssessmentPhase::PostAi);
        QCOMPARE(both[1].biradsLeft, std::optional<int>(4));
        QCOMPARE(both[1].confidence, std::optional<int>(85));
        QVERIFY(both[1].id != both[0].id);
        const auto postEntries = f.store.auditEntries().value();
        QCOMPARE(postEntries.back().entityKey,
                 QStringLiteral("%1/%2/post_ai").arg(f.session.id).arg(exam));

        const auto results = f.store.sessionResults(f.session.id).value();
        QCOMPARE(int(results.reveals.size()), 1);
        QVERIFY(results.reveal(exam) != nullptr);
        QCOMPARE(results.reader.login, QStringLiteral("reader.one"));
        QVERIFY(results.session.mode == ReadingMode::Blinded);
    }

    void saveAssessment_invalid_isRefusedWithoutWriting_data()
    {
        QTest::addColumn<int>("change");
        QTest::newRow("BI-RADS 7") << 0;
        QTest::newRow("BI-RADS -1") << 1;
        QTest::newRow("confidence 101") << 2;
        QTest::newRow("empty exam key") << 3;
        QTest::newRow("finding view with a space") << 4;
        QTest::newRow("finding at negative x") << 5;
        QTest::newRow("finding with NaN radius") << 6;
    }

    void saveAssessment_invalid_isRefusedWithoutWriting()
    {
        QFETCH(int, change);
        Fixture f;
        Assessment a = fullAssessment(f.session.id, QStringLiteral("exam-1"));
        switch (change) {
        case 0:
            a.biradsLeft = 7;
            break;
        case 1:
            a.biradsRight = -1;
            break;
        case 2:
            a.confidence = 101;
            break;
        case 3:
            a.examKey = QStringLiteral("  ");
            break;
        case 4:
            a.findings[0].view = QStringLiteral("C C");
            break;
        case 5:
            a.findings[0].x = -3;
            break;
        case 6:
            a.findings[0].radius = std::nan("");
            break;
        }
        const qint64 before = auditCount(f.store);
        const auto saved = f.store.saveAssessment(a);
        QVERIFY(!saved.ok());
        QCOMPARE(saved.error().code, QStringLiteral("reading.invalid"));
        QCOMPARE(auditCount(f.store), before);
        QVERIFY(f.store.assessments(f.session.id).value().empty());
    }

    void saveAssessment_unknownOrEndedSession_isRefused()
    {
        Fixture f;
        Assessment a = fullAssessment(f.session.id + 100, QStringLiteral("exam-1"));
        QCOMPARE(f.store.saveAssessment(a).error().code, QStringLiteral("reading.not_found"));

        const qint64 before = auditCount(f.store);
        const auto ended = f.store.endSession(f.session.id);
        QVERIFY(ended.ok());
        QVERIFY(!ended.value().isOpen());
        QCOMPARE(auditCount(f.store), before + 1);
        QCOMPARE(f.store.endSession(f.session.id).value().endedAt, ended.value().endedAt);
        QCOMPARE(auditCount(f.store), before + 1);
        a.sessionId = f.session.id;
        QCOMPARE(f.store.saveAssessment(a).error().code, QStringLiteral("reading.session_closed"));
    }

    void readers_duplicateOrBadLogin_isRefused()
    {
        Fixture f;
        Reader same;
        same.login = QStringLiteral("reader.one");
        same.displayName = QStringLiteral("Someone");
        QCOMPARE(f.store.addReader(same).error().code, QStringLiteral("reading.duplicate"));
        Reader bad;
        bad.login = QStringLiteral("has space");
        bad.displayName = QStringLiteral("X");
        QCOMPARE(f.store.addReader(bad).error().code, QStringLiteral("reading.invalid"));
        QCOMPARE(f.store.startSession(999, ReadingMode::Clinical).error().code,
                 QStringLiteral("reading.not_found"));
        QCOMPARE(int(f.store.readers().value().size()), 1);
    }

    void openReadOnly_readsButRefusesWrites()
    {
        Fixture f;
        QVERIFY(f.store.saveAssessment(fullAssessment(f.session.id, QStringLiteral("e"))).ok());
        ReadingStore reader(f.path);
        QVERIFY(reader.open(ReadingStore::OpenMode::ReadOnly).ok());
        QCOMPARE(int(reader.assessments(f.session.id).value().size()), 1);
        QVERIFY(reader.verifyAudit().value().ok());
        const auto refused =
            reader.saveAssessment(fullAssessment(f.session.id, QStringLiteral("x")));
        QCOMPARE(refused.error().code, QStringLiteral("reading.read_only"));
    }

    void sessionCsv_hasOneRowPerExamAndPhase()
    {
        Fixture f(ReadingMode::Blinded);
        Assessment a = fullAssessment(f.session.id, QStringLiteral("1.2.3,4")); // needs quoting
        QVERIFY(f.store.saveAssessment(a).ok());
        QVERIFY(f.store.recordReveal(f.session.id, a.examKey, QStringLiteral("m")).ok());
        a.phase = AssessmentPhase::PostAi;
        a.biradsLeft = 5;
        QVERIFY(f.store.saveAssessment(a).ok());
        Assessment b;
        b.sessionId = f.session.id;
        b.examKey = QStringLiteral("exam-b");
        b.biradsLeft = 1;
        b.biradsRight = 1;
        QVERIFY(f.store.saveAssessment(b).ok());

        const SessionResults results = f.store.sessionResults(f.session.id).value();
        const QStringList lines = QString::fromUtf8(SessionCsvWriter::toCsv(results))
                                      .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 4);
        QCOMPARE(lines[0], QStringLiteral("session_id,reader,mode,case_set,exam_key,phase,"
                                          "birads_left,birads_right,recall,density,confidence,"
                                          "findings,created_at,updated_at,revealed_at"));
        const auto t = [](const QDateTime& d) { return d.toString(Qt::ISODateWithMs); };
        const auto& all = results.assessments;
        const QString revealed = t(results.reveals[0].revealedAt);
        const QString s = QString::number(f.session.id);
        QCOMPARE(lines[1], s +
                               QStringLiteral(",reader.one,blinded,set-a,\"1.2.3,4\",initial,4,1,"
                                              "1,C,73,4,") +
                               t(all[0].createdAt) + ',' + t(all[0].updatedAt) + ',' + revealed);
        QCOMPARE(lines[2], s +
                               QStringLiteral(",reader.one,blinded,set-a,\"1.2.3,4\",post_ai,5,1,"
                                              "1,C,73,4,") +
                               t(all[1].createdAt) + ',' + t(all[1].updatedAt) + ',' + revealed);
        QCOMPARE(lines[3],
                 s + QStringLiteral(",reader.one,blinded,set-a,exam-b,initial,1,1,0,,,0,") +
                     t(all[2].createdAt) + ',' + t(all[2].updatedAt) + ',');
        QVERIFY(lines[1].contains(QLatin1String("Z,")));

        const QString out = f.dir.filePath(QStringLiteral("session.csv"));
        const auto written = SessionCsvWriter::write(results, out);
        QVERIFY(written.ok());
        QCOMPARE(written.value(), 3);
        QFile file(out);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), SessionCsvWriter::toCsv(results));
        QCOMPARE(
            SessionCsvWriter::write(results, f.dir.filePath(QStringLiteral("no/such/dir/x.csv")))
                .error()
                .code,
            QStringLiteral("reading.write_failed"));
        QCOMPARE(SessionCsvWriter::quote(QStringLiteral("a\"b")), QStringLiteral("\"a\"\"b\""));
    }

    void drafts_roundTripReplaceAndDiscard()
    {
        Fixture f;
        QVERIFY(f.session.id > 0);
        const qint64 before = auditCount(f.store);
        Assessment one = fullAssessment(f.session.id, QStringLiteral("exam-1"));
        Assessment two;
        two.sessionId = f.session.id;
        two.examKey = QStringLiteral("exam-2");
        two.biradsRight = 2; // half filled: a draft need not be committable
        QVERIFY(f.store.saveDrafts(f.session.id, {one, two}).ok());
        auto drafts = f.store.drafts(f.session.id);
        QVERIFY(drafts.ok());
        QCOMPARE(int(drafts.value().size()), 2);
        QVERIFY(drafts.value()[0].sameContent(one)); // every field, findings and notes included
        QVERIFY(drafts.value()[1].sameContent(two));

        // Replacing one and discarding the other in one save.
        one.notes = QStringLiteral("revised");
        one.findings.pop_back();
        QVERIFY(f.store.saveDrafts(f.session.id, {one}, {QStringLiteral("exam-2")}).ok());
        drafts = f.store.drafts(f.session.id);
        QCOMPARE(int(drafts.value().size()), 1);
        QVERIFY(drafts.value()[0].sameContent(one));
        // Working state, not the reader's word: nothing in the audit trail.
        QCOMPARE(auditCount(f.store), before);
        QVERIFY(f.store.verifyAudit().value().ok());
    }

    void drafts_goWithTheCommitAndTheSessionsEnd()
    {
        Fixture f;
        const Assessment one = fullAssessment(f.session.id, QStringLiteral("exam-1"));
        Assessment two = one;
        two.examKey = QStringLiteral("exam-2");
        QVERIFY(f.store.saveDrafts(f.session.id, {one, two}).ok());
        QVERIFY(f.store.saveAssessment(one).ok()); // the commit supersedes exam-1's draft
        auto drafts = f.store.drafts(f.session.id);
        QCOMPARE(int(drafts.value().size()), 1);
        QCOMPARE(drafts.value()[0].examKey, QStringLiteral("exam-2"));
        // Committing content equal to what is stored still takes the draft.
        QVERIFY(f.store.saveDrafts(f.session.id, {one}).ok());
        QVERIFY(f.store.saveAssessment(one).ok());
        QCOMPARE(int(f.store.drafts(f.session.id).value().size()), 1);

        QVERIFY(f.store.endSession(f.session.id).ok());
        QVERIFY(f.store.drafts(f.session.id).value().empty());
        const auto refused = f.store.saveDrafts(f.session.id, {two});
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, QStringLiteral("reading.session_closed"));
        QCOMPARE(f.store.saveDrafts(9999, {}).error().code, QStringLiteral("reading.not_found"));
        Assessment foreign = two;
        foreign.sessionId = 9999;
        QCOMPARE(f.store.saveDrafts(f.session.id, {foreign}).error().code,
                 QStringLiteral("reading.invalid"));
    }

    void unfinishedSession_isResumedWithItsDrafts()
    {
        Fixture f(ReadingMode::Blinded);
        Reader other;
        other.login = QStringLiteral("reader.two");
        other.displayName = QStringLiteral("Dr Two");
        other = f.store.addReader(other).value();
        QVERIFY(!f.store.unfinishedSession(other.id).value().has_value());
        const ReadingSession ended = f.store.startSession(other.id, ReadingMode::Clinical).value();
        QVERIFY(f.store.endSession(ended.id).ok());
        QVERIFY(!f.store.unfinishedSession(other.id).value().has_value());

        const Assessment draft = fullAssessment(f.session.id, QStringLiteral("exam-1"));
        QVERIFY(f.store.saveDrafts(f.session.id, {draft}).ok());
        // Another process (the workstation after a crash) finds it and goes on with it.
        ReadingStore again(f.path);
        QVERIFY(again.open().ok());
        const auto unfinished = again.unfinishedSession(f.reader.id);
        QVERIFY(unfinished.ok() && unfinished.value().has_value());
        QCOMPARE(unfinished.value()->id, f.session.id);
        QVERIFY(unfinished.value()->mode == ReadingMode::Blinded);
        const qint64 seq = auditCount(again);
        const auto resumed = again.resumeSession(f.session.id);
        QVERIFY(resumed.ok());
        const auto entries = entriesAfter(again, seq);
        QCOMPARE(int(entries.size()), 1);
        QCOMPARE(entries[0].action, QStringLiteral("resume"));
        QCOMPARE(entries[0].reader, f.reader.login);
        QCOMPARE(entries[0].entityKey, QString::number(f.session.id));
        QVERIFY(again.drafts(f.session.id).value()[0].sameContent(draft));
        QVERIFY(again.verifyAudit().value().ok());

        QVERIFY(again.endSession(f.session.id).ok());
        QCOMPARE(again.resumeSession(f.session.id).error().code,
                 QStringLiteral("reading.session_closed"));
        QCOMPARE(again.resumeSession(9999).error().code, QStringLiteral("reading.not_found"));
    }

    void drafts_unreadableRowIsLeftOut()
    {
        Fixture f;
        const Assessment draft = fullAssessment(f.session.id, QStringLiteral("exam-1"));
        QVERIFY(f.store.saveDrafts(f.session.id, {draft}).ok());
        {
            RawConnection raw(f.path);
            QCOMPARE(raw.exec(QStringLiteral("INSERT INTO drafts VALUES (%1, 'exam-0', "
                                             "'{\"phase\":\"later\"}', 'x')")
                                  .arg(f.session.id)),
                     QString());
        }
        const auto drafts = f.store.drafts(f.session.id);
        QVERIFY(drafts.ok());
        QCOMPARE(int(drafts.value().size()), 1);
        QCOMPARE(drafts.value()[0].examKey, QStringLiteral("exam-1"));
    }

    void defaultPath_isInTheApplicationDataFolder()
    {
        const QString path = ReadingStore::defaultPath();
        QVERIFY(path.endsWith(QLatin1String("/readings.sqlite")));
        QVERIFY(path.startsWith(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)));
    }
};

QTEST_GUILESS_MAIN(TestReadingStore)
#include "tst_readingstore.moc"
