#include "core/png/pngheader.h"

#include <cstring>
#include <limits>

namespace mammolens::core {

namespace {

const unsigned char kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

std::uint32_t bigEndian32(const QByteArray& bytes, qsizetype offset)
{
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.constData() + offset);
    return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) |
           std::uint32_t(p[3]);
}

bool validDepth(int colourType, int depth)
{
    switch (colourType) {
    case PngHeader::Grey:
        return depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16;
    case PngHeader::Palette:
        return depth == 1 || depth == 2 || depth == 4 || depth == 8;
    case PngHeader::Rgb:
    case PngHeader::GreyAlpha:
    case PngHeader::Rgba:
        return depth == 8 || depth == 16;
    default:
        return false;
    }
}

} // namespace

std::int64_t PngHeader::decodedBytes() const
{
    int channels = 1;
    switch (colourType) {
    case Rgb:
    case Palette:
        channels = 3;
        break;
    case GreyAlpha:
    case Rgba:
        channels = 4;
        break;
    default:
        break;
    }
    const int bytesPerSample = bitDepth == 16 ? 2 : 1;
    // parse() keeps each side below 2^31, so width * height fits; times 8 bytes per pixel it may
    // not (signed overflow, and a wrapped size would pass the memory budget): saturate.
    const std::int64_t pixels = width * height;
    const std::int64_t bytesPerPixel = std::int64_t(channels) * bytesPerSample;
    if (pixels > std::numeric_limits<std::int64_t>::max() / bytesPerPixel)
        return std::numeric_limits<std::int64_t>::max();
    return pixels * bytesPerPixel;
}

Outcome<PngHeader> PngHeader::parse(const QByteArray& bytes, const QString& source)
{
    const qsizetype signatureBytes = std::min<qsizetype>(bytes.size(), 8);
    if (signatureBytes == 0 || std::memcmp(bytes.constData(), kSignature, signatureBytes) != 0)
        return Error{"png.not_png", "not a PNG file (no PNG signature)", source};
    if (bytes.size() < kMinimumBytes)
        return Error{"png.truncated",
                     QString("file ends after %1 bytes, inside the PNG header").arg(bytes.size()),
                     source};
    if (bigEndian32(bytes, 8) != 13 || std::memcmp(bytes.constData() + 12, "IHDR", 4) != 0)
        return Error{"png.corrupt", "the first chunk is not a valid IHDR", source};

    PngHeader header;
    header.width = bigEndian32(bytes, 16);
    header.height = bigEndian32(bytes, 20);
    header.bitDepth = static_cast<unsigned char>(bytes[24]);
    header.colourType = static_cast<unsigned char>(bytes[25]);
    header.interlaced = bytes[28] != 0;
    if (header.width == 0 || header.height == 0)
        return Error{"png.zero_size",
                     QString("image has zero size (%1 x %2)").arg(header.height).arg(header.width),
                     source};
    // The PNG specification limits each dimension to 2^31 - 1.
    if (header.width > 0x7fffffff || header.height > 0x7fffffff)
        return Error{"png.corrupt", "image dimensions exceed the PNG limit", source};
    if (!validDepth(header.colourType, header.bitDepth))
        return Error{"png.corrupt",
                     QString("invalid bit depth %1 for colour type %2")
                         .arg(header.bitDepth)
                         .arg(header.colourType),
                     source};
    return header;
}

bool PngHeader::isTruncated(const QByteArray& file)
{
    qsizetype offset = 8;
    while (offset + 8 <= file.size()) {
        const std::int64_t length = bigEndian32(file, offset);
        const bool isEnd = std::memcmp(file.constData() + offset + 4, "IEND", 4) == 0;
        const std::int64_t next = offset + 12 + length; // length, type, data, CRC
        if (next > file.size())
            return true;
        if (isEnd)
            return false;
        offset = next;
    }
    return true; // ran out of bytes before IEND
}

} // namespace mammolens::core
