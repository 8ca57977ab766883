// AuditTrail: the chain verifies when intact; SQL cannot rewrite it while its triggers stand;
// an edit or a deletion made after dropping them is found at the entry where it was made.

#include "core/reading/audittrail.h"
#include "core/reading/readingstore.h"
#include "readingtestsupport.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace mammolens::core;
using mammolens::testing::fullAssessment;
using mammolens::testing::RawConnection;

namespace {

/// A store with a history: a reader, a session, assessments created and changed, a reveal.
/// Returns the number of audit entries.
qint64 writeHistory(const QString& path)
{
    ReadingStore store(path);
    if (!store.open().ok())
        return -1;
    Reader r;
    r.login = QStringLiteral("auditor");
    r.displayName = QStringLiteral("A. Uditor");
    const Reader reader = store.addReader(r).value();
    const ReadingSession session =
        store.startSession(reader.id, ReadingMode::Blinded, QStringLiteral("set")).value();
    for (int i = 0; i < 3; ++i) {
        Assessment a = fullAssessment(session.id, QStringLiteral("exam-%1").arg(i));
        if (!store.saveAssessment(a).ok())
            return -1;
        a.notes += QStringLiteral(" (amended)");
        if (!store.saveAssessment(a).ok())
            return -1;
    }
    if (!store.recordReveal(session.id, QStringLiteral("exam-0"), QStringLiteral("m")).ok())
        return -1;
    return qint64(store.auditEntries().value().size());
}

AuditVerification verify(const QString& path)
{
    ReadingStore store(path);
    const auto opened = store.open(ReadingStore::OpenMode::ReadOnly);
    if (!opened.ok())
        qWarning() << opened.error().toString();
    return store.verifyAudit().value();
}

} // namespace

class TestAuditTrail : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void verify_intactChain_isOk()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("r.sqlite"));
        const qint64 count = writeHistory(path);
        QVERIFY(count > 20);
        ReadingStore store(path);
        QVERIFY(store.open().ok());
        const auto v = store.verifyAudit();
        QVERIFY(v.ok());
        QVERIFY2(v.value().ok(), qPrintable(v.value().detail));
        QCOMPARE(v.value().checked, count);
        QCOMPARE(v.value().headSeq, count);
        const auto entries = store.auditEntries().value();
        QCOMPARE(v.value().headHash, entries.back().hash);
        // Each entry points at its predecessor; the first at the genesis hash.
        QCOMPARE(entries.front().prevHash, AuditTrail::genesisHash());
        for (size_t i = 1; i < entries.size(); ++i) {
            QCOMPARE(entries[i].seq, entries[i - 1].seq + 1);
            QCOMPARE(entries[i].prevHash, entries[i - 1].hash);
            QCOMPARE(entries[i].hash, AuditTrail::computeHash(entries[i]));
            QCOMPARE(entries[i].hash.size(), 64);
            // UTC ISO 8601 with milliseconds.
            QVERIFY2(QDateTime::fromString(entries[i].at, Qt::ISODateWithMs).isValid(),
                     qPrintable(entries[i].at));
            QVERIFY(entries[i].at.endsWith(QLatin1Char('Z')));
        }
        QCOMPARE(store.auditEntries(3, 2).value().size(), size_t(2));
        QCOMPARE(store.auditEntries(3, 2).value()[0].seq, qint64(3));
    }

    void twoStoresOnOneFile_interleavedWrites_keepOneChain()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("r.sqlite"));
        ReadingStore a(path), b(path); // two windows, or the GUI and a CLI
        QVERIFY(a.open().ok());
        QVERIFY(b.open().ok());
        Reader one, two;
        one.login = QStringLiteral("one");
        one.displayName = QStringLiteral("One");
        two.login = QStringLiteral("two");
        two.displayName = QStringLiteral("Two");
        const qint64 sa =
            a.startSession(a.addReader(one).value().id, ReadingMode::Clinical).value().id;
        const qint64 sb =
            b.startSession(b.addReader(two).value().id, ReadingMode::Clinical).value().id;
        for (int i = 0; i < 5; ++i) {
            QVERIFY(a.saveAssessment(fullAssessment(sa, QStringLiteral("a%1").arg(i))).ok());
            QVERIFY(b.saveAssessment(fullAssessment(sb, QStringLiteral("b%1").arg(i))).ok());
        }
        const auto v = a.verifyAudit().value();
        QVERIFY2(v.ok(), qPrintable(v.detail));
        QCOMPARE(v.headSeq, b.verifyAudit().value().headSeq);
        // One entry per migration, 2 per reader, 3 per session start, 7 per assessment.
        QCOMPARE(v.checked, qint64(ReadingStore::kSchemaVersion + 2 * 2 + 2 * 3 + 10 * 7));
    }

    void verify_emptyTrail_isOkAtGenesis()
    {
        QTemporaryDir dir;
        RawConnection raw(dir.filePath(QStringLiteral("empty.sqlite")));
        for (const QString& s : AuditTrail::schemaStatements())
            QVERIFY(raw.exec(s).isEmpty());
        const auto v = AuditTrail(raw.name()).verify();
        QVERIFY(v.ok() && v.value().ok());
        QCOMPARE(v.value().checked, qint64(0));
        QCOMPARE(v.value().headHash, AuditTrail::genesisHash());
    }

    void sql_updateOrDelete_isRefusedByTheTriggers_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::newRow("update a value")
            << QStringLiteral("UPDATE audit_log SET new_value = 'forged' WHERE seq = 5");
        QTest::newRow("update a hash")
            << QStringLiteral("UPDATE audit_log SET hash = prev_hash WHERE seq = 5");
        QTest::newRow("delete one") << QStringLiteral("DELETE FROM audit_log WHERE seq = 5");
        QTest::newRow("delete all") << QStringLiteral("DELETE FROM audit_log");
    }

    void sql_updateOrDelete_isRefusedByTheTriggers()
    {
        QFETCH(QString, sql);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("r.sqlite"));
        const qint64 count = writeHistory(path);
        {
            RawConnection raw(path);
            const QString error = raw.exec(sql);
            QVERIFY2(error.contains(QLatin1String("append-only")), qPrintable(error));
            QCOMPARE(raw.value(QStringLiteral("SELECT count(*) FROM audit_log")).toLongLong(),
                     count);
        }
        QVERIFY(verify(path).ok());
    }

    void verify_rowEditedAfterDroppingTheTrigger_reportsThatSeq_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<int>("problem");
        QTest::addColumn<qint64>("brokenSeq");
        const int hash = int(AuditVerification::Problem::HashMismatch);
        const int prev = int(AuditVerification::Problem::PrevHashMismatch);
        QTest::newRow("new value changed")
            << QStringLiteral("UPDATE audit_log SET new_value = '2' WHERE seq = 9") << hash
            << qint64(9);
        QTest::newRow("old value set to NULL")
            << QStringLiteral("UPDATE audit_log SET old_value = NULL WHERE seq = "
                              "(SELECT min(seq) FROM audit_log WHERE old_value IS NOT NULL)")
            << hash << qint64(-1);
        QTest::newRow("NULL made empty")
            << QStringLiteral("UPDATE audit_log SET old_value = '' WHERE seq = 9") << hash
            << qint64(9);
        QTest::newRow("who changed")
            << QStringLiteral("UPDATE audit_log SET reader = 'someone' WHERE seq = 12") << hash
            << qint64(12);
        QTest::newRow("when changed")
            << QStringLiteral("UPDATE audit_log SET at = '2020-01-01T00:00:00.000Z' WHERE seq = 4")
            << hash << qint64(4);
        QTest::newRow("last entry changed")
            << QStringLiteral("UPDATE audit_log SET field = 'x' WHERE seq = "
                              "(SELECT max(seq) FROM audit_log)")
            << hash << qint64(-2);
        // A forger who recomputes the hash of the edited entry breaks the next one's link.
        QTest::newRow("edited and its hash recomputed")
            << QStringLiteral("REHASH 9") << prev << qint64(10);
    }

    void verify_rowEditedAfterDroppingTheTrigger_reportsThatSeq()
    {
        QFETCH(QString, sql);
        QFETCH(int, problem);
        QFETCH(qint64, brokenSeq);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("r.sqlite"));
        const qint64 count = writeHistory(path);
        {
            RawConnection raw(path);
            // What someone with the file can do: the triggers are only the first defence.
            QVERIFY(raw.exec(QStringLiteral("DROP TRIGGER audit_log_no_update")).isEmpty());
            if (brokenSeq == -1)
                brokenSeq = raw.value(QStringLiteral("SELECT min(seq) FROM audit_log WHERE "
                                                     "old_value IS NOT NULL"))
                                .toLongLong();
            if (brokenSeq == -2)
                brokenSeq = count;
            if (sql.startsWith(QLatin1String("REHASH"))) {
                const qint64 seq = sql.mid(7).toLongLong();
                auto entry = AuditTrail(raw.name()).entries(seq, 1).value().front();
                entry.newValue = QStringLiteral("forged");
                const QString forgedHash = AuditTrail::computeHash(entry);
                QSqlQuery q(raw.db());
                q.prepare(QStringLiteral(
                    "UPDATE audit_log SET new_value = 'forged', hash = ? WHERE seq = ?"));
                q.addBindValue(forgedHash);
                q.addBindValue(seq);
                QVERIFY(q.exec());
            } else {
                QVERIFY2(raw.exec(sql).isEmpty(), qPrintable(sql));
            }
        }
        const AuditVerification v = verify(path);
        QVERIFY(!v.ok());
        QCOMPARE(int(v.problem), problem);
        QCOMPARE(v.brokenSeq, brokenSeq);
        QCOMPARE(v.checked, brokenSeq - 1);
        QCOMPARE(v.headSeq, brokenSeq - 1);
        QVERIFY(v.detail.contains(QString::number(brokenSeq)));
    }

    void verify_rowDeletedAfterDroppingTheTrigger_reportsTheGap_data()
    {
        QTest::addColumn<QString>("where");
        QTest::addColumn<qint64>("missing");
        QTest::newRow("one in the middle") << QStringLiteral("seq = 7") << qint64(7);
        QTest::newRow("several") << QStringLiteral("seq BETWEEN 7 AND 9") << qint64(7);
        QTest::newRow("the first") << QStringLiteral("seq = 1") << qint64(1);
    }

    void verify_rowDeletedAfterDroppingTheTrigger_reportsTheGap()
    {
        QFETCH(QString, where);
        QFETCH(qint64, missing);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("r.sqlite"));
        QVERIFY(writeHistory(path) > 10);
        {
            RawConnection raw(path);
            QVERIFY(raw.exec(QStringLiteral("DROP TRIGGER audit_log_no_delete")).isEmpty());
            QVERIFY(raw.exec(QStringLiteral("DELETE FROM audit_log WHERE ") + where).isEmpty());
        }
        const AuditVerification v = verify(path);
        QVERIFY(v.problem == AuditVerification::Problem::SeqGap);
        QCOMPARE(v.brokenSeq, missing);
        QCOMPARE(v.checked, missing - 1);
        QCOMPARE(toString(v.problem), QStringLiteral("gap in seq"));
    }

    void canonical_isUnambiguous()
    {
        AuditEntry a;
        a.seq = 1;
        a.at = QStringLiteral("2024-01-01T00:00:00.000Z");
        a.reader = QStringLiteral("ab");
        a.action = QStringLiteral("c");
        a.prevHash = AuditTrail::genesisHash();
        AuditEntry b = a;
        b.reader = QStringLiteral("a");
        b.action = QStringLiteral("bc");
        QVERIFY(AuditTrail::canonical(a) != AuditTrail::canonical(b));
        AuditEntry empty = a;
        empty.oldValue = QString();
        QVERIFY(AuditTrail::computeHash(empty) != AuditTrail::computeHash(a)); // "" is not NULL
        AuditEntry separator = a;
        separator.reader = QStringLiteral("ab|1:c");
        separator.action.clear();
        QVERIFY(AuditTrail::canonical(separator) != AuditTrail::canonical(a));
        // The documented format, so that a third party can re-check a chain.
        QCOMPARE(AuditTrail::canonical(a),
                 QByteArray("mammolens-audit-v1|1:1|24:2024-01-01T00:00:00.000Z|2:ab|1:c|0:|0:|0:"
                            "|~|~|64:") +
                     AuditTrail::genesisHash().toLatin1());
    }
};

QTEST_GUILESS_MAIN(TestAuditTrail)
#include "tst_audittrail.moc"
