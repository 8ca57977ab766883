#include "inference/gmic/regionproposal.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>

namespace mammolens::inference {

at::Tensor topTPooling(const at::Tensor& saliency, int count)
{
    TORCH_CHECK(saliency.dim() == 4, "saliency must be [N,C,H,W]");
    const at::Tensor flat = saliency.flatten(2);
    TORCH_CHECK(count >= 1 && count <= flat.size(2), "top-t count out of range");
    return std::get<0>(flat.topk(count, 2)).mean(2);
}

std::vector<std::pair<int, int>> proposeRegions(const at::Tensor& saliency, const GmicConfig& config)
{
    TORCH_CHECK(saliency.dim() == 3, "saliency must be [C,H,W]");
    const at::Tensor maps = saliency.to(at::kCPU, at::kFloat).contiguous();
    const int64_t C = maps.size(0);
    const int64_t H = maps.size(1);
    const int64_t W = maps.size(2);
    const int wr = config.windowRows();
    const int wc = config.windowCols();

    // Each class map normalised to [0,1] by its own min and max, then the classes summed (4.2).
    const at::Tensor flat = maps.view({C, -1});
    const at::Tensor minv = std::get<0>(flat.min(1, true)).view({C, 1, 1});
    const at::Tensor maxv = std::get<0>(flat.max(1, true)).view({C, 1, 1});
    at::Tensor S = ((maps - minv) / (maxv - minv)).sum(0, true).unsqueeze(0); // [1,1,H,W]

    std::vector<std::pair<int, int>> corners;
    for (int k = 0; k < config.K; ++k) {
        // Average pool with stride 1 and no padding; argmax returns the first maximum in row-major
        // order, which is the reference's tie rule (4.3).
        const at::Tensor pooled = at::avg_pool2d(S, {wr, wc}, {1, 1});
        const int64_t pw = pooled.size(3);
        const int64_t idx = pooled.flatten().argmax().item<int64_t>();
        const int64_t r = idx / pw;
        const int64_t c = idx % pw;
        S.index({0, 0}).narrow(0, r, wr).narrow(1, c, wc).zero_();
        // Cell to input pixel with numpy's half-to-even rounding (4.4).
        const long long row = roundHalfEven(static_cast<double>(r) / H * config.inputRows);
        const long long col = roundHalfEven(static_cast<double>(c) / W * config.inputCols);
        corners.emplace_back(static_cast<int>(row), static_cast<int>(col));
    }
    return corners;
}

at::Tensor extractPatches(const at::Tensor& image, const std::vector<std::pair<int, int>>& corners,
                          const GmicConfig& config)
{
    TORCH_CHECK(image.dim() == 2, "image must be [H,W]");
    const int64_t H = image.size(0);
    const int64_t W = image.size(1);
    const int64_t ch = config.cropRows;
    const int64_t cw = config.cropCols;
    at::Tensor patches = at::empty({static_cast<int64_t>(corners.size()), 1, ch, cw}, image.options());
    patches.fill_(image.min());
    for (size_t k = 0; k < corners.size(); ++k) {
        const int64_t r0 = std::clamp<int64_t>(corners[k].first, 0, H);
        const int64_t c0 = std::clamp<int64_t>(corners[k].second, 0, W);
        const int64_t h = std::min<int64_t>(r0 + ch, H) - r0;
        const int64_t w = std::min<int64_t>(c0 + cw, W) - c0;
        if (h <= 0 || w <= 0)
            continue;
        // Edge rule (5): the clipped content sits flush to the patch's bottom-right.
        patches[static_cast<int64_t>(k)][0]
            .narrow(0, ch - h, h)
            .narrow(1, cw - w, w)
            .copy_(image.narrow(0, r0, h).narrow(1, c0, w));
    }
    return patches;
}

} // namespace mammolens::inference
