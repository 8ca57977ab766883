#include "core/dicom/dcmtkframedecoder.h"

#include "core/dicom/dicomcodecs.h"

#include <QFile>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfcache.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcxfer.h>
#include <exception>

namespace mammolens::core {

namespace {

Error makeError(const char* code, const QString& message, const QString& path)
{
    return Error{QString::fromLatin1(code), message, path};
}

int integer(DcmItem* item, const DcmTagKey& tag)
{
    Uint16 value = 0;
    return item->findAndGetUint16(tag, value).good() ? int(value) : 0;
}

} // namespace

Outcome<std::vector<std::uint8_t>> DcmtkFrameDecoder::decodeFirstFrame(const QString& path,
                                                                       const Expected& expected)
{
    try {
        DicomCodecs::registerAll();
        DcmFileFormat file;
        const OFCondition loaded = file.loadFile(OFFilename(QFile::encodeName(path).constData()),
                                                 EXS_Unknown, EGL_noChange, 4096, ERM_autoDetect);
        if (loaded.bad())
            return makeError("dicom.malformed",
                             QStringLiteral("DCMTK cannot parse the file: %1.")
                                 .arg(QString::fromLatin1(loaded.text())),
                             path);
        DcmDataset* ds = file.getDataset();
        const int rows = integer(ds, DCM_Rows);
        const int columns = integer(ds, DCM_Columns);
        const int bitsAllocated = integer(ds, DCM_BitsAllocated);
        if (rows != expected.rows || columns != expected.columns ||
            bitsAllocated != expected.bitsAllocated)
            return makeError("dicom.codestream_mismatch",
                             QStringLiteral("the header says %1 x %2 at %3 bits, expected "
                                            "%4 x %5 at %6 bits.")
                                 .arg(columns)
                                 .arg(rows)
                                 .arg(bitsAllocated)
                                 .arg(expected.columns)
                                 .arg(expected.rows)
                                 .arg(expected.bitsAllocated),
                             path);
        DcmElement* element = nullptr;
        ds->findAndGetElement(DCM_PixelData, element);
        auto* pixelData = dynamic_cast<DcmPixelData*>(element);
        if (!pixelData)
            return makeError("dicom.malformed", QStringLiteral("The file has no Pixel Data."),
                             path);

        const std::int64_t frameBytes = expected.frameBytes();
        // DCMTK wants an even buffer size; the padding byte is dropped again below.
        std::vector<std::uint8_t> frame(std::size_t(frameBytes + (frameBytes & 1)));
        Uint32 startFragment = 0;
        OFString colorModel;
        DcmFileCache cache;
        const OFCondition decoded = pixelData->getUncompressedFrame(
            ds, 0, startFragment, frame.data(), Uint32(frame.size()), colorModel, &cache);
        if (decoded.bad())
            return makeError(
                "dicom.decode_failed",
                QStringLiteral("The pixel data (%1) cannot be decoded: %2.")
                    .arg(QString::fromLatin1(DcmXfer(ds->getOriginalXfer()).getXferName()),
                         QString::fromLatin1(decoded.text())),
                path);
        frame.resize(std::size_t(frameBytes));
        return frame;
    } catch (const std::exception& e) {
        return makeError(
            "dicom.decode_failed",
            QStringLiteral("Decoding failed: %1").arg(QString::fromLocal8Bit(e.what())), path);
    }
}

} // namespace mammolens::core
