#include "app/cli/evaluatecommand.h"

#include "app/cli/cliargs.h"
#include "app/common/demoassets.h"
#include "app/common/labelledimageset.h"
#include "app/common/modelevaluator.h"

#include <QDir>
#include <QJsonDocument>
#include <QSaveFile>
#include <QTextStream>

#include <cstdio>

namespace mammolens::app {

namespace {

constexpr int kFailed = 1;
constexpr int kUsage = 2;

int usage(const QString& why)
{
    if (!why.isEmpty())
        std::fprintf(stderr, "mammolens-cli evaluate: %s\n", qPrintable(why));
    std::fprintf(stderr,
                 "usage: mammolens-cli evaluate (--model FILE... | --demo) --out DIR\n"
                 "         [--device cpu|cuda] [--threads N] LABELLED_DIR\n"
                 "  LABELLED_DIR holds manifest.csv and its exams (mammolens-cli phantom).\n"
                 "  Writes DIR/evaluation.json and DIR/evaluation.csv.\n");
    return kUsage;
}

bool writeAtomically(const QString& path, const QByteArray& bytes)
{
    QSaveFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size() && f.commit();
}

QString percent(int hits, int of)
{
    if (of == 0)
        return QStringLiteral("n/a");
    return QStringLiteral("%1% (%2/%3)").arg(100.0 * hits / of, 0, 'f', 1).arg(hits).arg(of);
}

QByteArray csv(const EvaluationReport& report)
{
    QByteArray out = "exam_id,view,benign_label,malignant_label,benign,malignant,"
                     "top_patch_on_lesion,saliency_max_on_lesion,error\n";
    const auto flag = [](const std::optional<bool>& v) -> QString {
        return v ? (*v ? QStringLiteral("1") : QStringLiteral("0")) : QString();
    };
    for (const ImageEvaluation& ev : report.images) {
        // The class the image is positive for decides which localisation is reported (malignant
        // first); empty when negative for both or without a mask.
        const size_t c = ev.labels[1] ? 1 : 0;
        QString error = ev.error;
        error.replace(QLatin1Char(','), QLatin1Char(';'));
        out += QStringLiteral("%1,%2,%3,%4,%5,%6,%7,%8,%9\n")
                   .arg(ev.examId, core::toString(ev.view))
                   .arg(ev.labels[0])
                   .arg(ev.labels[1])
                   .arg(ev.error.isEmpty() ? QString::number(ev.yFusion[0], 'g', 6) : QString(),
                        ev.error.isEmpty() ? QString::number(ev.yFusion[1], 'g', 6) : QString(),
                        flag(ev.topPatchOnLesion[c]), flag(ev.saliencyMaxOnLesion[c]), error)
                   .toUtf8();
    }
    return out;
}

} // namespace

int runEvaluateCommand(const QStringList& rawArgs)
{
    CliArgs a(rawArgs);
    bool ok = true;
    QStringList models = a.values(QStringLiteral("--model"));
    const bool demo = a.flag(QStringLiteral("--demo"));
    const auto out = a.value(QStringLiteral("--out"));
    const auto device = a.value(QStringLiteral("--device"));
    inference::EngineOptions options;
    options.threads = a.intValue(QStringLiteral("--threads"), 0, &ok);
    options.useCuda = device && *device == QLatin1String("cuda");
    if (!ok || !a.error().isEmpty())
        return usage(a.error());
    if (!out || a.positional().size() != 1 || (models.isEmpty() && !demo) ||
        (!models.isEmpty() && demo))
        return usage(QString());
    if (demo) {
        const QString path = DemoAssets::modelPath();
        if (path.isEmpty()) {
            std::fprintf(stderr, "mammolens-cli evaluate: the demo model is not installed (looked in %s)\n",
                         qPrintable(DemoAssets::searchedLocations()));
            return kFailed;
        }
        models << path;
    }

    inference::GmicEngine engine(options);
    for (const QString& m : models) {
        auto added = engine.addModel(m.toStdString());
        if (!added) {
            std::fprintf(stderr, "mammolens-cli evaluate: %s\n", added.error().c_str());
            return kFailed;
        }
    }
    auto exams = LabelledImageSet::read(a.positional().front());
    if (!exams) {
        std::fprintf(stderr, "mammolens-cli evaluate: %s\n", qPrintable(exams.error().message));
        return kFailed;
    }
    std::vector<inference::ModelIdentity> identities;
    for (const auto& m : engine.models()) {
        identities.push_back(m->identity);
        std::printf("model: %s (%s)%s\n", m->identity.label().c_str(),
                    m->identity.config.describe().c_str(),
                    m->identity.clinical() ? "" : " - not for diagnosis");
    }
    ModelEvaluator evaluator(engine);
    const EvaluationReport report = evaluator.evaluate(exams.value(), [](int done, int total) {
        if (done % 20 == 0 || done == total) {
            std::printf("evaluated %d/%d exams\n", done, total);
            std::fflush(stdout);
        }
    });

    if (!QDir().mkpath(*out)) {
        std::fprintf(stderr, "mammolens-cli evaluate: cannot create %s\n", qPrintable(*out));
        return kFailed;
    }
    const QDir dir(*out);
    const bool written =
        writeAtomically(dir.filePath(QStringLiteral("evaluation.json")),
                        QJsonDocument(report.toJson(identities)).toJson()) &&
        writeAtomically(dir.filePath(QStringLiteral("evaluation.csv")), csv(report));

    std::printf("\n%-10s %7s %9s %7s  %-24s %-24s\n", "class", "images", "positive", "AUC",
                "top patch on lesion", "saliency max on lesion");
    const char* names[2] = {"benign", "malignant"};
    for (size_t c : {size_t{1}, size_t{0}}) {
        const ClassEvaluation& ce = report.classes[c];
        std::printf("%-10s %7d %9d %7s  %-24s %-24s\n", names[c], ce.images, ce.positives,
                    ce.auc ? qPrintable(QString::number(*ce.auc, 'f', 3)) : "n/a",
                    qPrintable(percent(ce.topPatchHits, ce.localised)),
                    qPrintable(percent(ce.saliencyHits, ce.localised)));
    }
    const auto& m = report.classes[1];
    std::printf("\nmalignant AUC: %s\n", m.auc ? qPrintable(QString::number(*m.auc, 'f', 3)) : "n/a");
    std::printf("%d image(s) failed; %.1f s; written: %s\n", report.failedImages, report.seconds,
                qPrintable(dir.filePath(QStringLiteral("evaluation.json"))));
    if (!written) {
        std::fprintf(stderr, "mammolens-cli evaluate: cannot write into %s\n", qPrintable(*out));
        return kFailed;
    }
    return report.failedImages > 0 ? kFailed : 0;
}

} // namespace mammolens::app
