#include "inference/gmic/foldedconv.h"

#include <ATen/ATen.h>
#include <torch/version.h>

namespace mammolens::inference {

FoldedConv FoldedConv::fold(const torch::nn::Conv2d& conv, const torch::nn::BatchNorm2d* bn)
{
    FoldedConv f;
    f.stride = conv->options.stride()->at(0);
    // The padding is a variant: c10's own in LibTorch 1.x (Debian), std::variant from 2.0.
#if TORCH_VERSION_MAJOR >= 2
    const auto& pad = std::get<torch::ExpandingArray<2>>(conv->options.padding());
#else
    const auto& pad = c10::get<torch::ExpandingArray<2>>(conv->options.padding());
#endif
    f.padding = pad->at(0);
    const at::Tensor w = conv->weight.detach();
    if (!bn) {
        f.weight = w.clone();
        return f;
    }
    // Fold in double so that the folded weights are the exact products rounded once.
    const auto& b = *bn;
    const at::Tensor scale = b->weight.detach().to(at::kDouble) /
                             at::sqrt(b->running_var.detach().to(at::kDouble) + b->options.eps());
    f.weight = (w.to(at::kDouble) * scale.view({-1, 1, 1, 1})).to(w.scalar_type());
    f.bias = (b->bias.detach().to(at::kDouble) - b->running_mean.detach().to(at::kDouble) * scale)
                 .to(w.scalar_type());
    return f;
}

at::Tensor FoldedConv::operator()(const at::Tensor& x) const
{
    if (x.is_mkldnn()) // oneDNN's blocked layout in and out (CPU: float32, native bfloat16)
        return at::mkldnn_convolution(x, weight, bias, {padding, padding}, {stride, stride}, {1, 1},
                                      1);
    return at::conv2d(x, weight, bias, {stride, stride}, {padding, padding});
}

void FoldedConv::to(const at::TensorOptions& options, at::MemoryFormat weightLayout)
{
    weight = weight.to(options).contiguous(weightLayout);
    if (bias.defined())
        bias = bias.to(options);
}

} // namespace mammolens::inference
