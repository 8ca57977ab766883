#pragma once
// What the two PyTorch formats share once their pickle has run: the persistent ids that name
// storages, and turning the unpickled dict into a WeightsFile.

#include "inference/weights/picklemachine.h"
#include "inference/weights/tensormap.h"

#include <cstdint>
#include <optional>
#include <string>

namespace mammolens::inference {

/// One storage reference as torch.save writes it:
/// zip:    ('storage', storage_type, key, location, numel)
/// legacy: ('storage', storage_type, key, location, numel, view_metadata), where view_metadata
///         is None or (view_key, offset, view_numel), a slice of the storage `key`.
struct TorchStorageId
{
    at::ScalarType dtype = at::kFloat;
    std::string key;
    std::string location; // where it was saved ("cpu", "cuda:0"); we always load to the CPU
    std::int64_t numel = 0;
    std::optional<std::string> viewKey;
    std::int64_t viewOffset = 0;
    std::int64_t viewNumel = 0;
};

/// Decodes and checks a persistent id. Throws InferenceError.
TorchStorageId parseTorchStorageId(const PickleMachine& machine, const PickleValue& pid,
                                   bool legacyFormat);

/// The unpickled root must be a dict: tensors become `tensors` (a tensor that is a whole storage
/// as it is, any other view as a contiguous copy), scalars become `metadata`, nested dicts are
/// flattened with
/// '.' (a checkpoint like {"model": state_dict} gives "model.<key>"), anything else is listed in
/// `warnings`. Must run after every storage holds its data. Throws InferenceError.
WeightsFile collectTorchStateDict(const PickleMachine& machine, const PickleValue& root,
                                  const std::string& format);

} // namespace mammolens::inference
