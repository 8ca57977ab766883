// The training loop as a user runs it: phantom exams, `train` (one epoch, then a resumed second),
// `evaluate` on the result, and `infer --demo` with that model standing in for the demo model.

#include "tests/cli/clirun.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

class TestTrainingCli : public QObject
{
    Q_OBJECT

private:
    using Run = mammolens::testing::CliRun;
    static Run cli(const QStringList& args,
                   const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment())
    {
        return mammolens::testing::runCli(args, env);
    }
    QTemporaryDir dir_;
    QString path(const QString& name) const { return dir_.filePath(name); }

private Q_SLOTS:
    void trainResumeEvaluateAndDemo()
    {
        QVERIFY(dir_.isValid());
        Run r = cli({"phantom", "--seed", "7", "--count", "3", "--size", "640x512",
                     "--lesion-contrast", "2", "--out", path("phantoms")});
        QVERIFY2(r.code == 0, qPrintable(r.err));

        // A small model, one epoch, the phantoms themselves as validation, the saliency maps also
        // trained on the phantoms' lesion masks.
        const QStringList train = {"train", "--data", path("phantoms"), "--validation",
                                   path("phantoms"), "--out", path("run"), "--input", "576x384",
                                   "--crop", "64", "--k", "2", "--percent-t", "0.05",
                                   "--batch", "4", "--threads", "1", "--name", "cli test model",
                                   "--provenance", "demo", "--mask-weight", "1"};
        r = cli(train + QStringList{"--epochs", "1"});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QVERIFY(r.out.contains(QLatin1String("576x384 cam 9x6 K=2 crop 64x64 t=0.05")));
        QVERIFY2(r.out.contains(QLatin1String("epoch 1/1 done")), qPrintable(r.out));
        QVERIFY(r.out.contains(QLatin1String("validation AUC malignant")));
        QVERIFY2(r.out.contains(QRegularExpression(QStringLiteral("mask 0\\.[0-9]*[1-9]"))),
                 qPrintable(r.out)); // the mask term is computed (positive) on these exams
        QVERIFY(QFile::exists(path("run/best.safetensors")));
        QVERIFY(QFile::exists(path("run/last.safetensors.optimizer.pt")));

        // Interrupted runs continue: the second run starts after epoch 1.
        r = cli(train + QStringList{"--epochs", "2", "--resume"});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains(QLatin1String("resuming after epoch 1 of 2")), qPrintable(r.out));
        QVERIFY(r.out.contains(QLatin1String("epoch 2/2 done")));
        QVERIFY(!r.out.contains(QLatin1String("epoch 1/2 done")));

        // A bad option is a usage error, a bad data folder a specific failure.
        QCOMPARE(cli({"train", "--data", path("phantoms"), "--out", path("x"), "--lr", "fast"}).code, 2);
        QCOMPARE(cli({"train", "--data", path("phantoms"), "--out", path("x"), "--mask-weight", "-1"}).code, 2);
        r = cli({"train", "--data", path("nothing-here"), "--out", path("x")});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains(QLatin1String("manifest.csv")));

        r = cli({"evaluate", "--model", path("run/best.safetensors"), "--out", path("eval"),
                 path("phantoms")});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QVERIFY(r.out.contains(QLatin1String("malignant AUC: ")));
        QVERIFY(r.out.contains(QLatin1String("not for diagnosis")));
        QFile json(path("eval/evaluation.json"));
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QJsonObject o = QJsonDocument::fromJson(json.readAll()).object();
        QCOMPARE(o.value("images").toArray().size(), 12);
        QCOMPARE(o.value("malignant").toObject().value("images").toInt(), 12);
        QCOMPARE(o.value("models").toArray().first().toObject().value("provenance").toString(),
                 QStringLiteral("demo"));
        QVERIFY(QFile::exists(path("eval/evaluation.csv")));

        // `infer --demo` takes the demo model (here: the one just trained) and, without INPUT,
        // generates the demo exam.
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("MAMMOLENS_DEMO_MODEL", path("run/best.safetensors"));
        env.insert("XDG_DATA_HOME", path("data"));
        r = cli({"infer", "--demo", "--no-png", "--out", path("demo")}, env);
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains(QLatin1String("NOT FOR DIAGNOSIS")), qPrintable(r.out));
        QVERIFY(QFile::exists(path("demo/predictions.csv")));
        QVERIFY(QDir(path("data")).exists());

        // The installation self-test: codecs, the recorded golden outputs, and the demo model.
        r = cli({"selftest"}, env);
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QVERIFY(r.out.contains(QLatin1String("selftest: PASSED")));
        QVERIFY(r.out.contains(QLatin1String("cli test model")));
    }
};

QTEST_GUILESS_MAIN(TestTrainingCli)
#include "tst_trainingcli.moc"
