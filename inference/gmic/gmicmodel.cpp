#include "inference/gmic/gmicmodel.h"

#include "inference/gmic/attentionfusion.h"
#include "inference/gmic/regionproposal.h"

namespace mammolens::inference {

namespace nn = torch::nn;

GmicModelImpl::GmicModelImpl(const GmicConfig& cfg) : config(cfg)
{
    constexpr int64_t G = GmicConfig::kGlobalChannels;
    constexpr int64_t L = GmicConfig::kLocalChannels;
    constexpr int64_t C = GmicConfig::kNumClasses;
    ds_net = register_module("ds_net", GlobalNetwork());
    left_postprocess_net = register_module("left_postprocess_net", PostProcessNet(G, C));
    dn_resnet = register_module("dn_resnet", LocalNetwork());
    mil_attn_V = register_module("mil_attn_V", nn::Linear(nn::LinearOptions(L, 128).bias(false)));
    mil_attn_U = register_module("mil_attn_U", nn::Linear(nn::LinearOptions(L, 128).bias(false)));
    mil_attn_w = register_module("mil_attn_w", nn::Linear(nn::LinearOptions(128, 1).bias(false)));
    classifier_linear =
        register_module("classifier_linear", nn::Linear(nn::LinearOptions(L, C).bias(false)));
    fusion_dnn = register_module("fusion_dnn", nn::Linear(nn::LinearOptions(G + L, C)));
}

GmicOutputs GmicModelImpl::forward(const at::Tensor& x)
{
    TORCH_CHECK(x.dim() == 4 && x.size(1) == 1, "GMIC input must be [N,1,H,W]");
    GmicOutputs out;
    const at::Tensor hg = ds_net(x);
    out.saliency = left_postprocess_net(hg);
    out.yGlobal = topTPooling(out.saliency, config.topTCount());

    const int64_t N = x.size(0);
    std::vector<at::Tensor> patches, locations;
    for (int64_t n = 0; n < N; ++n) {
        // Proposal is not differentiable (spec 12): the local network learns from what it is shown.
        const auto corners = proposeRegions(out.saliency[n].detach(), config);
        at::Tensor loc = at::empty({config.K, 2}, at::kLong);
        for (int k = 0; k < config.K; ++k) {
            loc[k][0] = corners[static_cast<size_t>(k)].first;
            loc[k][1] = corners[static_cast<size_t>(k)].second;
        }
        locations.push_back(loc);
        patches.push_back(extractPatches(x[n][0], corners, config));
    }
    const at::Tensor allPatches = at::cat(patches, 0); // [N*K,1,h,w]
    const at::Tensor hk = dn_resnet(allPatches).view({N, config.K, -1});
    const AttentionOutput attn = gatedAttention(
        hk, {mil_attn_U->weight, mil_attn_V->weight, mil_attn_w->weight, classifier_linear->weight});
    out.yLocal = attn.yLocal;
    out.attention = attn.alpha;
    out.yFusion = fusion(hg, attn.z, fusion_dnn->weight, fusion_dnn->bias);
    out.patchLocations = at::stack(locations);
    out.patches = allPatches.view({N, config.K, config.cropRows, config.cropCols});
    return out;
}

} // namespace mammolens::inference
