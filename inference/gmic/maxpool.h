#pragma once
// The global network's first max-pool (3x3, stride 2, padding 0; GMIC-SPEC 2) written out for
// channels-last float tensors. ATen's kernel took about 110 ms of the ~450 ms global network on
// our 2-core machines; this one makes two passes a thread can vectorise (a vertical max of three
// rows, then a horizontal max with stride 2) and gives the same values bit for bit.

#include <ATen/core/Tensor.h>

namespace mammolens::inference {

/// max_pool2d(x, 3, stride 2, padding 0). Any other layout, dtype or device goes to ATen.
at::Tensor maxPool3x3Stride2(const at::Tensor& x);

} // namespace mammolens::inference
