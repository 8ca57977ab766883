#pragma once
// The fast inference path of GMIC, derived once from a loaded GmicModel: BatchNorms that follow a
// convolution are folded into it; on the CPU in float32, and in bfloat16 where the CPU has it
// natively, the activations stay in oneDNN's own blocked layout from the first convolution to the
// last (no reorder per layer: 0.57 s per view against 0.77 s in channels-last and 0.70 s in NCHW
// on an AVX2 machine; bfloat16 on a Zen 4: 0.16 s against 0.27 s in channels-last), elsewhere
// they are channels-last (1.6-3.4x faster than NCHW, FACTS.md). The two networks may run in bfloat16 or on
// CUDA while the small heads stay float32. On a CPU where oneDNN has Winograd convolutions
// (AVX-512), float32 networks run on oneDNN directly instead (onednnnetworks.h: 0.20 s per view
// against 0.33 s). Numbers agree with GmicModel::forward within float rounding; the parity test
// checks both against the reference.

#include "inference/gmic/attentionfusion.h"
#include "inference/gmic/foldedconv.h"
#include "inference/gmic/gmicmodel.h"
#include "inference/gmic/onednnnetworks.h"

#include <memory>

#include <vector>

namespace mammolens::inference {

class FoldedGmic
{
public:
    explicit FoldedGmic(const GmicModel& model);

    /// Moves the networks to `device` computing in `dtype` (float or bfloat16); heads stay float32.
    void to(const at::Device& device, at::ScalarType dtype);
    /// Builds the oneDNN networks (when on) for the configuration's input and patch sizes with
    /// `threads` threads, so that the first view does not (0.1-0.3 s). Otherwise they are built
    /// at their first run.
    void prepare(int threads);
    at::Device device() const { return device_; }
    /// The networks run on oneDNN directly (see oneDnn_), not through LibTorch.
    bool usesOneDnn() const { return oneDnn_ != nullptr; }
    at::ScalarType dtype() const { return dtype_; }

    /// [N,1,H,W] -> h_g [N,256,h,w], float32.
    at::Tensor globalFeatures(const at::Tensor& x) const;
    /// h_g -> saliency maps A [N,2,h,w].
    at::Tensor saliency(const at::Tensor& hg) const;
    /// [M,1,h,w] patches -> h_k [M,512], float32.
    at::Tensor localFeatures(const at::Tensor& patches) const;

    const AttentionWeights& attentionWeights() const { return attention_; }
    const at::Tensor& fusionWeight() const { return fusionWeight_; }
    const at::Tensor& fusionBias() const { return fusionBias_; }

private:
    /// Pre-activation block: bn1 stays a BatchNorm (a ReLU and a residual sum sit between it and
    /// any convolution); bn2 folds into conv1.
    struct GlobalBlock
    {
        at::Tensor bnWeight, bnBias, bnMean, bnVar;
        FoldedConv conv1, conv2, downsample;
        bool hasDownsample = false;
    };
    /// Post-activation block: every BatchNorm folds.
    struct LocalBlock
    {
        FoldedConv conv1, conv2, downsample;
        bool hasDownsample = false;
    };

    at::Tensor toNetwork(const at::Tensor& x) const;
    OneDnnNetworks::Spec oneDnnSpec() const;
    static at::Tensor fromNetwork(const at::Tensor& h);

    FoldedConv firstConv_;
    std::vector<GlobalBlock> globalBlocks_;
    at::Tensor finalBnWeight_, finalBnBias_, finalBnMean_, finalBnVar_;
    at::Tensor salience_; ///< gn_conv_last weight [2,256,1,1], float32

    FoldedConv localConv1_;
    std::vector<LocalBlock> localBlocks_;

    AttentionWeights attention_;
    at::Tensor fusionWeight_, fusionBias_;

    GmicConfig config_; ///< the input and patch sizes the oneDNN networks are prepared for
    at::Device device_{at::kCPU};
    at::ScalarType dtype_ = at::kFloat;
    bool blocked_ = false; ///< activations stay in oneDNN's own blocked layout (CPU)
    /// CPU float32 where oneDNN has Winograd convolutions: both networks run there instead.
    std::unique_ptr<OneDnnNetworks> oneDnn_;
};

} // namespace mammolens::inference
