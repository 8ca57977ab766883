#include "inference/weights/pytorchzipreader.h"

#include "inference/weights/picklemachine.h"
#include "inference/weights/torchstatedict.h"
#include "inference/weights/ziparchive.h"

#include <map>

namespace mammolens::inference {

namespace {

// The archive's top folder is named after the file torch.save wrote ("tiny_zip_checkpoint/",
// "archive/"), so we look for the one `<folder>/data.pkl` instead of assuming a name.
std::string findArchivePrefix(const ZipArchive& zip)
{
    std::string prefix;
    for (const ZipArchive::Entry& e : zip.entries()) {
        const std::size_t slash = e.name.find('/');
        if (slash == std::string::npos || e.name.compare(slash, std::string::npos, "/data.pkl"))
            continue;
        if (!prefix.empty())
            throw InferenceError("zip holds more than one data.pkl");
        prefix = e.name.substr(0, slash + 1);
    }
    if (prefix.empty())
        throw InferenceError("zip holds no <archive>/data.pkl: not a torch.save file");
    return prefix;
}

WeightsFile readZip(std::string_view bytes, const std::shared_ptr<char[]>& owner)
{
    const ZipArchive zip(bytes);
    const std::string prefix = findArchivePrefix(zip);
    if (const ZipArchive::Entry* order = zip.find(prefix + "byteorder")) {
        if (zip.read(*order) != "little")
            throw InferenceError("tensors were saved big-endian; only little-endian loads");
    }

    std::map<std::string, PickleValue> storages;
    auto loadStorage = [&](PickleMachine& machine, const PickleValue& pid) {
        const TorchStorageId id = parseTorchStorageId(machine, pid, false);
        if (const auto it = storages.find(id.key); it != storages.end()) {
            const at::Tensor& known = machine.tensor(it->second);
            if (known.scalar_type() != id.dtype || known.numel() != id.numel)
                throw InferenceError("storage '" + id.key + "' is referenced with two types");
            return it->second;
        }
        const ZipArchive::Entry* entry = zip.find(prefix + "data/" + id.key);
        if (!entry)
            throw InferenceError("storage '" + id.key + "' has no entry " + prefix + "data/" +
                                 id.key);
        const std::string_view data = zip.read(*entry);
        const auto elementSize = std::uint64_t(c10::elementSize(id.dtype));
        if (data.size() / elementSize != std::uint64_t(id.numel) || data.size() % elementSize)
            throw InferenceError("storage '" + id.key + "' claims " + std::to_string(id.numel) +
                                 " elements of " + std::to_string(elementSize) +
                                 " bytes but its entry holds " + std::to_string(data.size()) +
                                 " bytes");
        return storages[id.key] =
                   machine.makeStorage(tensorOverBytes(data.data(), id.dtype, {id.numel}, owner));
    };

    const ZipArchive::Entry* pkl = zip.find(prefix + "data.pkl");
    PickleMachine machine(loadStorage);
    const PickleValue root = machine.run(zip.read(*pkl));
    return collectTorchStateDict(machine, root, "pytorch-zip");
}

} // namespace

Result<WeightsFile> readPyTorchZip(const FileBytes& file)
{
    auto result = captureErrors([&] { return readZip(file.view(), file.data); });
    if (!result)
        return Result<WeightsFile>::failure("PyTorch zip checkpoint: " + result.error());
    return result;
}

Result<WeightsFile> readPyTorchZip(std::string_view bytes)
{
    auto result = captureErrors([&] { return readZip(bytes, nullptr); });
    if (!result)
        return Result<WeightsFile>::failure("PyTorch zip checkpoint: " + result.error());
    return result;
}

} // namespace mammolens::inference
