#pragma once
// A convolution with the BatchNorm that follows it folded into its weights and bias: exact
// algebra in eval mode (W' = W * s, b' = beta - mean * s, s = gamma / sqrt(var + eps)), one pass
// over the activations fewer.

#include <ATen/core/Tensor.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/conv.h>

namespace mammolens::inference {

struct FoldedConv
{
    at::Tensor weight;
    at::Tensor bias; ///< undefined when there is nothing to fold
    int64_t stride = 1;
    int64_t padding = 0;

    /// `bn` may be null: then the convolution is copied as it is.
    static FoldedConv fold(const torch::nn::Conv2d& conv, const torch::nn::BatchNorm2d* bn);

    at::Tensor operator()(const at::Tensor& x) const;
    /// Moves to a device / dtype with the weights in `weightLayout`.
    void to(const at::TensorOptions& options, at::MemoryFormat weightLayout);
};

} // namespace mammolens::inference
