#include "app/cli/traincommand.h"

#include "app/cli/cliargs.h"
#include "app/common/examanalyzer.h"
#include "app/common/labelledimageset.h"
#include "core/exam/examloader.h"
#include "core/exam/groundtruthmasks.h"
#include "core/preprocess/preprocessor.h"
#include "inference/engine/modelloader.h"
#include "inference/train/gmictrainer.h"

#include <ATen/ATen.h>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>

#include <cstdio>
#include <unistd.h>

namespace mammolens::app {

namespace {

constexpr int kFailed = 1;
constexpr int kUsage = 2;

int usage(const QString& why)
{
    if (!why.isEmpty())
        std::fprintf(stderr, "mammolens-cli train: %s\n", qPrintable(why));
    std::fprintf(stderr,
                 "usage: mammolens-cli train --data DIR --out DIR [--validation DIR] [--resume]\n"
                 "         [--init FILE] [--input ROWSxCOLS] [--crop N] [--k N] [--percent-t T]\n"
                 "         [--epochs N] [--batch N] [--lr X] [--beta X] [--weight-decay X]\n"
                 "         [--mask-weight X]\n"
                 "         [--seed N] [--no-augment] [--name TEXT] [--description TEXT]\n"
                 "         [--provenance demo|unknown] [--device cpu|cuda] [--threads N]\n"
                 "  DIR holds manifest.csv and its exams (mammolens-cli phantom writes them).\n"
                 "  Without --validation, every tenth exam of --data is held out for validation.\n"
                 "  --mask-weight X > 0 also trains the saliency maps and the patch attention on\n"
                 "  the lesion masks beside the images (<image>_benign.png, _malignant.png).\n");
    return kUsage;
}

/// The lesion targets of one image from the masks beside it (TrainingSample::saliencyTargets and
/// lesionBoxes): per class, the saliency cells a mask covers, all 0 for a class the image is
/// negative for, none for a positive class without a readable mask; and each mask part's box.
void addLesionTargets(inference::TrainingSample& sample, const LabelledImage& img,
                      const core::InputGeometry& geometry, const inference::GmicConfig& config)
{
    const size_t cells = static_cast<size_t>(config.camRows) * static_cast<size_t>(config.camCols);
    for (size_t c = 0; c < 2; ++c)
        if (!img.labels[c])
            sample.saliencyTargets[c].assign(cells, 0.0f);
    for (const core::GroundTruthMask& m : core::GroundTruthMasks::find(img.file)) {
        const size_t c = m.kind == QLatin1String("malignant") ? 1 : 0;
        if (!img.labels[c])
            continue;
        const cv::Mat mask = core::GroundTruthMasks::loadInStoredPixels(m, geometry);
        if (mask.empty())
            continue;
        std::vector<float> t(cells, 0.0f);
        for (int row = 0; row < config.camRows; ++row)
            for (int col = 0; col < config.camCols; ++col) {
                const cv::Rect r = geometry.cellToStoredRect(row, col) &
                                   cv::Rect(0, 0, mask.cols, mask.rows);
                if (!r.empty() && cv::countNonZero(mask(r)) > 0)
                    t[static_cast<size_t>(row * config.camCols + col)] = 1.0f;
            }
        sample.saliencyTargets[c] = std::move(t);
        cv::Mat labels, stats, centroids;
        const int parts = cv::connectedComponentsWithStats(mask, labels, stats, centroids);
        for (int p = 1; p < parts; ++p) { // 0 is the background
            const cv::Rect stored(stats.at<int>(p, cv::CC_STAT_LEFT), stats.at<int>(p, cv::CC_STAT_TOP),
                                  stats.at<int>(p, cv::CC_STAT_WIDTH),
                                  stats.at<int>(p, cv::CC_STAT_HEIGHT));
            const cv::Rect in = geometry.storedRectToInput(stored);
            sample.lesionBoxes.push_back({in.y, in.x, in.y + in.height, in.x + in.width});
        }
    }
}

/// Preprocesses every image of `exams` at the model's size. A file that fails is reported and
/// left out (it costs only itself); labels come from the manifest.
std::vector<inference::TrainingSample> loadSamples(const std::vector<LabelledExam>& exams,
                                                   const inference::GmicConfig& config,
                                                   bool withMasks, const char* what,
                                                   int* failures)
{
    const core::Preprocessor preprocessor(ExamAnalyzer::preprocessOptionsFor(config));
    const core::ExamLoader loader;
    std::vector<inference::TrainingSample> samples;
    QElapsedTimer timer;
    timer.start();
    for (size_t e = 0; e < exams.size(); ++e) {
        const LabelledExam& labelled = exams[e];
        auto loaded = loader.load(labelled.folder);
        if (!loaded || loaded.value().empty()) {
            std::fprintf(stderr, "  %s: %s\n", qPrintable(labelled.id),
                         loaded ? "no images" : qPrintable(loaded.error().message));
            *failures += static_cast<int>(labelled.images.size());
            continue;
        }
        const core::Exam& exam = loaded.value().front();
        auto inputs = preprocessor.processExam(exam);
        for (const LabelledImage& img : labelled.images) {
            const auto it = inputs.find(img.view);
            if (it == inputs.end() || !it->second) {
                std::fprintf(stderr, "  %s %s: %s\n", qPrintable(labelled.id),
                             qPrintable(core::toString(img.view)),
                             it == inputs.end() ? "view not loaded"
                                                : qPrintable(it->second.error().message));
                ++*failures;
                continue;
            }
            const cv::Mat& m = it->second.value().input;
            inference::TrainingSample s;
            s.name = (labelled.id + QLatin1Char('/') + core::toString(img.view)).toStdString();
            s.pixels.assign(m.ptr<float>(0), m.ptr<float>(0) + m.total());
            s.labels = {static_cast<float>(img.labels[0]), static_cast<float>(img.labels[1])};
            if (withMasks)
                addLesionTargets(s, img, it->second.value().geometry, config);
            samples.push_back(std::move(s));
        }
        if ((e + 1) % 50 == 0 || e + 1 == exams.size())
            std::printf("loading %s: %zu/%zu exams, %zu images (%.1f s)\n", what, e + 1,
                        exams.size(), samples.size(), timer.elapsed() / 1000.0);
        std::fflush(stdout);
    }
    return samples;
}

bool parseSize(const QString& text, int* rows, int* cols)
{
    const QStringList p = text.split(QLatin1Char('x'));
    bool a = false, b = false;
    if (p.size() == 2) {
        *rows = p[0].toInt(&a);
        *cols = p[1].toInt(&b);
    }
    return a && b && *rows > 0 && *cols > 0;
}

} // namespace

int runTrainCommand(const QStringList& rawArgs)
{
    CliArgs a(rawArgs);
    bool ok = true;
    const auto data = a.value(QStringLiteral("--data"));
    const auto out = a.value(QStringLiteral("--out"));
    const auto validationDir = a.value(QStringLiteral("--validation"));
    const auto init = a.value(QStringLiteral("--init"));
    const auto inputSize = a.value(QStringLiteral("--input"));
    const bool resume = a.flag(QStringLiteral("--resume"));
    inference::TrainOptions o;
    o.epochs = a.intValue(QStringLiteral("--epochs"), o.epochs, &ok);
    o.batchSize = a.intValue(QStringLiteral("--batch"), o.batchSize, &ok);
    o.learningRate = a.doubleValue(QStringLiteral("--lr"), o.learningRate, &ok);
    o.saliencyL1 = a.doubleValue(QStringLiteral("--beta"), o.saliencyL1, &ok);
    o.weightDecay = a.doubleValue(QStringLiteral("--weight-decay"), o.weightDecay, &ok);
    o.maskWeight = a.doubleValue(QStringLiteral("--mask-weight"), o.maskWeight, &ok);
    o.seed = static_cast<uint64_t>(a.intValue(QStringLiteral("--seed"), 1, &ok));
    o.augment = !a.flag(QStringLiteral("--no-augment"));
    o.threads = a.intValue(QStringLiteral("--threads"), 0, &ok);
    const auto device = a.value(QStringLiteral("--device"));
    o.useCuda = device && *device == QLatin1String("cuda");
    const int crop = a.intValue(QStringLiteral("--crop"), 0, &ok);
    const int k = a.intValue(QStringLiteral("--k"), 0, &ok);
    const double percentT = a.doubleValue(QStringLiteral("--percent-t"), 0, &ok);
    inference::CheckpointInfo info;
    info.name = a.value(QStringLiteral("--name")).value_or(QStringLiteral("GMIC")).toStdString();
    info.description = a.value(QStringLiteral("--description")).value_or(QString()).toStdString();
    info.provenance =
        a.value(QStringLiteral("--provenance")).value_or(QStringLiteral("unknown")).toStdString();
    if (!ok || !a.error().isEmpty())
        return usage(a.error());
    if (!data || !out || !a.positional().isEmpty())
        return usage(QString());
    if (info.provenance == "official")
        return usage(QStringLiteral("a model we train is never 'official'"));
    if (device && *device != QLatin1String("cpu") && *device != QLatin1String("cuda"))
        return usage(QStringLiteral("--device is cpu or cuda"));
    if (o.maskWeight < 0)
        return usage(QStringLiteral("--mask-weight is 0 or more"));

    // The model: official or other weights to fine-tune, else a fresh one at the asked size.
    inference::GmicModel model{nullptr};
    inference::GmicConfig config;
    if (init) {
        auto loaded = inference::ModelLoader::load(init->toStdString(),
                                                   percentT > 0 ? std::optional<double>(percentT)
                                                                : std::nullopt);
        if (!loaded) {
            std::fprintf(stderr, "mammolens-cli train: %s\n", loaded.error().c_str());
            return kFailed;
        }
        model = loaded.value()->module;
        config = model->config;
    } else {
        if (inputSize && !parseSize(*inputSize, &config.inputRows, &config.inputCols))
            return usage(QStringLiteral("--input is ROWSxCOLS, e.g. 576x384"));
        config.camRows = inference::GmicConfig::globalMapSize(config.inputRows);
        config.camCols = inference::GmicConfig::globalMapSize(config.inputCols);
        if (crop > 0)
            config.cropRows = config.cropCols = crop;
        if (k > 0)
            config.K = k;
        if (percentT > 0)
            config.percentT = percentT;
        if (const std::string why = config.validate(); !why.empty())
            return usage(QString::fromStdString("invalid model configuration: " + why));
        at::manual_seed(o.seed);
        model = inference::GmicModel(config);
    }

    auto trainExams = LabelledImageSet::read(*data);
    if (!trainExams) {
        std::fprintf(stderr, "mammolens-cli train: %s\n", qPrintable(trainExams.error().message));
        return kFailed;
    }
    std::vector<LabelledExam> training, validation;
    if (validationDir) {
        training = std::move(trainExams).value();
        auto v = LabelledImageSet::read(*validationDir);
        if (!v) {
            std::fprintf(stderr, "mammolens-cli train: %s\n", qPrintable(v.error().message));
            return kFailed;
        }
        validation = std::move(v).value();
    } else {
        const auto& all = trainExams.value();
        for (size_t i = 0; i < all.size(); ++i)
            (i % 10 == 9 ? validation : training).push_back(all[i]);
    }
    std::printf("model %s (%s), %zu training and %zu validation exams\n", info.name.c_str(),
                config.describe().c_str(), training.size(), validation.size());
    int failures = 0;
    const bool withMasks = o.maskWeight > 0;
    const auto trainSamples = loadSamples(training, config, withMasks, "training", &failures);
    const auto validationSamples = loadSamples(validation, config, false, "validation", &failures);

    inference::GmicTrainer trainer(model, o, info);
    const std::string outDir = QDir(*out).absolutePath().toStdString();
    if (resume && QFileInfo::exists(QDir(*out).filePath(QStringLiteral("last.safetensors")))) {
        auto r = trainer.resume(outDir);
        if (!r) {
            std::fprintf(stderr, "mammolens-cli train: %s\n", r.error().c_str());
            return kFailed;
        }
        std::printf("resuming after epoch %d of %d\n", r.value(), o.epochs);
    }
    const bool terminal = isatty(fileno(stdout));
    QElapsedTimer clock;
    clock.start();
    auto reports = trainer.train(
        trainSamples, validationSamples, outDir,
        [&](const inference::TrainProgress& p) {
            if (terminal)
                std::printf("\repoch %d/%d step %d/%d loss %.4f (global %.3f local %.3f fusion %.3f"
                            " mask %.3f attention %.3f)",
                            p.epoch, o.epochs, p.step, p.steps, p.losses.total, p.losses.global,
                            p.losses.local, p.losses.fusion, p.losses.mask, p.losses.attention);
            else if (p.step % 50 == 0 || p.step == p.steps)
                std::printf("epoch %d/%d step %d/%d loss %.4f (global %.3f local %.3f fusion %.3f"
                            " mask %.3f attention %.3f)\n",
                            p.epoch, o.epochs, p.step, p.steps, p.losses.total, p.losses.global,
                            p.losses.local, p.losses.fusion, p.losses.mask, p.losses.attention);
            std::fflush(stdout);
        },
        [&](const inference::EpochReport& r) {
            const auto auc = [](const std::optional<double>& v) {
                return v ? QString::number(*v, 'f', 3) : QStringLiteral("n/a");
            };
            std::printf("%sepoch %d/%d done in %.0f s: loss %.4f, validation AUC malignant %s, "
                        "benign %s%s\n",
                        terminal ? "\n" : "", r.epoch, r.epochs, r.seconds, r.meanLosses.total,
                        qPrintable(auc(r.validationAucMalignant)),
                        qPrintable(auc(r.validationAucBenign)), r.best ? " (best so far)" : "");
            std::fflush(stdout);
        });
    if (!reports) {
        std::fprintf(stderr, "mammolens-cli train: %s\n", reports.error().c_str());
        return kFailed;
    }
    std::printf("trained %d epoch(s) in %.0f s; model: %s/best.safetensors\n",
                static_cast<int>(reports.value().size()), clock.elapsed() / 1000.0,
                outDir.c_str());
    return failures > 0 ? kFailed : 0;
}

} // namespace mammolens::app
