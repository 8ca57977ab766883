#include "core/dicom/jpeg2000codec.h"

#include <QStringList>
#include <algorithm>
#include <cstring>
#include <exception>
#include <memory>
#include <openjpeg.h>

namespace mammolens::core {

namespace {

/// OpenJPEG reads and writes through callbacks; these serve a byte buffer in memory, so the
/// fragment bytes DCMTK already holds are decoded without a temporary file.
struct MemoryReader
{
    const std::uint8_t* data = nullptr;
    std::size_t size = 0;
    std::size_t position = 0;
};

OPJ_SIZE_T readMemory(void* buffer, OPJ_SIZE_T count, void* user)
{
    auto* stream = static_cast<MemoryReader*>(user);
    if (stream->position >= stream->size)
        return OPJ_SIZE_T(-1); // OpenJPEG's end-of-stream value
    const std::size_t n = std::min<std::size_t>(count, stream->size - stream->position);
    std::memcpy(buffer, stream->data + stream->position, n);
    stream->position += n;
    return n;
}

OPJ_OFF_T skipMemory(OPJ_OFF_T count, void* user)
{
    auto* stream = static_cast<MemoryReader*>(user);
    const OPJ_OFF_T target =
        std::clamp<OPJ_OFF_T>(OPJ_OFF_T(stream->position) + count, 0, OPJ_OFF_T(stream->size));
    const OPJ_OFF_T skipped = target - OPJ_OFF_T(stream->position);
    if (count != 0 && skipped == 0)
        return -1;
    stream->position = std::size_t(target);
    return skipped;
}

OPJ_BOOL seekMemory(OPJ_OFF_T offset, void* user)
{
    auto* stream = static_cast<MemoryReader*>(user);
    if (offset < 0 || std::uint64_t(offset) > stream->size)
        return OPJ_FALSE;
    stream->position = std::size_t(offset);
    return OPJ_TRUE;
}

struct MemoryWriter
{
    std::vector<std::uint8_t> bytes;
    std::size_t position = 0;
    std::size_t end = 0; ///< one past the last byte written
    void reach(std::size_t size)
    {
        if (bytes.size() < size)
            bytes.resize(std::max(size, bytes.size() * 2));
    }
};

OPJ_SIZE_T writeMemory(void* buffer, OPJ_SIZE_T count, void* user)
{
    auto* stream = static_cast<MemoryWriter*>(user);
    stream->reach(stream->position + count);
    std::memcpy(stream->bytes.data() + stream->position, buffer, count);
    stream->position += count;
    stream->end = std::max(stream->end, stream->position);
    return count;
}

OPJ_OFF_T skipWritten(OPJ_OFF_T count, void* user)
{
    auto* stream = static_cast<MemoryWriter*>(user);
    if (OPJ_OFF_T(stream->position) + count < 0)
        return -1;
    stream->position = std::size_t(OPJ_OFF_T(stream->position) + count);
    stream->reach(stream->position);
    return count;
}

OPJ_BOOL seekWritten(OPJ_OFF_T offset, void* user)
{
    auto* stream = static_cast<MemoryWriter*>(user);
    if (offset < 0)
        return OPJ_FALSE;
    stream->position = std::size_t(offset);
    stream->reach(stream->position);
    return OPJ_TRUE;
}

/// OpenJPEG says why it failed only through a message callback; its first messages are kept
/// so the error value can say what was wrong (the later ones repeat "failed to decode").
struct Messages
{
    QStringList lines;
    QString reason() const
    {
        return lines.isEmpty() ? QStringLiteral("OpenJPEG gave no reason")
                               : lines.join(QStringLiteral("; "));
    }
};

void keepMessage(const char* message, void* user)
{
    auto* messages = static_cast<Messages*>(user);
    if (message && messages->lines.size() < 3)
        messages->lines << QString::fromLocal8Bit(message).trimmed();
}
void dropMessage(const char*, void*) {}

struct CodecDeleter
{
    void operator()(opj_codec_t* codec) const { opj_destroy_codec(codec); }
};
struct StreamDeleter
{
    void operator()(opj_stream_t* stream) const { opj_stream_destroy(stream); }
};
struct ImageDeleter
{
    void operator()(opj_image_t* image) const { opj_image_destroy(image); }
};
using Codec = std::unique_ptr<opj_codec_t, CodecDeleter>;
using Stream = std::unique_ptr<opj_stream_t, StreamDeleter>;
using Image = std::unique_ptr<opj_image_t, ImageDeleter>;

Error decodeFailed(const QString& reason, const QString& source)
{
    return Error{QStringLiteral("dicom.decode_failed"),
                 QStringLiteral("The JPEG 2000 pixel data cannot be decoded: %1.").arg(reason),
                 source};
}

Error mismatch(const QString& what, const QString& source)
{
    return Error{
        QStringLiteral("dicom.codestream_mismatch"),
        QStringLiteral("The JPEG 2000 codestream does not match the DICOM header: %1.").arg(what),
        source};
}

constexpr std::uint8_t kJ2kMagic[] = {0xFF, 0x4F, 0xFF, 0x51}; // SOC then SIZ
constexpr std::uint8_t kJp2Magic[] = {0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50,
                                      0x20, 0x20, 0x0D, 0x0A, 0x87, 0x0A}; // signature box

bool startsWith(const std::uint8_t* data, std::size_t size, const std::uint8_t* magic,
                std::size_t magicSize)
{
    return size >= magicSize && std::memcmp(data, magic, magicSize) == 0;
}

Outcome<DecodedFrameInfo> decodeUnguarded(const std::uint8_t* data, std::size_t size,
                                          const FrameLayout& layout, const QString& source)
{
    OPJ_CODEC_FORMAT format = OPJ_CODEC_UNKNOWN;
    if (data && startsWith(data, size, kJ2kMagic, sizeof kJ2kMagic))
        format = OPJ_CODEC_J2K;
    else if (data && startsWith(data, size, kJp2Magic, sizeof kJp2Magic))
        format = OPJ_CODEC_JP2;
    else
        return decodeFailed(size == 0 ? QStringLiteral("the frame holds no bytes")
                                      : QStringLiteral("neither a J2K codestream nor a JP2 file"),
                            source);
    const std::size_t samples = std::size_t(layout.rows) * std::size_t(layout.columns);
    const std::size_t bytesPerSample = layout.bitsAllocated > 8 ? 2 : 1;
    if (!layout.target || layout.targetBytes < samples * bytesPerSample)
        return decodeFailed(QStringLiteral("no room for the frame"), source);

    Messages messages;
    Codec codec(opj_create_decompress(format));
    if (!codec)
        return decodeFailed(QStringLiteral("OpenJPEG cannot create a decoder"), source);
    opj_set_error_handler(codec.get(), keepMessage, &messages);
    opj_set_warning_handler(codec.get(), dropMessage, nullptr);
    opj_set_info_handler(codec.get(), dropMessage, nullptr);
    opj_dparameters_t parameters;
    opj_set_default_decoder_parameters(&parameters);
    if (!opj_setup_decoder(codec.get(), &parameters) ||
        !opj_decoder_set_strict_mode(codec.get(), OPJ_TRUE))
        return decodeFailed(messages.reason(), source);

    MemoryReader reader{data, size, 0};
    Stream stream(opj_stream_create(OPJ_J2K_STREAM_CHUNK_SIZE, OPJ_STREAM_READ));
    if (!stream)
        return decodeFailed(QStringLiteral("OpenJPEG cannot create a stream"), source);
    opj_stream_set_read_function(stream.get(), readMemory);
    opj_stream_set_skip_function(stream.get(), skipMemory);
    opj_stream_set_seek_function(stream.get(), seekMemory);
    opj_stream_set_user_data(stream.get(), &reader, nullptr);
    opj_stream_set_user_data_length(stream.get(), size);

    opj_image_t* rawImage = nullptr;
    if (!opj_read_header(stream.get(), codec.get(), &rawImage)) {
        opj_image_destroy(rawImage);
        return decodeFailed(messages.reason(), source);
    }
    Image image(rawImage);

    // Checked against the DICOM header before opj_decode allocates the component buffers.
    if (image->numcomps != 1)
        return mismatch(QStringLiteral("%1 components, a mammogram has one").arg(image->numcomps),
                        source);
    const opj_image_comp_t& component = image->comps[0];
    if (component.dx != 1 || component.dy != 1)
        return mismatch(
            QStringLiteral("subsampled component (%1 x %2)").arg(component.dx).arg(component.dy),
            source);
    const std::int64_t width = std::int64_t(image->x1) - image->x0;
    const std::int64_t height = std::int64_t(image->y1) - image->y0;
    if (width != layout.columns || height != layout.rows)
        return mismatch(QStringLiteral("%1 x %2 pixels, the header says %3 x %4")
                            .arg(width)
                            .arg(height)
                            .arg(layout.columns)
                            .arg(layout.rows),
                        source);
    if (component.prec < 1 || int(component.prec) > layout.bitsAllocated)
        return mismatch(QStringLiteral("%1-bit samples, Bits Allocated is %2")
                            .arg(component.prec)
                            .arg(layout.bitsAllocated),
                        source);

    DecodedFrameInfo info;
    info.bitsPerSample = int(component.prec);
    if (opj_codestream_info_v2_t* codestream = opj_get_cstr_info(codec.get())) {
        // qmfbid 0 is the irreversible 9/7 wavelet: lossy whatever the rate.
        info.lossy = codestream->m_default_tile_info.tccp_info &&
                     codestream->m_default_tile_info.tccp_info[0].qmfbid == 0;
        opj_destroy_cstr_info(&codestream);
    }

    if (!opj_decode(codec.get(), stream.get(), image.get()) ||
        !opj_end_decompress(codec.get(), stream.get()))
        return decodeFailed(messages.reason(), source);
    const opj_image_comp_t& decoded = image->comps[0];
    if (!decoded.data || decoded.w != std::uint32_t(layout.columns) ||
        decoded.h != std::uint32_t(layout.rows))
        return decodeFailed(QStringLiteral("the decoded component is not %1 x %2")
                                .arg(layout.columns)
                                .arg(layout.rows),
                            source);
    // OpenJPEG hands out 32-bit samples, clamped to the component's range; narrowing keeps
    // the low bits, which is the two's complement word for signed samples.
    const OPJ_INT32* in = decoded.data;
    if (bytesPerSample == 2) {
        auto* out = static_cast<std::uint16_t*>(layout.target);
        for (std::size_t i = 0; i < samples; ++i)
            out[i] = std::uint16_t(in[i]);
    } else {
        auto* out = static_cast<std::uint8_t*>(layout.target);
        for (std::size_t i = 0; i < samples; ++i)
            out[i] = std::uint8_t(in[i]);
    }
    return info;
}

} // namespace

Outcome<DecodedFrameInfo> Jpeg2000Codec::decode(const std::uint8_t* data, std::size_t size,
                                                const FrameLayout& layout, const QString& source)
{
    try {
        return decodeUnguarded(data, size, layout, source);
    } catch (const std::exception& e) { // bad_alloc from our own buffers
        return decodeFailed(QString::fromLocal8Bit(e.what()), source);
    }
}

Outcome<std::vector<std::uint8_t>> Jpeg2000Codec::encodeLossless(const std::uint16_t* pixels,
                                                                 int rows, int columns,
                                                                 int bitsStored,
                                                                 const QString& source)
{
    auto failed = [&](const QString& reason) {
        return Error{QStringLiteral("dicom.write_failed"),
                     QStringLiteral("JPEG 2000 encoding failed: %1.").arg(reason), source};
    };
    if (!pixels || rows <= 0 || columns <= 0 || bitsStored < 1 || bitsStored > 16)
        return failed(QStringLiteral("no image, or a bit depth outside 1..16"));
    try {
        opj_image_cmptparm_t component{};
        component.dx = 1;
        component.dy = 1;
        component.w = OPJ_UINT32(columns);
        component.h = OPJ_UINT32(rows);
        component.prec = OPJ_UINT32(bitsStored);
        component.sgnd = 0;
        Image image(opj_image_create(1, &component, OPJ_CLRSPC_GRAY));
        if (!image)
            return failed(QStringLiteral("out of memory"));
        image->x0 = 0;
        image->y0 = 0;
        image->x1 = OPJ_UINT32(columns);
        image->y1 = OPJ_UINT32(rows);
        const std::size_t samples = std::size_t(rows) * std::size_t(columns);
        std::copy(pixels, pixels + samples, image->comps[0].data);

        opj_cparameters_t parameters;
        opj_set_default_encoder_parameters(&parameters);
        parameters.irreversible = 0; // reversible 5/3 wavelet: lossless
        parameters.tcp_numlayers = 1;
        parameters.tcp_rates[0] = 0; // 0: no rate limit, every coding pass kept
        parameters.cp_disto_alloc = 1;
        parameters.tcp_mct = 0; // one component: no colour transform
        // Each resolution level halves the image; OpenJPEG refuses more levels than the smaller
        // side allows (a 1-pixel-wide image gets one).
        int levels = 1;
        while (levels < 6 && (1 << levels) <= std::min(rows, columns))
            ++levels;
        parameters.numresolution = levels;

        Messages messages;
        Codec codec(opj_create_compress(OPJ_CODEC_J2K));
        if (!codec)
            return failed(QStringLiteral("OpenJPEG cannot create an encoder"));
        opj_set_error_handler(codec.get(), keepMessage, &messages);
        opj_set_warning_handler(codec.get(), dropMessage, nullptr);
        opj_set_info_handler(codec.get(), dropMessage, nullptr);
        if (!opj_setup_encoder(codec.get(), &parameters, image.get()))
            return failed(messages.reason());

        MemoryWriter writer;
        writer.bytes.reserve(samples); // lossless mammograms compress to well under 8 bits/pixel
        Stream stream(opj_stream_create(OPJ_J2K_STREAM_CHUNK_SIZE, OPJ_STREAM_WRITE));
        if (!stream)
            return failed(QStringLiteral("OpenJPEG cannot create a stream"));
        opj_stream_set_write_function(stream.get(), writeMemory);
        opj_stream_set_skip_function(stream.get(), skipWritten);
        opj_stream_set_seek_function(stream.get(), seekWritten);
        opj_stream_set_user_data(stream.get(), &writer, nullptr);
        if (!opj_start_compress(codec.get(), image.get(), stream.get()) ||
            !opj_encode(codec.get(), stream.get()) || !opj_end_compress(codec.get(), stream.get()))
            return failed(messages.reason());
        writer.bytes.resize(writer.end);
        return std::move(writer.bytes);
    } catch (const std::exception& e) {
        return failed(QString::fromLocal8Bit(e.what()));
    }
}

} // namespace mammolens::core
