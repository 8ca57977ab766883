// The shipped demo model (resources/models/gmic-demo.safetensors) as a fresh install uses it:
// stored in half precision within the size budget, labelled a demonstration model, and actually
// working: `evaluate --demo` on phantom exams it never saw finds the malignant lesions, and
// `infer --demo` runs it on the generated demo exam under the not-for-diagnosis notice.
// The full 200-exam figures are in docs/demo-model.md; this checks a smaller held-out set.

#include "tests/cli/clirun.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtEndian>
#include <QtTest>

class TestDemoModel : public QObject
{
    Q_OBJECT

private:
    using Run = mammolens::testing::CliRun;
    Run cli(const QStringList& args)
    {
        QProcessEnvironment env = mammolens::testing::isolatedEnvironment(dir_.path());
        env.remove(QStringLiteral("MAMMOLENS_DEMO_MODEL")); // the shipped model, nothing else
        return mammolens::testing::runCli(args, env);
    }
    QTemporaryDir dir_;
    QString path(const QString& name) const { return dir_.filePath(name); }
    const QString model_ = QStringLiteral(MAMMOLENS_SOURCE_DIR "/resources/models/gmic-demo.safetensors");

private Q_SLOTS:
    void shippedInHalfPrecisionAndLabelled()
    {
        QFile f(model_);
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(model_ + QStringLiteral(" is missing")));
        QVERIFY2(f.size() <= 30 * 1024 * 1024, qPrintable(QString::number(f.size())));
        // safetensors: an 8-byte little-endian header length, then the JSON header.
        const QByteArray lengthBytes = f.read(8);
        QCOMPARE(lengthBytes.size(), 8);
        const auto length = qFromLittleEndian<quint64>(lengthBytes.constData());
        QVERIFY(length > 0 && length < 1024 * 1024);
        const QJsonObject header = QJsonDocument::fromJson(f.read(qint64(length))).object();
        const QJsonObject metadata = header.value(QStringLiteral("__metadata__")).toObject();
        QCOMPARE(metadata.value(QStringLiteral("mammolens.provenance")).toString(),
                 QStringLiteral("demo"));
        QVERIFY(metadata.value(QStringLiteral("mammolens.description"))
                    .toString()
                    .contains(QLatin1String("synthetic"), Qt::CaseInsensitive));
        int tensors = 0;
        for (auto it = header.begin(); it != header.end(); ++it) {
            if (it.key() == QLatin1String("__metadata__"))
                continue;
            ++tensors;
            const QString dtype = it.value().toObject().value(QStringLiteral("dtype")).toString();
            QVERIFY2(dtype == QLatin1String("F16") || dtype == QLatin1String("I64"),
                     qPrintable(it.key() + QStringLiteral(": ") + dtype));
        }
        QVERIFY(tensors > 100);
    }

    void findsMalignantLesionsInUnseenPhantoms()
    {
        QVERIFY(dir_.isValid());
        // Seed 14 was used neither for training (11), validation (12) nor the 200-exam test (13);
        // lesion contrast 2 is what the model was trained on (docs/demo-model.md has contrast 1).
        Run r = cli({"phantom", "--seed", "14", "--count", "30", "--size", "640x512",
                     "--lesion-contrast", "2", "--out", path("held-out")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = cli({"evaluate", "--demo", "--out", path("eval"), path("held-out")});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QVERIFY(r.out.contains(QLatin1String("not for diagnosis")));
        QFile json(path("eval/evaluation.json"));
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QJsonObject o = QJsonDocument::fromJson(json.readAll()).object();
        QCOMPARE(o.value("models").toArray().first().toObject().value("provenance").toString(),
                 QStringLiteral("demo"));
        const QJsonObject malignant = o.value("malignant").toObject();
        QCOMPARE(malignant.value("images").toInt(), 120);
        QVERIFY(malignant.value("positives").toInt() >= 8); // about 30 % of exams, both views
        // Chance is 0.5; the 200-exam figure is in docs/demo-model.md. 30 exams leave room for
        // sampling noise, not for a model that does not work.
        const double auc = malignant.value("auc").toDouble();
        QVERIFY2(auc >= 0.85, qPrintable(QStringLiteral("malignant AUC %1\n%2").arg(auc).arg(r.out)));
        // And it looks where the lesion is: the most attended patch lies on it (issue 7: >= 70 %).
        const double onLesion = malignant.value("top_patch_on_lesion_rate").toDouble();
        QVERIFY2(onLesion >= 0.75, qPrintable(QStringLiteral("top patch on lesion %1").arg(onLesion)));
    }

    void infersOnTheDemoExam()
    {
        const Run r = cli({"infer", "--demo", "--no-png", "--out", path("demo")});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains(QLatin1String("NOT FOR DIAGNOSIS")), qPrintable(r.out));
        QFile json(path("demo/results.json"));
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QByteArray text = json.readAll();
        QVERIFY2(text.contains("\"demo\""), text.left(2000).constData());
        QVERIFY(text.contains("\"L-CC\"") && text.contains("\"R-MLO\""));
    }
};

QTEST_GUILESS_MAIN(TestDemoModel)
#include "tst_demomodel.moc"
