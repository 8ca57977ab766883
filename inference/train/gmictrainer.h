#pragma once
// Trains a GMIC model (GMIC-SPEC 12): binary cross-entropy on y_global, y_local and y_fusion plus
// beta * mean(saliency), Adam, on the reference module (GmicModel), since the folded inference
// form has no gradients. Checkpoints are our safetensors files with the configuration; the
// optimiser's moments go beside them so that an interrupted run resumes where it stopped.
// Optionally (TrainOptions::maskWeight) lesion masks also supervise the saliency maps and the
// attention over the patches.
// Not thread-safe: one trainer, one thread.

#include "inference/gmic/gmicmodel.h"
#include "inference/train/trainingsample.h"
#include "inference/train/trainoptions.h"
#include "inference/util/result.h"

#include <torch/optim/adam.h>

#include <array>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mammolens::inference {

struct StepLosses
{
    double total = 0;
    double global = 0;  ///< BCE of y_global
    double local = 0;   ///< BCE of y_local
    double fusion = 0;  ///< BCE of y_fusion
    double saliency = 0; ///< mean(saliency), before beta
    double mask = 0;      ///< the lesion-mask BCE of the saliency maps, before its weight
    double attention = 0; ///< -log(attention on lesion patches), before its weight
};

struct EpochReport
{
    int epoch = 0;        ///< 1-based
    int epochs = 0;
    StepLosses meanLosses;
    std::optional<double> validationAucMalignant;
    std::optional<double> validationAucBenign;
    double seconds = 0;
    bool best = false;    ///< the best validation malignant AUC so far: best.safetensors now holds it
};

struct TrainProgress
{
    int epoch = 0; ///< 1-based
    int step = 0;  ///< 1-based within the epoch
    int steps = 0;
    StepLosses losses;
};

/// What a checkpoint says about itself, besides the weights.
struct CheckpointInfo
{
    std::string name = "GMIC";
    std::string description;
    std::string provenance = "unknown"; ///< "demo" for the demo model (ModelIdentity)
};

class GmicTrainer
{
public:
    GmicTrainer(GmicModel model, TrainOptions options, CheckpointInfo info);

    /// One optimiser step on `batch` (each sample must match the model's input size). step() and
    /// predict() throw on bad input; train() and resume() return errors as values.
    StepLosses step(const std::vector<const TrainingSample*>& batch);
    /// y_fusion [benign, malignant] for each sample, in evaluation mode (running BN statistics).
    std::vector<std::array<float, 2>> predict(const std::vector<TrainingSample>& samples);

    /// Trains for the remaining epochs, writing `outDir`/last.safetensors (+ .optimizer.pt) after
    /// every epoch and best.safetensors whenever the validation malignant AUC improves (every
    /// epoch when there is no validation set). Returns the reports of the epochs it ran.
    /// `cancel`, when it returns true, stops between steps (the last epoch's checkpoint stays).
    Result<std::vector<EpochReport>> train(const std::vector<TrainingSample>& training,
                                           const std::vector<TrainingSample>& validation,
                                           const std::string& outDir,
                                           const std::function<void(const TrainProgress&)>& onStep,
                                           const std::function<void(const EpochReport&)>& onEpoch,
                                           const std::function<bool()>& cancel = {});

    /// Continues from `outDir`/last.safetensors and its optimiser state; the epoch count and the
    /// best AUC come back from the checkpoint's metadata.
    Result<int> resume(const std::string& outDir);

    Result<bool> save(const std::string& path, bool withOptimizer) const;

    GmicModel model() const { return model_; }
    int epochsDone() const { return epochsDone_; }

private:
    /// What augmentation did to one sample, so that its lesion targets follow the pixels.
    struct Augmentation
    {
        bool flipped = false; ///< up-down, first
        int shift = 0;        ///< rows moved down (negative: up), after the flip
    };
    /// The batch's pixels; `augmentations` (when given) receives one entry per sample.
    at::Tensor batchTensor(const std::vector<const TrainingSample*>& batch, bool augment,
                           std::vector<Augmentation>* augmentations = nullptr);
    at::Tensor maskLoss(const std::vector<const TrainingSample*>& batch,
                        const std::vector<Augmentation>& augmentations,
                        const at::Tensor& saliency) const;
    at::Tensor attentionLoss(const std::vector<const TrainingSample*>& batch,
                             const std::vector<Augmentation>& augmentations,
                             const GmicOutputs& out) const;
    std::map<std::string, std::string> metadata() const;

    GmicModel model_;
    TrainOptions options_;
    CheckpointInfo info_;
    at::Device device_;
    std::unique_ptr<torch::optim::Adam> optimizer_;
    int epochsDone_ = 0;
    std::optional<double> bestAuc_;
    uint64_t augmentCounter_ = 0;
};

} // namespace mammolens::inference
