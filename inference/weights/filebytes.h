#pragma once
// Whole-file I/O for the weights readers and writers. A weights file is read with a single read
// into an uninitialised buffer: the parity weights are 56 MB and model files load on every start,
// so neither chunked reads nor zero-filling a buffer we overwrite anyway are worth their cost.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace mammolens::inference {

/// The bytes of one file, owned.
struct FileBytes
{
    std::unique_ptr<char[]> data;
    std::size_t size = 0;

    std::string_view view() const { return {data.get(), size}; }
};

/// Reads the whole file. Throws InferenceError (missing, unreadable, a folder); the caller adds
/// the path, as it does for every other error about the file.
FileBytes readFileBytes(const std::string& path);

/// Writes `chunks` one after the other to a temporary file in the folder of `path`, then renames
/// it over `path`, so a reader never sees a half-written file and a failed write leaves any
/// previous file intact. Throws InferenceError (without the path); the temporary file is
/// removed on failure.
void writeFileAtomically(const std::string& path, const std::vector<std::string_view>& chunks);

} // namespace mammolens::inference
