#include "inference/gmic/globalnetwork.h"

#include <torch/nn/functional/pooling.h>

namespace mammolens::inference {

namespace nn = torch::nn;
namespace F = torch::nn::functional;

GlobalNetworkImpl::GlobalNetworkImpl()
{
    first_conv = register_module(
        "first_conv", nn::Conv2d(nn::Conv2dOptions(1, 16, 7).stride(2).padding(3).bias(false)));
    layer_list = register_module("layer_list", nn::ModuleList());
    int64_t in = 16;
    for (int s = 0; s < kStages; ++s) {
        // Every stage's first block has a 1x1 downsample, even stage 0 (stride 1, 16 -> 16).
        layer_list->push_back(nn::Sequential(BasicBlockV2(in, kChannels[s], kStrides[s], true),
                                             BasicBlockV2(kChannels[s], kChannels[s], 1, false)));
        in = kChannels[s];
    }
    final_bn = register_module("final_bn", nn::BatchNorm2d(nn::BatchNorm2dOptions(256).eps(1e-5)));
}

torch::Tensor GlobalNetworkImpl::forward(const torch::Tensor& x)
{
    torch::Tensor h = first_conv(x);
    h = F::max_pool2d(h, F::MaxPool2dFuncOptions(3).stride(2).padding(0)); // padding 0: spec 2
    for (const auto& stage : *layer_list)
        h = stage->as<nn::Sequential>()->forward(h);
    return torch::relu(final_bn(h));
}

} // namespace mammolens::inference
