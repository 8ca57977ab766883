#pragma once
// The ensemble's answer for one view: every model's result, their mean and their spread.

#include "inference/gmic/gmicresult.h"

#include <array>
#include <string>
#include <vector>

namespace mammolens::inference {

struct ViewPrediction
{
    std::string view;                 ///< caller's label, e.g. "L-CC"
    std::vector<GmicResult> perModel; ///< in the order the models were added
    std::array<float, 2> yFusion{};   ///< mean over models: the prediction (GMIC-SPEC 1)
    std::array<float, 2> yGlobal{};   ///< mean over models
    std::array<float, 2> yLocal{};    ///< mean over models
    std::array<float, 2> fusionSpread{}; ///< max - min of y_fusion over models (0 for one model)
    std::string device;               ///< where it ran ("cpu", "cuda:0")
    std::vector<std::string> warnings;
};

} // namespace mammolens::inference
