#pragma once
// What a PNG file says about itself before any pixel is decoded: enough to refuse a file that is
// not a PNG, is cut short or would not fit the memory budget without spending the decode on it.

#include "core/util/outcome.h"

#include <QByteArray>
#include <QString>
#include <cstdint>

namespace mammolens::core {

/// The IHDR chunk of a PNG (PNG specification, section 11.2.2). Plain value; thread-safe.
struct PngHeader
{
    /// Signature (8) + IHDR length and type (8) + IHDR data (13) + CRC (4).
    static constexpr int kMinimumBytes = 33;

    enum ColourType : int
    {
        Grey = 0,
        Rgb = 2,
        Palette = 3,
        GreyAlpha = 4,
        Rgba = 6
    };

    std::int64_t width = 0;
    std::int64_t height = 0;
    int bitDepth = 0;
    int colourType = Grey;
    bool interlaced = false;

    bool isColour() const
    {
        return colourType == Rgb || colourType == Palette || colourType == Rgba;
    }

    /// Bytes cv::imdecode(IMREAD_UNCHANGED) allocates for the decoded image: palette images expand
    /// to 3 channels, grey+alpha to 4 (OpenCV converts it to BGRA), depths below 8 to 8 bits.
    std::int64_t decodedBytes() const;

    /// Parses the first kMinimumBytes of a file. Codes: png.not_png (no PNG signature),
    /// png.truncated (shorter than a header), png.corrupt (no IHDR first, bad depth or colour
    /// type), png.zero_size (width or height 0).
    static Outcome<PngHeader> parse(const QByteArray& bytes, const QString& source);

    /// Walks the chunk list of a whole file (lengths only, no CRC or inflate) and says whether it
    /// ends before IEND: libpng reports a cut-off file only as a generic decode failure.
    static bool isTruncated(const QByteArray& file);
};

} // namespace mammolens::core
