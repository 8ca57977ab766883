#include "inference/gmic/localnetwork.h"

#include <torch/nn/functional/pooling.h>

namespace mammolens::inference {

namespace nn = torch::nn;
namespace F = torch::nn::functional;

LocalNetworkImpl::LocalNetworkImpl()
{
    conv1 = register_module(
        "conv1", nn::Conv2d(nn::Conv2dOptions(3, 64, 7).stride(2).padding(3).bias(false)));
    bn1 = register_module("bn1", nn::BatchNorm2d(64));
    auto stage = [](int64_t in, int64_t out, int64_t stride) {
        return nn::Sequential(BasicBlock(in, out, stride), BasicBlock(out, out, 1));
    };
    layer1 = register_module("layer1", stage(64, 64, 1));
    layer2 = register_module("layer2", stage(64, 128, 2));
    layer3 = register_module("layer3", stage(128, 256, 2));
    layer4 = register_module("layer4", stage(256, 512, 2));
}

torch::Tensor LocalNetworkImpl::forward(const torch::Tensor& patches)
{
    torch::Tensor h = patches.expand({-1, 3, -1, -1}); // identical channels (spec 6)
    h = torch::relu(bn1(conv1(h)));
    h = F::max_pool2d(h, F::MaxPool2dFuncOptions(3).stride(2).padding(1));
    h = layer4->forward(layer3->forward(layer2->forward(layer1->forward(h))));
    return h.mean(2).mean(2); // over rows, then over columns, as the reference does
}

} // namespace mammolens::inference
