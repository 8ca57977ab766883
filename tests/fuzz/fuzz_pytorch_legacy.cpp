// Fuzz target: a legacy PyTorch checkpoint (the official GMIC model files) through
// readPyTorchLegacy: five pickles run by the restricted pickle machine, then raw storages.

#include "inference/weights/pytorchlegacyreader.h"
#include "tests/fuzz/weightscheck.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace mammolens;
    const auto weights =
        inference::readPyTorchLegacy(std::string_view(reinterpret_cast<const char*>(data), size));
    if (weights)
        fuzz::touchTensors(weights.value());
    return 0;
}
