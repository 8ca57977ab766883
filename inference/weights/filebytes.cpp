#include "inference/weights/filebytes.h"

#include "inference/util/result.h"

#include <atomic>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

namespace mammolens::inference {

namespace fs = std::filesystem;

FileBytes readFileBytes(const std::string& path)
{
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status))
        throw InferenceError("file not found");
    if (!fs::is_regular_file(status))
        throw InferenceError("not a regular file");
    const std::uintmax_t size = fs::file_size(path, ec);
    if (ec)
        throw InferenceError("cannot get the file size (" + ec.message() + ")");

    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw InferenceError("cannot open the file for reading");
    FileBytes bytes;
    bytes.size = static_cast<std::size_t>(size);
    bytes.data.reset(new char[bytes.size ? bytes.size : 1]); // no value-initialisation: see header
    if (bytes.size > 0 && !in.read(bytes.data.get(), static_cast<std::streamsize>(bytes.size)))
        throw InferenceError("read failed after " + std::to_string(in.gcount()) + " of " +
                             std::to_string(bytes.size) + " bytes");
    return bytes;
}

at::Tensor tensorOverBytes(const char* data, at::ScalarType dtype, at::IntArrayRef shape,
                           const std::shared_ptr<char[]>& owner)
{
    const auto options = at::TensorOptions().dtype(dtype).device(at::kCPU);
    const auto address = reinterpret_cast<std::uintptr_t>(data);
    if (owner && address % c10::elementSize(dtype) == 0) {
        return at::from_blob(
            const_cast<char*>(data), shape, [keepAlive = owner](void*) {}, options);
    }
    // Misaligned data would make vectorised kernels slow or wrong on some CPUs: copy it.
    at::Tensor t = at::empty(shape, options);
    if (t.nbytes() > 0)
        std::memcpy(t.data_ptr(), data, t.nbytes());
    return t;
}

void writeFileAtomically(const std::string& path, const std::vector<std::string_view>& chunks)
{
    // Same folder as the target so that rename() stays on one file system and is atomic; the
    // random part keeps two writers (or a stale leftover) from sharing a temporary name.
    static std::atomic<unsigned> counter{0};
    const std::string temp =
        path + ".tmp-" + std::to_string(std::random_device{}()) + "-" + std::to_string(counter++);
    try {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        if (!out)
            throw InferenceError("cannot create temporary file " + temp);
        for (const std::string_view chunk : chunks)
            out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        out.flush();
        if (!out)
            throw InferenceError("write failed (disk full?)");
        out.close();
        if (!out)
            throw InferenceError("closing the temporary file failed");
        std::error_code ec;
        fs::rename(temp, path, ec);
        if (ec)
            throw InferenceError("cannot rename the temporary file (" + ec.message() + ")");
    } catch (...) {
        std::error_code ignored;
        fs::remove(temp, ignored);
        throw;
    }
}

} // namespace mammolens::inference
