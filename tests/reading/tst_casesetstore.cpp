// The reading store's case sets (schema version 3): import with its audit entries, every field's
// round trip, refusals, and the migration of a version 2 store with its data and chain.

#include "core/reading/audittrail.h"
#include "core/reading/casesetstore.h"
#include "core/reading/readingschema.h"
#include "core/reading/readingstore.h"
#include "readingtestsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace mammolens::core;
using mammolens::testing::RawConnection;

namespace {

CaseSet twoCases(const QString& name = QStringLiteral("Set A"))
{
    CaseSet set;
    set.name = name;
    set.description = QStringLiteral("Two cases; \"quoted\" and ünïcode");
    set.source = QStringLiteral("/sets/a.json");
    CaseTruth first;
    first.examKey = QStringLiteral("1.2.826.0.1.3680043.1");
    first.examPath = QStringLiteral("/exams/one");
    first.left = BreastTruth::Malignant;
    first.right = BreastTruth::Benign;
    CaseLesion a;
    a.breast = Laterality::Left;
    a.view = QStringLiteral("CC");
    a.pathology = BreastTruth::Malignant;
    a.x = 10;
    a.y = 20;
    a.width = 30;
    a.height = 40;
    a.mask = QStringLiteral("/masks/one_L-CC.png");
    CaseLesion b = a;
    b.breast = Laterality::Right;
    b.view = QStringLiteral("MLO");
    b.pathology = BreastTruth::Benign;
    b.mask.clear();
    first.lesions = {a, b};
    CaseTruth second;
    second.examKey = QStringLiteral("exam-two");
    second.examPath = QStringLiteral("/exams/two");
    set.cases = {first, second};
    return set;
}

/// A store as schema version 2 left it, by hand: migrations 1 and 2 (frozen once shipped), their
/// audit entries, and a teaching session with an assessment.
void writeVersionTwoDatabase(const QString& path)
{
    RawConnection raw(path);
    QStringList statements;
    for (const ReadingSchema::Migration& m : ReadingSchema::migrations())
        if (m.version <= 2)
            statements += m.statements;
    statements += QStringList{
        QStringLiteral("INSERT INTO readers VALUES (1, 'trainee', 'Dr Trainee', "
                       "'2024-03-01T08:00:00.000Z')"),
        QStringLiteral("INSERT INTO sessions (id, reader_id, started_at, ended_at, mode, case_set) "
                       "VALUES (1, 1, '2024-03-01T08:01:00.000Z', NULL, 'teaching', 'Set A')"),
        QStringLiteral("INSERT INTO assessments (id, session_id, exam_key, birads_left, "
                       "birads_right, recall, density, notes, created_at, updated_at, phase, "
                       "confidence) VALUES (1, 1, 'exam-two', 1, 1, 0, 'A', '', "
                       "'2024-03-01T08:02:00.000Z', '2024-03-01T08:02:00.000Z', 'initial', 15)"),
        QStringLiteral("PRAGMA application_id = 1296847428"), // "MLRD"
        QStringLiteral("PRAGMA user_version = 2"),
    };
    for (const QString& statement : statements)
        QVERIFY2(raw.exec(statement).isEmpty(), qPrintable(statement));
    std::vector<AuditEntry> entries;
    for (int version : {1, 2}) {
        AuditEntry e;
        e.at = QStringLiteral("2024-03-01T07:59:00.000Z");
        e.reader = QStringLiteral("system");
        e.action = QStringLiteral("migrate");
        e.entity = QStringLiteral("schema");
        e.entityKey = QStringLiteral("user_version");
        e.field = QStringLiteral("user_version");
        e.oldValue = QString::number(version - 1);
        e.newValue = QStringLiteral("%1: %2").arg(version).arg(
            ReadingSchema::migrations()[size_t(version - 1)].summary);
        entries.push_back(e);
    }
    QVERIFY(AuditTrail(raw.name()).append(entries).ok());
}

} // namespace

class TestCaseSetStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void importCaseSet_roundTrip_keepsEveryFieldAndAudits()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("r.sqlite"));
        ReadingStore store(path);
        QVERIFY(store.open().ok());
        const qint64 before = qint64(store.auditEntries().value().size());

        const CaseSet set = twoCases();
        const auto imported = store.importCaseSet(set, QStringLiteral("teacher"));
        QVERIFY2(imported.ok(), qPrintable(imported.error().toString()));
        QVERIFY(imported.value().id > 0);
        QVERIFY(imported.value().importedAt.isValid());
        QCOMPARE(imported.value().importedAt.timeSpec(), Qt::UTC);

        // Read back through another connection, as after a restart.
        ReadingStore other(path);
        QVERIFY(other.open().ok());
        const auto loaded = other.caseSet(set.name).value();
        QVERIFY(loaded.has_value());
        QCOMPARE(loaded->id, imported.value().id);
        QCOMPARE(loaded->name, set.name);
        QCOMPARE(loaded->description, set.description);
        QCOMPARE(loaded->source, set.source);
        QCOMPARE(loaded->importedAt, imported.value().importedAt);
        QCOMPARE(loaded->cases.size(), set.cases.size());
        for (size_t i = 0; i < set.cases.size(); ++i)
            QVERIFY2(loaded->cases[i] == set.cases[i], qPrintable(QString::number(i)));
        QVERIFY(!other.caseSet(QStringLiteral("Set B")).value().has_value());

        // Four entries, one transaction: who imported, and the truth itself in the chain.
        const auto entries = store.auditEntries(before + 1).value();
        QCOMPARE(int(entries.size()), 4);
        for (const AuditEntry& e : entries) {
            QCOMPARE(e.action, QStringLiteral("import"));
            QCOMPARE(e.entity, QStringLiteral("case_set"));
            QCOMPARE(e.entityKey, QString::number(imported.value().id));
            QCOMPARE(e.reader, QStringLiteral("teacher"));
            QVERIFY(!e.oldValue.has_value());
        }
        QCOMPARE(entries[0].field, QStringLiteral("name"));
        QCOMPARE(entries[0].newValue.value(), set.name);
        QCOMPARE(entries[3].field, QStringLiteral("cases"));
        QCOMPARE(entries[3].newValue.value(), CaseSetStore::truthText(set));
        const QJsonArray truth = QJsonDocument::fromJson(entries[3].newValue->toUtf8()).array();
        QCOMPARE(truth.size(), 2);
        const QJsonObject lesion =
            truth[0].toObject().value(QStringLiteral("lesions")).toArray()[0].toObject();
        QCOMPARE(lesion.value(QStringLiteral("class")).toString(), QStringLiteral("malignant"));
        QCOMPARE(lesion.value(QStringLiteral("height")).toInt(), 40);
        QVERIFY(!entries[3].newValue->contains(QLatin1String("/exams/one"))); // paths are not truth
        QVERIFY(store.verifyAudit().value().ok());

        // caseSets() lists by name.
        QVERIFY(store.importCaseSet(twoCases(QStringLiteral("Another"))).ok());
        const auto all = other.caseSets().value();
        QCOMPARE(int(all.size()), 2);
        QCOMPARE(all[0].name, QStringLiteral("Another"));
        QCOMPARE(all[1].name, QStringLiteral("Set A"));
        QCOMPARE(int(all[1].cases[0].lesions.size()), 2);
        QCOMPARE(store.integrityCheck().value(), QStringLiteral("ok"));
    }

    void importCaseSet_refusals_writeNothing_data()
    {
        QTest::addColumn<QByteArray>("change");
        QTest::addColumn<QString>("code");
        QTest::newRow("name taken")
            << QByteArray("duplicate") << QStringLiteral("reading.duplicate");
        QTest::newRow("empty name") << QByteArray("name") << QStringLiteral("reading.invalid");
        QTest::newRow("no cases") << QByteArray("cases") << QStringLiteral("reading.invalid");
        QTest::newRow("one exam twice") << QByteArray("twice") << QStringLiteral("reading.invalid");
        QTest::newRow("malignant lesion on a benign breast")
            << QByteArray("conflict") << QStringLiteral("reading.invalid");
        QTest::newRow("empty box") << QByteArray("box") << QStringLiteral("reading.invalid");
        QTest::newRow("non-standard view")
            << QByteArray("view") << QStringLiteral("reading.invalid");
    }

    void importCaseSet_refusals_writeNothing()
    {
        QFETCH(QByteArray, change);
        QFETCH(QString, code);
        QTemporaryDir dir;
        ReadingStore store(dir.filePath(QStringLiteral("r.sqlite")));
        QVERIFY(store.open().ok());
        QVERIFY(store.importCaseSet(twoCases()).ok());
        const qint64 before = qint64(store.auditEntries().value().size());
        CaseSet set = twoCases(QStringLiteral("Other"));
        if (change == "duplicate")
            set.name = QStringLiteral("Set A");
        else if (change == "name")
            set.name = QStringLiteral("  ");
        else if (change == "cases")
            set.cases.clear();
        else if (change == "twice")
            set.cases[1].examKey = set.cases[0].examKey;
        else if (change == "conflict")
            set.cases[0].lesions[1].pathology = BreastTruth::Malignant;
        else if (change == "box")
            set.cases[0].lesions[0].width = 0;
        else if (change == "view")
            set.cases[0].lesions[0].view = QStringLiteral("XCCL");
        const auto imported = store.importCaseSet(set);
        QVERIFY(!imported.ok());
        QCOMPARE(imported.error().code, code);
        QCOMPARE(qint64(store.auditEntries().value().size()), before);
        QCOMPARE(int(store.caseSets().value().size()), 1);
    }

    void importCaseSet_readOnlyStore_isRefused()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("r.sqlite"));
        {
            ReadingStore store(path);
            QVERIFY(store.open().ok());
        }
        ReadingStore store(path);
        QVERIFY(store.open(ReadingStore::OpenMode::ReadOnly).ok());
        QCOMPARE(store.importCaseSet(twoCases()).error().code, QStringLiteral("reading.read_only"));
        QVERIFY(store.caseSets().value().empty());
        ReadingStore closed(path);
        QCOMPARE(closed.caseSets().error().code, QStringLiteral("reading.not_open"));
    }

    void open_versionTwoDatabase_migratesKeepsDataAndChain()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("v2.sqlite"));
        writeVersionTwoDatabase(path);
        if (QTest::currentTestFailed())
            return;

        // Read-only, the old file is left as it is and simply has no case sets.
        {
            ReadingStore readOnly(path);
            QCOMPARE(readOnly.open(ReadingStore::OpenMode::ReadOnly).value(), 2);
            QCOMPARE(readOnly.schemaVersion(), 2);
            QVERIFY(readOnly.caseSets().value().empty());
            QVERIFY(!readOnly.caseSet(QStringLiteral("Set A")).value().has_value());
        }

        ReadingStore store(path);
        const auto opened = store.open();
        QVERIFY2(opened.ok(), qPrintable(opened.error().toString()));
        QCOMPARE(opened.value(), 2);
        QCOMPARE(store.schemaVersion(), ReadingStore::kSchemaVersion);
        QCOMPARE(ReadingStore::kSchemaVersion, 4);
        RawConnection raw(path);
        QCOMPARE(raw.value(QStringLiteral("PRAGMA user_version")).toInt(), 4);
        for (const char* table : {"case_sets", "case_truth", "case_lesions", "drafts"})
            QVERIFY2(raw.value(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = "
                                              "'table' AND name = '%1'")
                                   .arg(QLatin1String(table)))
                             .toInt() == 1,
                     table);

        // The migration follows the old entries in the chain, which still verifies.
        const auto entries = store.auditEntries().value();
        QCOMPARE(int(entries.size()), 4);
        QCOMPARE(entries[2].action, QStringLiteral("migrate"));
        QCOMPARE(entries[2].oldValue.value(), QStringLiteral("2"));
        QVERIFY(entries[2].newValue->startsWith(QLatin1String("3: teaching case sets")));
        QCOMPARE(entries[3].action, QStringLiteral("migrate"));
        QVERIFY(entries[3].newValue->startsWith(QLatin1String("4: drafts")));
        QVERIFY(store.verifyAudit().value().ok());

        // The old data is there, and the old teaching session can now be scored once its case
        // set is imported.
        const auto session = store.session(1).value();
        QVERIFY(session && session->mode == ReadingMode::Teaching);
        QCOMPARE(session->caseSet, QStringLiteral("Set A"));
        const auto old =
            store.assessment(1, QStringLiteral("exam-two"), AssessmentPhase::Initial).value();
        QVERIFY(old && old->confidence == std::optional<int>(15));
        QVERIFY(store.importCaseSet(twoCases()).ok());
        QCOMPARE(store.caseSet(QStringLiteral("Set A")).value()->cases.size(), size_t(2));
        QVERIFY(store.verifyAudit().value().ok());
        QCOMPARE(store.integrityCheck().value(), QStringLiteral("ok"));

        // A second open migrates nothing.
        ReadingStore again(path);
        QCOMPARE(again.open().value(), ReadingStore::kSchemaVersion);
        QCOMPARE(qint64(again.auditEntries().value().size()),
                 qint64(store.auditEntries().value().size()));
    }
};

QTEST_GUILESS_MAIN(TestCaseSetStore)
#include "tst_casesetstore.moc"
