#include "app/cli/toolcommands.h"

#include "app/cli/stopsignal.h"
#include "app/common/batchoutputdir.h"
#include "app/common/examsource.h"
#include "core/dicom/dicominspector.h"
#include "core/png/pngimagereader.h"
#include "core/preprocess/preprocessor.h"
#include "inference/engine/benchmark.h"
#include "inference/engine/modelloader.h"
#include "inference/weights/safetensors.h"

#include <ATen/ATen.h>

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

namespace mammolens::app {

namespace {

constexpr int kFailed = 1;
constexpr int kUsage = 2;

int usage(const char* text)
{
    std::fprintf(stderr, "usage: mammolens-cli %s\n", text);
    return kUsage;
}

/// Takes "--name VALUE" out of args; false when the option is present without a value.
bool takeOption(QStringList& args, const QString& name, QString* value)
{
    const int i = args.indexOf(name);
    if (i < 0)
        return true;
    if (i + 1 >= args.size())
        return false;
    *value = args.at(i + 1);
    args.remove(i, 2);
    return true;
}

void printPng(const QString& path, const core::MammogramImage& img)
{
    std::printf("%s\n  format: PNG, %d x %d, %d-bit\n  view: %s (%s), laterality %s (%s)\n",
                qPrintable(path), img.pixels.rows, img.pixels.cols,
                img.pixels.depth() == CV_16U ? 16 : 8, qPrintable(img.viewName),
                qPrintable(core::toString(img.viewSource)), qPrintable(core::toString(img.laterality)),
                qPrintable(core::toString(img.lateralitySource)));
    for (const QString& w : img.warnings)
        std::printf("  warning: %s\n", qPrintable(w));
}

} // namespace

int runInspectCommand(const QStringList& args)
{
    if (args.isEmpty())
        return usage("inspect FILE...");
    bool anyFailed = false;
    for (const QString& path : args) {
        if (path.endsWith(QLatin1String(".png"), Qt::CaseInsensitive)) {
            auto img = core::PngImageReader().read(path);
            if (img)
                printPng(path, img.value());
            else
                std::printf("%s\n  error: %s\n", qPrintable(path), qPrintable(img.error().toString()));
            anyFailed = anyFailed || !img;
            continue;
        }
        const core::DicomInspection inspection = core::DicomInspector::inspect(path);
        std::printf("%s\n", qPrintable(core::DicomInspector::toText(inspection)));
        anyFailed = anyFailed || inspection.error.has_value();
    }
    return anyFailed ? kFailed : 0;
}

int runPreprocessCommand(const QStringList& rawArgs)
{
    QStringList args = rawArgs;
    QString out, model;
    if (!takeOption(args, QStringLiteral("--out"), &out) ||
        !takeOption(args, QStringLiteral("--model"), &model) || out.isEmpty() || args.isEmpty())
        return usage("preprocess [--model FILE] --out DIR INPUT...");
    core::PreprocessOptions options;
    if (!model.isEmpty()) { // a model trained at another size preprocesses with its own sizes
        auto m = inference::ModelLoader::load(model.toStdString());
        if (!m) {
            std::fprintf(stderr, "mammolens-cli preprocess: %s\n", m.error().c_str());
            return kUsage;
        }
        const auto& c = m.value()->identity.config;
        options.inputRows = c.inputRows;
        options.inputCols = c.inputCols;
        options.camRows = c.camRows;
        options.camCols = c.camCols;
    }
    const BatchOutputDir dir(out);
    QString error;
    if (!dir.prepare(&error)) {
        std::fprintf(stderr, "mammolens-cli preprocess: %s\n", qPrintable(error));
        return kFailed;
    }
    const core::Preprocessor preprocessor(options);
    const StopSignal stop; // Ctrl+C / SIGTERM: stop between views, every file written is whole
    bool anyFailed = false;
    for (const QString& input : args) {
        if (stop.requested())
            break;
        auto exams = loadExams(input, stop.flag());
        if (stop.requested())
            break;
        if (!exams) {
            std::printf("%s: %s\n", qPrintable(input), qPrintable(exams.error().toString()));
            anyFailed = true;
            continue;
        }
        for (const core::Exam& exam : exams.value()) {
            if (stop.requested())
                break;
            const QString folder = dir.examFolder(exam.id);
            QDir().mkpath(folder);
            auto inputs = preprocessor.processExam(exam, stop.flag());
            for (auto& [view, outcome] : inputs) {
                if (stop.requested())
                    break;
                const QString name = core::toString(view);
                if (!outcome) {
                    std::printf("%s %s: %s\n", qPrintable(QFileInfo(folder).fileName()),
                                qPrintable(name), qPrintable(outcome.error().toString()));
                    anyFailed = true;
                    continue;
                }
                const core::ModelInput& mi = outcome.value();
                const auto& s = mi.geometry.steps();
                const QJsonObject geometry{
                    {QStringLiteral("source"), exam.views.at(view).sourcePath},
                    {QStringLiteral("stored_size"), QJsonArray{s.storedRows, s.storedCols}},
                    {QStringLiteral("crop_window"),
                     QJsonArray{s.cropTop, s.cropBottom, s.cropLeft, s.cropRight}},
                    {QStringLiteral("flipped"), s.flipped},
                    {QStringLiteral("padding"), QJsonArray{s.padTop, s.padBottom, s.padRight}},
                    {QStringLiteral("window_offset"), QJsonArray{s.windowTop, s.windowLeft}},
                    {QStringLiteral("best_center"),
                     QJsonArray{mi.crop.bestCenterRow, mi.crop.bestCenterCol}},
                    {QStringLiteral("input_size"), QJsonArray{s.inputRows, s.inputCols}},
                    {QStringLiteral("cam_size"), QJsonArray{s.camRows, s.camCols}},
                    {QStringLiteral("warnings"), QJsonArray::fromStringList(mi.warnings)}};
                const QByteArray geometryJson = QJsonDocument(geometry).toJson(QJsonDocument::Compact);
                const at::Tensor t = at::from_blob(const_cast<float*>(mi.input.ptr<float>()),
                                                   {mi.input.rows, mi.input.cols}, at::kFloat);
                auto written = inference::writeSafetensors(
                    (folder + QLatin1Char('/') + name + QStringLiteral(".safetensors")).toStdString(),
                    {{name.toStdString(), t}}, {{"mammolens.geometry", geometryJson.toStdString()}});
                if (!written ||
                    !BatchOutputDir::writeFileAtomically(folder + QLatin1Char('/') + name +
                                                             QStringLiteral(".geometry.json"),
                                                         QJsonDocument(geometry).toJson(), &error)) {
                    std::printf("cannot write %s: %s\n", qPrintable(name),
                                written ? qPrintable(error) : written.error().c_str());
                    anyFailed = true;
                    continue;
                }
                std::printf("%s %s: %s.safetensors\n", qPrintable(QFileInfo(folder).fileName()),
                            qPrintable(name), qPrintable(name));
                std::fflush(stdout); // progress, also through a pipe
            }
        }
    }
    if (stop.requested()) {
        std::printf("stopped by %s: the files written are whole; run again to write all of them\n",
                    qPrintable(stop.name()));
        return stop.exitCode();
    }
    return anyFailed ? kFailed : 0;
}

int runConvertWeightsCommand(const QStringList& rawArgs)
{
    QStringList args = rawArgs;
    QString percentT, name, description, provenance;
    // Half precision storage halves the file (the shipped demo model); values are rounded once.
    const bool half = args.removeAll(QStringLiteral("--half")) > 0;
    if (!takeOption(args, QStringLiteral("--percent-t"), &percentT) ||
        !takeOption(args, QStringLiteral("--name"), &name) ||
        !takeOption(args, QStringLiteral("--description"), &description) ||
        !takeOption(args, QStringLiteral("--provenance"), &provenance) || args.size() != 2)
        return usage("convert-weights [--percent-t T] [--name NAME] [--description TEXT]\n"
                     "                                [--provenance demo|random|parity|unknown] [--half]\n"
                     "                                IN OUT");
    std::optional<double> t;
    if (!percentT.isEmpty())
        t = percentT.toDouble();
    auto model = inference::ModelLoader::load(args[0].toStdString(), t);
    if (!model) {
        std::fprintf(stderr, "mammolens-cli convert-weights: %s\n", model.error().c_str());
        return kFailed;
    }
    const auto& id = model.value()->identity;
    auto metadata = id.config.toMetadata();
    metadata["mammolens.name"] = name.isEmpty() ? id.name : name.toStdString();
    if (!description.isEmpty() || !id.description.empty())
        metadata["mammolens.description"] =
            description.isEmpty() ? id.description : description.toStdString();
    metadata["mammolens.provenance"] = provenance.isEmpty() ? id.provenance : provenance.toStdString();
    // How a checkpoint of ours was trained (epochs, learning rate, mask weight...) stays with it.
    if (QFileInfo(args[0]).suffix() == QLatin1String("safetensors"))
        if (auto source = inference::readSafetensors(args[0].toStdString()))
            for (const auto& [key, value] : source.value().metadata)
                if (key.rfind("mammolens.training.", 0) == 0)
                    metadata[key] = value;
    auto tensors = inference::ModelLoader::stateDict(*model.value()->module);
    if (half)
        for (auto& [key, t] : tensors)
            if (t.is_floating_point())
                t = t.to(at::kHalf);
    auto written = inference::writeSafetensors(args[1].toStdString(), tensors, metadata);
    if (!written) {
        std::fprintf(stderr, "mammolens-cli convert-weights: %s\n", written.error().c_str());
        return kFailed;
    }
    for (const auto& w : model.value()->warnings)
        std::printf("warning: %s\n", w.c_str());
    // The identity is the hash of the stored weights: the written file's, not the input's (they
    // differ after --half). Reading it back also proves the file loads.
    auto check = inference::ModelLoader::load(args[1].toStdString(), t);
    if (!check) {
        std::fprintf(stderr, "mammolens-cli convert-weights: %s does not load back: %s\n",
                     qPrintable(args[1]), check.error().c_str());
        return kFailed;
    }
    std::printf("wrote %s (%s, model id %s)\n", qPrintable(args[1]),
                check.value()->identity.config.describe().c_str(),
                check.value()->identity.id.c_str());
    return 0;
}

int runBenchCommand(const QStringList& args)
{
    std::vector<std::string> a;
    for (const QString& s : args)
        a.push_back(s.toStdString());
    return inference::runBenchmark(a);
}

} // namespace mammolens::app
