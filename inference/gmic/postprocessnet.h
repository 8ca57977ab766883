#pragma once
// `left_postprocess_net`: the 1x1 convolution that turns h_g into the two saliency maps
// (GMIC-SPEC section 2). A module of its own only so that the key is `...gn_conv_last.weight`.

#include <torch/nn/module.h>
#include <torch/nn/modules/conv.h>

namespace mammolens::inference {

struct PostProcessNetImpl : torch::nn::Module
{
    explicit PostProcessNetImpl(int64_t channels, int64_t classes);
    /// h_g -> A = sigmoid(conv1x1(h_g)), [N,2,h,w] in (0,1)
    torch::Tensor forward(const torch::Tensor& hg);

    torch::nn::Conv2d gn_conv_last{nullptr};
};
TORCH_MODULE(PostProcessNet);

} // namespace mammolens::inference
