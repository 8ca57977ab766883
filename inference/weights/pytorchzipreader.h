#pragma once
// PyTorch's current checkpoint format (torch.save's default since 1.6): a zip of stored entries,
// `<archive>/data.pkl` holding the pickled object and `<archive>/data/<key>` one entry per
// storage, referenced from the pickle by persistent ids.

#include "inference/util/result.h"
#include "inference/weights/filebytes.h"
#include "inference/weights/tensormap.h"

#include <string_view>

namespace mammolens::inference {

/// Reads a state dict from a torch.save zip file in memory. format = "pytorch-zip". Storages
/// are used in place (torch.save aligns them to 64 bytes) and keep `file`'s buffer alive.
Result<WeightsFile> readPyTorchZip(const FileBytes& file);
/// The same on bytes the caller owns; tensors are copies.
Result<WeightsFile> readPyTorchZip(std::string_view bytes);

} // namespace mammolens::inference
