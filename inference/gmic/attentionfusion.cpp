#include "inference/gmic/attentionfusion.h"

#include <ATen/ATen.h>

namespace mammolens::inference {

AttentionOutput gatedAttention(const at::Tensor& hk, const AttentionWeights& weights)
{
    const at::Tensor projection =
        at::sigmoid(at::linear(hk, weights.U)) * at::tanh(at::linear(hk, weights.V));
    const at::Tensor score = at::linear(projection, weights.w); // [N,K,1]
    const at::Tensor attn = at::softmax(score, 1);
    AttentionOutput out;
    out.z = (attn.expand_as(hk) * hk).sum(1);
    out.alpha = attn.squeeze(2);
    out.yLocal = at::sigmoid(at::linear(out.z, weights.classifier));
    return out;
}

at::Tensor fusion(const at::Tensor& hg, const at::Tensor& z, const at::Tensor& weight,
                  const at::Tensor& bias)
{
    const at::Tensor g = std::get<0>(hg.flatten(2).max(2)); // [N,256]
    return at::sigmoid(at::linear(at::cat({g, z}, 1), weight, bias));
}

} // namespace mammolens::inference
