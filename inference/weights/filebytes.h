#pragma once
// Whole-file I/O for the weights readers and writers. A weights file is read with a single read
// into one uninitialised buffer, and tensors are made over that buffer instead of copied out of
// it: fresh memory costs a page fault per 4 KiB, which on our machines makes every extra copy of
// a 56 MB model cost about as much as the read itself (FACTS.md-style measurement in the report).

#include <ATen/ATen.h>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace mammolens::inference {

/// The bytes of one file, shared by every tensor made over them.
struct FileBytes
{
    std::shared_ptr<char[]> data;
    std::size_t size = 0;

    std::string_view view() const { return {data.get(), size}; }
};

/// Reads the whole file. Throws InferenceError (missing, unreadable, a folder); the caller adds
/// the path, as it does for every other error about the file.
FileBytes readFileBytes(const std::string& path);

/// A contiguous CPU tensor of `dtype` and `shape` over the bytes at `data` (the caller has
/// checked they exist). When `owner` holds them and `data` is aligned to the element size, the
/// tensor uses those bytes in place and keeps `owner` alive; otherwise it gets its own copy.
at::Tensor tensorOverBytes(const char* data, at::ScalarType dtype, at::IntArrayRef shape,
                           const std::shared_ptr<char[]>& owner);

/// Writes `chunks` one after the other to a temporary file in the folder of `path`, then renames
/// it over `path`, so a reader never sees a half-written file and a failed write leaves any
/// previous file intact. Throws InferenceError (without the path); the temporary file is
/// removed on failure.
void writeFileAtomically(const std::string& path, const std::vector<std::string_view>& chunks);

} // namespace mammolens::inference
