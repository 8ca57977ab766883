#include "inference/weights/weightsreader.h"

#include "inference/weights/filebytes.h"
#include "inference/weights/pytorchlegacyreader.h"
#include "inference/weights/pytorchzipreader.h"
#include "inference/weights/safetensors.h"

namespace mammolens::inference {

namespace {

std::string hexPrefix(std::string_view bytes)
{
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (const char c : bytes.substr(0, 8)) {
        const auto b = static_cast<unsigned char>(c);
        if (!out.empty())
            out += ' ';
        out += hex[b >> 4];
        out += hex[b & 0xF];
    }
    return out;
}

bool startsWith(std::string_view bytes, std::string_view prefix)
{
    return bytes.substr(0, prefix.size()) == prefix;
}

// A safetensors file starts with a little-endian header length that fits in the file, followed
// by the header's opening brace.
bool looksLikeSafetensors(std::string_view bytes)
{
    if (bytes.size() < 10)
        return false;
    std::uint64_t length = 0;
    for (int i = 7; i >= 0; --i)
        length = (length << 8) | static_cast<unsigned char>(bytes[std::size_t(i)]);
    return length >= 2 && length <= bytes.size() - 8 && bytes[8] == '{';
}

// `input` is the FileBytes when we own the file (tensors made in place) or the bytes alone.
template <typename Input> Result<WeightsFile> dispatch(std::string_view bytes, const Input& input)
{
    if (bytes.empty())
        return Result<WeightsFile>::failure("the file is empty");
    if (startsWith(bytes, "PK\x03\x04") || startsWith(bytes, "PK\x05\x06"))
        return readPyTorchZip(input);
    if (startsWith(bytes, "\x80\x02\x8a\x0a"))
        return readPyTorchLegacy(bytes);
    if (looksLikeSafetensors(bytes))
        return parseSafetensors(input);
    if (bytes.size() >= 9 && bytes[8] == '{')
        // Shaped like safetensors but the length field does not fit: most likely cut short.
        return parseSafetensors(input);
    return Result<WeightsFile>::failure(
        "not a weights file: neither safetensors, PyTorch zip nor legacy PyTorch (" +
        std::to_string(bytes.size()) + " bytes, starting " + hexPrefix(bytes) + ")");
}

} // namespace

Result<WeightsFile> parseWeightsBytes(std::string_view bytes)
{
    return dispatch(bytes, bytes);
}

Result<WeightsFile> readWeightsFile(const std::string& path)
{
    FileBytes file;
    try {
        file = readFileBytes(path);
    } catch (const std::exception& e) { // InferenceError names no path; bad_alloc neither
        return Result<WeightsFile>::failure(path + ": " + e.what());
    }
    auto result = dispatch(file.view(), file);
    if (!result)
        return Result<WeightsFile>::failure(path + ": " + result.error());
    return result;
}

} // namespace mammolens::inference
