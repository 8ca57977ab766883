#pragma once
// Reads a weights file (safetensors, PyTorch zip or PyTorch legacy) into a GMIC model, strictly:
// a missing key or a shape mismatch is an error naming the key, unexpected keys (the official
// files carry `shared_rep_filter.weight`) are listed as a warning, never a silent partial load.

#include "inference/engine/loadedmodel.h"
#include "inference/engine/modelfile.h"
#include "inference/util/result.h"
#include "inference/weights/tensormap.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mammolens::inference {

class ModelLoader
{
public:
    /// `percentT` overrides the configuration's t (the official files carry no configuration).
    static Result<std::shared_ptr<LoadedModel>> load(const std::string& path,
                                                     std::optional<double> percentT = {});
    /// load() in two halves: reading the file and its configuration (quick; errors name the
    /// file), then building the model from it (slow). Both are reentrant.
    static Result<ModelFile> read(const std::string& path, std::optional<double> percentT = {});
    static Result<std::shared_ptr<LoadedModel>> build(const ModelFile& file);

    /// A model with seeded random weights, for benchmarks and tests; provenance "random".
    static std::shared_ptr<LoadedModel> random(const GmicConfig& config, uint64_t seed);

    /// Copies `tensors` into `module`'s parameters and buffers. Returns the warnings (unexpected
    /// keys); throws InferenceError naming the first missing key or mismatched shape.
    static std::vector<std::string> loadStateDict(torch::nn::Module& module, const TensorMap& tensors);

    /// The module's parameters and buffers as a state dict (without num_batches_tracked).
    static TensorMap stateDict(const torch::nn::Module& module);

    /// SHA-256 over the state dict and the configuration: the model's identity.
    static std::string identityHash(const TensorMap& tensors, const GmicConfig& config);

private:
    static std::shared_ptr<LoadedModel> finish(GmicModel module, ModelIdentity identity);
};

} // namespace mammolens::inference
