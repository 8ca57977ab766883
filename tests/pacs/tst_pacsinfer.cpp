// Batch triage from a PACS as a site runs it: the real `mammolens-cli infer --pacs` retrieves a
// study from a real Orthanc, runs the parity model and stores the CAD SR back into that study.

#include "core/dicom/dicommammogramwriter.h"
#include "core/pacs/pacsclient.h"
#include "core/png/pngimagereader.h"
#include "orthancserver.h"
#include "tests/cli/clirun.h"

#include <QJsonArray>
#include <QSet>
#include <QtTest>
#include <dcmtk/dcmdata/dcuid.h>
#include <memory>

using namespace mammolens::core;
using namespace pacstest;

namespace {

const QString kExamDir = QStringLiteral(MAMMOLENS_SHARED_DIR "/data/gmic-sample-exam");
const QString kWeights = QStringLiteral(MAMMOLENS_SHARED_DIR "/parity/weights.safetensors");
const QString kMammographyCadSr = QStringLiteral("1.2.840.10008.5.1.4.1.1.88.50");

/// Every value of `key` anywhere in Orthanc's simplified tag tree.
void collect(const QJsonValue& v, const QString& key, QSet<QString>& out)
{
    if (v.isArray()) {
        for (const QJsonValue& e : v.toArray())
            collect(e, key, out);
    } else if (v.isObject()) {
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (it.key() == key && it.value().isString())
                out.insert(it.value().toString());
            else
                collect(it.value(), key, out);
        }
    }
}

} // namespace

class TestPacsInfer : public QObject
{
    Q_OBJECT

    using Run = mammolens::testing::CliRun;

    Run cli(const QStringList& args) const
    {
        // Settings and cache of this test only, never the user's.
        return mammolens::testing::runCli(
            args, mammolens::testing::isolatedEnvironment(dir_.path()), 240000);
    }

    QTemporaryDir dir_;
    std::unique_ptr<OrthancServer> orthanc_;
    quint16 scpPort_ = 0;
    QString studyUid_;
    QStringList sopUids_;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(OrthancServer::available(),
                 "Orthanc is not installed (apt-get install orthanc; tools/dev)");
        QVERIFY(QFile::exists(QStringLiteral(MAMMOLENS_CLI)));
        scpPort_ = freePort();
        orthanc_ = std::make_unique<OrthancServer>(OrthancServer::Options{
            QStringLiteral("ORTHANC"), QStringLiteral("INFERTEST"), scpPort_});
        QString error;
        QVERIFY2(orthanc_->start(&error), qPrintable(error));

        // The sample exam (real size: the parity model needs it) written by our own writer.
        char uid[100];
        studyUid_ = QString::fromLatin1(dcmGenerateUniqueIdentifier(uid, SITE_STUDY_UID_ROOT));
        QStringList files;
        int n = 0;
        for (const QString& view : {QStringLiteral("L-CC"), QStringLiteral("R-CC"),
                                    QStringLiteral("L-MLO"), QStringLiteral("R-MLO")}) {
            auto image = PngImageReader().read(kExamDir + QStringLiteral("/0_%1.png").arg(view));
            QVERIFY(image.ok());
            DicomMammogramWriter::Options o;
            o.studyInstanceUid = studyUid_;
            o.instanceNumber = ++n;
            o.seriesNumber = n;
            o.patientId = QStringLiteral("INFER-1");
            o.patientName = QStringLiteral("INFER^PATIENT");
            o.sopInstanceUid =
                QString::fromLatin1(dcmGenerateUniqueIdentifier(uid, SITE_INSTANCE_UID_ROOT));
            sopUids_ << o.sopInstanceUid;
            const QString path = dir_.filePath(QStringLiteral("exam/%1.dcm").arg(view));
            QDir().mkpath(dir_.filePath(QStringLiteral("exam")));
            auto written = DicomMammogramWriter::write(image.value(), path, o);
            QVERIFY2(written.ok(), qPrintable(written.error().toString()));
            files << path;
        }
        PacsClient::Options options;
        options.localAeTitle = QStringLiteral("INFERTEST");
        auto stored = PacsClient(orthanc_->node(), options).store(files);
        QVERIFY2(stored.ok(), qPrintable(stored.error().toString()));
        QCOMPARE(stored.value().stored, 4);
    }

    void cleanupTestCase()
    {
        if (orthanc_)
            orthanc_->stop();
    }

    void inferPacs_storesTheCadSrBackIntoTheStudy()
    {
        const QString out = dir_.filePath(QStringLiteral("out"));
        const Run r =
            cli({QStringLiteral("infer"), QStringLiteral("--pacs"), orthanc_->node().toSpec(),
                 QStringLiteral("--aet"), QStringLiteral("INFERTEST"), QStringLiteral("--port"),
                 QString::number(scpPort_), QStringLiteral("--study"), studyUid_,
                 QStringLiteral("--no-png"), QStringLiteral("--model"), kWeights,
                 QStringLiteral("--out"), out});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));

        // Orthanc now holds the four images and one SR in the study, the SR referencing them.
        const QJsonArray found =
            QJsonDocument::fromJson(
                orthanc_->request(
                    "POST", QStringLiteral("/tools/find"),
                    QJsonDocument(
                        QJsonObject{{QStringLiteral("Level"), QStringLiteral("Study")},
                                    {QStringLiteral("Query"),
                                     QJsonObject{{QStringLiteral("StudyInstanceUID"), studyUid_}}}})
                        .toJson()))
                .array();
        QCOMPARE(found.size(), 1);
        const QJsonArray instances =
            orthanc_->getJson(QStringLiteral("/studies/%1/instances").arg(found.at(0).toString()))
                .array();
        QCOMPARE(instances.size(), 5);
        int srs = 0;
        for (const QJsonValue& instance : instances) {
            const QString id = instance.toObject().value(QStringLiteral("ID")).toString();
            const QJsonObject tags =
                orthanc_->getJson(QStringLiteral("/instances/%1/tags?simplify").arg(id)).object();
            if (tags.value(QStringLiteral("SOPClassUID")).toString() != kMammographyCadSr)
                continue;
            ++srs;
            QCOMPARE(tags.value(QStringLiteral("StudyInstanceUID")).toString(), studyUid_);
            QCOMPARE(tags.value(QStringLiteral("PatientID")).toString(), QStringLiteral("INFER-1"));
            QSet<QString> referenced;
            collect(tags, QStringLiteral("ReferencedSOPInstanceUID"), referenced);
            QCOMPARE(referenced, QSet<QString>(sopUids_.begin(), sopUids_.end()));
        }
        QCOMPARE(srs, 1);
    }

    void inferPacs_sinceFindsTheStudyAgainWithItsSr()
    {
        // Batch triage by date: the study found by --since now also holds our SR (stored back
        // above); the SR comes along, is skipped as a non-image, and the exam is complete.
        const QString out = dir_.filePath(QStringLiteral("out-since"));
        const Run r =
            cli({QStringLiteral("infer"), QStringLiteral("--pacs"), orthanc_->node().toSpec(),
                 QStringLiteral("--aet"), QStringLiteral("INFERTEST"), QStringLiteral("--port"),
                 QString::number(scpPort_), QStringLiteral("--since"), QStringLiteral("20000101"),
                 QStringLiteral("--no-store-back"), QStringLiteral("--no-png"),
                 QStringLiteral("--model"), kWeights, QStringLiteral("--out"), out});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QFile csv(out + QStringLiteral("/predictions.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QCOMPARE(csv.readAll().count('\n'), 5); // header + four views
    }

    void inferPacs_noStoreBackNeedsPacs()
    {
        const Run r = cli({QStringLiteral("infer"), QStringLiteral("--no-store-back"),
                           QStringLiteral("--model"), kWeights, QStringLiteral("--out"),
                           dir_.filePath(QStringLiteral("out2")), kExamDir});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("--no-store-back needs --pacs"));
    }
};

QTEST_GUILESS_MAIN(TestPacsInfer)
#include "tst_pacsinfer.moc"
