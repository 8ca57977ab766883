#include "core/dicom/jpeglsdecoder.h"

#include <charls/charls.h>
#include <exception>
#include <vector>

namespace mammolens::core {

namespace {

Error failed(const QString& reason, const QString& source)
{
    return Error{QStringLiteral("dicom.decode_failed"),
                 QStringLiteral("The JPEG-LS pixel data cannot be decoded: %1.").arg(reason),
                 source};
}

Error mismatch(const QString& what, const QString& source)
{
    return Error{
        QStringLiteral("dicom.codestream_mismatch"),
        QStringLiteral("The JPEG-LS codestream does not match the DICOM header: %1.").arg(what),
        source};
}

} // namespace

Outcome<DecodedFrameInfo> JpegLsDecoder::decode(const std::uint8_t* data, std::size_t size,
                                                const FrameLayout& layout, const QString& source)
{
    if (!data || size == 0)
        return failed(QStringLiteral("the frame holds no bytes"), source);
    const std::size_t samples = std::size_t(layout.rows) * std::size_t(layout.columns);
    const std::size_t bytesPerSample = layout.bitsAllocated > 8 ? 2 : 1;
    if (!layout.target || layout.targetBytes < samples * bytesPerSample)
        return failed(QStringLiteral("no room for the frame"), source);
    // CharLS reports errors by throwing jpegls_error (a std::system_error); they stay here.
    try {
        charls::jpegls_decoder decoder;
        decoder.source(data, size);
        // A SPIFF header is optional; when present CharLS checks it against the frame header.
        decoder.read_spiff_header();
        decoder.read_header();
        const charls::frame_info& frame = decoder.frame_info();

        if (frame.width != std::uint32_t(layout.columns) ||
            frame.height != std::uint32_t(layout.rows))
            return mismatch(QStringLiteral("%1 x %2 pixels, the header says %3 x %4")
                                .arg(frame.width)
                                .arg(frame.height)
                                .arg(layout.columns)
                                .arg(layout.rows),
                            source);
        if (frame.component_count != 1)
            return mismatch(
                QStringLiteral("%1 components, a mammogram has one").arg(frame.component_count),
                source);
        // DCMTK's encoder codes Bits Stored bits ("cooked") or Bits Allocated bits ("raw"); both
        // fit Bits Allocated, and the pixel mapping masks what lies beyond Bits Stored.
        if (frame.bits_per_sample < 2 || frame.bits_per_sample > layout.bitsAllocated)
            return mismatch(QStringLiteral("%1-bit samples, Bits Allocated is %2")
                                .arg(frame.bits_per_sample)
                                .arg(layout.bitsAllocated),
                            source);

        DecodedFrameInfo info;
        info.bitsPerSample = frame.bits_per_sample;
        info.lossy = decoder.near_lossless() > 0;
        // CharLS writes samples of up to 8 bits as bytes and wider ones as 16-bit words.
        if (frame.bits_per_sample > 8 || layout.bitsAllocated == 8) {
            decoder.decode(layout.target, samples * bytesPerSample);
        } else {
            std::vector<std::uint8_t> bytes(samples);
            decoder.decode(bytes.data(), bytes.size());
            auto* words = static_cast<std::uint16_t*>(layout.target);
            for (std::size_t i = 0; i < samples; ++i)
                words[i] = bytes[i];
        }
        return info;
    } catch (const charls::jpegls_error& e) {
        return failed(QString::fromLocal8Bit(e.what()), source);
    } catch (const std::bad_alloc&) {
        return failed(QStringLiteral("out of memory"), source);
    } catch (const std::exception& e) {
        return failed(QString::fromLocal8Bit(e.what()), source);
    }
}

} // namespace mammolens::core
