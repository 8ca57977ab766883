#pragma once
// The shape of a GMIC model (GMIC-SPEC section 1). Stored with every checkpoint of ours so that
// models trained at another size (the demo model) load and run correctly.

#include "inference/util/result.h"

#include <map>
#include <string>

namespace mammolens::inference {

struct GmicConfig
{
    int inputRows = 2944;
    int inputCols = 1920;
    int camRows = 46; ///< saliency map size: the input divided by the global network's stride 64
    int camCols = 30;
    int K = 6;        ///< patches per image
    int cropRows = 256;
    int cropCols = 256;
    double percentT = 0.02; ///< top-t fraction of y_global (official models: 0.02 ... 0.1)

    static constexpr int kNumClasses = 2;        ///< 0 = benign, 1 = malignant
    static constexpr int kGlobalChannels = 256;  ///< h_g channels (post_processing_dim)
    static constexpr int kLocalChannels = 512;   ///< h_k features per patch

    /// Number of saliency cells averaged by top-t pooling: round-half-even(H*W*t) (spec 3).
    int topTCount() const;
    /// Proposal window in saliency cells: round(crop * cam / input) (spec 4.1).
    int windowRows() const;
    int windowCols() const;

    /// Rows (or columns) of h_g for an input of `inputSize` rows (columns): 2944 -> 46.
    static int globalMapSize(int inputSize);
    /// Checks internal consistency (positive sizes, cam = input / 64, window fits the map...).
    std::string validate() const; ///< empty when valid

    std::map<std::string, std::string> toMetadata() const;
    /// Reads `mammolens.config.*` keys; keys that are absent keep the official default.
    static Result<GmicConfig> fromMetadata(const std::map<std::string, std::string>& metadata);
    std::string describe() const; ///< one line, e.g. "2944x1920 cam 46x30 K=6 crop 256x256 t=0.02"

    bool operator==(const GmicConfig& o) const;
};

/// Python's round(): half to even. Used wherever the reference calls round() (spec 3, 4).
long long roundHalfEven(double value);

} // namespace mammolens::inference
