#pragma once
// Gated-attention MIL pooling (GMIC-SPEC section 7) and fusion (section 8), written once as
// functions of the weight tensors so that the training module and the folded inference path
// compute them identically.

#include <ATen/core/Tensor.h>

namespace mammolens::inference {

struct AttentionWeights
{
    at::Tensor U, V, w, classifier; ///< mil_attn_U, mil_attn_V, mil_attn_w, classifier_linear
};

struct AttentionOutput
{
    at::Tensor alpha;  ///< [N,K] attention weights, softmax over the K patches
    at::Tensor z;      ///< [N,512] attention-weighted mean of h_k
    at::Tensor yLocal; ///< [N,2]
};

/// hk: [N,K,512] -> alpha, z, y_local.
AttentionOutput gatedAttention(const at::Tensor& hk, const AttentionWeights& weights);

/// y_fusion = sigmoid(fusion_dnn([max over rows and columns of h_g ; z])): [N,2].
at::Tensor fusion(const at::Tensor& hg, const at::Tensor& z, const at::Tensor& weight,
                  const at::Tensor& bias);

} // namespace mammolens::inference
