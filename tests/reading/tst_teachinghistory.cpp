// TeachingHistory: one stored teaching session's statistics, and a reader's history across
// sessions and case sets, from a real store.

#include "core/reading/readingstore.h"
#include "core/reading/teachinghistory.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

using namespace mammolens::core;

namespace {

CaseTruth truth(const QString& key, BreastTruth left)
{
    CaseTruth c;
    c.examKey = key;
    c.examPath = QStringLiteral("/cases/") + key;
    c.left = left;
    if (left == BreastTruth::Malignant) {
        CaseLesion l;
        l.breast = Laterality::Left;
        l.view = QStringLiteral("CC");
        l.x = 100;
        l.y = 100;
        l.width = 20;
        l.height = 20;
        c.lesions.push_back(l);
    }
    return c;
}

/// Two malignant cases (m1, m2) and two normal ones (n1, n2).
CaseSet fourCases(const QString& name)
{
    CaseSet set;
    set.name = name;
    set.cases = {truth(QStringLiteral("m1"), BreastTruth::Malignant),
                 truth(QStringLiteral("m2"), BreastTruth::Malignant),
                 truth(QStringLiteral("n1"), BreastTruth::Normal),
                 truth(QStringLiteral("n2"), BreastTruth::Normal)};
    return set;
}

Assessment assessed(qint64 session, const QString& key, bool recall, int confidence,
                    bool markLesion = false)
{
    Assessment a;
    a.sessionId = session;
    a.examKey = key;
    a.recall = recall;
    a.confidence = confidence;
    if (markLesion) {
        Finding f;
        f.breast = Laterality::Left;
        f.view = QStringLiteral("CC");
        f.x = 110;
        f.y = 110;
        a.findings.push_back(f);
    }
    return a;
}

struct Fixture
{
    QTemporaryDir dir;
    ReadingStore store{dir.filePath(QStringLiteral("r.sqlite"))};
    qint64 trainee = 0;
    qint64 other = 0;

    Fixture()
    {
        if (!store.open().ok())
            return;
        Reader r;
        r.login = QStringLiteral("trainee");
        r.displayName = QStringLiteral("Dr Trainee");
        trainee = store.addReader(r).value().id;
        r.login = QStringLiteral("other");
        r.displayName = QStringLiteral("Dr Other");
        other = store.addReader(r).value().id;
        store.importCaseSet(fourCases(QStringLiteral("Set A")));
        store.importCaseSet(fourCases(QStringLiteral("Set B")));
    }

    qint64 teaching(qint64 reader, const QString& set)
    {
        return store.startSession(reader, ReadingMode::Teaching, set).value().id;
    }
};

} // namespace

class TestTeachingHistory : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void ofReader_twoSessions_improvementInTimeOrder()
    {
        Fixture f;
        // First session on set A: one cancer found (and localised), one missed, one false
        // positive; the AUC from the confidence is 0.75.
        const qint64 first = f.teaching(f.trainee, QStringLiteral("Set A"));
        for (const Assessment& a : {assessed(first, QStringLiteral("m1"), true, 80, true),
                                    assessed(first, QStringLiteral("m2"), false, 30),
                                    assessed(first, QStringLiteral("n1"), true, 60),
                                    assessed(first, QStringLiteral("n2"), false, 10)})
            QVERIFY(f.store.saveAssessment(a).ok());
        QVERIFY(f.store.endSession(first).ok());
        // Someone else's session and a clinical one of the trainee are not the history.
        const qint64 others = f.teaching(f.other, QStringLiteral("Set A"));
        QVERIFY(f.store.saveAssessment(assessed(others, QStringLiteral("m1"), true, 90)).ok());
        QVERIFY(f.store.startSession(f.trainee, ReadingMode::Clinical).ok());
        // Second session on set B: everything right; then one exam revised after the reveal.
        const qint64 second = f.teaching(f.trainee, QStringLiteral("Set B"));
        for (const Assessment& a : {assessed(second, QStringLiteral("m1"), true, 90, true),
                                    assessed(second, QStringLiteral("m2"), true, 70, true),
                                    assessed(second, QStringLiteral("n1"), false, 20),
                                    assessed(second, QStringLiteral("n2"), false, 10)})
            QVERIFY(f.store.saveAssessment(a).ok());
        QVERIFY(f.store.recordReveal(second, QStringLiteral("n1"), QStringLiteral("truth")).ok());
        Assessment revised = assessed(second, QStringLiteral("n1"), true, 95);
        revised.phase = AssessmentPhase::PostAi;
        QVERIFY(f.store.saveAssessment(revised).ok());

        const auto history = TeachingHistory::ofReader(f.store, QStringLiteral("trainee"));
        QVERIFY2(history.ok(), qPrintable(history.error().toString()));
        const auto& entries = history.value();
        QCOMPARE(int(entries.size()), 2);
        QCOMPARE(entries[0].session.id, first);
        QCOMPARE(entries[1].session.id, second);
        QVERIFY(entries[0].session.startedAt <= entries[1].session.startedAt);
        QCOMPARE(entries[0].reader.login, QStringLiteral("trainee"));

        const TeachingStatistics& a = *entries[0].initial;
        QCOMPARE(*a.sensitivity.value(), 0.5);
        QCOMPARE(*a.specificity.value(), 0.5);
        QCOMPARE(*a.auc, 0.75); // 80 and 30 against 60 and 10: 3 of 4 pairs
        QCOMPARE(a.localisation.numerator, 1);
        QCOMPARE(a.localisation.denominator, 2);
        QVERIFY(!entries[0].postAi.has_value());

        const TeachingStatistics& b = *entries[1].initial;
        QCOMPARE(*b.sensitivity.value(), 1.0);
        QCOMPARE(*b.specificity.value(), 1.0);
        QCOMPARE(*b.auc, 1.0);
        QCOMPARE(*b.localisation.value(), 1.0);
        QVERIFY(entries[1].postAi.has_value()); // the revision: a false positive after the reveal
        QCOMPARE(entries[1].postAi->revised, 1);
        QCOMPARE(*entries[1].postAi->specificity.value(), 0.5);

        const QJsonObject json = entries[1].toJson();
        QCOMPARE(json.value(QStringLiteral("case_set")).toString(), QStringLiteral("Set B"));
        QCOMPARE(json.value(QStringLiteral("initial"))
                     .toObject()
                     .value(QStringLiteral("auc"))
                     .toDouble(),
                 1.0);
        QCOMPARE(json.value(QStringLiteral("post_ai"))
                     .toObject()
                     .value(QStringLiteral("phase"))
                     .toString(),
                 QStringLiteral("post_ai"));
        QVERIFY(json.value(QStringLiteral("ended_at")).isNull()); // still open
    }

    void ofReader_missingCaseSet_isListedWithItsProblem()
    {
        Fixture f;
        const qint64 s = f.teaching(f.trainee, QStringLiteral("Not imported"));
        const auto history = TeachingHistory::ofReader(f.store, QStringLiteral("trainee"));
        QVERIFY(history.ok());
        QCOMPARE(int(history.value().size()), 1);
        QCOMPARE(history.value()[0].session.id, s);
        QVERIFY(!history.value()[0].initial.has_value());
        QVERIFY(history.value()[0].problem.contains(QLatin1String("Not imported")));

        const auto unknown = TeachingHistory::ofReader(f.store, QStringLiteral("nobody"));
        QCOMPARE(unknown.error().code, QStringLiteral("reading.not_found"));
        QVERIFY(TeachingHistory::ofReader(f.store, QStringLiteral("other")).value().empty());
    }

    void ofSession_refusals_data()
    {
        QTest::addColumn<QByteArray>("kind");
        QTest::addColumn<QString>("code");
        QTest::newRow("no such session")
            << QByteArray("missing") << QStringLiteral("reading.not_found");
        QTest::newRow("a clinical session")
            << QByteArray("clinical") << QStringLiteral("reading.invalid");
        QTest::newRow("case set not imported")
            << QByteArray("unknown set") << QStringLiteral("reading.not_found");
    }

    void ofSession_refusals()
    {
        QFETCH(QByteArray, kind);
        QFETCH(QString, code);
        Fixture f;
        qint64 id = 99;
        if (kind == "clinical")
            id = f.store.startSession(f.trainee, ReadingMode::Clinical, QStringLiteral("Set A"))
                     .value()
                     .id;
        else if (kind == "unknown set")
            id = f.teaching(f.trainee, QStringLiteral("Set C"));
        const auto entry = TeachingHistory::ofSession(f.store, id);
        QVERIFY(!entry.ok());
        QCOMPARE(entry.error().code, code);
    }

    void ofSession_emptySession_readsNothing()
    {
        Fixture f;
        const qint64 s = f.teaching(f.trainee, QStringLiteral("Set A"));
        const auto entry = TeachingHistory::ofSession(f.store, s);
        QVERIFY2(entry.ok(), qPrintable(entry.error().toString()));
        QCOMPARE(entry.value().initial->notRead, 4);
        QVERIFY(!entry.value().initial->auc.has_value());
        QVERIFY(!entry.value().postAi.has_value());
    }
};

QTEST_GUILESS_MAIN(TestTeachingHistory)
#include "tst_teachinghistory.moc"
