#include "inference/engine/gmicrunner.h"

#include "inference/gmic/regionproposal.h"

#include <ATen/ATen.h>
#include <torch/cuda.h>

#include <chrono>

namespace mammolens::inference {

namespace {

using Clock = std::chrono::steady_clock;

/// CUDA runs asynchronously: a stage's time is only its own once the device has finished it.
double msSince(Clock::time_point start, const at::Device& device)
{
    if (device.is_cuda())
        torch::cuda::synchronize(device.index());
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

void enter(const RunControl& control, int view, Stage stage)
{
    if (control.cancelled())
        throw Cancelled();
    if (control.onStage)
        control.onStage(view, stage);
}

template <typename T>
std::vector<T> toVector(const at::Tensor& t)
{
    const at::Tensor c = t.to(at::kCPU).contiguous();
    return std::vector<T>(c.data_ptr<T>(), c.data_ptr<T>() + c.numel());
}

} // namespace

GmicResult GmicRunner::run(const LoadedModel& model, const at::Tensor& image, int viewIndex,
                           const RunControl& control)
{
    const GmicConfig& cfg = model.identity.config;
    const FoldedGmic& net = *model.folded;
    if (image.dim() != 2 || image.size(0) != cfg.inputRows || image.size(1) != cfg.inputCols)
        throw InferenceError("input image must be " + std::to_string(cfg.inputRows) + "x" +
                             std::to_string(cfg.inputCols) + " for model " + model.identity.name);
    GmicResult r;
    r.modelId = model.identity.id;
    r.device = net.device().str();
    r.camRows = cfg.camRows;
    r.camCols = cfg.camCols;
    r.cropRows = cfg.cropRows;
    r.cropCols = cfg.cropCols;

    enter(control, viewIndex, Stage::Global);
    auto t0 = Clock::now();
    const at::Tensor x = image.to(net.device(), at::kFloat).view({1, 1, cfg.inputRows, cfg.inputCols});
    const at::Tensor hg = net.globalFeatures(x);
    const at::Tensor saliency = net.saliency(hg); // [1,2,h,w]
    const at::Tensor yGlobal = topTPooling(saliency, cfg.topTCount());
    r.timings.globalMs = msSince(t0, net.device());

    enter(control, viewIndex, Stage::Proposal);
    t0 = Clock::now();
    const auto corners = proposeRegions(saliency[0], cfg);
    const at::Tensor patches = extractPatches(x[0][0], corners, cfg); // [K,1,h,w]
    r.timings.proposalMs = msSince(t0, net.device());

    enter(control, viewIndex, Stage::Local);
    t0 = Clock::now();
    const at::Tensor hk = net.localFeatures(patches).view({1, cfg.K, -1});
    r.timings.localMs = msSince(t0, net.device());

    enter(control, viewIndex, Stage::Fusion);
    t0 = Clock::now();
    const AttentionOutput attn = gatedAttention(hk, net.attentionWeights());
    const at::Tensor yFusion = fusion(hg, attn.z, net.fusionWeight(), net.fusionBias());
    r.timings.headMs = msSince(t0, net.device());

    r.saliency = toVector<float>(saliency);
    const auto copy2 = [](const at::Tensor& t, std::array<float, 2>& out) {
        const auto v = toVector<float>(t);
        out = {v.at(0), v.at(1)};
    };
    copy2(yGlobal, r.yGlobal);
    copy2(attn.yLocal, r.yLocal);
    copy2(yFusion, r.yFusion);
    const auto alpha = toVector<float>(attn.alpha);
    for (size_t k = 0; k < corners.size(); ++k)
        r.patches.push_back({corners[k].first, corners[k].second, alpha.at(k)});
    r.patchPixels = toVector<float>(patches);
    return r;
}

} // namespace mammolens::inference
