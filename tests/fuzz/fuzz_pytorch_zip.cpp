// Fuzz target: a PyTorch zip checkpoint (torch.save's format since 1.6) through both
// readPyTorchZip overloads: storages in place over a shared buffer (ZipArchive, the pickle
// machine, the state dict), and over bytes the caller owns (copies).

#include "inference/weights/pytorchzipreader.h"
#include "tests/fuzz/weightscheck.h"

#include <cstddef>
#include <cstdint>
#include <cstring>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace mammolens;
    inference::FileBytes file;
    file.data.reset(new char[size]);
    file.size = size;
    if (size > 0)
        std::memcpy(file.data.get(), data, size);
    const auto inPlace = inference::readPyTorchZip(file);
    if (inPlace)
        fuzz::touchTensors(inPlace.value());

    const auto copied = inference::readPyTorchZip(file.view());
    if (copied)
        fuzz::touchTensors(copied.value());
    if (inPlace.ok() != copied.ok())
        std::abort(); // the two overloads must agree on what is valid
    return 0;
}
