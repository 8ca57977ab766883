#include "inference/gmic/postprocessnet.h"

namespace mammolens::inference {

PostProcessNetImpl::PostProcessNetImpl(int64_t channels, int64_t classes)
{
    gn_conv_last = register_module(
        "gn_conv_last",
        torch::nn::Conv2d(torch::nn::Conv2dOptions(channels, classes, 1).bias(false)));
}

torch::Tensor PostProcessNetImpl::forward(const torch::Tensor& hg)
{
    return torch::sigmoid(gn_conv_last(hg));
}

} // namespace mammolens::inference
