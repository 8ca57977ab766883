#pragma once
// Pre-activation ("v2") residual block of GMIC's global network (GMIC-SPEC section 2).
// Submodule names mirror the official checkpoint keys (bn1, conv1, bn2, conv2, downsample.0)
// so that state dicts load without a mapping table.

#include <torch/nn/module.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/conv.h>

namespace mammolens::inference {

struct BasicBlockV2Impl : torch::nn::Module
{
    BasicBlockV2Impl(int64_t inChannels, int64_t outChannels, int64_t stride, bool withDownsample);

    /// a = relu(bn1(x)); out = conv2(relu(bn2(conv1(a)))) + (downsample(a) or x).
    torch::Tensor forward(const torch::Tensor& x);

    torch::nn::BatchNorm2d bn1{nullptr};
    torch::nn::Conv2d conv1{nullptr};
    torch::nn::BatchNorm2d bn2{nullptr};
    torch::nn::Conv2d conv2{nullptr};
    torch::nn::Sequential downsample{nullptr}; ///< conv 1x1 only, no BatchNorm (spec 2)
};
TORCH_MODULE(BasicBlockV2);

} // namespace mammolens::inference
