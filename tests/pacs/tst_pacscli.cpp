// `mammolens-cli pacs` as scripts call it: the real binary against a real Orthanc.

#include "core/pacs/pacsclient.h"
#include "orthancserver.h"
#include "pacstestdata.h"
#include "tests/cli/clirun.h"

#include <QJsonArray>
#include <QtTest>
#include <memory>

using namespace mammolens::core;
using namespace pacstest;

class TestPacsCli : public QObject
{
    Q_OBJECT

    using Run = mammolens::testing::CliRun;

    Run cli(const QStringList& args) const
    {
        // Settings and cache of this test only, never the user's.
        return mammolens::testing::runCli(
            args, mammolens::testing::isolatedEnvironment(dir_.path()), 60000);
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
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.out.contains("4 stored, 0 failed"));
    }

    void echo_peer_succeeds()
    {
        const Run r = cli({QStringLiteral("pacs"), QStringLiteral("echo"), QStringLiteral("--peer"),
                           peer(), QStringLiteral("--aet"), QStringLiteral("CLITEST")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.out.contains("ok"));
    }

    void echo_wrongAet_failsWithTheErrorCode()
    {
        const Run r = cli({QStringLiteral("pacs"), QStringLiteral("echo"), QStringLiteral("--peer"),
                           QStringLiteral("WRONG@127.0.0.1:%1").arg(orthanc_->dicomPort()),
                           QStringLiteral("--timeout"), QStringLiteral("3")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("pacs.association_rejected"), qPrintable(r.err));
    }

    void query_json_listsTheStudy()
    {
        const Run r = cli({QStringLiteral("pacs"), QStringLiteral("query"),
                           QStringLiteral("--peer"), peer(), QStringLiteral("--patient-id"),
                           QStringLiteral("CLI-1"), QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonArray list = QJsonDocument::fromJson(r.out.toUtf8()).array();
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
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = cli({QStringLiteral("pacs"), QStringLiteral("nodes"), QStringLiteral("list"),
                 QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).array().size(), 1);
        const QString out = dir_.filePath(QStringLiteral("retrieved"));
        r = cli({QStringLiteral("pacs"), QStringLiteral("retrieve"), QStringLiteral("--node"),
                 QStringLiteral("test"), QStringLiteral("--aet"), QStringLiteral("CLITEST"),
                 QStringLiteral("--port"), QString::number(scpPort_), QStringLiteral("--method"),
                 QStringLiteral("move"), QStringLiteral("--study"), exam_.studyUid,
                 QStringLiteral("--out"), out});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(QDir(out).entryList(QDir::Files).size(), 4);
    }

    void usage_badPeer_isUsageError()
    {
        const Run r = cli({QStringLiteral("pacs"), QStringLiteral("echo"), QStringLiteral("--peer"),
                           QStringLiteral("nonsense")});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains("pacs.invalid_peer"));
    }
};

QTEST_GUILESS_MAIN(TestPacsCli)
#include "tst_pacscli.moc"
