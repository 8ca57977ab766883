#pragma once
// The in-memory form of a weights file, whatever format it came from, so that the GMIC loader
// checks keys and shapes in one place (STYLE.md rule 4) and never cares how the file was stored.

#include <ATen/ATen.h>
#include <map>
#include <string>
#include <vector>

namespace mammolens::inference {

/// Tensor name -> tensor. Sorted by name (std::map), so iteration and hashing are deterministic.
using TensorMap = std::map<std::string, at::Tensor>;

/// Everything read from one weights file. Tensors are CPU and contiguous. They may share memory:
/// with the file's buffer when read in place, and with each other where the file shared storages
/// (tied weights), exactly as torch.load would give them.
struct WeightsFile
{
    TensorMap tensors;
    /// safetensors `__metadata__`; for PyTorch files the scalar (non-tensor) entries of the dict.
    std::map<std::string, std::string> metadata;
    /// "safetensors" | "pytorch-zip" | "pytorch-legacy"
    std::string format;
    /// Things a reader accepted but a person may want to know (skipped entries, unused bytes).
    std::vector<std::string> warnings;
};

} // namespace mammolens::inference
