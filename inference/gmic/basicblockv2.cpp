#include "inference/gmic/basicblockv2.h"

#include <torch/nn/functional/activation.h>

namespace mammolens::inference {

namespace nn = torch::nn;

BasicBlockV2Impl::BasicBlockV2Impl(int64_t inChannels, int64_t outChannels, int64_t stride,
                                   bool withDownsample)
{
    bn1 = register_module("bn1", nn::BatchNorm2d(nn::BatchNorm2dOptions(inChannels).eps(1e-5)));
    conv1 = register_module("conv1", nn::Conv2d(nn::Conv2dOptions(inChannels, outChannels, 3)
                                                    .stride(stride)
                                                    .padding(1)
                                                    .bias(false)));
    bn2 = register_module("bn2", nn::BatchNorm2d(nn::BatchNorm2dOptions(outChannels).eps(1e-5)));
    conv2 = register_module(
        "conv2", nn::Conv2d(nn::Conv2dOptions(outChannels, outChannels, 3).padding(1).bias(false)));
    if (withDownsample)
        downsample = register_module(
            "downsample", nn::Sequential(nn::Conv2d(
                              nn::Conv2dOptions(inChannels, outChannels, 1).stride(stride).bias(false))));
}

torch::Tensor BasicBlockV2Impl::forward(const torch::Tensor& x)
{
    torch::Tensor a = torch::relu(bn1(x));
    // The *activated* input feeds the downsample; the raw input is the identity shortcut.
    torch::Tensor shortcut = downsample ? downsample->forward(a) : x;
    torch::Tensor out = conv1(a);
    out = conv2(torch::relu(bn2(out)));
    return out + shortcut;
}

} // namespace mammolens::inference
