#pragma once
// A minimal, safe interpreter for the pickles torch.save writes (protocols 2 to 4). Python's own
// unpickler imports and calls whatever a file names, so loading an untrusted checkpoint with it
// runs arbitrary code; this machine knows a fixed list of globals (OrderedDict, the torch
// storage types, _rebuild_tensor_v2, _rebuild_parameter) and refuses every other one. Every read
// is bounds-checked and stack, mark, memo and object counts are limited, so hostile bytes end in
// an InferenceError, never in a crash or unbounded memory. Not thread-safe; use one per file.

#include "inference/weights/picklevalue.h"

#include <ATen/ATen.h>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace mammolens::inference {

class PickleMachine
{
public:
    struct Limits
    {
        std::size_t maxStack = 100'000;  // pickle batches 1000 items per APPENDS/SETITEMS
        std::size_t maxMarkDepth = 256;  // a state dict nests 3 deep
        std::size_t maxMemo = 1'000'000; // about 10 per tensor
        std::size_t maxObjects = 4'000'000;
    };

    /// Turns a persistent id (the tuple torch.save writes for each storage) into a Storage
    /// value, usually through makeStorage(). Throws InferenceError on a bad id.
    using PersistentLoad = std::function<PickleValue(PickleMachine&, const PickleValue& pid)>;

    explicit PickleMachine(PersistentLoad persistentLoad = {});
    PickleMachine(PersistentLoad persistentLoad, Limits limits);

    /// Runs one pickle that starts at `offset` in `bytes`, up to and including its STOP opcode,
    /// and returns the value it produced. `*end` receives the offset just after STOP, where the
    /// legacy torch format continues. Values of earlier runs stay valid. Throws InferenceError.
    PickleValue run(std::string_view bytes, std::size_t offset = 0, std::size_t* end = nullptr);

    /// Accessors; each throws InferenceError when the value is of another kind.
    const std::string& text(const PickleValue& v) const;   // String, Bytes, BigInt, Global
    const std::string& string(const PickleValue& v) const; // String only
    const std::vector<PickleValue>& sequence(const PickleValue& v) const; // Tuple, List
    const std::vector<std::pair<PickleValue, PickleValue>>& dictItems(const PickleValue& v) const;
    const at::Tensor& tensor(const PickleValue& v) const; // Storage, Tensor

    /// A Storage value for `storage`, which must be a 1-D contiguous tensor (or a narrow() of one).
    PickleValue makeStorage(at::Tensor storage);

    /// "tuple", "int"... for error messages.
    static const char* kindName(PickleValue::Kind kind);

    /// The dtype of an allowed storage global ("torch FloatStorage" -> float), else nullopt.
    static std::optional<at::ScalarType> storageDtype(std::string_view global);

private:
    class Run;
    PickleValue addText(PickleValue::Kind kind, std::string text);
    PickleValue addSequence(PickleValue::Kind kind, std::vector<PickleValue> items);
    PickleValue addDict();
    PickleValue addTensor(PickleValue::Kind kind, at::Tensor tensor);
    void countObject();

    PersistentLoad persistentLoad_;
    Limits limits_;
    std::size_t objects_ = 0;
    std::vector<std::string> texts_;
    std::vector<std::vector<PickleValue>> sequences_;
    std::vector<std::vector<std::pair<PickleValue, PickleValue>>> dicts_;
    std::vector<at::Tensor> tensors_;
};

} // namespace mammolens::inference
