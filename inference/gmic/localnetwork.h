#pragma once
// GMIC's local network `dn_resnet`: ResNet-18 on 256x256 patches (GMIC-SPEC section 6). The
// torchvision attribute names (conv1, bn1, layer1..layer4) match the official keys.

#include "inference/gmic/basicblock.h"

namespace mammolens::inference {

struct LocalNetworkImpl : torch::nn::Module
{
    LocalNetworkImpl();

    /// [N,1,h,w] patches -> h_k [N,512] (the 1 channel is repeated into 3, then global mean pool).
    torch::Tensor forward(const torch::Tensor& patches);

    torch::nn::Conv2d conv1{nullptr};
    torch::nn::BatchNorm2d bn1{nullptr};
    torch::nn::Sequential layer1{nullptr}, layer2{nullptr}, layer3{nullptr}, layer4{nullptr};
};
TORCH_MODULE(LocalNetwork);

} // namespace mammolens::inference
