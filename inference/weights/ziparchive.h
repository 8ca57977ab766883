#pragma once
// Read-only view of a zip archive held in memory, as far as torch.save needs it: the central
// directory (zip64 included), stored (uncompressed) entries only, CRC-32 checked on read.
// torch.save never compresses, so a compressed entry means the file was repacked by some other
// tool; we say so rather than carry a decompressor.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mammolens::inference {

class ZipArchive
{
public:
    struct Entry
    {
        std::string name;
        std::uint16_t method = 0; // 0 = stored
        std::uint32_t crc32 = 0;
        std::uint64_t compressedSize = 0;
        std::uint64_t size = 0;
        std::uint64_t localHeaderOffset = 0;
    };

    /// Parses the central directory of `bytes` (which must outlive the archive). Throws
    /// InferenceError for a damaged or unsupported directory (multi-disk, encrypted, duplicates).
    explicit ZipArchive(std::string_view bytes);

    const std::vector<Entry>& entries() const { return entries_; }
    /// The entry named exactly `name`, or nullptr.
    const Entry* find(std::string_view name) const;
    /// The bytes of a stored entry, after checking its local header and CRC-32. Throws.
    std::string_view read(const Entry& entry) const;

    static std::uint32_t crc32(std::string_view data);

private:
    std::string_view bytes_;
    std::uint64_t directoryOffset_ = 0; // entry data must lie before the central directory
    std::vector<Entry> entries_;
};

} // namespace mammolens::inference
