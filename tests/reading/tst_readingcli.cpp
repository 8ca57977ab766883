// `mammolens-cli audit` and `mammolens-cli reading` as scripts call them, on a real store; the
// teaching commands (import-case-set, teaching-stats, history) and `phantom --case-set` too.

#include "core/reading/readingstore.h"
#include "core/reading/sessioncsvwriter.h"
#include "readingtestsupport.h"
#include "tests/cli/clirun.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

using namespace mammolens::core;
using mammolens::testing::fullAssessment;
using mammolens::testing::RawConnection;

namespace {

using Run = mammolens::testing::CliRun;

Run cli(const QStringList& args)
{
    return mammolens::testing::runCli(args, QProcessEnvironment::systemEnvironment(), 60000);
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

bool writeFile(const QString& path, const QByteArray& content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(content) == content.size();
}

bool writePng(const QString& path, const cv::Mat& image)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    return cv::imwrite(QFile::encodeName(path).toStdString(), image);
}

/// `dir`/set.json: exam m1 (left breast malignant, its lesion a mask of x 20-29, y 30-39 on L-CC)
/// and exam n1 (normal), both PNG exam folders the loader names after the folder.
QString writeCaseSet(const QString& dir)
{
    for (const char* exam : {"m1", "n1"})
        for (const char* view : {"L-CC", "R-CC", "L-MLO", "R-MLO"})
            writePng(QStringLiteral("%1/exams/%2/%3.png")
                         .arg(dir, QLatin1String(exam), QLatin1String(view)),
                     cv::Mat(80, 64, CV_16UC1, cv::Scalar(200)));
    cv::Mat mask = cv::Mat::zeros(80, 64, CV_8UC1);
    mask(cv::Rect(20, 30, 10, 10)).setTo(255);
    writePng(dir + QStringLiteral("/masks/m1_L-CC.png"), mask);
    const QString file = dir + QStringLiteral("/set.json");
    writeFile(file, R"({"name": "CLI set", "description": "two cases", "cases": [
        {"exam": "exams/m1", "truth": {"left": "malignant", "right": "normal"},
         "lesions": [{"breast": "L", "view": "CC", "mask": "masks/m1_L-CC.png"}]},
        {"exam": "exams/n1", "truth": {"left": "normal", "right": "normal"}}]})");
    return file;
}

Assessment teachingRead(qint64 session, const QString& key, bool recall, int confidence,
                        bool markLesion)
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
        f.x = 25;
        f.y = 35;
        f.radius = 5.0;
        a.findings.push_back(f);
    }
    return a;
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
        QTest::newRow("import without its file")
            << QStringList{QStringLiteral("reading"), QStringLiteral("import-case-set")} << 2;
        QTest::newRow("import with two files")
            << QStringList{QStringLiteral("reading"), QStringLiteral("import-case-set"),
                           QStringLiteral("a.json"), QStringLiteral("b.json")}
            << 2;
        QTest::newRow("teaching-stats without session")
            << QStringList{QStringLiteral("reading"), QStringLiteral("teaching-stats")} << 2;
        QTest::newRow("teaching-stats with a reader")
            << QStringList{QStringLiteral("reading"),   QStringLiteral("teaching-stats"),
                           QStringLiteral("--session"), QStringLiteral("1"),
                           QStringLiteral("--reader"),  QStringLiteral("x")}
            << 2;
        QTest::newRow("history without reader")
            << QStringList{QStringLiteral("reading"), QStringLiteral("history"),
                           QStringLiteral("--json")}
            << 2;
        QTest::newRow("sessions with --json")
            << QStringList{QStringLiteral("reading"), QStringLiteral("sessions"),
                           QStringLiteral("--json")}
            << 2;
        QTest::newRow("missing store, import")
            << QStringList{QStringLiteral("reading"), QStringLiteral("import-case-set"),
                           QStringLiteral("set.json"), QStringLiteral("--db"),
                           QStringLiteral("/nonexistent/r.sqlite")}
            << 1;
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

    void readingTeaching_importStatsAndHistory()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("r.sqlite"));
        const QString set = writeCaseSet(dir.path());
        qint64 trainee = 0;
        {
            ReadingStore store(db);
            QVERIFY(store.open().ok());
            Reader r;
            r.login = QStringLiteral("trainee");
            r.displayName = QStringLiteral("Dr Trainee");
            trainee = store.addReader(r).value().id;
        }

        const Run imported =
            cli({QStringLiteral("reading"), QStringLiteral("import-case-set"), set,
                 QStringLiteral("--actor"), QStringLiteral("teacher"), QStringLiteral("--db"), db});
        QCOMPARE(imported.code, 0);
        QVERIFY2(imported.out.contains(QLatin1String(
                     "case set \"CLI set\" imported as case set 1: 2 case(s), 1 malignant; "
                     "1 lesion box(es), 1 from masks")),
                 qPrintable(imported.out + imported.err));
        const Run again = cli({QStringLiteral("reading"), QStringLiteral("import-case-set"), set,
                               QStringLiteral("--db"), db});
        QCOMPARE(again.code, 1);
        QVERIFY2(again.err.contains(QLatin1String("[reading.duplicate]")), qPrintable(again.err));
        QVERIFY(writeFile(dir.filePath(QStringLiteral("bad.json")), "{\"name\": \"x\"}"));
        const Run bad = cli({QStringLiteral("reading"), QStringLiteral("import-case-set"),
                             dir.filePath(QStringLiteral("bad.json")), QStringLiteral("--db"), db});
        QCOMPARE(bad.code, 1);
        QVERIFY2(bad.err.contains(QLatin1String("cases: expected an array")) &&
                     bad.err.contains(QLatin1String("[teaching.schema]")),
                 qPrintable(bad.err));

        // Two teaching sessions: all right, then all wrong.
        {
            ReadingStore store(db);
            QVERIFY(store.open().ok());
            const auto caseSet = store.caseSet(QStringLiteral("CLI set")).value();
            QVERIFY(caseSet.has_value());
            QCOMPARE(caseSet->cases[0].lesions[0].x, 20);
            QCOMPARE(caseSet->cases[0].lesions[0].height, 10);
            const qint64 first =
                store.startSession(trainee, ReadingMode::Teaching, QStringLiteral("CLI set"))
                    .value()
                    .id;
            QVERIFY(store.saveAssessment(teachingRead(first, QStringLiteral("m1"), true, 80, true))
                        .ok());
            QVERIFY(
                store.saveAssessment(teachingRead(first, QStringLiteral("n1"), false, 20, false))
                    .ok());
            QVERIFY(store.endSession(first).ok());
            const qint64 second =
                store.startSession(trainee, ReadingMode::Teaching, QStringLiteral("CLI set"))
                    .value()
                    .id;
            QVERIFY(
                store.saveAssessment(teachingRead(second, QStringLiteral("m1"), false, 40, false))
                    .ok());
            QVERIFY(
                store.saveAssessment(teachingRead(second, QStringLiteral("n1"), true, 60, false))
                    .ok());
        }

        const Run stats =
            cli({QStringLiteral("reading"), QStringLiteral("teaching-stats"),
                 QStringLiteral("--session"), QStringLiteral("1"), QStringLiteral("--db"), db});
        QCOMPARE(stats.code, 0);
        QVERIFY2(stats.out.contains(QLatin1String("sensitivity:         1.000 (1/1 malignant")),
                 qPrintable(stats.out));
        QVERIFY(stats.out.contains(QLatin1String("AUC (confidence):    1.000 (1 malignant")));
        QVERIFY(stats.out.contains(QLatin1String("localisation:        1.000 (1/1 malignant")));
        QVERIFY(stats.out.contains(QLatin1String("  m1\tmalignant\tnormal\tyes\tyes\t80\t1/1")));

        const Run json = cli({QStringLiteral("reading"), QStringLiteral("teaching-stats"),
                              QStringLiteral("--session"), QStringLiteral("2"),
                              QStringLiteral("--json"), QStringLiteral("--db"), db});
        QCOMPARE(json.code, 0);
        const QJsonObject report = QJsonDocument::fromJson(json.out.toUtf8()).object();
        QCOMPARE(report.value(QStringLiteral("session")).toInt(), 2);
        const QJsonObject initial = report.value(QStringLiteral("initial")).toObject();
        QCOMPARE(initial.value(QStringLiteral("auc")).toDouble(), 0.0);
        QCOMPARE(initial.value(QStringLiteral("sensitivity"))
                     .toObject()
                     .value(QStringLiteral("numerator"))
                     .toInt(),
                 0);
        QVERIFY(report.value(QStringLiteral("post_ai")).isNull());

        const Run history =
            cli({QStringLiteral("reading"), QStringLiteral("history"), QStringLiteral("--reader"),
                 QStringLiteral("trainee"), QStringLiteral("--db"), db});
        QCOMPARE(history.code, 0);
        const QStringList lines = history.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines[0], QStringLiteral("session\tcase_set\tstarted_at\tended_at\tread\t"
                                          "sensitivity\tspecificity\tauc\tlocalisation"));
        QVERIFY(lines[1].startsWith(QLatin1String("1\tCLI set\t")));
        QVERIFY2(lines[1].endsWith(QLatin1String("\t2/2\t1.000\t1.000\t1.000\t1.000")),
                 qPrintable(lines[1]));
        QVERIFY2(lines[2].endsWith(QLatin1String("\t-\t2/2\t0.000\t0.000\t0.000\t0.000")),
                 qPrintable(lines[2]));

        const Run historyJson =
            cli({QStringLiteral("reading"), QStringLiteral("history"), QStringLiteral("--reader"),
                 QStringLiteral("trainee"), QStringLiteral("--json"), QStringLiteral("--db"), db});
        QCOMPARE(historyJson.code, 0);
        const QJsonObject all = QJsonDocument::fromJson(historyJson.out.toUtf8()).object();
        QCOMPARE(all.value(QStringLiteral("sessions")).toArray().size(), 2);

        const Run unknown =
            cli({QStringLiteral("reading"), QStringLiteral("history"), QStringLiteral("--reader"),
                 QStringLiteral("nobody"), QStringLiteral("--db"), db});
        QCOMPARE(unknown.code, 1);
        QVERIFY(unknown.err.contains(QLatin1String("[reading.not_found]")));

        // The import is in the audit trail, under the actor's name, and the chain holds.
        const Run verify =
            cli({QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--db"), db});
        QCOMPARE(verify.code, 0);
        const Run list =
            cli({QStringLiteral("audit"), QStringLiteral("list"), QStringLiteral("--db"), db});
        QVERIFY(list.out.contains(QLatin1String("\tteacher\timport\tcase_set\t1\tname\t")));
    }

    void phantomCaseSet_importsWithTheLoadersExamKeys()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("phantoms"));
        const QString set = dir.filePath(QStringLiteral("phantom-set.json"));
        const Run made = cli({QStringLiteral("phantom"), QStringLiteral("--seed"),
                              QStringLiteral("5"), QStringLiteral("--count"), QStringLiteral("3"),
                              QStringLiteral("--size"), QStringLiteral("240x192"),
                              QStringLiteral("--case-set"), set, QStringLiteral("--out"), out});
        QCOMPARE(made.code, 0);
        QVERIFY2(made.out.contains(QLatin1String("lists 3 exam(s)")), qPrintable(made.out));

        const QString db = dir.filePath(QStringLiteral("r.sqlite"));
        {
            ReadingStore store(db);
            QVERIFY(store.open().ok());
        }
        // The import opens every exam's DICOM headers: the keys must be their study UIDs.
        const Run imported = cli({QStringLiteral("reading"), QStringLiteral("import-case-set"), set,
                                  QStringLiteral("--db"), db});
        QCOMPARE(imported.code, 0);
        QVERIFY2(imported.out.contains(QLatin1String("3 case(s)")),
                 qPrintable(imported.out + imported.err));

        QFile manifestFile(out + QStringLiteral("/manifest.json"));
        QVERIFY(manifestFile.open(QIODevice::ReadOnly));
        const QJsonArray exams = QJsonDocument::fromJson(manifestFile.readAll())
                                     .object()
                                     .value(QStringLiteral("exams"))
                                     .toArray();
        ReadingStore store(db);
        QVERIFY(store.open().ok());
        const auto caseSet = store.caseSet(QStringLiteral("phantom-set")).value();
        QVERIFY(caseSet.has_value());
        QCOMPARE(int(caseSet->cases.size()), exams.size());
        for (int i = 0; i < exams.size(); ++i) {
            const QJsonObject exam = exams[i].toObject();
            const CaseTruth& c = caseSet->cases[size_t(i)];
            QCOMPARE(c.examKey, exam.value(QStringLiteral("study_instance_uid")).toString());
            int lesions = 0;
            bool leftMalignant = false;
            const QJsonObject views = exam.value(QStringLiteral("views")).toObject();
            for (auto v = views.begin(); v != views.end(); ++v) {
                for (const QJsonValue& l :
                     v.value().toObject().value(QStringLiteral("lesions")).toArray()) {
                    const QJsonArray b = l.toObject().value(QStringLiteral("bbox")).toArray();
                    lesions += b[2].toInt() > b[0].toInt() && b[3].toInt() > b[1].toInt() ? 1 : 0;
                }
                if (v.key().startsWith(QLatin1Char('L')) &&
                    v.value().toObject().value(QStringLiteral("malignant")).toInt() == 1)
                    leftMalignant = true;
            }
            QCOMPARE(int(c.lesions.size()), lesions);
            QCOMPARE(c.left == BreastTruth::Malignant, leftMalignant);
        }
    }
};

QTEST_GUILESS_MAIN(TestReadingCli)
#include "tst_readingcli.moc"
