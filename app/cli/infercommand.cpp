#include "app/cli/infercommand.h"

#include "app/cli/progressreporter.h"
#include "app/common/batchoutputdir.h"
#include "app/common/examanalyzer.h"
#include "app/common/examsource.h"
#include "app/common/resultjson.h"
#include "app/common/visualizer.h"
#include "core/logging/log.h"

#include <QFileInfo>

#include <cstdio>

namespace mammolens::app {

namespace {

constexpr int kFailed = 1;
constexpr int kUsage = 2;

struct InferArgs
{
    QStringList models;
    std::optional<double> percentT;
    inference::EngineOptions engine;
    QString out;
    QStringList inputs;
    bool json = false;
    bool png = true;
};

int usage(const QString& why)
{
    std::fprintf(stderr,
                 "mammolens-cli infer: %s\n"
                 "usage: mammolens-cli infer --model FILE [--model FILE]... [--percent-t T]\n"
                 "         [--device cpu|cuda] [--threads N] [--precision float32|bfloat16]\n"
                 "         [--json] [--no-png] --out DIR INPUT...\n",
                 qPrintable(why));
    return kUsage;
}

bool parse(QStringList args, InferArgs& a, QString* error)
{
    while (!args.isEmpty()) {
        const QString arg = args.takeFirst();
        auto value = [&](QString* v) {
            if (args.isEmpty()) {
                *error = arg + QStringLiteral(" needs a value");
                return false;
            }
            *v = args.takeFirst();
            return true;
        };
        QString v;
        if (arg == QLatin1String("--model")) {
            if (!value(&v))
                return false;
            a.models << v;
        } else if (arg == QLatin1String("--percent-t")) {
            if (!value(&v))
                return false;
            bool ok = false;
            a.percentT = v.toDouble(&ok);
            if (!ok || *a.percentT <= 0 || *a.percentT > 1) {
                *error = QStringLiteral("--percent-t takes a number in (0, 1]");
                return false;
            }
        } else if (arg == QLatin1String("--device")) {
            if (!value(&v))
                return false;
            if (v != QLatin1String("cpu") && v != QLatin1String("cuda")) {
                *error = QStringLiteral("--device is cpu or cuda");
                return false;
            }
            a.engine.useCuda = v == QLatin1String("cuda");
        } else if (arg == QLatin1String("--threads")) {
            if (!value(&v))
                return false;
            a.engine.threads = v.toInt();
            if (a.engine.threads <= 0) {
                *error = QStringLiteral("--threads takes a positive number");
                return false;
            }
        } else if (arg == QLatin1String("--precision")) {
            if (!value(&v))
                return false;
            if (v == QLatin1String("bfloat16"))
                a.engine.precision = inference::Precision::BFloat16;
            else if (v == QLatin1String("float16"))
                a.engine.precision = inference::Precision::Float16;
            else if (v != QLatin1String("float32")) {
                *error = QStringLiteral("--precision is float32, bfloat16 or float16");
                return false;
            }
        } else if (arg == QLatin1String("--out")) {
            if (!value(&a.out))
                return false;
        } else if (arg == QLatin1String("--json")) {
            a.json = true;
        } else if (arg == QLatin1String("--no-png")) {
            a.png = false;
        } else if (arg.startsWith(QLatin1String("--"))) {
            *error = QStringLiteral("unknown option ") + arg;
            return false;
        } else {
            a.inputs << arg;
        }
    }
    if (a.out.isEmpty())
        *error = QStringLiteral("--out DIR is required");
    else if (a.inputs.isEmpty())
        *error = QStringLiteral("no INPUT given");
    else if (a.models.isEmpty())
        *error = QStringLiteral("no --model given");
    return error->isEmpty();
}

} // namespace

int runInferCommand(const QStringList& rawArgs)
{
    InferArgs a;
    QString error;
    if (!parse(rawArgs, a, &error))
        return usage(error);
    auto log = core::log::get("cli");
    ProgressReporter progress(ProgressReporter::detect(a.json));

    inference::GmicEngine engine(a.engine);
    for (const QString& file : a.models) {
        auto model = engine.addModel(file.toStdString(), a.percentT);
        if (!model) {
            std::fprintf(stderr, "mammolens-cli infer: cannot use model: %s\n", model.error().c_str());
            return kUsage;
        }
        const auto& id = model.value()->identity;
        progress.message(QStringLiteral("model %1 (%2, %3)%4")
                             .arg(QString::fromStdString(id.name),
                                  QString::fromStdString(id.shortId()),
                                  QString::fromStdString(id.config.describe()),
                                  id.clinical() ? QString()
                                                : QStringLiteral(" - NOT FOR DIAGNOSIS: ") +
                                                      QString::fromStdString(id.provenance) +
                                                      QStringLiteral(" weights")));
        for (const auto& w : model.value()->warnings)
            progress.message(QStringLiteral("  warning: ") + QString::fromStdString(w));
    }
    QStringList modelIds;
    for (const auto& m : engine.models())
        modelIds << QString::fromStdString(m->identity.id);

    const BatchOutputDir out(a.out);
    if (!out.prepare(&error)) {
        std::fprintf(stderr, "mammolens-cli infer: %s\n", qPrintable(error));
        return kFailed;
    }

    bool anyFailed = false;
    std::vector<core::Exam> exams;
    for (const QString& input : a.inputs) {
        auto loaded = loadExams(input);
        if (!loaded) {
            progress.message(QStringLiteral("input %1 failed: %2").arg(input, loaded.error().toString()));
            anyFailed = true;
            continue;
        }
        for (core::Exam& e : loaded.value())
            exams.push_back(std::move(e));
    }

    ExamAnalyzer analyzer(engine);
    const int total = static_cast<int>(exams.size());
    for (int i = 0; i < total; ++i) {
        core::Exam& exam = exams[static_cast<size_t>(i)];
        const QString key = QFileInfo(out.examFolder(exam.id)).fileName();
        if (exam.errors.empty() && out.isComplete(exam.id, modelIds)) {
            progress.examFinished(i, total, key, QStringLiteral("skipped"),
                                  QStringLiteral("already complete"));
            continue;
        }
        inference::RunControl control;
        std::vector<QString> viewNames;
        for (core::StandardView v : core::kStandardViews)
            if (exam.views.count(v))
                viewNames.push_back(core::toString(v));
        control.onStage = [&](int view, inference::Stage stage) {
            progress.stage(i, total, key,
                           view < int(viewNames.size()) ? viewNames[size_t(view)] : QString(),
                           QString::fromLatin1(inference::toString(stage)));
        };
        ExamAnalysis analysis = analyzer.analyze(exam, control);
        const bool complete = analysis.complete() && analysis.errors.isEmpty();
        const QJsonObject json = [&] {
            QJsonObject o = examToJson(analysis);
            o[QStringLiteral("complete")] = complete;
            return o;
        }();
        QString writeError;
        bool written = out.writeExam(json, &writeError);
        if (written && a.png)
            written = Visualizer::writeExamImages(exam, analysis, out.examFolder(exam.id), &writeError);
        if (written)
            written = out.writeAggregates(&writeError);
        if (!written)
            progress.message(QStringLiteral("cannot write results: ") + writeError);

        QStringList detail;
        for (const ViewAnalysis& v : analysis.views)
            if (v.prediction)
                detail << QStringLiteral("%1 %2/%3")
                              .arg(core::toString(v.view))
                              .arg(v.prediction->yFusion[0], 0, 'f', 3)
                              .arg(v.prediction->yFusion[1], 0, 'f', 3);
            else
                detail << core::toString(v.view) + QStringLiteral(" failed: ") + v.error;
        detail += analysis.errors;
        const bool ok = complete && written;
        anyFailed = anyFailed || !ok;
        progress.examFinished(i, total, key, ok ? QStringLiteral("done") : QStringLiteral("failed"),
                              detail.join(QStringLiteral("; ")));
        log->info("exam {}/{} {}: {} in {:.0f} ms preprocessing, {:.0f} ms inference", i + 1, total,
                  key.toStdString(), ok ? "done" : "failed", analysis.preprocessMs,
                  analysis.inferenceMs);
    }
    if (total == 0)
        progress.message(QStringLiteral("no exam found in the inputs"));
    return anyFailed || total == 0 ? kFailed : 0;
}

} // namespace mammolens::app
