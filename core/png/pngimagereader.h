#pragma once
// Reads one mammogram stored as a PNG (the format of the GMIC sample data and of many research
// sets): 16-bit greyscale, background 0, brighter = denser, view named in the file name.

#include "core/exam/mammogramimage.h"
#include "core/exam/view.h"
#include "core/png/pngheader.h"
#include "core/util/outcome.h"

#include <QString>
#include <cstdint>

namespace mammolens::core {

/// Decodes PNG mammograms into MammogramImage. Every failure comes back as an Error with a specific
/// code; no exception leaves read(). All methods are const and thread-safe.
///
/// Decisions:
/// - 16-bit greyscale is the expected input and is taken as is (GMIC-SPEC 10: the sample PNGs hold
///   12-bit values).
/// - 8-bit (or 1/2/4-bit) greyscale loads with a warning and its values are KEPT (0..255 in the
///   16-bit matrix), not scaled: the preprocessing mask (pixel > 0) and the normalisation
///   (GMIC-SPEC 10.5) are invariant to a positive scale, so scaling would add nothing but invented
///   precision, and the display windows from min/max still work.
/// - Colour PNGs whose channels are all identical (grey saved as RGB) are read as grey with a
///   warning; real colour is rejected (png.colour): it is a screenshot or a rendering, not a
///   mammogram. An alpha channel is dropped with a warning.
class PngImageReader
{
public:
    struct Options
    {
        /// Largest decoded image accepted, checked from the IHDR before decoding. 1 GiB covers a
        /// 16-bit 23000 x 23000 image; real mammograms are below 100 MiB.
        std::int64_t maxDecodedBytes = std::int64_t(1) << 30;
    };

    PngImageReader() = default;
    explicit PngImageReader(Options options) : options_(options) {}

    /// Reads the file and takes view and laterality from its name (viewFromFileName). Error codes:
    /// png.not_found, png.unreadable, png.not_png, png.truncated, png.corrupt, png.zero_size,
    /// png.too_large, png.colour, png.decode_failed, png.no_view, png.ambiguous_view.
    Outcome<MammogramImage> read(const QString& path) const;

    /// Reads the file for a view decided elsewhere (an exam list). A file name that names another
    /// view gives a warning, never an error.
    Outcome<MammogramImage> read(const QString& path, StandardView view,
                                 DecisionSource source) const;

    /// Reads only the header: cheap, for choosing among duplicate files before decoding.
    Outcome<PngHeader> readHeader(const QString& path) const;

    /// The standard view a file name names: `L-CC`, `L_CC`, `LCC`, `l cc`, `R-MLO`, ... in any
    /// case, as a token not inside another word (no letter directly before or after; digits and
    /// punctuation are fine, so `0_L-CC` and `L-CC2` match but `CALCC` and `L-CCD` do not).
    /// png.no_view when none, png.ambiguous_view when two different views are named.
    static Outcome<StandardView> viewFromFileName(const QString& fileName);

private:
    Outcome<MammogramImage> decode(const QString& path) const;

    Options options_;
};

} // namespace mammolens::core
