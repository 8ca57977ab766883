#pragma once
// The whole GMIC model as a LibTorch module (Shen et al., MLMI 2019; GMIC-SPEC sections 2-8).
// Member names are the official checkpoint's (`ds_net`, `left_postprocess_net`, `dn_resnet`,
// `mil_attn_U`, ...) even where that breaks our naming, so state dicts load by name.
// This module is the reference path (and the one to train); FoldedGmic is the fast inference path
// derived from its weights.

#include "inference/gmic/gmicconfig.h"
#include "inference/gmic/globalnetwork.h"
#include "inference/gmic/localnetwork.h"
#include "inference/gmic/postprocessnet.h"

#include <torch/nn/modules/linear.h>

namespace mammolens::inference {

/// Everything one forward pass produces, batch first.
struct GmicOutputs
{
    at::Tensor saliency;        ///< [N,2,camRows,camCols]
    at::Tensor yGlobal;         ///< [N,2]
    at::Tensor yLocal;          ///< [N,2]
    at::Tensor yFusion;         ///< [N,2] the model's prediction
    at::Tensor patchLocations;  ///< [N,K,2] int64, upper-left corners in input pixels
    at::Tensor patches;         ///< [N,K,cropRows,cropCols]
    at::Tensor attention;       ///< [N,K]
};

struct GmicModelImpl : torch::nn::Module
{
    explicit GmicModelImpl(const GmicConfig& config = {});

    GmicOutputs forward(const at::Tensor& x);

    GmicConfig config;
    GlobalNetwork ds_net{nullptr};
    PostProcessNet left_postprocess_net{nullptr};
    LocalNetwork dn_resnet{nullptr};
    torch::nn::Linear mil_attn_V{nullptr};
    torch::nn::Linear mil_attn_U{nullptr};
    torch::nn::Linear mil_attn_w{nullptr};
    torch::nn::Linear classifier_linear{nullptr};
    torch::nn::Linear fusion_dnn{nullptr};
};
TORCH_MODULE(GmicModel);

} // namespace mammolens::inference
