#pragma once
// A weights file read and its configuration settled, not yet a model: the quick half of loading
// (one read of the file). ModelLoader::build does the slow half (the networks, the weights, the
// identity hash, the folding: about 0.2 s a model), which the command line runs on a second
// thread while it reads the first exam.

#include "inference/gmic/gmicconfig.h"
#include "inference/weights/tensormap.h"

#include <string>

namespace mammolens::inference {

struct ModelFile
{
    std::string path;
    WeightsFile weights;
    GmicConfig config; ///< from the file's metadata (official when it has none), t overridden
};

} // namespace mammolens::inference
