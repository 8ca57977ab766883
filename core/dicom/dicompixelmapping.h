#pragma once
// The one place where stored DICOM pixel values become MammoLens pixels (MammogramImage::pixels):
// the modality transform, the default VOI transform, MONOCHROME1 inversion and the padding value,
// folded into a single lookup table over every possible stored value.

#include "core/exam/mammogramimage.h"
#include "core/util/outcome.h"

#include <QString>
#include <QStringList>
#include <cstdint>
#include <opencv2/core/mat.hpp>
#include <optional>
#include <vector>

namespace mammolens::core {

/// Mapping to 16 bits (documented in docs/dicom-safety.md, "Pixel values"):
///
/// 1. stored value: the BitsStored bits ending at HighBit, sign-extended if PixelRepresentation
///    is 1;
/// 2. modality: Modality LUT Sequence if present, else RescaleSlope * v + RescaleIntercept;
/// 3. VOI, the file's first choice: the first Window Center/Width (with its VOI LUT Function),
///    else the first VOI LUT Sequence item, else none. A window maps onto [0, 2^BitsStored - 1]
///    (PS3.3 C.11.2.1.2 with y_min = 0, y_max = 2^BitsStored - 1), so a window that spans the
///    stored range exactly is the identity and 12-bit data stays 12-bit. A VOI LUT maps onto
///    [0, 2^n - 1], n its entry bit depth. Without a VOI the modality values are shifted so the
///    lowest possible one is 0 (and scaled onto 16 bits only if their range exceeds 65535);
/// 4. MONOCHROME1 (or Presentation LUT Shape INVERSE on MONOCHROME2): y_max - y, so that brighter
///    is denser as GMIC expects;
/// 5. stored values equal to Pixel Padding Value (up to Pixel Padding Range Limit) become 0.
///
/// Background therefore comes out exactly 0: it is at or below the window's lower edge, or
/// inverted from the maximum, or padding. Built once per image; apply() is const and
/// thread-safe.
class DicomPixelMapping
{
public:
    struct LookupTable
    {
        int entries = 0;    ///< (0028,3002) first value; 0 there means 65536
        int firstInput = 0; ///< (0028,3002) second value, signed for signed input
        int bits = 16;      ///< (0028,3002) third value
        std::vector<std::uint16_t> data;
        QString explanation;
    };

    struct Window
    {
        double center = 0.0;
        double width = 0.0;
        DisplayWindow::Function function = DisplayWindow::Function::Linear;
        QString explanation;
    };

    struct Attributes
    {
        int bitsAllocated = 16;
        int bitsStored = 16;
        int highBit = 15;
        bool signedPixels = false;
        double rescaleSlope = 1.0;
        double rescaleIntercept = 0.0;
        std::optional<LookupTable> modalityLut;
        std::vector<Window> windows;          ///< in file order
        std::vector<LookupTable> voiLuts;     ///< in file order
        bool invert = false;                  ///< MONOCHROME1 or Presentation LUT Shape INVERSE
        std::optional<int> paddingValue;      ///< (0028,0120), stored-value space
        std::optional<int> paddingRangeLimit; ///< (0028,0121)
    };

    enum class Voi
    {
        None,
        Window,
        Lut
    };

    /// dicom.unsupported_pixel_format when the bit layout is impossible or wider than 16 bits.
    static Outcome<DicomPixelMapping> create(const Attributes& attributes, const QString& source);

    /// Maps one frame of stored pixels (BitsAllocated 8 or 16, native byte order, row-major,
    /// rows * columns samples) to CV_16UC1.
    cv::Mat apply(const void* frame, int rows, int columns) const;

    /// Same for Bits Allocated 16, overwriting the frame: saves a frame-sized allocation (and its
    /// page faults) per image when the decoder wrote straight into the output matrix.
    void applyInPlace(cv::Mat& frame) const;

    /// Maps one stored value (as read from the frame, before masking) to its output value.
    std::uint16_t map(int storedWord) const { return lut_[(storedWord >> shift_) & mask_]; }

    /// Every window and VOI LUT of the file, translated into output values (see DisplayWindow).
    std::vector<DisplayWindow> presets() const;

    Voi voi() const { return voi_; }
    int outputMaximum() const { return int(yMax_); }
    QString description() const; ///< e.g. "window 1/2 (c 2048, w 4096, LINEAR) onto 0..4095"
    QStringList warnings() const { return warnings_; }

private:
    double modality(int stored) const;
    double voiContinuous(double modalityValue) const; ///< unrounded, unclamped where possible
    double output(double modalityValue) const;        ///< after inversion

    Attributes attributes_;
    Voi voi_ = Voi::None;
    Window window_;
    LookupTable voiLut_;
    double modalityMin_ = 0.0;
    double modalityMax_ = 0.0;
    double noVoiScale_ = 1.0;
    double yMax_ = 0.0;
    int shift_ = 0;
    int mask_ = 0xFFFF;
    std::vector<std::uint16_t> lut_;
    QStringList warnings_;
};

} // namespace mammolens::core
