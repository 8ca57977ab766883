#pragma once
// GMIC parity against the reference implementation's own numbers (../shared/parity), Qt-free so
// that the engine-only build (a GPU machine with nothing but LibTorch) runs it too. The Qt Test
// suite calls the same function.

#include <string>
#include <vector>

namespace mammolens::tests {

struct ParityOptions
{
    std::string parityDir;       ///< folder holding weights.safetensors, outputs.safetensors, ...
    bool modulePath = true;      ///< also check GmicModel::forward (the reference/training path)
    bool bfloat16Report = false; ///< also run bfloat16 and report its largest difference
};

struct ParityReport
{
    std::vector<std::string> failures; ///< empty when every number is within tolerance
    std::vector<std::string> lines;    ///< human-readable measurements
    bool ok() const { return failures.empty(); }
};

ParityReport checkGmicParity(const ParityOptions& options);

} // namespace mammolens::tests
