#pragma once
// What GMIC says about one image, as plain C++ values that cross threads and module boundaries
// (ARCHITECTURE.md: the engine's API never hands out Qt or LibTorch types).

#include <array>
#include <string>
#include <vector>

namespace mammolens::inference {

struct GmicPatch
{
    int row = 0;          ///< upper-left corner in model-input pixels (GMIC-SPEC 4.4)
    int col = 0;
    float attention = 0;  ///< alpha_k, the gated-attention weight (spec 7)
};

/// Milliseconds spent in each stage of one forward pass.
struct StageTimings
{
    double globalMs = 0;   ///< global network + saliency + top-t pooling
    double proposalMs = 0; ///< region proposal + patch extraction
    double localMs = 0;    ///< local network on the K patches
    double headMs = 0;     ///< gated attention + fusion
    double totalMs() const { return globalMs + proposalMs + localMs + headMs; }
};

struct GmicResult
{
    int camRows = 0;
    int camCols = 0;
    std::vector<float> saliency; ///< [2][camRows][camCols]: benign map, then malignant map

    std::array<float, 2> yGlobal{}; ///< [benign, malignant] top-t pooled saliency (model's t)
    std::array<float, 2> yLocal{};
    std::array<float, 2> yFusion{}; ///< the model's prediction

    std::vector<GmicPatch> patches; ///< K patches in selection order
    int cropRows = 0;
    int cropCols = 0;
    std::vector<float> patchPixels; ///< [K][cropRows][cropCols] model-input values

    std::string modelId; ///< ModelIdentity::id of the model that produced these numbers
    std::string device;  ///< "cpu" or "cuda:0": where it actually ran
    StageTimings timings;

    float saliencyAt(int cls, int row, int col) const
    {
        return saliency[static_cast<size_t>((cls * camRows + row) * camCols + col)];
    }
};

} // namespace mammolens::inference
