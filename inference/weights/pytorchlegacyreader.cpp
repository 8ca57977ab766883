#include "inference/weights/pytorchlegacyreader.h"

#include "inference/weights/picklemachine.h"
#include "inference/weights/torchstatedict.h"

#include <cstring>
#include <map>

namespace mammolens::inference {

namespace {

// 0x1950a86a20f9469cfc6c as LONG1 writes it: little-endian two's complement.
constexpr char kMagic[] = "\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19";
constexpr std::int64_t kProtocolVersion = 1001;

struct Storage
{
    at::Tensor data; // the placeholder filled from the data section
    bool filled = false;
};

class LegacyReader
{
public:
    explicit LegacyReader(std::string_view bytes)
        : bytes_(bytes),
          machine_([this](PickleMachine& m, const PickleValue& pid) { return loadStorage(m, pid); })
    {}

    WeightsFile read()
    {
        const PickleValue magic = runPickle("magic number");
        if (magic.kind != PickleValue::Kind::BigInt ||
            machine_.text(magic) != std::string_view(kMagic, sizeof kMagic - 1))
            throw InferenceError("bad magic number: not a legacy torch.save file");
        const PickleValue protocol = runPickle("protocol version");
        if (protocol.kind != PickleValue::Kind::Int || protocol.integer != kProtocolVersion)
            throw InferenceError("unsupported protocol version (expected 1001)");
        checkSysInfo(runPickle("sys_info"));

        allowStorages_ = true;
        const PickleValue root = runPickle("state dict");
        allowStorages_ = false;
        readStorageData(runPickle("storage key list"));
        WeightsFile file = collectTorchStateDict(machine_, root, "pytorch-legacy");
        if (pos_ < bytes_.size())
            file.warnings.push_back(std::to_string(bytes_.size() - pos_) +
                                    " bytes after the last storage were ignored");
        return file;
    }

private:
    PickleValue runPickle(const char* stage)
    {
        try {
            return machine_.run(bytes_, pos_, &pos_);
        } catch (const InferenceError& e) {
            throw InferenceError(std::string(stage) + " pickle: " + e.what());
        }
    }

    void checkSysInfo(const PickleValue& info)
    {
        if (info.kind != PickleValue::Kind::Dict)
            throw InferenceError("sys_info is not a dict");
        for (const auto& [key, value] : machine_.dictItems(info)) {
            if (key.kind == PickleValue::Kind::String && machine_.text(key) == "little_endian" &&
                !(value.kind == PickleValue::Kind::Bool && value.integer == 1))
                throw InferenceError("saved on a big-endian machine; only little-endian loads");
        }
    }

    PickleValue loadStorage(PickleMachine& machine, const PickleValue& pid)
    {
        if (!allowStorages_)
            throw InferenceError("storage reference outside the state dict pickle");
        const TorchStorageId id = parseTorchStorageId(machine, pid, true);
        auto it = storages_.find(id.key);
        if (it == storages_.end()) {
            // The data comes later in the file; refuse sizes the file cannot hold before
            // allocating, so a hostile count cannot exhaust memory.
            const auto bytes = std::uint64_t(id.numel) * c10::elementSize(id.dtype);
            if (std::uint64_t(id.numel) > bytes_.size() || bytes > bytes_.size() - reserved_)
                throw InferenceError("storage '" + id.key + "' of " + std::to_string(id.numel) +
                                     " elements does not fit in the " +
                                     std::to_string(bytes_.size()) +
                                     "-byte file (file truncated?)");
            reserved_ += bytes;
            Storage s{at::empty({id.numel}, at::TensorOptions().dtype(id.dtype)), false};
            it = storages_.emplace(id.key, s).first;
        }
        const at::Tensor& root = it->second.data;
        if (root.scalar_type() != id.dtype || root.numel() != id.numel)
            throw InferenceError("storage '" + id.key + "' is referenced with two types");
        if (!id.viewKey)
            return machine.makeStorage(root);
        // A view of part of a storage (written by PyTorch before 1.0 for shared storages).
        return machine.makeStorage(root.narrow(0, id.viewOffset, id.viewNumel));
    }

    std::int64_t readCount(const std::string& key)
    {
        if (bytes_.size() - pos_ < 8)
            throw InferenceError("file truncated: storage '" + key +
                                 "' element count missing at byte " + std::to_string(pos_));
        std::uint64_t v = 0;
        for (int i = 7; i >= 0; --i)
            v = (v << 8) | static_cast<unsigned char>(bytes_[pos_ + std::size_t(i)]);
        pos_ += 8;
        return static_cast<std::int64_t>(v);
    }

    void readStorageData(const PickleValue& keyList)
    {
        if (keyList.kind != PickleValue::Kind::List)
            throw InferenceError("storage key list is not a list");
        for (const PickleValue& keyValue : machine_.sequence(keyList)) {
            if (keyValue.kind != PickleValue::Kind::String)
                throw InferenceError("storage key is not a string");
            const std::string& key = machine_.text(keyValue);
            const auto it = storages_.find(key);
            if (it == storages_.end())
                throw InferenceError("storage key list names unknown storage '" + key + "'");
            Storage& s = it->second;
            if (s.filled)
                throw InferenceError("storage '" + key + "' appears twice in the key list");
            const std::int64_t count = readCount(key);
            if (count != s.data.numel())
                throw InferenceError("storage '" + key + "' holds " + std::to_string(count) +
                                     " elements in the data section but " +
                                     std::to_string(s.data.numel()) + " in the pickle");
            const std::size_t nbytes = s.data.nbytes();
            if (bytes_.size() - pos_ < nbytes)
                throw InferenceError("file truncated: storage '" + key + "' needs " +
                                     std::to_string(nbytes) + " bytes at byte " +
                                     std::to_string(pos_) + ", " +
                                     std::to_string(bytes_.size() - pos_) + " left");
            if (nbytes)
                std::memcpy(s.data.data_ptr(), bytes_.data() + pos_, nbytes);
            pos_ += nbytes;
            s.filled = true;
        }
        for (const auto& [key, s] : storages_) {
            if (!s.filled)
                throw InferenceError("storage '" + key + "' has no data (file truncated?)");
        }
    }

    std::string_view bytes_;
    std::size_t pos_ = 0;
    std::uint64_t reserved_ = 0;
    bool allowStorages_ = false;
    std::map<std::string, Storage> storages_;
    PickleMachine machine_;
};

} // namespace

Result<WeightsFile> readPyTorchLegacy(std::string_view bytes)
{
    auto result = captureErrors([&] { return LegacyReader(bytes).read(); });
    if (!result)
        return Result<WeightsFile>::failure("legacy PyTorch checkpoint: " + result.error());
    return result;
}

} // namespace mammolens::inference
