#include "app/cli/infercommand.h"

#include "app/cli/pacscommand.h"
#include "app/cli/progressreporter.h"
#include "app/cli/stopsignal.h"
#include "app/common/batchoutputdir.h"
#include "app/common/demoassets.h"
#include "app/common/examanalyzer.h"
#include "app/common/examdicomexporter.h"
#include "app/common/examreportwriter.h"
#include "app/common/examsource.h"
#include "app/common/resultjson.h"
#include "app/common/visualizer.h"
#include "core/logging/log.h"
#include "inference/engine/modelloader.h"

#include <QDir>
#include <QFileInfo>
#include <cstdio>
#include <future>
#include <optional>

namespace mammolens::app {

namespace {

constexpr int kFailed = 1;
constexpr int kUsage = 2;

int cannotUseModel(const std::string& error)
{
    std::fprintf(stderr, "mammolens-cli infer: cannot use model: %s\n", error.c_str());
    return kUsage;
}

struct InferArgs
{
    QStringList models;
    std::optional<double> percentT;
    inference::EngineOptions engine;
    QString out;
    QStringList inputs;
    bool json = false;
    bool png = true;
    bool report = false;  ///< --report: report.pdf and report.png per exam (docs/exports.md)
    bool demo = false;    ///< the shipped demo model, and the demo exam when no INPUT is given
    PacsInferSource pacs; ///< --pacs NODE with --study UID... or --since YYYYMMDD
    ExamDicomExporter::Request dicom; ///< --sr, --sc (docs/exports.md)
    bool storeBack = true;            ///< with --pacs: the SR (and SCs) go back to the node
};

int usage(const QString& why)
{
    std::fprintf(stderr,
                 "mammolens-cli infer: %s\n"
                 "usage: mammolens-cli infer --model FILE [--model FILE]... [--percent-t T]\n"
                 "         [--device cpu|cuda] [--threads N] [--precision float32|bfloat16]\n"
                 "         [--json] [--no-png] [--sr] [--sc] [--report] --out DIR INPUT...\n"
                 "       mammolens-cli infer --demo --out DIR [INPUT...]\n"
                 "         (the demo model, trained on synthetic phantoms, not for clinical use;\n"
                 "          on a generated demo exam when no INPUT is given)\n"
                 "       (or instead of INPUT: --pacs NODE|AET@HOST:PORT [--aet AET] [--port N]\n"
                 "         --study UID [--study UID]... | --since YYYYMMDD [--no-store-back])\n"
                 "       --sr: a DICOM Mammography CAD SR per exam, --sc: a DICOM secondary\n"
                 "         capture per view, in each exam's folder (DICOM inputs only); --pacs\n"
                 "         implies --sr and stores the SR (and --sc) back unless --no-store-back\n"
                 "       --report: report.pdf and report.png per exam (views, scores, models)\n",
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
        } else if (arg == QLatin1String("--pacs")) {
            if (!value(&a.pacs.node))
                return false;
        } else if (arg == QLatin1String("--aet")) {
            if (!value(&a.pacs.localAeTitle))
                return false;
        } else if (arg == QLatin1String("--port")) {
            if (!value(&v))
                return false;
            const int port = v.toInt();
            if (port <= 0 || port > 65535) {
                *error = QStringLiteral("--port takes a TCP port (1-65535)");
                return false;
            }
            a.pacs.localPort = quint16(port);
        } else if (arg == QLatin1String("--study")) {
            if (!value(&v))
                return false;
            a.pacs.studyUids << v;
        } else if (arg == QLatin1String("--since")) {
            if (!value(&v))
                return false;
            a.pacs.since = QDate::fromString(v, QStringLiteral("yyyyMMdd"));
            if (!a.pacs.since.isValid()) {
                *error = QStringLiteral("--since takes a date as YYYYMMDD");
                return false;
            }
        } else if (arg == QLatin1String("--demo")) {
            a.demo = true;
        } else if (arg == QLatin1String("--sr")) {
            a.dicom.sr = true;
        } else if (arg == QLatin1String("--sc")) {
            a.dicom.sc = true;
        } else if (arg == QLatin1String("--no-store-back")) {
            a.storeBack = false;
        } else if (arg == QLatin1String("--json")) {
            a.json = true;
        } else if (arg == QLatin1String("--no-png")) {
            a.png = false;
        } else if (arg == QLatin1String("--report")) {
            a.report = true;
        } else if (arg.startsWith(QLatin1String("--"))) {
            *error = QStringLiteral("unknown option ") + arg;
            return false;
        } else {
            a.inputs << arg;
        }
    }
    if (a.demo && a.models.isEmpty()) {
        const QString model = DemoAssets::modelPath();
        if (model.isEmpty()) {
            *error = QStringLiteral("the demo model is not installed (looked in %1)")
                         .arg(DemoAssets::searchedLocations());
            return false;
        }
        a.models << model;
    }
    if (a.demo && a.inputs.isEmpty() && a.pacs.node.isEmpty()) {
        auto exam = DemoAssets::demoExam();
        if (!exam) {
            *error = exam.error().message;
            return false;
        }
        a.inputs << exam.value();
    }
    if (a.out.isEmpty())
        *error = QStringLiteral("--out DIR is required");
    else if (a.inputs.isEmpty() && a.pacs.node.isEmpty())
        *error = QStringLiteral("no INPUT given");
    else if (!a.pacs.node.isEmpty() && a.pacs.studyUids.isEmpty() && !a.pacs.since.isValid())
        *error = QStringLiteral("--pacs needs --study UID or --since YYYYMMDD");
    else if (a.pacs.node.isEmpty() && (!a.pacs.studyUids.isEmpty() || a.pacs.since.isValid()))
        *error = QStringLiteral("--study and --since need --pacs NODE");
    else if (a.pacs.node.isEmpty() && !a.storeBack)
        *error = QStringLiteral("--no-store-back needs --pacs NODE");
    else if (a.models.isEmpty())
        *error = QStringLiteral("no --model given");
    // Batch triage from a PACS is read where the images are: the CAD SR goes back by default.
    if (!a.pacs.node.isEmpty() && a.storeBack)
        a.dicom.sr = true;
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
    const StopSignal stop; // Ctrl+C / SIGTERM: finish cleanly between stages (stopsignal.h)

    inference::GmicEngine engine(a.engine);
    if (!engine.precisionNotice().empty())
        progress.message(QStringLiteral("warning: ") +
                         QString::fromStdString(engine.precisionNotice()));
    // The model files are read here: one that cannot be used stops the command before anything
    // is written. Building the networks from them (about 0.2 s a model) runs on a second thread
    // while this one plans the exams and reads and preprocesses the first (docs/performance.md).
    std::vector<inference::ModelFile> modelFiles;
    for (const QString& file : a.models) {
        auto read = inference::ModelLoader::read(file.toStdString(), a.percentT);
        if (!read)
            return cannotUseModel(read.error());
        modelFiles.push_back(std::move(read).value());
    }
    auto building = std::async(std::launch::async, [&engine, &modelFiles]() -> std::string {
        for (const inference::ModelFile& file : modelFiles) {
            auto built = inference::ModelLoader::build(file);
            if (!built)
                return built.error();
            if (auto added = engine.addModel(std::move(built).value()); !added)
                return added.error();
        }
        return {};
    });

    // Planned from headers, loaded one exam at a time just before it runs: a batch holds one
    // exam's images, however many exams the night brings.
    std::vector<PendingExam> exams;
    bool anyFailed = false;
    const auto plan = [&](const QString& input) {
        auto planned = planExams(input, stop.flag());
        if (!planned) {
            progress.message(
                QStringLiteral("input %1 failed: %2").arg(input, planned.error().toString()));
            anyFailed = true;
            return;
        }
        for (PendingExam& e : planned.value())
            exams.push_back(std::move(e));
    };
    for (const QString& input : a.inputs)
        plan(input);
    std::optional<core::Outcome<core::Exam>> firstExam;
    std::optional<PreprocessedExam> firstInputs;
    if (!exams.empty() && !stop.requested()) {
        firstExam = exams.front().load();
        if (*firstExam && !stop.requested())
            firstInputs = ExamAnalyzer::preprocess(firstExam->value(), modelFiles.front().config,
                                                   stop.flag());
    }
    if (const std::string error = building.get(); !error.empty())
        return cannotUseModel(error);
    modelFiles.clear(); // the models hold copies of the weights

    QStringList modelIds;
    for (const auto& model : engine.models()) {
        const auto& id = model->identity;
        progress.message(QStringLiteral("model %1 (%2, %3)%4")
                             .arg(QString::fromStdString(id.name),
                                  QString::fromStdString(id.shortId()),
                                  QString::fromStdString(id.config.describe()),
                                  id.clinical() ? QString()
                                                : QStringLiteral(" - NOT FOR DIAGNOSIS: ") +
                                                      QString::fromStdString(id.provenance) +
                                                      QStringLiteral(" weights")));
        for (const auto& w : model->warnings)
            progress.message(QStringLiteral("  warning: ") + QString::fromStdString(w));
        modelIds << QString::fromStdString(id.id);
    }

    const BatchOutputDir out(a.out);
    if (!out.prepare(&error)) {
        std::fprintf(stderr, "mammolens-cli infer: %s\n", qPrintable(error));
        return kFailed;
    }

    if (!a.pacs.node.isEmpty()) {
        QString pacsError;
        const QStringList folders = retrieveForInference(a.pacs, &pacsError, &anyFailed);
        if (folders.isEmpty()) {
            std::fprintf(stderr, "mammolens-cli infer: %s\n", qPrintable(pacsError));
            return kFailed;
        }
        for (const QString& folder : folders)
            plan(folder);
    }

    ExamAnalyzer analyzer(engine);
    const bool wantDicom = a.dicom.sr || a.dicom.sc;
    QStringList dicomWritten; ///< SR and SC files of every exam, for the store-back
    const int total = static_cast<int>(exams.size());
    // Every exam before `i` is finished (done, skipped or failed) when the loop ends: a stop
    // signal breaks out at the exam it interrupted.
    int i = 0;
    for (; i < total && !stop.requested(); ++i) {
        const QString key = QFileInfo(out.examFolder(exams[size_t(i)].id)).fileName();
        const QString folder = out.examFolder(exams[size_t(i)].id);
        // A complete exam of an earlier run is skipped without decoding its images.
        const QStringList exportedBefore =
            wantDicom ? ExamDicomExporter::existing(folder, a.dicom) : QStringList();
        if (out.isComplete(exams[size_t(i)].id, modelIds) &&
            (!wantDicom || !exportedBefore.isEmpty()) &&
            (!a.report || ExamReportWriter::existsIn(folder))) {
            dicomWritten << exportedBefore;
            progress.examFinished(i, total, key, QStringLiteral("skipped"),
                                  QStringLiteral("already complete"));
            continue;
        }
        auto loaded = i == 0 && firstExam ? std::move(*firstExam) : exams[size_t(i)].load();
        if (stop.requested())
            break; // its loading was cut short: not a failure of the exam
        if (!loaded) {
            anyFailed = true;
            progress.examFinished(i, total, key, QStringLiteral("failed"),
                                  loaded.error().toString());
            continue;
        }
        core::Exam exam = std::move(loaded).value();
        // PNG sources have no UIDs to reference: no SR or SC for them (docs/exports.md).
        const bool exportDicom = wantDicom && ExamDicomExporter::exportable(exam);
        if (wantDicom && !exportDicom)
            progress.message(QStringLiteral("%1: no --sr/--sc: the exam is not DICOM, there are "
                                            "no source UIDs to reference")
                                 .arg(key));
        const QStringList exported =
            exportDicom ? ExamDicomExporter::existing(folder, a.dicom) : QStringList();
        if (exam.errors.empty() && out.isComplete(exam.id, modelIds) &&
            (!exportDicom || !exported.isEmpty()) &&
            (!a.report || ExamReportWriter::existsIn(folder))) {
            dicomWritten << exported;
            progress.examFinished(i, total, key, QStringLiteral("skipped"),
                                  QStringLiteral("already complete"));
            continue;
        }
        inference::RunControl control;
        control.cancel = stop.flag();
        std::vector<QString> viewNames;
        for (core::StandardView v : core::kStandardViews)
            if (exam.views.count(v))
                viewNames.push_back(core::toString(v));
        control.onStage = [&](int view, inference::Stage stage) {
            progress.stage(i, total, key,
                           view < int(viewNames.size()) ? viewNames[size_t(view)] : QString(),
                           QString::fromLatin1(inference::toString(stage)));
        };
        ExamAnalysis analysis = i == 0 && firstInputs
                                    ? analyzer.analyze(exam, std::move(*firstInputs), control)
                                    : analyzer.analyze(exam, control);
        if (stop.requested() && !analysis.complete())
            break; // stopped mid-exam: nothing of it is written, a rerun redoes it
        const bool complete = analysis.complete() && analysis.errors.isEmpty();
        // Figures, DICOM exports, report first, each file atomically, result.json last: a batch
        // killed in between has no complete result.json for the exam and redoes all of it.
        QString writeError;
        bool written = QDir().mkpath(folder);
        if (!written)
            writeError = QStringLiteral("cannot create ") + folder;
        if (written && a.png)
            written = Visualizer::writeExamImages(exam, analysis, folder, &writeError);
        bool exportsWritten = true;
        if (written && exportDicom) {
            auto files = ExamDicomExporter::write(exam, analysis, folder, a.dicom);
            if (files) {
                dicomWritten << files.value();
            } else {
                exportsWritten = false;
                progress.message(QStringLiteral("%1: DICOM export failed: %2 [%3]")
                                     .arg(key, files.error().message, files.error().code));
            }
        }
        // The CLI has no reader: its reports say that no assessment was recorded.
        if (written && a.report) {
            auto files = ExamReportWriter(exam, analysis, nullptr, QDateTime::currentDateTimeUtc())
                             .write(folder);
            if (!files) {
                exportsWritten = false;
                progress.message(QStringLiteral("%1: report failed: %2 [%3]")
                                     .arg(key, files.error().message, files.error().code));
            }
        }
        const QJsonObject json = [&] {
            QJsonObject o = examToJson(analysis);
            o[QStringLiteral("complete")] = complete && exportsWritten;
            return o;
        }();
        if (written)
            written = out.writeExam(json, &writeError);
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
        const bool ok = complete && written && exportsWritten;
        anyFailed = anyFailed || !ok;
        progress.examFinished(i, total, key, ok ? QStringLiteral("done") : QStringLiteral("failed"),
                              detail.join(QStringLiteral("; ")));
        log->info("exam {}/{} {}: {} in {:.0f} ms preprocessing, {:.0f} ms inference", i + 1, total,
                  key.toStdString(), ok ? "done" : "failed", analysis.preprocessMs,
                  analysis.inferenceMs);
    }
    if (stop.requested() && i < total) {
        // What is written is whole (each file atomically, the aggregates after every exam).
        progress.stopped(stop.name(), i, total);
        log->warn("stopped by {} after {} of {} exams", stop.name().toStdString(), i, total);
        return stop.exitCode();
    }
    if (total == 0)
        progress.message(QStringLiteral("no exam found in the inputs"));
    // Results stored back to the PACS: the CAD SRs and secondary captures of every exam of this
    // run, also of exams a rerun skipped (storing an instance again is harmless).
    if (!a.pacs.node.isEmpty() && a.storeBack && !storeInferenceResultsToPacs(a.pacs, dicomWritten))
        anyFailed = true;
    return anyFailed || total == 0 ? kFailed : 0;
}

} // namespace mammolens::app
