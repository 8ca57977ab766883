#include "inference/train/gmictrainer.h"

#include "inference/engine/modelloader.h"
#include "inference/train/rocauc.h"
#include "inference/weights/safetensors.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <torch/cuda.h>
#include <torch/serialize.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <numeric>
#include <random>
#include <thread>

namespace mammolens::inference {

namespace {

namespace fs = std::filesystem;

std::string number(double v)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", v);
    return text;
}

std::optional<double> metadataNumber(const std::map<std::string, std::string>& m,
                                     const std::string& key)
{
    const auto it = m.find(key);
    if (it == m.end() || it->second.empty())
        return std::nullopt;
    try {
        return std::stod(it->second);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

} // namespace

GmicTrainer::GmicTrainer(GmicModel model, TrainOptions options, CheckpointInfo info)
    : model_(std::move(model)), options_(options), info_(std::move(info)),
      device_(options.useCuda && torch::cuda::is_available() ? at::Device(at::kCUDA, 0)
                                                              : at::Device(at::kCPU))
{
    at::set_num_threads(options_.threads > 0
                            ? options_.threads
                            : static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
    model_->to(device_);
    optimizer_ = std::make_unique<torch::optim::Adam>(
        model_->parameters(),
        torch::optim::AdamOptions(options_.learningRate).weight_decay(options_.weightDecay));
}

at::Tensor GmicTrainer::batchTensor(const std::vector<const TrainingSample*>& batch, bool augment,
                                    std::vector<Augmentation>* augmentations)
{
    const GmicConfig& cfg = model_->config;
    const int64_t n = static_cast<int64_t>(batch.size());
    at::Tensor x = at::empty({n, 1, cfg.inputRows, cfg.inputCols}, at::kFloat);
    const size_t pixels = static_cast<size_t>(cfg.inputRows) * static_cast<size_t>(cfg.inputCols);
    for (int64_t i = 0; i < n; ++i) {
        const TrainingSample& s = *batch[static_cast<size_t>(i)];
        if (s.pixels.size() != pixels)
            throw InferenceError("training sample " + s.name + " is not " +
                                 std::to_string(cfg.inputRows) + "x" + std::to_string(cfg.inputCols));
        std::copy(s.pixels.begin(), s.pixels.end(), x[i].data_ptr<float>());
    }
    if (augmentations)
        augmentations->assign(batch.size(), Augmentation{});
    if (augment) {
        // Deterministic per step (seed, counter), so a resumed run sees the same augmentations.
        std::mt19937_64 rng(options_.seed * 1000003u + augmentCounter_++);
        std::uniform_real_distribution<double> unit(0.0, 1.0);
        const int maxShift = std::max(1, cfg.inputRows / 32);
        for (int64_t i = 0; i < n; ++i) {
            at::Tensor xi = x[i];
            // Up-down flips and small vertical shifts are views that could be acquired; a
            // left-right flip is not (preprocessing puts the chest wall on a fixed side).
            if (unit(rng) < 0.5) {
                xi.copy_(xi.flip({1}));
                if (augmentations)
                    (*augmentations)[static_cast<size_t>(i)].flipped = true;
            }
            const int shift = static_cast<int>(unit(rng) * (2 * maxShift + 1)) - maxShift;
            if (augmentations)
                (*augmentations)[static_cast<size_t>(i)].shift = shift;
            if (shift != 0) {
                const at::Tensor moved = xi.roll({shift}, {1});
                if (shift > 0)
                    moved.narrow(1, 0, shift).fill_(xi.min().item<float>());
                else
                    moved.narrow(1, cfg.inputRows + shift, -shift).fill_(xi.min().item<float>());
                xi.copy_(moved);
            }
            xi.mul_(static_cast<float>(0.9 + 0.2 * unit(rng)));
        }
    }
    return x.to(device_);
}

at::Tensor GmicTrainer::maskLoss(const std::vector<const TrainingSample*>& batch,
                                 const std::vector<Augmentation>& augmentations,
                                 const at::Tensor& saliency) const
{
    const GmicConfig& cfg = model_->config;
    const int64_t n = static_cast<int64_t>(batch.size());
    const size_t cells = static_cast<size_t>(cfg.camRows) * static_cast<size_t>(cfg.camCols);
    at::Tensor target = at::zeros({n, 2, cfg.camRows, cfg.camCols}, at::kFloat);
    at::Tensor known = at::zeros({n, 2, 1, 1}, at::kFloat);
    for (int64_t i = 0; i < n; ++i) {
        const TrainingSample& s = *batch[static_cast<size_t>(i)];
        for (int64_t c = 0; c < 2; ++c) {
            const std::vector<float>& t = s.saliencyTargets[static_cast<size_t>(c)];
            if (t.empty())
                continue;
            if (t.size() != cells)
                throw InferenceError("saliency target of " + s.name + " is not " +
                                     std::to_string(cfg.camRows) + "x" +
                                     std::to_string(cfg.camCols));
            at::Tensor ti = target[i][c];
            std::copy(t.begin(), t.end(), ti.data_ptr<float>());
            // The shift (at most 1/32 of the rows) stays within a cell's tolerance; the flip not.
            if (augmentations[static_cast<size_t>(i)].flipped)
                ti.copy_(ti.flip({0}));
            known[i][c] = 1.0f;
        }
    }
    // Lesions cover a few cells of a map: weight the two kinds of cell equally (capped) so that
    // "no lesion anywhere" is not the cheapest answer.
    const double positives = target.sum().item<double>();
    const double negatives = (known.expand_as(target).sum() - target.sum()).item<double>();
    const double positiveWeight = positives > 0 ? std::min(50.0, std::max(1.0, negatives / positives)) : 1.0;
    at::Tensor weight = known.expand_as(target) * (1.0 + (positiveWeight - 1.0) * target);
    target = target.to(device_);
    weight = weight.to(device_);
    const at::Tensor bce = at::binary_cross_entropy(saliency.clamp(1e-6, 1 - 1e-6), target,
                                                    weight, at::Reduction::Sum);
    return bce / weight.sum().clamp_min(1.0);
}

at::Tensor GmicTrainer::attentionLoss(const std::vector<const TrainingSample*>& batch,
                                      const std::vector<Augmentation>& augmentations,
                                      const GmicOutputs& out) const
{
    const GmicConfig& cfg = model_->config;
    const at::Tensor corners = out.patchLocations.to(at::kCPU);
    at::Tensor onLesion = at::zeros({static_cast<int64_t>(batch.size()), cfg.K}, at::kFloat);
    std::vector<int64_t> rows;
    for (size_t i = 0; i < batch.size(); ++i) {
        const Augmentation& a = augmentations[i];
        bool any = false;
        for (int k = 0; k < cfg.K; ++k) {
            const int top = static_cast<int>(corners[static_cast<int64_t>(i)][k][0].item<int64_t>());
            const int left = static_cast<int>(corners[static_cast<int64_t>(i)][k][1].item<int64_t>());
            for (const auto& box : batch[i]->lesionBoxes) {
                int t = box[0], b = box[2];
                if (a.flipped) {
                    t = cfg.inputRows - box[2];
                    b = cfg.inputRows - box[0];
                }
                t += a.shift;
                b += a.shift;
                if (t < top + cfg.cropRows && top < b && box[1] < left + cfg.cropCols &&
                    left < box[3]) {
                    onLesion[static_cast<int64_t>(i)][k] = 1.0f;
                    any = true;
                    break;
                }
            }
        }
        // Only where a patch shows the lesion: if none does, the saliency term must move the
        // proposals first; attention cannot be taught to look at what it was not shown.
        if (any)
            rows.push_back(static_cast<int64_t>(i));
    }
    if (rows.empty())
        return at::zeros({}, out.attention.options());
    const at::Tensor index = at::tensor(rows, at::kLong).to(device_);
    const at::Tensor mass = (out.attention.index_select(0, index) *
                             onLesion.to(device_).index_select(0, index))
                                .sum(1);
    return -at::log(mass.clamp_min(1e-6)).mean();
}

StepLosses GmicTrainer::step(const std::vector<const TrainingSample*>& batch)
{
    model_->train();
    std::vector<Augmentation> augmentations;
    const at::Tensor x = batchTensor(batch, options_.augment, &augmentations);
    at::Tensor y = at::empty({static_cast<int64_t>(batch.size()), 2}, at::kFloat);
    for (size_t i = 0; i < batch.size(); ++i) {
        y[static_cast<int64_t>(i)][0] = batch[i]->labels[0];
        y[static_cast<int64_t>(i)][1] = batch[i]->labels[1];
    }
    y = y.to(device_);
    optimizer_->zero_grad();
    const GmicOutputs out = model_->forward(x);
    const at::Tensor global = at::binary_cross_entropy(out.yGlobal.clamp(1e-6, 1 - 1e-6), y);
    const at::Tensor local = at::binary_cross_entropy(out.yLocal.clamp(1e-6, 1 - 1e-6), y);
    const at::Tensor fusion = at::binary_cross_entropy(out.yFusion.clamp(1e-6, 1 - 1e-6), y);
    const at::Tensor saliency = out.saliency.mean();
    at::Tensor total = global + local + fusion + options_.saliencyL1 * saliency;
    at::Tensor mask = at::zeros({}, total.options());
    at::Tensor attention = at::zeros({}, total.options());
    if (options_.maskWeight > 0) {
        mask = maskLoss(batch, augmentations, out.saliency);
        attention = attentionLoss(batch, augmentations, out);
        total = total + options_.maskWeight * (mask + attention);
    }
    total.backward();
    optimizer_->step();
    return {total.item<double>(), global.item<double>(), local.item<double>(),
            fusion.item<double>(), saliency.item<double>(), mask.item<double>(),
            attention.item<double>()};
}

std::vector<std::array<float, 2>> GmicTrainer::predict(const std::vector<TrainingSample>& samples)
{
    torch::NoGradGuard noGrad;
    model_->eval();
    std::vector<std::array<float, 2>> out;
    const size_t batch = static_cast<size_t>(std::max(1, options_.batchSize));
    for (size_t i = 0; i < samples.size(); i += batch) {
        std::vector<const TrainingSample*> b;
        for (size_t j = i; j < std::min(samples.size(), i + batch); ++j)
            b.push_back(&samples[j]);
        const at::Tensor y = model_->forward(batchTensor(b, false)).yFusion.to(at::kCPU);
        for (int64_t k = 0; k < y.size(0); ++k)
            out.push_back({y[k][0].item<float>(), y[k][1].item<float>()});
    }
    return out;
}

std::map<std::string, std::string> GmicTrainer::metadata() const
{
    auto m = model_->config.toMetadata();
    m["mammolens.name"] = info_.name;
    m["mammolens.description"] = info_.description;
    m["mammolens.provenance"] = info_.provenance;
    m["mammolens.training.epochs_done"] = std::to_string(epochsDone_);
    m["mammolens.training.seed"] = std::to_string(options_.seed);
    m["mammolens.training.learning_rate"] = number(options_.learningRate);
    m["mammolens.training.saliency_l1"] = number(options_.saliencyL1);
    m["mammolens.training.mask_weight"] = number(options_.maskWeight);
    if (bestAuc_)
        m["mammolens.training.best_validation_auc_malignant"] = number(*bestAuc_);
    return m;
}

Result<bool> GmicTrainer::save(const std::string& path, bool withOptimizer) const
{
    try {
        auto written = writeSafetensors(path, ModelLoader::stateDict(*model_), metadata());
        if (!written || !withOptimizer)
            return written;
        // The optimiser's moments are training state, not the model: beside it, atomically.
        const std::string tmp = path + ".optimizer.pt.tmp";
        torch::save(*optimizer_, tmp);
        fs::rename(tmp, path + ".optimizer.pt");
        return true;
    } catch (const std::exception& e) {
        return Result<bool>::failure("cannot write checkpoint " + path + ": " + e.what());
    }
}

Result<int> GmicTrainer::resume(const std::string& outDir)
{
    const std::string path = (fs::path(outDir) / "last.safetensors").string();
    auto file = readSafetensors(path);
    if (!file)
        return Result<int>::failure(file.error());
    try {
        auto config = GmicConfig::fromMetadata(file.value().metadata);
        if (!config)
            return Result<int>::failure(config.error());
        if (!(config.value() == model_->config))
            return Result<int>::failure(path + " was trained with another configuration (" +
                                        config.value().describe() + ")");
        {
            torch::NoGradGuard noGrad;
            ModelLoader::loadStateDict(*model_, file.value().tensors);
        }
        model_->to(device_);
        if (fs::exists(path + ".optimizer.pt"))
            torch::load(*optimizer_, path + ".optimizer.pt");
        epochsDone_ = static_cast<int>(
            metadataNumber(file.value().metadata, "mammolens.training.epochs_done").value_or(0));
        bestAuc_ = metadataNumber(file.value().metadata,
                                  "mammolens.training.best_validation_auc_malignant");
        return epochsDone_;
    } catch (const std::exception& e) {
        return Result<int>::failure("cannot resume from " + path + ": " + e.what());
    }
}

Result<std::vector<EpochReport>> GmicTrainer::train(
    const std::vector<TrainingSample>& training, const std::vector<TrainingSample>& validation,
    const std::string& outDir, const std::function<void(const TrainProgress&)>& onStep,
    const std::function<void(const EpochReport&)>& onEpoch, const std::function<bool()>& cancel)
{
    using R = Result<std::vector<EpochReport>>;
    if (training.empty())
        return R::failure("no training images");
    std::error_code ec;
    fs::create_directories(outDir, ec);
    const size_t batch = static_cast<size_t>(std::max(1, options_.batchSize));
    std::vector<EpochReport> reports;
    try {
        for (int epoch = epochsDone_ + 1; epoch <= options_.epochs; ++epoch) {
            const auto t0 = std::chrono::steady_clock::now();
            std::vector<size_t> order(training.size());
            std::iota(order.begin(), order.end(), size_t{0});
            std::mt19937_64 rng(options_.seed + static_cast<uint64_t>(epoch));
            std::shuffle(order.begin(), order.end(), rng);
            augmentCounter_ = static_cast<uint64_t>(epoch) << 32;
            EpochReport report;
            report.epoch = epoch;
            report.epochs = options_.epochs;
            const int steps = static_cast<int>((order.size() + batch - 1) / batch);
            for (int s = 0; s < steps; ++s) {
                if (cancel && cancel())
                    return R::failure("training cancelled; the last completed epoch is in " +
                                      outDir + "/last.safetensors");
                std::vector<const TrainingSample*> b;
                for (size_t j = static_cast<size_t>(s) * batch;
                     j < std::min(order.size(), static_cast<size_t>(s + 1) * batch); ++j)
                    b.push_back(&training[order[j]]);
                const StepLosses l = step(b);
                report.meanLosses.total += l.total / steps;
                report.meanLosses.global += l.global / steps;
                report.meanLosses.local += l.local / steps;
                report.meanLosses.fusion += l.fusion / steps;
                report.meanLosses.saliency += l.saliency / steps;
                report.meanLosses.mask += l.mask / steps;
                report.meanLosses.attention += l.attention / steps;
                if (onStep)
                    onStep({epoch, s + 1, steps, l});
            }
            if (!validation.empty()) {
                const auto predictions = predict(validation);
                std::vector<double> benign, malignant;
                std::vector<int> benignLabels, malignantLabels;
                for (size_t i = 0; i < validation.size(); ++i) {
                    benign.push_back(predictions[i][0]);
                    malignant.push_back(predictions[i][1]);
                    benignLabels.push_back(validation[i].labels[0] > 0.5f);
                    malignantLabels.push_back(validation[i].labels[1] > 0.5f);
                }
                report.validationAucBenign = rocAuc(benign, benignLabels);
                report.validationAucMalignant = rocAuc(malignant, malignantLabels);
            }
            const double auc = report.validationAucMalignant.value_or(-1.0);
            report.best = !bestAuc_ || auc >= *bestAuc_;
            if (report.best)
                bestAuc_ = auc;
            epochsDone_ = epoch;
            if (report.best) {
                auto saved = save((fs::path(outDir) / "best.safetensors").string(), false);
                if (!saved)
                    return R::failure(saved.error());
            }
            auto saved = save((fs::path(outDir) / "last.safetensors").string(), true);
            if (!saved)
                return R::failure(saved.error());
            report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            reports.push_back(report);
            if (onEpoch)
                onEpoch(report);
        }
    } catch (const std::exception& e) {
        return R::failure(std::string("training failed: ") + e.what());
    }
    return reports;
}

} // namespace mammolens::inference
