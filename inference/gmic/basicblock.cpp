#include "inference/gmic/basicblock.h"

namespace mammolens::inference {

namespace nn = torch::nn;

BasicBlockImpl::BasicBlockImpl(int64_t inChannels, int64_t outChannels, int64_t stride)
{
    conv1 = register_module("conv1", nn::Conv2d(nn::Conv2dOptions(inChannels, outChannels, 3)
                                                    .stride(stride)
                                                    .padding(1)
                                                    .bias(false)));
    bn1 = register_module("bn1", nn::BatchNorm2d(outChannels));
    conv2 = register_module(
        "conv2", nn::Conv2d(nn::Conv2dOptions(outChannels, outChannels, 3).padding(1).bias(false)));
    bn2 = register_module("bn2", nn::BatchNorm2d(outChannels));
    if (stride != 1 || inChannels != outChannels)
        downsample = register_module(
            "downsample",
            nn::Sequential(
                nn::Conv2d(nn::Conv2dOptions(inChannels, outChannels, 1).stride(stride).bias(false)),
                nn::BatchNorm2d(outChannels)));
}

torch::Tensor BasicBlockImpl::forward(const torch::Tensor& x)
{
    torch::Tensor out = torch::relu(bn1(conv1(x)));
    out = bn2(conv2(out));
    return torch::relu(out + (downsample ? downsample->forward(x) : x));
}

} // namespace mammolens::inference
