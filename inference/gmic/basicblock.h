#pragma once
// Classic post-activation residual block of GMIC's local network (ResNet-18, GMIC-SPEC section 6),
// named like torchvision's so that `dn_resnet.layerN.M.*` keys load directly.

#include <torch/nn/module.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/conv.h>

namespace mammolens::inference {

struct BasicBlockImpl : torch::nn::Module
{
    BasicBlockImpl(int64_t inChannels, int64_t outChannels, int64_t stride);

    /// relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))
    torch::Tensor forward(const torch::Tensor& x);

    torch::nn::Conv2d conv1{nullptr};
    torch::nn::BatchNorm2d bn1{nullptr};
    torch::nn::Conv2d conv2{nullptr};
    torch::nn::BatchNorm2d bn2{nullptr};
    torch::nn::Sequential downsample{nullptr}; ///< conv 1x1 + BatchNorm when stride or width change
};
TORCH_MODULE(BasicBlock);

} // namespace mammolens::inference
