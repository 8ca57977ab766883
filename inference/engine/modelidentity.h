#pragma once
// Which model produced a number. The UI shows it next to every score, and anything that is not a
// validated clinical model carries a "not for diagnosis" notice.

#include "inference/gmic/gmicconfig.h"

#include <string>

namespace mammolens::inference {

struct ModelIdentity
{
    std::string id;          ///< SHA-256 (hex) of the weights and the configuration
    std::string name;        ///< metadata `mammolens.name`, else the file name
    std::string description; ///< metadata `mammolens.description`, may be empty
    /// metadata `mammolens.provenance`: "official", "demo", "random", "parity", or "unknown".
    std::string provenance = "unknown";
    std::string sourceFile;
    std::string format; ///< "safetensors", "pytorch-zip", "pytorch-legacy", or "generated"
    GmicConfig config;

    std::string shortId() const { return id.substr(0, 12); }
    /// True only for provenance "official": the published GMIC models. Everything else
    /// (demo, random, parity, unknown) is not for diagnosis.
    bool clinical() const { return provenance == "official"; }
    std::string label() const { return name + " [" + shortId() + ", " + provenance + "]"; }
};

} // namespace mammolens::inference
