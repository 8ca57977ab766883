#include "inference/gmic/maxpool.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <algorithm>
#include <vector>

namespace mammolens::inference {

at::Tensor maxPool3x3Stride2(const at::Tensor& x)
{
    if (x.dim() != 4 || x.scalar_type() != at::kFloat || !x.device().is_cpu() ||
        !x.is_contiguous(at::MemoryFormat::ChannelsLast) || x.size(2) < 3 || x.size(3) < 3)
        return at::max_pool2d(x, {3, 3}, {2, 2}, {0, 0});
    const int64_t N = x.size(0), C = x.size(1), H = x.size(2), W = x.size(3);
    const int64_t OH = (H - 3) / 2 + 1, OW = (W - 3) / 2 + 1;
    at::Tensor out = at::empty({N, C, OH, OW}, x.options().memory_format(at::MemoryFormat::ChannelsLast));
    const float* in = x.data_ptr<float>();
    float* o = out.data_ptr<float>();
    const int64_t rowLen = W * C; // one NHWC row: W pixels of C channels
    at::parallel_for(0, N * OH, 16, [&](int64_t begin, int64_t end) {
        std::vector<float> colMax(static_cast<size_t>(rowLen));
        for (int64_t idx = begin; idx < end; ++idx) {
            const int64_t n = idx / OH, oh = idx % OH;
            const float* r0 = in + (n * H + 2 * oh) * rowLen;
            const float* r1 = r0 + rowLen;
            const float* r2 = r1 + rowLen;
            float* t = colMax.data();
            for (int64_t j = 0; j < rowLen; ++j)
                t[j] = std::max(std::max(r0[j], r1[j]), r2[j]);
            float* dst = o + (n * OH + oh) * OW * C;
            for (int64_t ow = 0; ow < OW; ++ow) {
                const float* a = t + 2 * ow * C;
                for (int64_t c = 0; c < C; ++c)
                    dst[ow * C + c] = std::max(std::max(a[c], a[C + c]), a[2 * C + c]);
            }
        }
    });
    return out;
}

} // namespace mammolens::inference
