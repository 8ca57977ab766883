#include "inference/engine/modelloader.h"

#include "inference/util/sha256.h"
#include "inference/weights/weightsreader.h"

#include <ATen/ATen.h>
#include <torch/utils.h>

#include <set>

#include <sstream>

namespace mammolens::inference {

namespace {

bool isBatchCounter(const std::string& key)
{
    const std::string suffix = "num_batches_tracked";
    return key.size() >= suffix.size() &&
           key.compare(key.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string shapeText(at::IntArrayRef sizes)
{
    std::ostringstream s;
    s << '[';
    for (size_t i = 0; i < sizes.size(); ++i)
        s << (i ? "," : "") << sizes[i];
    s << ']';
    return s.str();
}

std::string fileStem(const std::string& path)
{
    const size_t slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string metadataOr(const std::map<std::string, std::string>& m, const std::string& key,
                       const std::string& fallback)
{
    auto it = m.find(key);
    return it == m.end() || it->second.empty() ? fallback : it->second;
}

} // namespace

std::vector<std::string> ModelLoader::loadStateDict(torch::nn::Module& module, const TensorMap& tensors)
{
    torch::NoGradGuard noGrad;
    std::set<std::string> used;
    auto assign = [&](const std::string& key, at::Tensor& target) {
        if (isBatchCounter(key))
            return; // a training counter that inference never reads; files may omit it
        auto it = tensors.find(key);
        if (it == tensors.end())
            throw InferenceError("missing key in weights: " + key);
        if (!it->second.sizes().equals(target.sizes()))
            throw InferenceError("shape mismatch for " + key + ": file has " +
                                 shapeText(it->second.sizes()) + ", model expects " +
                                 shapeText(target.sizes()));
        target.copy_(it->second.to(target.scalar_type()));
        used.insert(key);
    };
    for (auto& p : module.named_parameters())
        assign(p.key(), p.value());
    for (auto& b : module.named_buffers())
        assign(b.key(), b.value());

    std::string unexpected;
    for (const auto& [key, tensor] : tensors)
        if (!used.count(key) && !isBatchCounter(key))
            unexpected += (unexpected.empty() ? "" : ", ") + key;
    if (unexpected.empty())
        return {};
    return {"unexpected keys ignored: " + unexpected};
}

TensorMap ModelLoader::stateDict(const torch::nn::Module& module)
{
    TensorMap out;
    for (const auto& p : module.named_parameters())
        out[p.key()] = p.value().detach().cpu().contiguous();
    for (const auto& b : module.named_buffers())
        if (!isBatchCounter(b.key()))
            out[b.key()] = b.value().detach().cpu().contiguous();
    return out;
}

std::string ModelLoader::identityHash(const TensorMap& tensors, const GmicConfig& config)
{
    Sha256 hash;
    hash.update(hashTensorMap(tensors));
    for (const auto& [key, value] : config.toMetadata()) {
        hash.update(key.data(), key.size());
        hash.update(value.data(), value.size());
    }
    return hash.hexDigest();
}

std::shared_ptr<LoadedModel> ModelLoader::finish(GmicModel module, ModelIdentity identity)
{
    module->eval();
    auto model = std::make_shared<LoadedModel>();
    model->module = module;
    model->folded = std::make_unique<FoldedGmic>(module);
    model->identity = std::move(identity);
    return model;
}

Result<std::shared_ptr<LoadedModel>> ModelLoader::load(const std::string& path,
                                                       std::optional<double> percentT)
{
    Result<ModelFile> file = read(path, percentT);
    if (!file)
        return Result<std::shared_ptr<LoadedModel>>::failure(file.error());
    return build(file.value());
}

Result<ModelFile> ModelLoader::read(const std::string& path, std::optional<double> percentT)
{
    return captureErrors([&]() -> ModelFile {
        Result<WeightsFile> weights = readWeightsFile(path);
        if (!weights)
            throw InferenceError(weights.error());
        Result<GmicConfig> config = GmicConfig::fromMetadata(weights.value().metadata);
        if (!config)
            throw InferenceError(path + ": " + config.error());
        ModelFile file{path, std::move(weights).value(), config.value()};
        if (percentT) {
            file.config.percentT = *percentT;
            if (std::string why = file.config.validate(); !why.empty())
                throw InferenceError("invalid percent_t: " + why);
        }
        return file;
    });
}

Result<std::shared_ptr<LoadedModel>> ModelLoader::build(const ModelFile& file)
{
    return captureErrors([&]() -> std::shared_ptr<LoadedModel> {
        const std::string& path = file.path;
        const WeightsFile& weights = file.weights;
        const GmicConfig& cfg = file.config;
        GmicModel module(cfg);
        std::vector<std::string> warnings;
        try {
            warnings = loadStateDict(*module, weights.tensors);
        } catch (const InferenceError& e) {
            throw InferenceError(path + ": " + e.what());
        }
        warnings.insert(warnings.end(), weights.warnings.begin(), weights.warnings.end());

        ModelIdentity id;
        id.config = cfg;
        id.id = identityHash(stateDict(*module), cfg);
        id.name = metadataOr(weights.metadata, "mammolens.name", fileStem(path));
        id.description = metadataOr(weights.metadata, "mammolens.description", "");
        id.provenance = metadataOr(weights.metadata, "mammolens.provenance", "unknown");
        // Only a registry of known official hashes may say "official"; a file cannot claim it.
        if (id.provenance == "official")
            id.provenance = "unknown";
        id.sourceFile = path;
        id.format = weights.format;
        auto model = finish(module, std::move(id));
        model->warnings = std::move(warnings);
        return model;
    });
}

std::shared_ptr<LoadedModel> ModelLoader::random(const GmicConfig& config, uint64_t seed)
{
    torch::manual_seed(seed);
    GmicModel module(config);
    ModelIdentity id;
    id.config = config;
    id.id = identityHash(stateDict(*module), config);
    id.name = "random weights (seed " + std::to_string(seed) + ")";
    id.provenance = "random";
    id.format = "generated";
    return finish(module, std::move(id));
}

} // namespace mammolens::inference
