#pragma once
#include <string>

namespace mammolens::inference {

/// LibTorch's version and whether CUDA is usable, for --version and the About box.
struct EngineVersionInfo
{
    std::string libtorchVersion;
    bool cudaAvailable = false;
    int cudaDeviceCount = 0;
};

EngineVersionInfo engineVersionInfo();

} // namespace mammolens::inference
