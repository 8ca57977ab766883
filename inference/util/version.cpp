#include "inference/util/version.h"

#include <torch/cuda.h>
#include <torch/version.h>

namespace mammolens::inference {

EngineVersionInfo engineVersionInfo()
{
    EngineVersionInfo info;
    info.libtorchVersion = TORCH_VERSION;
    info.cudaAvailable = torch::cuda::is_available();
    info.cudaDeviceCount = info.cudaAvailable ? static_cast<int>(torch::cuda::device_count()) : 0;
    return info;
}

} // namespace mammolens::inference
