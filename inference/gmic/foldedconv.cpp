#include "inference/gmic/foldedconv.h"

#include <ATen/ATen.h>
#include <torch/version.h>

namespace mammolens::inference {

namespace {

/// w[o, ...] * scale[o] computed in double and rounded once to w's type. For float32 (every model
/// we load) a loop over the weights: the same numbers as the tensor expression, which made three
/// full-size temporaries and took 60 ms of the local network's loading.
at::Tensor scaleOutputChannels(const at::Tensor& w, const at::Tensor& scale)
{
    if (w.scalar_type() != at::kFloat || !w.device().is_cpu())
        return (w.to(at::kDouble) * scale.view({-1, 1, 1, 1})).to(w.scalar_type());
    const at::Tensor in = w.contiguous();
    const at::Tensor s = scale.contiguous();
    at::Tensor out = at::empty_like(in, at::MemoryFormat::Contiguous);
    const int64_t channels = in.size(0);
    const int64_t perChannel = channels ? in.numel() / channels : 0;
    const float* src = in.data_ptr<float>();
    const double* factor = s.data_ptr<double>();
    float* dst = out.data_ptr<float>();
    for (int64_t o = 0; o < channels; ++o)
        for (int64_t i = o * perChannel; i < (o + 1) * perChannel; ++i)
            dst[i] = static_cast<float>(static_cast<double>(src[i]) * factor[o]);
    return out;
}

} // namespace

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
    f.weight = scaleOutputChannels(w, scale);
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
