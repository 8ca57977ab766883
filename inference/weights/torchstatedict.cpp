#include "inference/weights/torchstatedict.h"

#include "inference/util/result.h"

#include <charconv>

namespace mammolens::inference {

namespace {

using Kind = PickleValue::Kind;

constexpr int kMaxDictDepth = 8;
// Bounds the walk: memoised dicts can reference one another many times over.
constexpr std::size_t kMaxEntriesVisited = 1'000'000;

std::int64_t nonNegativeInt(const PickleValue& v, const char* what)
{
    if (v.kind != Kind::Int || v.integer < 0)
        throw InferenceError(std::string("storage ") + what + " is not a non-negative int");
    return v.integer;
}

std::string keyText(const PickleMachine& machine, const PickleValue& key)
{
    switch (key.kind) {
    case Kind::String:
    case Kind::Bytes:
        return machine.text(key);
    case Kind::Int:
        return std::to_string(key.integer);
    case Kind::Bool:
        return key.integer ? "True" : "False";
    default:
        throw InferenceError(std::string("dict key of type ") + PickleMachine::kindName(key.kind));
    }
}

std::optional<std::string> scalarText(const PickleMachine& machine, const PickleValue& v)
{
    switch (v.kind) {
    case Kind::None:
        return std::string("None");
    case Kind::Bool:
        return std::string(v.integer ? "True" : "False");
    case Kind::Int:
        return std::to_string(v.integer);
    case Kind::Float: {
        char buffer[32];
        const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v.real);
        return ec == std::errc() ? std::string(buffer, end) : std::string("?");
    }
    case Kind::String:
        return machine.text(v);
    default:
        return std::nullopt;
    }
}

class StateDictWalker
{
public:
    StateDictWalker(const PickleMachine& machine, WeightsFile& file) : m_(machine), file_(file) {}

    void walk(const PickleValue& dict, const std::string& prefix, int depth)
    {
        if (depth > kMaxDictDepth)
            throw InferenceError("dicts nested deeper than " + std::to_string(kMaxDictDepth) +
                                 " levels at '" + prefix + "'");
        for (const auto& [key, value] : m_.dictItems(dict)) {
            if (++visited_ > kMaxEntriesVisited)
                throw InferenceError("more than " + std::to_string(kMaxEntriesVisited) +
                                     " dict entries");
            const std::string name = prefix + keyText(m_, key);
            if (value.kind == Kind::Tensor) {
                file_.tensors[name] = ownTensor(m_.tensor(value));
            } else if (value.kind == Kind::Dict) {
                walk(value, name + ".", depth + 1);
            } else if (const auto text = scalarText(m_, value)) {
                file_.metadata[name] = *text;
            } else {
                file_.warnings.push_back("entry '" + name + "' (a " +
                                         PickleMachine::kindName(value.kind) +
                                         ") is not a tensor; ignored");
            }
        }
    }

private:
    // A tensor that is its whole storage is used as it is; a strided or partial view of a storage
    // is copied, so that a tensor never pins or exposes memory beyond its own elements.
    static at::Tensor ownTensor(const at::Tensor& view)
    {
        const bool whole = view.is_contiguous() && view.storage_offset() == 0 &&
                           view.nbytes() == view.storage().nbytes();
        return whole ? view : view.clone(at::MemoryFormat::Contiguous);
    }

    const PickleMachine& m_;
    WeightsFile& file_;
    std::size_t visited_ = 0;
};

} // namespace

TorchStorageId parseTorchStorageId(const PickleMachine& machine, const PickleValue& pid,
                                   bool legacyFormat)
{
    if (pid.kind != Kind::Tuple)
        throw InferenceError(std::string("persistent id is a ") +
                             PickleMachine::kindName(pid.kind) + ", not a tuple");
    const std::vector<PickleValue>& items = machine.sequence(pid);
    if (items.empty() || (items[0].kind != Kind::String && items[0].kind != Kind::Bytes))
        throw InferenceError("persistent id without a type name");
    const std::string& typeName = machine.text(items[0]);
    if (typeName == "module")
        throw InferenceError("the file pickles a whole nn.Module; only state dicts load "
                             "(save model.state_dict())");
    if (typeName != "storage")
        throw InferenceError("unknown persistent id type '" + typeName + "'");
    const std::size_t expected = legacyFormat ? 6 : 5;
    if (items.size() != expected)
        throw InferenceError("storage persistent id has " + std::to_string(items.size()) +
                             " fields, expected " + std::to_string(expected));
    if (items[1].kind != Kind::Global)
        throw InferenceError("storage type is not a global");
    const auto dtype = PickleMachine::storageDtype(machine.text(items[1]));
    if (!dtype)
        throw InferenceError("unknown storage type '" + machine.text(items[1]) + "'");

    TorchStorageId id;
    id.dtype = *dtype;
    if (items[2].kind != Kind::String && items[2].kind != Kind::Bytes)
        throw InferenceError("storage key is not a string");
    id.key = machine.text(items[2]);
    if (items[3].kind != Kind::String && items[3].kind != Kind::Bytes)
        throw InferenceError("storage location is not a string");
    id.location = machine.text(items[3]);
    id.numel = nonNegativeInt(items[4], "size");
    if (legacyFormat && items[5].kind != Kind::None) {
        const std::vector<PickleValue>& view = machine.sequence(items[5]);
        if (view.size() != 3 || (view[0].kind != Kind::String && view[0].kind != Kind::Bytes))
            throw InferenceError("storage view metadata is not (key, offset, size)");
        id.viewKey = machine.text(view[0]);
        id.viewOffset = nonNegativeInt(view[1], "view offset");
        id.viewNumel = nonNegativeInt(view[2], "view size");
        if (id.viewOffset > id.numel || id.viewNumel > id.numel - id.viewOffset)
            throw InferenceError("storage view [" + std::to_string(id.viewOffset) + ", +" +
                                 std::to_string(id.viewNumel) + ") lies outside storage '" +
                                 id.key + "' of " + std::to_string(id.numel) + " elements");
    }
    return id;
}

WeightsFile collectTorchStateDict(const PickleMachine& machine, const PickleValue& root,
                                  const std::string& format)
{
    if (root.kind != Kind::Dict)
        throw InferenceError(std::string("the pickle holds a ") +
                             PickleMachine::kindName(root.kind) + ", not a state dict");
    WeightsFile file;
    file.format = format;
    StateDictWalker(machine, file).walk(root, "", 0);
    if (file.tensors.empty())
        throw InferenceError("the state dict holds no tensors");
    return file;
}

} // namespace mammolens::inference
