#include "core/dicom/dicompixelmapping.h"

#include <algorithm>
#include <cmath>

namespace mammolens::core {

namespace {

double roundHalfUp(double v)
{
    return std::floor(v + 0.5);
}

int signExtend(int value, int bits)
{
    const int signBit = 1 << (bits - 1);
    return (value & signBit) ? value - (1 << bits) : value;
}

const char* functionName(DisplayWindow::Function function)
{
    switch (function) {
    case DisplayWindow::Function::Linear:
        return "LINEAR";
    case DisplayWindow::Function::LinearExact:
        return "LINEAR_EXACT";
    case DisplayWindow::Function::Sigmoid:
        return "SIGMOID";
    }
    return "";
}

bool validLut(const DicomPixelMapping::LookupTable& lut)
{
    return lut.entries > 0 && int(lut.data.size()) >= lut.entries && lut.bits >= 1 &&
           lut.bits <= 16;
}

} // namespace

Outcome<DicomPixelMapping> DicomPixelMapping::create(const Attributes& attributes,
                                                     const QString& source)
{
    const int allocated = attributes.bitsAllocated;
    const int stored = attributes.bitsStored;
    const int high = attributes.highBit;
    if ((allocated != 8 && allocated != 16) || stored < 1 || stored > allocated ||
        high < stored - 1 || high >= allocated)
        return Error{QStringLiteral("dicom.unsupported_pixel_format"),
                     QStringLiteral("Unsupported pixel layout: Bits Allocated %1, Bits Stored %2, "
                                    "High Bit %3 (8 or 16 bits allocated are supported).")
                         .arg(allocated)
                         .arg(stored)
                         .arg(high),
                     source};

    DicomPixelMapping m;
    m.attributes_ = attributes;
    Attributes& a = m.attributes_;
    m.shift_ = high + 1 - stored;
    m.mask_ = (1 << stored) - 1;

    if (a.rescaleSlope == 0.0 || !std::isfinite(a.rescaleSlope) ||
        !std::isfinite(a.rescaleIntercept)) {
        m.warnings_ << QStringLiteral("Invalid Rescale Slope/Intercept: identity used.");
        a.rescaleSlope = 1.0;
        a.rescaleIntercept = 0.0;
    }
    if (a.modalityLut && !validLut(*a.modalityLut)) {
        m.warnings_ << QStringLiteral("Invalid Modality LUT ignored: rescale used instead.");
        a.modalityLut.reset();
    }
    std::vector<Window> windows;
    for (const Window& w : a.windows) {
        const bool valid =
            std::isfinite(w.center) && std::isfinite(w.width) &&
            (w.function == DisplayWindow::Function::Linear ? w.width >= 1.0 : w.width > 0.0);
        if (valid)
            windows.push_back(w);
        else
            m.warnings_ << QStringLiteral("Invalid window (center %1, width %2) ignored.")
                               .arg(w.center)
                               .arg(w.width);
    }
    a.windows = windows;
    std::vector<LookupTable> luts;
    for (const LookupTable& lut : a.voiLuts) {
        if (validLut(lut))
            luts.push_back(lut);
        else
            m.warnings_ << QStringLiteral("Invalid VOI LUT ignored.");
    }
    a.voiLuts = luts;

    // Modality range over every value the stored bits can hold.
    const int count = m.mask_ + 1;
    m.modalityMin_ = m.modalityMax_ = m.modality(a.signedPixels ? signExtend(0, stored) : 0);
    for (int index = 0; index < count; ++index) {
        const double v = m.modality(a.signedPixels ? signExtend(index, stored) : index);
        m.modalityMin_ = std::min(m.modalityMin_, v);
        m.modalityMax_ = std::max(m.modalityMax_, v);
    }

    if (!a.windows.empty()) {
        m.voi_ = Voi::Window;
        m.window_ = a.windows.front();
        m.yMax_ = double((1 << stored) - 1);
    } else if (!a.voiLuts.empty()) {
        m.voi_ = Voi::Lut;
        m.voiLut_ = a.voiLuts.front();
        m.yMax_ = double((1 << m.voiLut_.bits) - 1);
    } else {
        m.voi_ = Voi::None;
        const double range = m.modalityMax_ - m.modalityMin_;
        const bool integral =
            a.modalityLut || (a.rescaleSlope == std::floor(a.rescaleSlope) &&
                              a.rescaleIntercept == std::floor(a.rescaleIntercept));
        if (range <= 65535.0 && integral) {
            m.noVoiScale_ = 1.0;
            m.yMax_ = range;
        } else {
            m.noVoiScale_ = range > 0.0 ? 65535.0 / range : 1.0;
            m.yMax_ = 65535.0;
        }
    }

    std::optional<std::pair<int, int>> padding;
    if (a.paddingValue) {
        const int limit = a.paddingRangeLimit.value_or(*a.paddingValue);
        padding =
            std::make_pair(std::min(*a.paddingValue, limit), std::max(*a.paddingValue, limit));
    }
    m.lut_.resize(std::size_t(count));
    for (int index = 0; index < count; ++index) {
        const int value = a.signedPixels ? signExtend(index, stored) : index;
        if (padding && value >= padding->first && value <= padding->second) {
            m.lut_[std::size_t(index)] = 0;
            continue;
        }
        const double y = std::clamp(roundHalfUp(m.output(m.modality(value))), 0.0, m.yMax_);
        m.lut_[std::size_t(index)] = std::uint16_t(y);
    }
    return m;
}

double DicomPixelMapping::modality(int stored) const
{
    if (attributes_.modalityLut) {
        const LookupTable& lut = *attributes_.modalityLut;
        const int index = std::clamp(stored - lut.firstInput, 0, lut.entries - 1);
        return lut.data[std::size_t(index)];
    }
    return stored * attributes_.rescaleSlope + attributes_.rescaleIntercept;
}

double DicomPixelMapping::voiContinuous(double v) const
{
    switch (voi_) {
    case Voi::Window: {
        // PS3.3 C.11.2.1.2 (LINEAR, LINEAR_EXACT) and C.11.2.1.3.1 (SIGMOID), y_min = 0.
        const double c = window_.center;
        const double w = window_.width;
        switch (window_.function) {
        case DisplayWindow::Function::Linear:
            if (w <= 1.0)
                return v <= c - 0.5 ? 0.0 : yMax_;
            return ((v - (c - 0.5)) / (w - 1.0) + 0.5) * yMax_;
        case DisplayWindow::Function::LinearExact:
            return ((v - c) / w + 0.5) * yMax_;
        case DisplayWindow::Function::Sigmoid:
            return yMax_ / (1.0 + std::exp(-4.0 * (v - c) / w));
        }
        return 0.0;
    }
    case Voi::Lut: {
        const int index =
            std::clamp(int(roundHalfUp(v)) - voiLut_.firstInput, 0, voiLut_.entries - 1);
        return std::min(double(voiLut_.data[std::size_t(index)]), yMax_);
    }
    case Voi::None:
        return (v - modalityMin_) * noVoiScale_;
    }
    return 0.0;
}

double DicomPixelMapping::output(double modalityValue) const
{
    const double y = voiContinuous(modalityValue);
    return attributes_.invert ? yMax_ - y : y;
}

cv::Mat DicomPixelMapping::apply(const void* frame, int rows, int columns) const
{
    cv::Mat out(rows, columns, CV_16UC1);
    const std::size_t n = std::size_t(rows) * std::size_t(columns);
    auto* dst = out.ptr<std::uint16_t>();
    const std::uint16_t* table = lut_.data();
    if (attributes_.bitsAllocated == 16) {
        const auto* src = static_cast<const std::uint16_t*>(frame);
        if (shift_ == 0 && mask_ == 0xFFFF) {
            for (std::size_t i = 0; i < n; ++i)
                dst[i] = table[src[i]];
        } else {
            const int shift = shift_;
            const int mask = mask_;
            for (std::size_t i = 0; i < n; ++i)
                dst[i] = table[(src[i] >> shift) & mask];
        }
    } else {
        const auto* src = static_cast<const std::uint8_t*>(frame);
        for (std::size_t i = 0; i < n; ++i)
            dst[i] = table[(src[i] >> shift_) & mask_];
    }
    return out;
}

void DicomPixelMapping::applyInPlace(cv::Mat& frame) const
{
    CV_Assert(frame.type() == CV_16UC1 && frame.isContinuous() && attributes_.bitsAllocated == 16);
    auto* p = frame.ptr<std::uint16_t>();
    const std::size_t n = frame.total();
    const std::uint16_t* table = lut_.data();
    const int shift = shift_;
    const int mask = mask_;
    for (std::size_t i = 0; i < n; ++i)
        p[i] = table[(p[i] >> shift) & mask];
}

std::vector<DisplayWindow> DicomPixelMapping::presets() const
{
    std::vector<DisplayWindow> result;
    auto translate = [this](double lo, double hi) {
        const double a = output(lo);
        const double b = output(hi);
        DisplayWindow w;
        w.center = (a + b) / 2.0;
        w.width = std::max(std::abs(b - a), 1.0);
        return w;
    };
    for (const Window& window : attributes_.windows) {
        DisplayWindow w =
            translate(window.center - window.width / 2.0, window.center + window.width / 2.0);
        w.function = window.function;
        w.explanation = window.explanation;
        result.push_back(w);
    }
    for (const LookupTable& lut : attributes_.voiLuts) {
        DisplayWindow w = translate(lut.firstInput, lut.firstInput + lut.entries - 1);
        w.explanation = lut.explanation;
        w.fromLut = true;
        result.push_back(w);
    }
    return result;
}

QString DicomPixelMapping::description() const
{
    QString voi;
    switch (voi_) {
    case Voi::Window:
        voi = QStringLiteral("window 1 of %1 (center %2, width %3, %4)")
                  .arg(attributes_.windows.size())
                  .arg(window_.center)
                  .arg(window_.width)
                  .arg(QLatin1String(functionName(window_.function)));
        break;
    case Voi::Lut:
        voi = QStringLiteral("VOI LUT 1 of %1 (%2 entries from %3, %4 bits)")
                  .arg(attributes_.voiLuts.size())
                  .arg(voiLut_.entries)
                  .arg(voiLut_.firstInput)
                  .arg(voiLut_.bits);
        break;
    case Voi::None:
        voi = QStringLiteral("no VOI (modality values %1..%2)").arg(modalityMin_).arg(modalityMax_);
        break;
    }
    QString text = QStringLiteral("%1 onto 0..%2").arg(voi).arg(yMax_);
    if (attributes_.invert)
        text += QStringLiteral(", inverted");
    if (attributes_.paddingValue)
        text += QStringLiteral(", padding %1 to 0").arg(*attributes_.paddingValue);
    return text;
}

} // namespace mammolens::core
