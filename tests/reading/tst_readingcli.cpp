// `mammolens-cli audit` and `mammolens-cli reading` as scripts call them, on a real store.

#include "core/reading/readingstore.h"
#include "core/reading/sessioncsvwriter.h"
#include "readingtestsupport.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace mammolens::core;
using mammolens::testing::fullAssessment;
using mammolens::testing::RawConnection;

namespace {

struct Run
{
    int code = -1;
    QString out, err;
};

Run cli(const QStringList& args)
{
    QProcess p;
    p.start(QStringLiteral(MAMMOLENS_CLI), args);
    Run r;
    if (!p.waitForFinished(60000))
        return r;
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

/// A store with two sessions; returns the number of audit entries.
qint64 writeStore(const QString& path)
{
    ReadingStore store(path);
    if (!store.open().ok())
        return -1;
    Reader r;
    r.login = QStringLiteral("cli.reader");
    r.displayName = QStringLiteral("CLI Reader");
    const qint64 reader = store.addReader(r).value().id;
    const qint64 first = store.startSession(reader, ReadingMode::Clinical).value().id;
    store.saveAssessment(fullAssessment(first, QStringLiteral("exam-a")));
    store.endSession(first);
    const qint64 second =
        store.startSession(reader, ReadingMode::Teaching, QStringLiteral("set 1")).value().id;
    store.saveAssessment(fullAssessment(second, QStringLiteral("exam-b")));
    store.saveAssessment(fullAssessment(second, QStringLiteral("exam-c")));
    return qint64(store.auditEntries().value().size());
}

} // namespace

class TestReadingCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void auditVerify_intactStore_exitsZero()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("r.sqlite"));
        const qint64 count = writeStore(db);
        QVERIFY(count > 0);
        const Run r =
            cli({QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--db"), db});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains(QStringLiteral("OK, %1 entries checked").arg(count)),
                 qPrintable(r.out));
        QVERIFY(r.out.contains(QStringLiteral("head: seq %1 sha256 ").arg(count)));

        const Run list =
            cli({QStringLiteral("audit"), QStringLiteral("list"), QStringLiteral("--from"),
                 QStringLiteral("3"), QStringLiteral("--limit"), QStringLiteral("2"),
                 QStringLiteral("--db"), db});
        QCOMPARE(list.code, 0);
        const QStringList lines = list.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);
        QVERIFY(lines[1].startsWith(QLatin1String("3\t")));
    }

    void auditVerify_tamperedStore_exitsOneNamingTheEntry()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("r.sqlite"));
        QVERIFY(writeStore(db) > 8);
        {
            RawConnection raw(db);
            QVERIFY(raw.exec(QStringLiteral("DROP TRIGGER audit_log_no_update")).isEmpty());
            QVERIFY(raw.exec(QStringLiteral("UPDATE audit_log SET new_value = '0' WHERE seq = 8"))
                        .isEmpty());
        }
        const Run r =
            cli({QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--db"), db});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains(QLatin1String("BROKEN at seq 8: hash mismatch")),
                 qPrintable(r.out));
        QVERIFY(r.out.contains(QLatin1String("7 entries before it are intact")));
    }

    void audit_badUsageOrMissingStore_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("code");
        QTest::newRow("no subcommand") << QStringList{QStringLiteral("audit")} << 2;
        QTest::newRow("unknown subcommand")
            << QStringList{QStringLiteral("audit"), QStringLiteral("fix")} << 2;
        QTest::newRow("unknown option")
            << QStringList{QStringLiteral("audit"), QStringLiteral("verify"),
                           QStringLiteral("--force")}
            << 2;
        QTest::newRow("--db without value")
            << QStringList{QStringLiteral("audit"), QStringLiteral("verify"),
                           QStringLiteral("--db")}
            << 2;
        QTest::newRow("export without session")
            << QStringList{QStringLiteral("reading"), QStringLiteral("export-csv"),
                           QStringLiteral("--out"), QStringLiteral("x.csv")}
            << 2;
        QTest::newRow("missing store")
            << QStringList{QStringLiteral("audit"), QStringLiteral("verify"),
                           QStringLiteral("--db"), QStringLiteral("/nonexistent/r.sqlite")}
            << 1;
        QTest::newRow("missing store, sessions")
            << QStringList{QStringLiteral("reading"), QStringLiteral("sessions"),
                           QStringLiteral("--db"), QStringLiteral("/nonexistent/r.sqlite")}
            << 1;
    }

    void audit_badUsageOrMissingStore()
    {
        QFETCH(QStringList, args);
        QFETCH(int, code);
        const Run r = cli(args);
        QCOMPARE(r.code, code);
        QVERIFY(!r.err.isEmpty());
    }

    void readingSessions_listsEverySession()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("r.sqlite"));
        QVERIFY(writeStore(db) > 0);
        const Run r = cli(
            {QStringLiteral("reading"), QStringLiteral("sessions"), QStringLiteral("--db"), db});
        QCOMPARE(r.code, 0);
        const QStringList lines = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines[0],
                 QStringLiteral("id\treader\tmode\tcase_set\tstarted_at\tended_at\tassessments"));
        QVERIFY(lines[1].startsWith(QLatin1String("1\tcli.reader\tclinical\t-\t")));
        QVERIFY(lines[1].endsWith(QLatin1String("\t1")));
        QVERIFY(!lines[1].contains(QLatin1String("\t-\t1"))); // ended
        QVERIFY(lines[2].startsWith(QLatin1String("2\tcli.reader\tteaching\tset 1\t")));
        QVERIFY(lines[2].endsWith(QLatin1String("\t-\t2"))); // open, two assessments
    }

    void readingExportCsv_writesTheSessionsCsv()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("r.sqlite"));
        QVERIFY(writeStore(db) > 0);
        const QString out = dir.filePath(QStringLiteral("session2.csv"));
        const Run r = cli({QStringLiteral("reading"), QStringLiteral("export-csv"),
                           QStringLiteral("--session"), QStringLiteral("2"),
                           QStringLiteral("--out"), out, QStringLiteral("--db"), db});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains(QLatin1String("2 row(s)")), qPrintable(r.out));
        ReadingStore store(db);
        QVERIFY(store.open().ok());
        QFile file(out);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), SessionCsvWriter::toCsv(store.sessionResults(2).value()));

        const Run missing = cli({QStringLiteral("reading"), QStringLiteral("export-csv"),
                                 QStringLiteral("--session"), QStringLiteral("9"),
                                 QStringLiteral("--out"), out, QStringLiteral("--db"), db});
        QCOMPARE(missing.code, 1);
        QVERIFY(missing.err.contains(QLatin1String("reading.not_found")));
    }
};

QTEST_GUILESS_MAIN(TestReadingCli)
#include "tst_readingcli.moc"
