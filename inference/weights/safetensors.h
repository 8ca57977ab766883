#pragma once
// safetensors (https://github.com/huggingface/safetensors): an 8-byte little-endian header length,
// a JSON header {name: {dtype, shape, data_offsets}, "__metadata__": {string: string}}, then the
// raw little-endian tensor bytes. Our own model files and all parity fixtures use it, because
// unlike a pickle it cannot carry code and can be validated completely before any tensor is made.

#include "inference/util/result.h"
#include "inference/weights/filebytes.h"
#include "inference/weights/tensormap.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace mammolens::inference {

// Every function here is reentrant (no shared state): safe to call from several threads at once.

/// Reads and fully validates a safetensors file with one read of the whole file. The tensors
/// share that one buffer (each keeps it alive) instead of copying out of it. Errors name the
/// file and, where it applies, the tensor.
Result<WeightsFile> readSafetensors(const std::string& path);

/// The same on a file already in memory; tensors share `file`'s buffer.
Result<WeightsFile> parseSafetensors(const FileBytes& file);
/// The same on bytes the caller owns; tensors are copies.
Result<WeightsFile> parseSafetensors(std::string_view bytes);

/// Writes `tensors` (any device, any layout; copied to contiguous CPU) with `metadata` as
/// `__metadata__`. Atomic: a temporary file in the same folder renamed over `path`. Tensor data
/// is ordered by element size, then name, so every tensor is aligned to its element size.
Result<bool> writeSafetensors(const std::string& path, const TensorMap& tensors,
                              const std::map<std::string, std::string>& metadata);

/// The safetensors dtype name ("F32", "I64"...) of a LibTorch dtype, if the format has one.
std::optional<std::string> safetensorsDtypeName(at::ScalarType type);

} // namespace mammolens::inference
