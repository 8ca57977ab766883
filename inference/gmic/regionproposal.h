#pragma once
// The parts of GMIC between the global and the local network: top-t pooling (GMIC-SPEC section 3),
// greedy top-K region proposal (section 4) and patch extraction (section 5).

#include "inference/gmic/gmicconfig.h"

#include <ATen/core/Tensor.h>

#include <utility>
#include <vector>

namespace mammolens::inference {

/// Mean of the `count` largest values of each class map: [N,C,H,W] -> [N,C] (spec 3).
at::Tensor topTPooling(const at::Tensor& saliency, int count);

/// Greedy top-K windows on one image's saliency [C,H,W] (spec 4). Returns the upper-left corners
/// in model-input pixels, in selection order.
std::vector<std::pair<int, int>> proposeRegions(const at::Tensor& saliency, const GmicConfig& config);

/// Patches [K,1,cropRows,cropCols] from one image [H,W] at the given corners (spec 5): filled with
/// the image minimum, the clipped window copied flush to the bottom-right.
at::Tensor extractPatches(const at::Tensor& image, const std::vector<std::pair<int, int>>& corners,
                          const GmicConfig& config);

} // namespace mammolens::inference
