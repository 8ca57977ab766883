#pragma once
// One GMIC model ready to run: the module (reference path, trainable), its folded inference form,
// and who it is.

#include "inference/engine/modelidentity.h"
#include "inference/gmic/foldedgmic.h"
#include "inference/gmic/gmicmodel.h"

#include <memory>
#include <string>
#include <vector>

namespace mammolens::inference {

struct LoadedModel
{
    GmicModel module{nullptr};
    std::unique_ptr<FoldedGmic> folded;
    ModelIdentity identity;
    std::vector<std::string> warnings; ///< e.g. unexpected keys that were ignored
};

} // namespace mammolens::inference
