#pragma once
// PyTorch's legacy checkpoint format (torch.save before 1.6, or _use_new_zipfile_serialization=
// False), in which the official GMIC models are stored. One stream of five pickles and raw data:
//   magic number 0x1950a86a20f9469cfc6c, protocol version 1001, sys_info dict,
//   the object (storages as persistent ids), the list of storage keys,
//   then for each key: int64 little-endian element count + the raw little-endian elements.

#include "inference/util/result.h"
#include "inference/weights/tensormap.h"

#include <string_view>

namespace mammolens::inference {

/// Reads a state dict from the bytes of a legacy torch.save file. format = "pytorch-legacy".
/// Tensors are copies: storage data sits at unaligned offsets after the pickles.
Result<WeightsFile> readPyTorchLegacy(std::string_view bytes);

} // namespace mammolens::inference
