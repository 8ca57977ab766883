#include "inference/gmic/foldedgmic.h"

#include "inference/gmic/maxpool.h"
#include "inference/util/cpufeatures.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

namespace mammolens::inference {

namespace nn = torch::nn;

namespace {
constexpr double kBnEps = 1e-5;
}

FoldedGmic::FoldedGmic(const GmicModel& model) : config_(model->config)
{
    torch::NoGradGuard noGrad;
    const GlobalNetwork& g = model->ds_net;
    firstConv_ = FoldedConv::fold(g->first_conv, nullptr);
    for (const auto& stage : *g->layer_list) {
        for (const auto& child : *stage->as<nn::Sequential>()) {
            const auto* block = child.ptr()->as<BasicBlockV2Impl>();
            GlobalBlock b;
            b.bnWeight = block->bn1->weight.detach().clone();
            b.bnBias = block->bn1->bias.detach().clone();
            b.bnMean = block->bn1->running_mean.detach().clone();
            b.bnVar = block->bn1->running_var.detach().clone();
            b.conv1 = FoldedConv::fold(block->conv1, &block->bn2);
            b.conv2 = FoldedConv::fold(block->conv2, nullptr);
            b.hasDownsample = static_cast<bool>(block->downsample);
            if (b.hasDownsample) {
                nn::Conv2d conv(
                    std::dynamic_pointer_cast<nn::Conv2dImpl>(block->downsample->ptr(0)));
                b.downsample = FoldedConv::fold(conv, nullptr);
            }
            globalBlocks_.push_back(std::move(b));
        }
    }
    finalBnWeight_ = g->final_bn->weight.detach().clone();
    finalBnBias_ = g->final_bn->bias.detach().clone();
    finalBnMean_ = g->final_bn->running_mean.detach().clone();
    finalBnVar_ = g->final_bn->running_var.detach().clone();
    salience_ = model->left_postprocess_net->gn_conv_last->weight.detach().clone();

    const LocalNetwork& l = model->dn_resnet;
    localConv1_ = FoldedConv::fold(l->conv1, &l->bn1);
    for (const nn::Sequential& stage : {l->layer1, l->layer2, l->layer3, l->layer4}) {
        for (const auto& child : *stage) {
            const auto* block = child.ptr()->as<BasicBlockImpl>();
            LocalBlock b;
            b.conv1 = FoldedConv::fold(block->conv1, &block->bn1);
            b.conv2 = FoldedConv::fold(block->conv2, &block->bn2);
            b.hasDownsample = static_cast<bool>(block->downsample);
            if (b.hasDownsample) {
                nn::Conv2d conv(
                    std::dynamic_pointer_cast<nn::Conv2dImpl>(block->downsample->ptr(0)));
                nn::BatchNorm2d bn(
                    std::dynamic_pointer_cast<nn::BatchNorm2dImpl>(block->downsample->ptr(1)));
                b.downsample = FoldedConv::fold(conv, &bn);
            }
            localBlocks_.push_back(std::move(b));
        }
    }

    attention_ = {model->mil_attn_U->weight.detach().clone(),
                  model->mil_attn_V->weight.detach().clone(),
                  model->mil_attn_w->weight.detach().clone(),
                  model->classifier_linear->weight.detach().clone()};
    fusionWeight_ = model->fusion_dnn->weight.detach().clone();
    fusionBias_ = model->fusion_dnn->bias.detach().clone();
    to(at::kCPU, at::kFloat);
}

void FoldedGmic::to(const at::Device& device, at::ScalarType dtype)
{
    device_ = device;
    dtype_ = dtype;
    blocked_ = device.is_cpu() && at::hasMKLDNN() &&
               (dtype == at::kFloat || (dtype == at::kBFloat16 && cpuHasNativeBFloat16()));
    const auto weightLayout =
        blocked_ ? at::MemoryFormat::Contiguous : at::MemoryFormat::ChannelsLast;
    const auto net = at::TensorOptions().device(device).dtype(dtype);
    const auto head = at::TensorOptions().device(device).dtype(at::kFloat);
    // oneDNN's batch normalisation takes its scale and shift in float32 whatever the data type.
    const auto norm = blocked_ ? head : net;
    firstConv_.to(net, weightLayout);
    for (auto& b : globalBlocks_) {
        for (at::Tensor* t : {&b.bnWeight, &b.bnBias, &b.bnMean, &b.bnVar})
            *t = t->to(norm);
        b.conv1.to(net, weightLayout);
        b.conv2.to(net, weightLayout);
        if (b.hasDownsample)
            b.downsample.to(net, weightLayout);
    }
    for (at::Tensor* t : {&finalBnWeight_, &finalBnBias_, &finalBnMean_, &finalBnVar_})
        *t = t->to(norm);
    salience_ = salience_.to(head);
    localConv1_.to(net, weightLayout);
    for (auto& b : localBlocks_) {
        b.conv1.to(net, weightLayout);
        b.conv2.to(net, weightLayout);
        if (b.hasDownsample)
            b.downsample.to(net, weightLayout);
    }
    for (at::Tensor* t : {&attention_.U, &attention_.V, &attention_.w, &attention_.classifier,
                          &fusionWeight_, &fusionBias_})
        *t = t->to(head);
    oneDnn_.reset();
    if (device.is_cpu() && dtype == at::kFloat && OneDnnNetworks::available())
        oneDnn_ = std::make_unique<OneDnnNetworks>(oneDnnSpec());
}

void FoldedGmic::prepare(int threads)
{
    if (!oneDnn_)
        return;
    // oneDNN fixes a primitive's thread count when it creates it.
    const int before = at::get_num_threads();
    at::set_num_threads(threads);
    oneDnn_->prepare({1, 1, config_.inputRows, config_.inputCols},
                     {config_.K, 3, config_.cropRows, config_.cropCols});
    at::set_num_threads(before);
}

OneDnnNetworks::Spec FoldedGmic::oneDnnSpec() const
{
    auto conv = [](const FoldedConv& c) {
        return OneDnnNetworks::Conv{c.weight, c.bias, c.stride, c.padding};
    };
    OneDnnNetworks::Spec s;
    s.globalFirst = conv(firstConv_);
    for (const GlobalBlock& b : globalBlocks_)
        s.global.push_back({{b.bnWeight, b.bnBias, b.bnMean, b.bnVar},
                            conv(b.conv1),
                            conv(b.conv2),
                            b.hasDownsample ? std::optional(conv(b.downsample)) : std::nullopt});
    s.globalFinal = {finalBnWeight_, finalBnBias_, finalBnMean_, finalBnVar_};
    s.localFirst = conv(localConv1_);
    for (const LocalBlock& b : localBlocks_)
        s.local.push_back({conv(b.conv1), conv(b.conv2),
                           b.hasDownsample ? std::optional(conv(b.downsample)) : std::nullopt});
    return s;
}

at::Tensor FoldedGmic::toNetwork(const at::Tensor& x) const
{
    if (blocked_)
        return x.to(device_, dtype_).contiguous().to_mkldnn();
    return x.to(device_, dtype_).contiguous(at::MemoryFormat::ChannelsLast);
}

at::Tensor FoldedGmic::fromNetwork(const at::Tensor& h)
{
    return (h.is_mkldnn() ? h.to_dense() : h).to(at::kFloat);
}

at::Tensor FoldedGmic::globalFeatures(const at::Tensor& x) const
{
    if (oneDnn_)
        return oneDnn_->globalFeatures(x);
    at::Tensor h = firstConv_(toNetwork(x));
    // spec 2: padding 0. oneDNN pools its own layout; ours is faster than ATen's in channels-last.
    h = h.is_mkldnn() ? at::max_pool2d(h, {3, 3}, {2, 2}, {0, 0}) : maxPool3x3Stride2(h);
    for (const GlobalBlock& b : globalBlocks_) {
        at::Tensor a =
            at::batch_norm(h, b.bnWeight, b.bnBias, b.bnMean, b.bnVar, false, 0.0, kBnEps, false);
        a.relu_();
        at::Tensor shortcut = b.hasDownsample ? b.downsample(a) : h;
        at::Tensor out = b.conv1(a); // bn2 folded in
        a.reset();
        out.relu_();
        out = b.conv2(out);
        out.add_(shortcut);
        h = std::move(out);
    }
    h = at::batch_norm(h, finalBnWeight_, finalBnBias_, finalBnMean_, finalBnVar_, false, 0.0,
                       kBnEps, false);
    h.relu_();
    return fromNetwork(h).contiguous();
}

at::Tensor FoldedGmic::saliency(const at::Tensor& hg) const
{
    return at::sigmoid(at::conv2d(hg, salience_));
}

at::Tensor FoldedGmic::localFeatures(const at::Tensor& patches) const
{
    if (oneDnn_)
        return oneDnn_->localFeatures(patches.expand({-1, 3, -1, -1})).mean(2).mean(2);
    at::Tensor h = toNetwork(patches.expand({-1, 3, -1, -1}).contiguous());
    h = localConv1_(h).relu_();
    h = at::max_pool2d(h, {3, 3}, {2, 2}, {1, 1});
    for (const LocalBlock& b : localBlocks_) {
        at::Tensor out = b.conv1(h).relu_();
        out = b.conv2(out);
        out.add_(b.hasDownsample ? b.downsample(h) : h);
        out.relu_();
        h = std::move(out);
    }
    return fromNetwork(h).mean(2).mean(2);
}

} // namespace mammolens::inference
