#include "core/dicom/dicomimagereader.h"

#include "core/dicom/dicomcodecs.h"
#include "core/dicom/dicompixelmapping.h"
#include "core/dicom/dicomstructurescanner.h"
#include "core/dicom/dicomviewidentifier.h"
#include "core/dicom/encapsulatedframe.h"
#include "core/dicom/jpeg2000codec.h"
#include "core/dicom/jpeglsdecoder.h"

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <algorithm>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfcache.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmdata/dcxfer.h>
#include <exception>
#include <opencv2/core.hpp>
#include <vector>

namespace mammolens::core {

namespace {

Error makeError(const char* code, const QString& message, const QString& path)
{
    return Error{QString::fromLatin1(code), message, path};
}

QString text(DcmItem* item, const DcmTagKey& key, unsigned long pos = 0)
{
    OFString value;
    if (item->findAndGetOFString(key, value, pos).good())
        return QString::fromLatin1(value.c_str()).trimmed();
    return {};
}

int multiplicity(DcmItem* item, const DcmTagKey& key)
{
    DcmElement* element = nullptr;
    if (item->findAndGetElement(key, element).good() && element)
        return int(element->getVM());
    return 0;
}

std::optional<double> number(DcmItem* item, const DcmTagKey& key, unsigned long pos = 0)
{
    Float64 value = 0.0;
    if (item->findAndGetFloat64(key, value, pos).good())
        return value;
    return std::nullopt;
}

/// An integer whatever its VR (US, SS, IS, or the "xs" ambiguity resolved either way).
std::optional<int> integer(DcmItem* item, const DcmTagKey& key, unsigned long pos = 0)
{
    DcmElement* element = nullptr;
    if (item->findAndGetElement(key, element).bad() || !element || element->getLength() == 0)
        return std::nullopt;
    switch (element->ident()) {
    case EVR_US: {
        Uint16 v = 0;
        if (element->getUint16(v, pos).good())
            return int(v);
        return std::nullopt;
    }
    case EVR_SS: {
        Sint16 v = 0;
        if (element->getSint16(v, pos).good())
            return int(v);
        return std::nullopt;
    }
    default: {
        OFString s;
        if (element->getOFString(s, pos).good()) {
            bool ok = false;
            const int v = QString::fromLatin1(s.c_str()).trimmed().toInt(&ok);
            if (ok)
                return v;
        }
        return std::nullopt;
    }
    }
}

/// LUT Descriptor + LUT Data of a Modality or VOI LUT Sequence item (PS3.3 C.11.1, C.11.2).
std::optional<DicomPixelMapping::LookupTable> readLut(DcmItem* item, bool signedInput)
{
    DcmElement* descriptor = nullptr;
    if (item->findAndGetElement(DCM_LUTDescriptor, descriptor).bad() || !descriptor ||
        descriptor->getVM() < 3)
        return std::nullopt;
    Uint16 d[3] = {0, 0, 0};
    for (unsigned long i = 0; i < 3; ++i) {
        if (descriptor->getUint16(d[i], i).bad()) {
            Sint16 s = 0;
            if (descriptor->getSint16(s, i).bad())
                return std::nullopt;
            d[i] = Uint16(s);
        }
    }
    DicomPixelMapping::LookupTable lut;
    lut.entries = d[0] == 0 ? 65536 : int(d[0]);
    lut.firstInput = signedInput ? int(Sint16(d[1])) : int(d[1]);
    lut.bits = int(d[2]);
    lut.explanation = text(item, DCM_LUTExplanation);

    const Uint16* data = nullptr;
    unsigned long count = 0;
    if (item->findAndGetUint16Array(DCM_LUTData, data, &count).bad() || !data)
        return std::nullopt;
    if (lut.bits <= 8 && count < static_cast<unsigned long>(lut.entries) &&
        count * 2 >= static_cast<unsigned long>(lut.entries)) {
        // 8-bit entries packed two per word (allowed for VOI LUTs): low byte first.
        for (unsigned long i = 0; i < count; ++i) {
            lut.data.push_back(std::uint16_t(data[i] & 0xFF));
            lut.data.push_back(std::uint16_t(data[i] >> 8));
        }
        lut.data.resize(std::size_t(lut.entries));
    } else {
        lut.data.assign(data, data + count);
    }
    return lut;
}

/// DA + TM, or DT: "20240131" + "101500.25", or "20240131101500.25+0100" (offset ignored: the
/// loader only orders images of one exam, taken on one machine).
QDateTime parseDateTime(const QString& date, const QString& time)
{
    if (date.size() < 8)
        return {};
    const QDate d = QDate::fromString(date.left(8), QStringLiteral("yyyyMMdd"));
    if (!d.isValid())
        return {};
    QString t = time;
    t.remove(QLatin1Char(':'));
    int hh = 0, mm = 0, ss = 0, ms = 0;
    if (t.size() >= 2)
        hh = t.mid(0, 2).toInt();
    if (t.size() >= 4)
        mm = t.mid(2, 2).toInt();
    if (t.size() >= 6)
        ss = t.mid(4, 2).toInt();
    const int dot = t.indexOf(QLatin1Char('.'));
    if (dot >= 0) {
        QString fraction = t.mid(dot + 1, 3);
        while (fraction.size() < 3)
            fraction.append(QLatin1Char('0'));
        ms = fraction.toInt();
    }
    const QTime tm(hh, mm, ss, ms);
    return QDateTime(d, tm.isValid() ? tm : QTime(0, 0));
}

QDateTime acquisitionTime(DcmItem* ds)
{
    const QString dt = text(ds, DCM_AcquisitionDateTime);
    if (dt.size() >= 8) {
        QString rest = dt.mid(8);
        const int zone = rest.indexOf(QRegularExpression(QStringLiteral("[+-]")));
        if (zone >= 0)
            rest.truncate(zone);
        return parseDateTime(dt.left(8), rest);
    }
    QDateTime t = parseDateTime(text(ds, DCM_AcquisitionDate), text(ds, DCM_AcquisitionTime));
    if (t.isValid())
        return t;
    t = parseDateTime(text(ds, DCM_ContentDate), text(ds, DCM_ContentTime));
    if (t.isValid())
        return t;
    return parseDateTime(text(ds, DCM_SeriesDate), text(ds, DCM_SeriesTime));
}

DicomViewIdentifier::Code readCode(DcmItem* item)
{
    DicomViewIdentifier::Code code;
    code.value = text(item, DCM_CodeValue);
    if (code.value.isEmpty())
        code.value = text(item, DCM_LongCodeValue);
    if (code.value.isEmpty())
        code.value = text(item, DCM_URNCodeValue);
    code.scheme = text(item, DCM_CodingSchemeDesignator);
    code.meaning = text(item, DCM_CodeMeaning);
    return code;
}

bool isBreastRegion(DcmItem* ds)
{
    DcmItem* region = nullptr;
    if (ds->findAndGetSequenceItem(DCM_AnatomicRegionSequence, region, 0).bad() || !region)
        return false;
    const DicomViewIdentifier::Code code = readCode(region);
    static const QStringList kBreastCodes = {
        QStringLiteral("T-04000"),  QStringLiteral("T-04020"),  QStringLiteral("T-04030"),
        QStringLiteral("76752008"), QStringLiteral("80248007"), QStringLiteral("73056007")};
    return kBreastCodes.contains(code.value) ||
           code.meaning.contains(QLatin1String("breast"), Qt::CaseInsensitive);
}

enum class SopKind
{
    Mammography,
    XRay,
    Other
};

SopKind sopKind(const QString& uid)
{
    if (uid == QLatin1String(UID_DigitalMammographyXRayImageStorageForPresentation) ||
        uid == QLatin1String(UID_DigitalMammographyXRayImageStorageForProcessing))
        return SopKind::Mammography;
    static const QStringList kXRay = {
        QStringLiteral(UID_ComputedRadiographyImageStorage),
        QStringLiteral(UID_DigitalXRayImageStorageForPresentation),
        QStringLiteral(UID_DigitalXRayImageStorageForProcessing),
        QStringLiteral(UID_SecondaryCaptureImageStorage),
        QStringLiteral(UID_MultiframeGrayscaleByteSecondaryCaptureImageStorage),
        QStringLiteral(UID_MultiframeGrayscaleWordSecondaryCaptureImageStorage)};
    return kXRay.contains(uid) ? SopKind::XRay : SopKind::Other;
}

bool supportedTransferSyntax(E_TransferSyntax xfer)
{
    switch (xfer) {
    case EXS_LittleEndianImplicit:
    case EXS_LittleEndianExplicit:
    case EXS_BigEndianExplicit:
    case EXS_DeflatedLittleEndianExplicit:
    case EXS_JPEGProcess1:
    case EXS_JPEGProcess2_4:
    case EXS_JPEGProcess14:
    case EXS_JPEGProcess14SV1:
    case EXS_JPEGLSLossless:
    case EXS_JPEGLSLossy:
    case EXS_JPEG2000LosslessOnly:
    case EXS_JPEG2000:
    case EXS_RLELossless:
        return true;
    default:
        return false;
    }
}

/// Which codec decodes a transfer syntax: DCMTK's registered ones, or one of ours where DCMTK
/// has none (JPEG 2000) or a slow one (JPEG-LS); see docs/dicom-safety.md.
enum class Decoder
{
    Dcmtk,
    JpegLs,
    Jpeg2000
};

Decoder decoderFor(E_TransferSyntax xfer)
{
    switch (xfer) {
    case EXS_JPEGLSLossless:
    case EXS_JPEGLSLossy:
        return Decoder::JpegLs;
    case EXS_JPEG2000LosslessOnly:
    case EXS_JPEG2000:
        return Decoder::Jpeg2000;
    default:
        return Decoder::Dcmtk;
    }
}

/// JPEG 2000 "Image Compression" (.91) may be lossless or lossy: it counts as lossy unless the
/// file says Lossy Image Compression "00". The codestream can say more after decoding (NEAR,
/// 9/7 wavelet), see the decoding step.
bool lossyTransferSyntax(E_TransferSyntax xfer, const QString& lossyImageCompression)
{
    return xfer == EXS_JPEGProcess1 || xfer == EXS_JPEGProcess2_4 || xfer == EXS_JPEGLSLossy ||
           (xfer == EXS_JPEG2000 && lossyImageCompression != QLatin1String("00"));
}

const QString& lossyWarning()
{
    static const QString warning =
        QStringLiteral("Lossy compressed image: GMIC was trained on lossless images.");
    return warning;
}

DisplayWindow::Function voiFunction(const QString& name)
{
    if (name == QLatin1String("LINEAR_EXACT"))
        return DisplayWindow::Function::LinearExact;
    if (name == QLatin1String("SIGMOID"))
        return DisplayWindow::Function::Sigmoid;
    return DisplayWindow::Function::Linear;
}

} // namespace

Outcome<MammogramImage> DicomImageReader::read(const QString& path) const
{
    DicomInspection ignored;
    return read(path, &ignored);
}

Outcome<MammogramImage> DicomImageReader::read(const QString& path,
                                               DicomInspection* inspection) const
{
    DicomInspection local;
    DicomInspection& report = inspection ? *inspection : local;
    report = DicomInspection{};
    report.path = path;
    // DCMTK and OpenCV throw (bad_alloc on a huge allocation, OpenCV's cv::Exception): errors
    // are values at this boundary, whatever the file does.
    try {
        Outcome<MammogramImage> result = readUnguarded(path, report);
        if (!result)
            report.error = result.error();
        return result;
    } catch (const std::exception& e) {
        Error error = makeError(
            "dicom.decode_failed",
            QStringLiteral("Decoding failed: %1").arg(QString::fromLocal8Bit(e.what())), path);
        report.error = error;
        return error;
    } catch (...) {
        Error error = makeError("dicom.decode_failed", QStringLiteral("Decoding failed."), path);
        report.error = error;
        return error;
    }
}

Outcome<QString> DicomImageReader::studyInstanceUid(const QString& path) const
{
    try {
        DicomStructureScanner::Limits limits;
        limits.maxSequenceDepth = options_.maxSequenceDepth;
        const Outcome<DicomStructureScanner::Summary> scan =
            DicomStructureScanner::scan(path, limits);
        if (!scan)
            return scan.error();
        DcmFileFormat file;
        // Values above 256 bytes stay in the file: a UID is at most 64.
        const OFCondition loaded = file.loadFile(OFFilename(QFile::encodeName(path).constData()),
                                                 EXS_Unknown, EGL_noChange, 256, ERM_autoDetect);
        if (loaded.bad())
            return makeError("dicom.malformed",
                             QStringLiteral("DCMTK cannot parse the file: %1.")
                                 .arg(QString::fromLatin1(loaded.text())),
                             path);
        return text(file.getDataset(), DCM_StudyInstanceUID);
    } catch (const std::exception& e) {
        return makeError("dicom.malformed", QString::fromLocal8Bit(e.what()), path);
    }
}

Outcome<MammogramImage> DicomImageReader::readUnguarded(const QString& path,
                                                        DicomInspection& report) const
{
    DicomCodecs::registerAll();

    // 1. Raw scan: refuse what would crash DCMTK (deep nesting) and what is plainly cut short.
    DicomStructureScanner::Limits limits;
    limits.maxSequenceDepth = options_.maxSequenceDepth;
    const Outcome<DicomStructureScanner::Summary> scan = DicomStructureScanner::scan(path, limits);
    if (!scan)
        return scan.error();
    report.hasMetaHeader = scan.value().hasMetaHeader;
    report.maxSequenceDepth = scan.value().maxSequenceDepth;

    // 2. DCMTK parse. Values above 4 KiB (the pixel data) stay in the file until asked for, so
    //    the memory budget is checked before a byte of pixels is read.
    DcmFileFormat file;
    const OFCondition loaded = file.loadFile(OFFilename(QFile::encodeName(path).constData()),
                                             EXS_Unknown, EGL_noChange, 4096, ERM_autoDetect);
    if (loaded.bad()) {
        const bool cut = loaded == EC_EndOfStream || loaded == EC_StreamNotifyClient ||
                         loaded == EC_SequDelimitationItemMissing ||
                         loaded == EC_ItemDelimitationItemMissing;
        return makeError(cut ? "dicom.truncated" : "dicom.malformed",
                         QStringLiteral("DCMTK cannot parse the file: %1.")
                             .arg(QString::fromLatin1(loaded.text())),
                         path);
    }
    DcmDataset* ds = file.getDataset();
    const E_TransferSyntax xfer = ds->getOriginalXfer();
    const DcmXfer xferInfo(xfer);
    report.transferSyntaxUid = scan.value().transferSyntaxUid;
    if (report.transferSyntaxUid.isEmpty() && xfer != EXS_Unknown)
        report.transferSyntaxUid = QString::fromLatin1(xferInfo.getXferID());
    report.transferSyntaxName =
        xfer != EXS_Unknown ? QString::fromLatin1(xferInfo.getXferName())
                            : QString::fromLatin1(dcmFindNameOfUID(
                                  report.transferSyntaxUid.toLatin1().constData(), "unknown"));

    // 3. Identity and acceptance.
    report.sopClassUid = text(ds, DCM_SOPClassUID);
    if (report.sopClassUid.isEmpty())
        report.sopClassUid = text(file.getMetaInfo(), DCM_MediaStorageSOPClassUID);
    report.sopClassName =
        QString::fromLatin1(dcmFindNameOfUID(report.sopClassUid.toLatin1().constData(), "unknown"));
    report.modality = text(ds, DCM_Modality);
    report.studyInstanceUid = text(ds, DCM_StudyInstanceUID);
    report.seriesInstanceUid = text(ds, DCM_SeriesInstanceUID);
    report.sopInstanceUid = text(ds, DCM_SOPInstanceUID);
    report.presentationIntentType = text(ds, DCM_PresentationIntentType).toUpper();
    report.acquisitionDateTime = acquisitionTime(ds);

    const SopKind kind = sopKind(report.sopClassUid);
    DcmItem* viewItem = nullptr;
    ds->findAndGetSequenceItem(DCM_ViewCodeSequence, viewItem, 0);
    const bool mammographyView =
        viewItem && !DicomViewIdentifier::viewAbbreviation(readCode(viewItem)).isEmpty();
    const bool mammographyAttributes =
        report.modality == QLatin1String("MG") ||
        text(ds, DCM_BodyPartExamined).toUpper().contains(QLatin1String("BREAST")) ||
        isBreastRegion(ds) || mammographyView;
    // Structured reports (CAD SR, key objects), presentation states, raw data and encapsulated
    // documents share studies with the images but hold none.
    static const QStringList kNonImageClassPrefixes = {
        QStringLiteral("1.2.840.10008.5.1.4.1.1.88."),
        QStringLiteral("1.2.840.10008.5.1.4.1.1.11."), QStringLiteral("1.2.840.10008.5.1.4.1.1.66"),
        QStringLiteral("1.2.840.10008.5.1.4.1.1.104.")};
    for (const QString& prefix : kNonImageClassPrefixes)
        if (report.sopClassUid.startsWith(prefix))
            return makeError("dicom.not_an_image",
                             QStringLiteral("a %1 object, not an image.").arg(report.sopClassName),
                             path);
    if (kind == SopKind::Other || (kind == SopKind::XRay && !mammographyAttributes)) {
        return makeError(
            "dicom.unsupported_modality",
            QStringLiteral("Not a mammogram: modality %1, %2. MammoLens reads digital mammography "
                           "images, and CR, DX or secondary capture images of the breast.")
                .arg(report.modality.isEmpty() ? QStringLiteral("(none)") : report.modality,
                     report.sopClassName),
            path);
    }
    report.forPresentation =
        report.sopClassUid != QLatin1String(UID_DigitalMammographyXRayImageStorageForProcessing) &&
        report.sopClassUid != QLatin1String(UID_DigitalXRayImageStorageForProcessing) &&
        report.presentationIntentType != QLatin1String("FOR PROCESSING");

    // 4. Transfer syntax: refuse what no codec here decodes, naming it.
    if (!supportedTransferSyntax(xfer)) {
        return makeError("dicom.unsupported_transfer_syntax",
                         QStringLiteral("Transfer syntax %1 (%2) cannot be decoded here; convert "
                                        "the file to JPEG-LS, JPEG 2000 or uncompressed first.")
                             .arg(report.transferSyntaxName, report.transferSyntaxUid),
                         path);
    }
    const QString lossyImageCompression = text(ds, DCM_LossyImageCompression);
    if (lossyTransferSyntax(xfer, lossyImageCompression) ||
        lossyImageCompression == QLatin1String("01"))
        report.warnings << lossyWarning();

    // 5. Pixel description and memory budget, before any decoding.
    const std::optional<int> rows = integer(ds, DCM_Rows);
    const std::optional<int> columns = integer(ds, DCM_Columns);
    report.rows = rows.value_or(0);
    report.columns = columns.value_or(0);
    report.samplesPerPixel = integer(ds, DCM_SamplesPerPixel).value_or(1);
    report.bitsAllocated = integer(ds, DCM_BitsAllocated).value_or(0);
    report.bitsStored = integer(ds, DCM_BitsStored).value_or(report.bitsAllocated);
    report.highBit = integer(ds, DCM_HighBit).value_or(report.bitsStored - 1);
    report.signedPixels = integer(ds, DCM_PixelRepresentation).value_or(0) == 1;
    report.frames = std::max(1, integer(ds, DCM_NumberOfFrames).value_or(1));
    report.photometricInterpretation = text(ds, DCM_PhotometricInterpretation).toUpper();
    report.presentationLutShape = text(ds, DCM_PresentationLUTShape).toUpper();

    DcmElement* pixelElement = nullptr;
    ds->findAndGetElement(DCM_PixelData, pixelElement);
    if (!rows || !columns)
        return pixelElement
                   ? makeError("dicom.malformed",
                               QStringLiteral("Pixel Data without Rows and Columns."), path)
                   : makeError("dicom.no_pixel_data",
                               QStringLiteral("The file holds no image (no Rows, Columns "
                                              "or Pixel Data)."),
                               path);
    if (report.rows <= 0 || report.columns <= 0)
        return makeError("dicom.zero_size",
                         QStringLiteral("The image has no pixels (Rows %1, Columns %2).")
                             .arg(report.rows)
                             .arg(report.columns),
                         path);
    const std::int64_t bytesPerSample = std::max(1, (report.bitsAllocated + 7) / 8);
    const std::int64_t frameBytes = std::int64_t(report.rows) * report.columns *
                                    std::max(1, report.samplesPerPixel) * bytesPerSample;
    // The output matrix is 16-bit whatever the input: the budget counts both.
    const std::int64_t decodedBytes = frameBytes + std::int64_t(report.rows) * report.columns * 2;
    if (decodedBytes > options_.maxDecodedBytes)
        return makeError("dicom.too_large",
                         QStringLiteral("%1 x %2 pixels at %3 bits need %4 MiB to decode, more "
                                        "than the %5 MiB allowed.")
                             .arg(report.rows)
                             .arg(report.columns)
                             .arg(report.bitsAllocated)
                             .arg(decodedBytes >> 20)
                             .arg(options_.maxDecodedBytes >> 20),
                         path);
    const bool monochrome1 = report.photometricInterpretation == QLatin1String("MONOCHROME1");
    const bool monochrome2 = report.photometricInterpretation == QLatin1String("MONOCHROME2");
    if (report.samplesPerPixel != 1 || !(monochrome1 || monochrome2))
        return makeError("dicom.unsupported_pixel_format",
                         QStringLiteral("Photometric interpretation %1 with %2 samples per pixel: "
                                        "a mammogram is MONOCHROME1 or MONOCHROME2.")
                             .arg(report.photometricInterpretation)
                             .arg(report.samplesPerPixel),
                         path);
    if (report.frames > 1)
        report.warnings << QStringLiteral("%1 frames: only the first is read.").arg(report.frames);

    if (!pixelElement)
        return makeError("dicom.no_pixel_data", QStringLiteral("The file has no Pixel Data."),
                         path);
    if (!xferInfo.isEncapsulated() && std::int64_t(pixelElement->getLength()) < frameBytes)
        return makeError("dicom.truncated",
                         QStringLiteral("Pixel Data holds %1 bytes; one frame needs %2.")
                             .arg(pixelElement->getLength())
                             .arg(frameBytes),
                         path);

    // 6. View identification.
    DicomViewIdentifier::Evidence evidence;
    evidence.imageLaterality = text(ds, DCM_ImageLaterality);
    evidence.laterality = text(ds, DCM_Laterality);
    if (viewItem) {
        evidence.viewCode = readCode(viewItem);
        for (int i = 0;; ++i) {
            DcmItem* modifier = nullptr;
            if (viewItem->findAndGetSequenceItem(DCM_ViewModifierCodeSequence, modifier, i).bad() ||
                !modifier)
                break;
            evidence.viewModifiers.push_back(readCode(modifier));
        }
    }
    evidence.viewPosition = text(ds, DCM_ViewPosition);
    evidence.seriesDescription = text(ds, DCM_SeriesDescription);
    evidence.fileName = QFileInfo(path).fileName();
    const Outcome<DicomViewIdentifier::Decision> view =
        DicomViewIdentifier::identify(evidence, path);
    if (!view)
        return view.error();
    const DicomViewIdentifier::Decision& decision = view.value();
    report.viewDecided = true;
    report.laterality = decision.laterality;
    report.lateralitySource = decision.lateralitySource;
    report.position = decision.position;
    report.viewName = decision.viewName;
    report.viewSource = decision.viewSource;
    report.lateralityEvidence = decision.lateralityEvidence;
    report.viewEvidence = decision.viewEvidence;
    report.warnings << decision.warnings;

    // 7. Pixel mapping (modality, VOI, inversion, padding).
    DicomPixelMapping::Attributes attributes;
    attributes.bitsAllocated = report.bitsAllocated;
    attributes.bitsStored = report.bitsStored;
    attributes.highBit = report.highBit;
    attributes.signedPixels = report.signedPixels;
    attributes.rescaleSlope = number(ds, DCM_RescaleSlope).value_or(1.0);
    attributes.rescaleIntercept = number(ds, DCM_RescaleIntercept).value_or(0.0);
    report.rescaleSlope = attributes.rescaleSlope;
    report.rescaleIntercept = attributes.rescaleIntercept;
    DcmItem* modalityLutItem = nullptr;
    if (ds->findAndGetSequenceItem(DCM_ModalityLUTSequence, modalityLutItem, 0).good() &&
        modalityLutItem)
        attributes.modalityLut = readLut(modalityLutItem, report.signedPixels);
    report.hasModalityLut = attributes.modalityLut.has_value();

    const DisplayWindow::Function function = voiFunction(text(ds, DCM_VOILUTFunction).toUpper());
    const int windowCount =
        std::min(multiplicity(ds, DCM_WindowCenter), multiplicity(ds, DCM_WindowWidth));
    for (int i = 0; i < windowCount; ++i) {
        const std::optional<double> c = number(ds, DCM_WindowCenter, i);
        const std::optional<double> w = number(ds, DCM_WindowWidth, i);
        if (!c || !w)
            continue;
        DicomPixelMapping::Window window{*c, *w, function,
                                         text(ds, DCM_WindowCenterWidthExplanation, i)};
        attributes.windows.push_back(window);
        report.fileWindows.push_back(DisplayWindow{*c, *w, window.explanation, function, false});
    }
    for (int i = 0;; ++i) {
        DcmItem* lutItem = nullptr;
        if (ds->findAndGetSequenceItem(DCM_VOILUTSequence, lutItem, i).bad() || !lutItem)
            break;
        // VOI LUT input is the modality output: signed when the rescale can make it negative.
        if (auto lut = readLut(lutItem, report.signedPixels || attributes.rescaleIntercept < 0)) {
            attributes.voiLuts.push_back(*lut);
            DisplayWindow range;
            range.center = lut->firstInput + (lut->entries - 1) / 2.0;
            range.width = lut->entries;
            range.explanation = lut->explanation;
            range.fromLut = true;
            report.fileWindows.push_back(range);
        } else {
            report.warnings << QStringLiteral("VOI LUT %1 unreadable: ignored.").arg(i + 1);
        }
    }
    attributes.invert = monochrome1;
    if (monochrome2 && report.presentationLutShape == QLatin1String("INVERSE")) {
        attributes.invert = true;
        report.warnings << QStringLiteral("MONOCHROME2 with Presentation LUT Shape INVERSE: "
                                          "inverted.");
    }
    attributes.paddingValue = integer(ds, DCM_PixelPaddingValue);
    attributes.paddingRangeLimit = integer(ds, DCM_PixelPaddingRangeLimit);
    if (attributes.paddingValue && report.signedPixels && *attributes.paddingValue > 32767)
        attributes.paddingValue = *attributes.paddingValue - 65536;
    if (attributes.paddingRangeLimit && report.signedPixels &&
        *attributes.paddingRangeLimit > 32767)
        attributes.paddingRangeLimit = *attributes.paddingRangeLimit - 65536;

    Outcome<DicomPixelMapping> mapping = DicomPixelMapping::create(attributes, path);
    if (!mapping)
        return mapping.error();
    report.pixelMapping = mapping.value().description();
    report.presets = mapping.value().presets();
    report.warnings << mapping.value().warnings();

    // 8. Geometry for true-size display.
    MammogramImage image;
    if (multiplicity(ds, DCM_PixelSpacing) >= 2) {
        image.rowSpacingMm = number(ds, DCM_PixelSpacing, 0);
        image.columnSpacingMm = number(ds, DCM_PixelSpacing, 1);
        report.spacingSource = QStringLiteral("Pixel Spacing");
    } else if (multiplicity(ds, DCM_ImagerPixelSpacing) >= 2) {
        image.rowSpacingMm = number(ds, DCM_ImagerPixelSpacing, 0);
        image.columnSpacingMm = number(ds, DCM_ImagerPixelSpacing, 1);
        report.spacingSource = QStringLiteral("Imager Pixel Spacing");
        // The detector sees the breast magnified by the beam's divergence; the factor brings the
        // spacing back to the breast plane.
        const std::optional<double> factor =
            number(ds, DCM_EstimatedRadiographicMagnificationFactor);
        if (factor && *factor > 0.0 && image.rowSpacingMm && image.columnSpacingMm) {
            *image.rowSpacingMm /= *factor;
            *image.columnSpacingMm /= *factor;
            report.spacingSource += QStringLiteral(" / magnification %1").arg(*factor);
        }
    }
    report.rowSpacingMm = image.rowSpacingMm;
    report.columnSpacingMm = image.columnSpacingMm;
    image.patientOrientationRow = text(ds, DCM_PatientOrientation, 0);
    image.patientOrientationColumn = text(ds, DCM_PatientOrientation, 1);
    if (!image.patientOrientationRow.isEmpty())
        report.patientOrientation =
            image.patientOrientationRow + QLatin1Char('\\') + image.patientOrientationColumn;

    // 9. Decode the first frame straight into one buffer (no decompressed copy of the dataset)
    //    and map it.
    auto* pixelData = dynamic_cast<DcmPixelData*>(pixelElement);
    if (!pixelData)
        return makeError("dicom.malformed", QStringLiteral("Pixel Data is not pixel data."), path);
    // 16-bit frames are decoded straight into the output matrix and mapped in place.
    const bool inPlace = report.bitsAllocated == 16;
    const std::int64_t bufferBytes = frameBytes + (frameBytes & 1); // DCMTK wants an even size
    std::vector<std::uint16_t> buffer;
    if (inPlace)
        image.pixels.create(report.rows, report.columns, CV_16UC1);
    else
        buffer.resize(std::size_t((bufferBytes + 1) / 2));
    void* target = inPlace ? static_cast<void*>(image.pixels.data) : buffer.data();
    const Decoder decoder = decoderFor(xfer);
    if (decoder == Decoder::Dcmtk && xferInfo.isEncapsulated() && options_.isolateDcmtkCodecs) {
        // RLE and JPEG: DCMTK's decoders, run where their crash defects cannot reach us.
        const FrameLayout layout{report.rows, report.columns, report.bitsAllocated, target,
                                 std::size_t(bufferBytes)};
        const Outcome<bool> decoded = IsolatedFrameDecoder::decode(
            path, layout, report.transferSyntaxName, options_.isolation);
        if (!decoded)
            return decoded.error();
    } else if (decoder == Decoder::Dcmtk) {
        Uint32 startFragment = 0;
        OFString colorModel;
        DcmFileCache cache;
        const OFCondition decoded = pixelData->getUncompressedFrame(
            ds, 0, startFragment, target, Uint32(bufferBytes), colorModel, &cache);
        if (decoded.bad())
            return makeError(
                "dicom.decode_failed",
                QStringLiteral("The pixel data (%1) cannot be decoded: %2.")
                    .arg(report.transferSyntaxName, QString::fromLatin1(decoded.text())),
                path);
    } else {
        // Our codecs read the fragments themselves and check the codestream against Rows,
        // Columns and Bits Allocated before writing into the frame-sized target. A failure is
        // this file's error: there is no second decoder to try.
        const Outcome<EncapsulatedFrame> frame =
            EncapsulatedFrame::first(*pixelData, xfer, report.frames, path);
        if (!frame)
            return frame.error();
        const FrameLayout layout{report.rows, report.columns, report.bitsAllocated, target,
                                 std::size_t(bufferBytes)};
        const Outcome<DecodedFrameInfo> decoded =
            decoder == Decoder::JpegLs
                ? JpegLsDecoder::decode(frame.value().data(), frame.value().size(), layout, path)
                : Jpeg2000Codec::decode(frame.value().data(), frame.value().size(), layout, path);
        if (!decoded)
            return decoded.error();
        if (decoded.value().lossy && !report.warnings.contains(lossyWarning()))
            report.warnings << lossyWarning();
    }
    if (inPlace)
        mapping.value().applyInPlace(image.pixels);
    else
        image.pixels = mapping.value().apply(buffer.data(), report.rows, report.columns);
    double minimum = 0.0, maximum = 0.0;
    cv::minMaxLoc(image.pixels, &minimum, &maximum);
    report.decoded = true;
    report.minimumValue = int(minimum);
    report.maximumValue = int(maximum);
    if (!report.forPresentation)
        report.warnings << QStringLiteral("For-processing image: GMIC was trained on "
                                          "for-presentation images.");

    image.sourcePath = path;
    image.laterality = decision.laterality;
    image.position = decision.position;
    image.viewName = decision.viewName;
    image.lateralitySource = decision.lateralitySource;
    image.viewSource = decision.viewSource;
    image.windows = report.presets;
    image.studyInstanceUid = report.studyInstanceUid;
    image.seriesInstanceUid = report.seriesInstanceUid;
    image.sopInstanceUid = report.sopInstanceUid;
    image.transferSyntax = report.transferSyntaxName;
    image.photometricInterpretation = report.photometricInterpretation;
    image.forPresentation = report.forPresentation;
    image.acquisitionDateTime = report.acquisitionDateTime;
    image.warnings = report.warnings;
    return image;
}

} // namespace mammolens::core
