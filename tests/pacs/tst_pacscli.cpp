// `mammolens-cli pacs` as scripts call it: the real binary against a real Orthanc.

#include "core/pacs/pacsclient.h"
#include "orthancserver.h"
#include "pacstestdata.h"

#include <QJsonArray>
#include <QProcess>
#include <QtTest>
#include <memory>

using namespace mammolens::core;
using namespace pacstest;

class TestPacsCli : public QObject
{
    Q_OBJECT

    struct Run
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };

    Run cli(const QStringList& args) const
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        // Settings and cache of this test only, never the user's.
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir_.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_CACHE_HOME"), dir_.filePath(QStringLiteral("xdgcache")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), dir_.filePath(QStringLiteral("data")));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(MAMMOLENS_CLI), args);
        Run r;
        if (!p.waitForFinished(60000)) {
            p.kill();
            p.waitForFinished();
            return r;
        }
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        return r;
    }

    QString peer() const { return orthanc_->node().toSpec(); }

    QTemporaryDir dir_;
    std::unique_ptr<OrthancServer> orthanc_;
    quint16 scpPort_ = 0;
    TestExam exam_;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(OrthancServer::available(),
                 "Orthanc is not installed (apt-get install orthanc; tools/dev)");
        QVERIFY(QFile::exists(QStringLiteral(MAMMOLENS_CLI)));
        scpPort_ = freePort();
        orthanc_ = std::make_unique<OrthancServer>(
            OrthancServer::Options{QStringLiteral("ORTHANC"), QStringLiteral("CLITEST"), scpPort_});
        QString error;
        QVERIFY2(orthanc_->start(&error), qPrintable(error));
        exam_ =
            writeExam(dir_.filePath(QStringLiteral("exam")), QStringLiteral("CLI-1"),
                      QStringLiteral("CLI^PATIENT"), QStringLiteral("ACC-CLI"), QDate(2024, 2, 29));
        QCOMPARE(exam_.files.size(), 4);
    }

    void cleanupTestCase()
    {
        if (orthanc_)
            orthanc_->stop();
    }

    void push_folder_storesEveryFile()
    {
        const Run r = cli({QStringLiteral("pacs"), QStringLiteral("push"), QStringLiteral("--peer"),
                           peer(), QStringLiteral("--aet"), QStringLiteral("CLITEST"),
                           dir_.filePath(QStringLiteral("exam"))});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.out.contains("4 stored, 0 failed"));
    }

    void echo_peer_succeeds()
    {
        const Run r = cli({QStringLiteral("pacs"), QStringLiteral("echo"), QStringLiteral("--peer"),
                           peer(), QStringLiteral("--aet"), QStringLiteral("CLITEST")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.out.contains("ok"));
    }

    void echo_wrongAet_failsWithTheErrorCode()
    {
        const Run r = cli({QStringLiteral("pacs"), QStringLiteral("echo"), QStringLiteral("--peer"),
                           QStringLiteral("WRONG@127.0.0.1:%1").arg(orthanc_->dicomPort()),
                           QStringLiteral("--timeout"), QStringLiteral("3")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("pacs.association_rejected"), r.err.constData());
    }

    void query_json_listsTheStudy()
    {
        const Run r = cli({QStringLiteral("pacs"), QStringLiteral("query"),
                           QStringLiteral("--peer"), peer(), QStringLiteral("--patient-id"),
                           QStringLiteral("CLI-1"), QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonArray list = QJsonDocument::fromJson(r.out).array();
        QCOMPARE(list.size(), 1);
        const QJsonObject s = list.at(0).toObject();
        QCOMPARE(s.value(QStringLiteral("studyInstanceUid")).toString(), exam_.studyUid);
        QCOMPARE(s.value(QStringLiteral("accessionNumber")).toString(), QStringLiteral("ACC-CLI"));
        QCOMPARE(s.value(QStringLiteral("studyDate")).toString(), QStringLiteral("20240229"));
    }

    void nodes_addThenRetrieveByMove_copiesTheStudy()
    {
        Run r = cli({QStringLiteral("pacs"), QStringLiteral("nodes"), QStringLiteral("add"),
                     QStringLiteral("test"), peer(), QStringLiteral("--get")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = cli({QStringLiteral("pacs"), QStringLiteral("nodes"), QStringLiteral("list"),
                 QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(QJsonDocument::fromJson(r.out).array().size(), 1);
        const QString out = dir_.filePath(QStringLiteral("retrieved"));
        r = cli({QStringLiteral("pacs"), QStringLiteral("retrieve"), QStringLiteral("--node"),
                 QStringLiteral("test"), QStringLiteral("--aet"), QStringLiteral("CLITEST"),
                 QStringLiteral("--port"), QString::number(scpPort_), QStringLiteral("--method"),
                 QStringLiteral("move"), QStringLiteral("--study"), exam_.studyUid,
                 QStringLiteral("--out"), out});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(QDir(out).entryList(QDir::Files).size(), 4);
    }

    void usage_badPeer_isUsageError()
    {
        const Run r = cli({QStringLiteral("pacs"), QStringLiteral("echo"), QStringLiteral("--peer"),
                           QStringLiteral("nonsense")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("pacs.invalid_peer"));
    }
};

QTEST_GUILESS_MAIN(TestPacsCli)
#include "tst_pacscli.moc"
