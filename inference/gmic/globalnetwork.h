#pragma once
// GMIC's global network `ds_net`: a pre-activation ResNet-22 producing h_g (GMIC-SPEC section 2).
// Attribute names are the official ones (first_conv, layer_list, final_bn).

#include "inference/gmic/basicblockv2.h"

#include <torch/nn/modules/container/modulelist.h>

namespace mammolens::inference {

struct GlobalNetworkImpl : torch::nn::Module
{
    GlobalNetworkImpl();

    /// [N,1,H,W] -> h_g [N,256,H/64,W/64] (after final_bn and relu).
    torch::Tensor forward(const torch::Tensor& x);

    static constexpr int kStages = 5;
    static constexpr int64_t kChannels[kStages] = {16, 32, 64, 128, 256};
    static constexpr int64_t kStrides[kStages] = {1, 2, 2, 2, 2};

    torch::nn::Conv2d first_conv{nullptr};
    torch::nn::ModuleList layer_list{nullptr}; ///< 5 stages, each a Sequential of 2 blocks
    torch::nn::BatchNorm2d final_bn{nullptr};
};
TORCH_MODULE(GlobalNetwork);

} // namespace mammolens::inference
