#pragma once
// The one entry point for loading model weights: it recognises the format from the file's first
// bytes, not its name, because the official GMIC files end in ".p" and users rename files.

#include "inference/util/result.h"
#include "inference/weights/tensormap.h"

#include <string>
#include <string_view>

namespace mammolens::inference {

/// Both functions are reentrant (no shared state): call them from any thread, concurrently.

/// Reads a safetensors, PyTorch zip or legacy PyTorch file with one read of the whole file;
/// safetensors and zip tensors are made in place over that buffer. Every failure names the file
/// and what is wrong with it. Never throws.
Result<WeightsFile> readWeightsFile(const std::string& path);

/// The same on bytes the caller owns; tensors are copies of them.
Result<WeightsFile> parseWeightsBytes(std::string_view bytes);

} // namespace mammolens::inference
