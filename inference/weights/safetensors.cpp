#include "inference/weights/safetensors.h"

#include "inference/weights/filebytes.h"
#include "inference/weights/jsonvalue.h"

#include <algorithm>
#include <array>
#include <limits>

namespace mammolens::inference {

namespace {

// The reference implementation refuses headers over 100 MB; a longer one is garbage or an attack.
constexpr std::uint64_t kMaxHeaderBytes = 100'000'000;
constexpr const char* kMetadataKey = "__metadata__";

struct DtypeInfo
{
    const char* name;
    std::optional<at::ScalarType> type; // nullopt: a safetensors dtype LibTorch 1.13 lacks
    std::size_t size;
};

const std::array<DtypeInfo, 16>& dtypeTable()
{
    static const std::array<DtypeInfo, 16> table = {{
        {"F64", at::kDouble, 8},
        {"F32", at::kFloat, 4},
        {"F16", at::kHalf, 2},
        {"BF16", at::kBFloat16, 2},
        {"I64", at::kLong, 8},
        {"I32", at::kInt, 4},
        {"I16", at::kShort, 2},
        {"I8", at::kChar, 1},
        {"U8", at::kByte, 1},
        {"BOOL", at::kBool, 1},
        {"U64", std::nullopt, 8},
        {"U32", std::nullopt, 4},
        {"U16", std::nullopt, 2},
        {"F8_E5M2", std::nullopt, 1},
        {"F8_E4M3", std::nullopt, 1},
        {"F8_E8M0", std::nullopt, 1},
    }};
    return table;
}

std::string shapeText(const std::vector<std::int64_t>& shape)
{
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i)
        s += (i ? "," : "") + std::to_string(shape[i]);
    return s + "]";
}

struct Entry
{
    std::string name;
    const DtypeInfo* dtype = nullptr;
    std::vector<std::int64_t> shape;
    std::uint64_t begin = 0;
    std::uint64_t end = 0;
};

[[noreturn]] void tensorError(const std::string& name, const std::string& what)
{
    throw InferenceError("safetensors: tensor '" + name + "': " + what);
}

std::uint64_t readOffset(const std::string& name, const JsonValue& v)
{
    if (!v.isInteger() || v.asInteger() < 0)
        tensorError(name, "data_offsets must hold non-negative integers");
    return static_cast<std::uint64_t>(v.asInteger());
}

Entry parseEntry(const std::string& name, const JsonValue& info)
{
    if (name.empty())
        throw InferenceError("safetensors: a tensor has an empty name");
    if (!info.isObject())
        tensorError(name, "header entry is not an object");
    Entry e;
    e.name = name;
    for (const JsonMember& m : info.members()) {
        if (m.key != "dtype" && m.key != "shape" && m.key != "data_offsets")
            tensorError(name, "unknown header field '" + m.key + "'");
    }
    const JsonValue* dtype = info.find("dtype");
    const JsonValue* shape = info.find("shape");
    const JsonValue* offsets = info.find("data_offsets");
    if (!dtype || !dtype->isString())
        tensorError(name, "missing or non-string 'dtype'");
    if (!shape || !shape->isArray())
        tensorError(name, "missing or non-array 'shape'");
    if (!offsets || !offsets->isArray() || offsets->items().size() != 2)
        tensorError(name, "'data_offsets' must be an array of two integers");

    for (const DtypeInfo& d : dtypeTable()) {
        if (dtype->asString() == d.name)
            e.dtype = &d;
    }
    if (!e.dtype)
        tensorError(name, "unknown dtype '" + dtype->asString() + "'");
    if (!e.dtype->type)
        tensorError(name, "dtype '" + dtype->asString() + "' is not supported by this LibTorch");

    // Element count with overflow checks: a hostile shape must not wrap around to a small size.
    std::uint64_t bytes = e.dtype->size;
    for (const JsonValue& dim : shape->items()) {
        if (!dim.isInteger() || dim.asInteger() < 0)
            tensorError(name, "shape must hold non-negative integers");
        const auto d = static_cast<std::uint64_t>(dim.asInteger());
        if (d != 0 && bytes > std::numeric_limits<std::uint64_t>::max() / d)
            tensorError(name, "shape is too large");
        bytes *= d;
        e.shape.push_back(dim.asInteger());
    }
    e.begin = readOffset(name, offsets->items()[0]);
    e.end = readOffset(name, offsets->items()[1]);
    if (e.end < e.begin)
        tensorError(name, "data_offsets end " + std::to_string(e.end) + " is before begin " +
                              std::to_string(e.begin));
    if (e.end - e.begin != bytes)
        tensorError(name, "shape " + shapeText(e.shape) + " of " + e.dtype->name + " needs " +
                              std::to_string(bytes) + " bytes but data_offsets span " +
                              std::to_string(e.end - e.begin));
    return e;
}

WeightsFile parseBytes(std::string_view bytes, const std::shared_ptr<char[]>& owner)
{
    if (bytes.size() < 8)
        throw InferenceError("safetensors: file of " + std::to_string(bytes.size()) +
                             " bytes is too short for the 8-byte header length");
    std::uint64_t headerLength = 0;
    for (int i = 7; i >= 0; --i)
        headerLength = (headerLength << 8) | static_cast<unsigned char>(bytes[std::size_t(i)]);
    if (headerLength > bytes.size() - 8)
        throw InferenceError("safetensors: header length " + std::to_string(headerLength) +
                             " exceeds the " + std::to_string(bytes.size() - 8) +
                             " bytes after it (file truncated in the header?)");
    if (headerLength > kMaxHeaderBytes)
        throw InferenceError("safetensors: header length " + std::to_string(headerLength) +
                             " is over the 100 MB limit");

    JsonValue header;
    try {
        header = JsonValue::parse(bytes.substr(8, headerLength));
    } catch (const InferenceError& e) {
        throw InferenceError(std::string("safetensors header (starts at file byte 8): ") +
                             e.what());
    }
    if (!header.isObject())
        throw InferenceError("safetensors: header is not a JSON object");

    WeightsFile file;
    file.format = "safetensors";
    std::vector<Entry> entries;
    for (const JsonMember& m : header.members()) {
        if (m.key == kMetadataKey) {
            if (!m.value.isObject())
                throw InferenceError("safetensors: __metadata__ is not an object");
            for (const JsonMember& meta : m.value.members()) {
                if (!meta.value.isString())
                    throw InferenceError("safetensors: __metadata__ value '" + meta.key +
                                         "' is not a string");
                file.metadata[meta.key] = meta.value.asString();
            }
            continue;
        }
        entries.push_back(parseEntry(m.key, m.value));
    }

    const std::string_view data = bytes.substr(8 + headerLength);
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
    });
    const Entry* previous = nullptr;
    std::uint64_t covered = 0;
    for (const Entry& e : entries) {
        if (e.end > data.size())
            tensorError(e.name, "data_offsets [" + std::to_string(e.begin) + "," +
                                    std::to_string(e.end) + ") run past the end of the " +
                                    std::to_string(data.size()) +
                                    "-byte data section (file truncated?)");
        if (e.begin == e.end)
            continue; // an empty tensor occupies no bytes and cannot overlap anything
        if (previous && e.begin < previous->end)
            tensorError(e.name, "data_offsets [" + std::to_string(e.begin) + "," +
                                    std::to_string(e.end) + ") overlap tensor '" + previous->name +
                                    "' [" + std::to_string(previous->begin) + "," +
                                    std::to_string(previous->end) + ")");
        covered += e.end - e.begin;
        previous = &e;
    }
    if (covered != data.size())
        file.warnings.push_back("safetensors: " + std::to_string(data.size() - covered) +
                                " data bytes belong to no tensor");

    for (const Entry& e : entries)
        file.tensors.emplace(
            e.name, tensorOverBytes(data.data() + e.begin, *e.dtype->type, e.shape, owner));
    return file;
}

bool writeFile(const std::string& path, const TensorMap& tensors,
               const std::map<std::string, std::string>& metadata)
{
    struct Item
    {
        const std::string* name;
        at::Tensor data;
    };
    std::vector<Item> items;
    for (const auto& [name, tensor] : tensors) {
        if (name.empty() || name == kMetadataKey)
            throw InferenceError("invalid tensor name '" + name + "'");
        if (!tensor.defined())
            throw InferenceError("tensor '" + name + "' is undefined");
        if (!safetensorsDtypeName(tensor.scalar_type()))
            throw InferenceError("tensor '" + name + "' has dtype " +
                                 std::string(c10::toString(tensor.scalar_type())) +
                                 ", which safetensors cannot store");
        items.push_back({&name, tensor.detach().to(at::kCPU).contiguous()});
    }
    // Largest elements first: with an 8-aligned data start, every tensor is then aligned.
    std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
        return a.data.element_size() > b.data.element_size();
    });

    // Keys are unique already (map keys), so members are appended without duplicate checks.
    std::vector<JsonMember> header;
    if (!metadata.empty()) {
        std::vector<JsonMember> meta;
        for (const auto& [key, value] : metadata)
            meta.push_back({key, JsonValue::string(value)});
        header.push_back({kMetadataKey, JsonValue::object(std::move(meta))});
    }
    std::int64_t offset = 0;
    for (const Item& item : items) {
        std::vector<JsonValue> shape;
        for (const std::int64_t d : item.data.sizes())
            shape.push_back(JsonValue::integer(d));
        const auto nbytes = static_cast<std::int64_t>(item.data.nbytes());
        std::vector<JsonMember> info;
        info.push_back(
            {"dtype", JsonValue::string(*safetensorsDtypeName(item.data.scalar_type()))});
        info.push_back({"shape", JsonValue::array(std::move(shape))});
        info.push_back({"data_offsets", JsonValue::array({JsonValue::integer(offset),
                                                          JsonValue::integer(offset + nbytes)})});
        header.push_back({*item.name, JsonValue::object(std::move(info))});
        offset += nbytes;
    }

    std::string headerText = JsonValue::object(std::move(header)).serialize();
    headerText.append((8 - headerText.size() % 8) % 8, ' '); // padding the format allows
    std::string lengthField(8, '\0');
    for (std::size_t i = 0; i < 8; ++i)
        lengthField[i] = char((std::uint64_t(headerText.size()) >> (8 * i)) & 0xFF);

    std::vector<std::string_view> chunks = {lengthField, headerText};
    for (const Item& item : items)
        chunks.emplace_back(static_cast<const char*>(item.data.data_ptr()), item.data.nbytes());
    writeFileAtomically(path, chunks);
    return true;
}

} // namespace

Result<WeightsFile> parseSafetensors(std::string_view bytes)
{
    return captureErrors([&] { return parseBytes(bytes, nullptr); });
}

Result<WeightsFile> parseSafetensors(const FileBytes& file)
{
    return captureErrors([&] { return parseBytes(file.view(), file.data); });
}

Result<WeightsFile> readSafetensors(const std::string& path)
{
    auto result = captureErrors([&] {
        const FileBytes file = readFileBytes(path);
        return parseBytes(file.view(), file.data);
    });
    if (!result)
        return Result<WeightsFile>::failure(path + ": " + result.error());
    return result;
}

std::optional<std::string> safetensorsDtypeName(at::ScalarType type)
{
    for (const DtypeInfo& d : dtypeTable()) {
        if (d.type == type)
            return std::string(d.name);
    }
    return std::nullopt;
}

Result<bool> writeSafetensors(const std::string& path, const TensorMap& tensors,
                              const std::map<std::string, std::string>& metadata)
{
    auto result = captureErrors([&] { return writeFile(path, tensors, metadata); });
    if (!result)
        return Result<bool>::failure(path + ": " + result.error());
    return result;
}

} // namespace mammolens::inference
