#pragma once
// Test data made in code: the sample PNGs as MammogramImages, DICOM files written with
// DicomMammogramWriter, and the hostile files of issue 4 crafted from them or byte by byte.

#include "core/dicom/dicommammogramwriter.h"
#include "core/exam/mammogramimage.h"
#include "core/exam/view.h"

#include <QByteArray>
#include <QFile>
#include <QString>
#include <QtEndian>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcpxitem.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <functional>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <vector>

namespace dicomtest {

using namespace mammolens::core;

inline QString samplePath(StandardView view)
{
    return QStringLiteral(MAMMOLENS_SHARED_DIR "/data/gmic-sample-exam/0_%1.png")
        .arg(toString(view));
}

/// The sample PNG read directly with OpenCV (16-bit, unchanged), as a MammogramImage.
inline MammogramImage sampleImage(StandardView view)
{
    MammogramImage image;
    image.pixels = cv::imread(samplePath(view).toStdString(), cv::IMREAD_UNCHANGED);
    image.laterality = lateralityOf(view);
    image.position = positionOf(view);
    image.viewName =
        image.position == ViewPosition::CC ? QStringLiteral("CC") : QStringLiteral("MLO");
    return image;
}

/// A small synthetic mammogram-like image: zero background, a bright half-disc at the chest wall.
inline MammogramImage syntheticImage(StandardView view, int rows = 96, int columns = 64)
{
    MammogramImage image;
    image.pixels = cv::Mat::zeros(rows, columns, CV_16UC1);
    const bool left = lateralityOf(view) == Laterality::Left;
    cv::circle(image.pixels, cv::Point(left ? 0 : columns - 1, rows / 2), rows / 3,
               cv::Scalar(3000), cv::FILLED);
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < columns; ++c)
            if (image.pixels.at<quint16>(r, c) > 0)
                image.pixels.at<quint16>(r, c) = quint16(1000 + (r * 31 + c * 17) % 3000);
    image.laterality = lateralityOf(view);
    image.position = positionOf(view);
    image.viewName =
        image.position == ViewPosition::CC ? QStringLiteral("CC") : QStringLiteral("MLO");
    return image;
}

inline bool write(const MammogramImage& image, const QString& path,
                  const DicomMammogramWriter::Options& options = {})
{
    const Outcome<QString> written = DicomMammogramWriter::write(image, path, options);
    if (!written)
        qWarning("%s", qPrintable(written.error().toString()));
    return written.ok();
}

/// Loads a DICOM file, lets `change` edit its dataset, saves it (in `xfer`, or as it was).
inline bool modify(const QString& path, const std::function<void(DcmDataset*)>& change,
                   E_TransferSyntax xfer = EXS_Unknown)
{
    DcmFileFormat file;
    if (file.loadFile(QFile::encodeName(path).constData()).bad())
        return false;
    // Large values are read lazily from the file, which is about to be overwritten.
    file.loadAllDataIntoMemory();
    DcmDataset* ds = file.getDataset();
    if (xfer == EXS_Unknown)
        xfer = ds->getOriginalXfer();
    change(ds);
    return file.saveFile(QFile::encodeName(path).constData(), xfer).good();
}

inline bool truncateFile(const QString& path, double keep)
{
    QFile file(path);
    return file.resize(qint64(double(file.size()) * keep));
}

inline QByteArray le16(quint16 v)
{
    QByteArray b(2, 0);
    qToLittleEndian(v, b.data());
    return b;
}
inline QByteArray le32(quint32 v)
{
    QByteArray b(4, 0);
    qToLittleEndian(v, b.data());
    return b;
}
inline QByteArray tag(quint16 group, quint16 element)
{
    return le16(group) + le16(element);
}

/// An explicit VR little endian element with a short (2-byte) length.
inline QByteArray shortElement(quint16 group, quint16 element, const char* vr, QByteArray value)
{
    if (value.size() % 2)
        value.append(vr[0] == 'U' && vr[1] == 'I' ? '\0' : ' ');
    return tag(group, element) + QByteArray(vr, 2) + le16(quint16(value.size())) + value;
}

/// Sequences (Request Attributes Sequence, (0040,0275)) nested `depth` levels deep, each holding
/// one item holding the next sequence; defined or undefined lengths. Built front to back in linear
/// time (10,000 levels are a few hundred kilobytes).
inline QByteArray nestedSequences(int depth, bool explicitVr, bool definedLengths)
{
    const quint32 undefined = 0xFFFFFFFFu;
    const int sequenceHeader = explicitVr ? 12 : 8;
    // contentSize[k]: bytes inside the item of level k, counted from the innermost (k = 0).
    std::vector<quint32> contentSize(std::size_t(depth), 0);
    for (int k = 1; k < depth; ++k)
        contentSize[std::size_t(k)] = contentSize[std::size_t(k - 1)] + 8 + quint32(sequenceHeader);
    QByteArray bytes;
    bytes.reserve(depth * (sequenceHeader + 8 + (definedLengths ? 0 : 16)));
    for (int k = depth - 1; k >= 0; --k) {
        const quint32 content = contentSize[std::size_t(k)];
        bytes += tag(0x0040, 0x0275);
        if (explicitVr)
            bytes += QByteArray("SQ\0\0", 4);
        bytes += le32(definedLengths ? content + 8 : undefined);
        bytes += tag(0xFFFE, 0xE000);
        bytes += le32(definedLengths ? content : undefined);
    }
    if (!definedLengths)
        for (int k = 0; k < depth; ++k)
            bytes += tag(0xFFFE, 0xE00D) + le32(0) + tag(0xFFFE, 0xE0DD) + le32(0);
    return bytes;
}

/// A Part 10 file: preamble, meta header naming `transferSyntax`, then `dataset` bytes.
inline QByteArray part10(const QByteArray& dataset, const char* transferSyntax)
{
    QByteArray meta;
    meta += tag(0x0002, 0x0001) + QByteArray("OB\0\0", 4) + le32(2) + QByteArray("\0\1", 2);
    meta += shortElement(0x0002, 0x0002, "UI", UID_SecondaryCaptureImageStorage);
    meta += shortElement(0x0002, 0x0003, "UI", "1.2.3.4.5.6.7");
    meta += shortElement(0x0002, 0x0010, "UI", transferSyntax);
    QByteArray file(128, '\0');
    file += "DICM";
    file += shortElement(0x0002, 0x0000, "UL", le32(quint32(meta.size())));
    file += meta;
    file += dataset;
    return file;
}

inline bool writeBytes(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

/// The 10,000-level file of issue 4 (CVE-2026-44031): a Request Attributes Sequence nested
/// 10,000 levels deep in an otherwise ordinary explicit VR little endian dataset.
inline QByteArray deeplyNestedFile(int depth = 10000)
{
    QByteArray dataset;
    dataset +=
        shortElement(0x0008, 0x0016, "UI", UID_DigitalMammographyXRayImageStorageForPresentation);
    dataset += shortElement(0x0008, 0x0018, "UI", "1.2.3.4.5.6.7");
    dataset += shortElement(0x0008, 0x0060, "CS", "MG");
    dataset += nestedSequences(depth, true, false);
    return part10(dataset, UID_LittleEndianExplicitTransferSyntax);
}

/// The values of a file's Pixel Data fragments, Basic Offset Table left out (empty if the Pixel
/// Data is not encapsulated).
inline std::vector<QByteArray> fragmentsOf(const QString& path)
{
    std::vector<QByteArray> fragments;
    DcmFileFormat file;
    if (file.loadFile(QFile::encodeName(path).constData()).bad())
        return fragments;
    DcmDataset* ds = file.getDataset();
    DcmElement* element = nullptr;
    ds->findAndGetElement(DCM_PixelData, element);
    auto* pixelData = dynamic_cast<DcmPixelData*>(element);
    DcmPixelSequence* sequence = nullptr;
    if (!pixelData ||
        pixelData->getEncapsulatedRepresentation(ds->getOriginalXfer(), nullptr, sequence).bad() ||
        !sequence)
        return fragments;
    for (unsigned long i = 1; i < sequence->card(); ++i) {
        DcmPixelItem* item = nullptr;
        Uint8* bytes = nullptr;
        if (sequence->getItem(item, i).good() && item->getUint8Array(bytes).good())
            fragments.emplace_back(reinterpret_cast<const char*>(bytes), int(item->getLength()));
    }
    return fragments;
}

/// Replaces a file's Pixel Data with an encapsulated pixel sequence, `table` as the Basic Offset
/// Table item and one item per fragment, and saves it in `xfer`. Odd lengths are padded by DCMTK.
inline bool encapsulate(const QString& path, E_TransferSyntax xfer,
                        const std::vector<QByteArray>& fragments, const QByteArray& table = {},
                        const std::function<void(DcmDataset*)>& change = {})
{
    DcmFileFormat file;
    if (file.loadFile(QFile::encodeName(path).constData()).bad())
        return false;
    file.loadAllDataIntoMemory();
    DcmDataset* ds = file.getDataset();
    auto* pixelSequence = new DcmPixelSequence(DCM_PixelSequenceTag);
    auto* offsets = new DcmPixelItem(DCM_PixelItemTag);
    if (!table.isEmpty())
        offsets->putUint8Array(reinterpret_cast<const Uint8*>(table.constData()),
                               unsigned(table.size()));
    pixelSequence->insert(offsets);
    for (const QByteArray& bytes : fragments) {
        auto* fragment = new DcmPixelItem(DCM_PixelItemTag);
        if (!bytes.isEmpty())
            fragment->putUint8Array(reinterpret_cast<const Uint8*>(bytes.constData()),
                                    unsigned(bytes.size()));
        pixelSequence->insert(fragment);
    }
    auto* pixelData = new DcmPixelData(DCM_PixelData);
    pixelData->putOriginalRepresentation(xfer, nullptr, pixelSequence);
    ds->insert(pixelData, OFTrue);
    if (change)
        change(ds);
    return file.saveFile(QFile::encodeName(path).constData(), xfer).good();
}

/// A JPEG 2000 file whose codestream stops after its first two markers (SOC, SIZ, no content).
inline bool makeJpeg2000(const QString& path)
{
    const char codestream[8] = {'\xFF', '\x4F', '\xFF', '\x51', 0, 0, 0, 0};
    return encapsulate(path, EXS_JPEG2000LosslessOnly, {QByteArray(codestream, 8)});
}

/// The pixel data declared as MPEG-2 video: a transfer syntax no codec here decodes.
inline bool makeUnsupportedSyntax(const QString& path)
{
    return encapsulate(path, EXS_MPEG2MainProfileAtMainLevel, {QByteArray(64, '\x55')});
}

enum class CodestreamDamage
{
    Truncated,  ///< the fragment keeps its first 60%
    Garbage,    ///< the fragment's bytes replaced by pseudo-random ones, same length
    ZeroLength, ///< the frame is one zero-length fragment
};

/// Damages the codestream of a compressed file written by DicomMammogramWriter; the file stays
/// well-formed DICOM.
inline bool damageCodestream(const QString& path, CodestreamDamage damage)
{
    DcmFileFormat probe;
    if (probe.loadFile(QFile::encodeName(path).constData()).bad())
        return false;
    const E_TransferSyntax xfer = probe.getDataset()->getOriginalXfer();
    std::vector<QByteArray> fragments = fragmentsOf(path);
    if (fragments.size() != 1)
        return false;
    QByteArray& bytes = fragments.front();
    switch (damage) {
    case CodestreamDamage::Truncated:
        bytes.truncate(int(bytes.size() * 0.6) & ~1);
        break;
    case CodestreamDamage::Garbage: {
        quint32 state = 12345;
        for (char& c : bytes) {
            state = state * 1664525u + 1013904223u;
            c = char(state >> 24);
        }
        break;
    }
    case CodestreamDamage::ZeroLength:
        bytes.clear();
        break;
    }
    return encapsulate(path, xfer, fragments);
}

} // namespace dicomtest
