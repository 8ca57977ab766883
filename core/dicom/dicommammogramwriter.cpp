#include "core/dicom/dicommammogramwriter.h"

#include "core/dicom/dicomcodecs.h"
#include "core/dicom/jpeg2000codec.h"

#include <QFile>
#include <QFileInfo>
#include <cstdio>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcpxitem.h>
#include <dcmtk/dcmdata/dcrlerp.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmjpeg/djrplol.h>
#include <dcmtk/dcmjpls/djrparam.h>
#include <exception>
#include <opencv2/core.hpp>
#include <vector>

namespace mammolens::core {

namespace {

struct ViewCode
{
    const char* abbreviation;
    const char* value; ///< SNOMED CT (scheme SCT), CID 4014
    const char* meaning;
    bool ccLike; ///< the image's columns run medial-lateral (CC family) rather than head-foot
};

constexpr ViewCode kViewCodes[] = {
    {"CC", "399162004", "cranio-caudal", true},
    {"MLO", "399368009", "medio-lateral oblique", false},
    {"ML", "399260004", "medio-lateral", false},
    {"LM", "399352003", "latero-medial", false},
    {"LMO", "399099002", "latero-medial oblique", false},
    {"FB", "399196006", "caudo-cranial (from below)", true},
    {"SIO", "399188001", "superolateral to inferomedial oblique", false},
    {"ISO", "441555000", "inferomedial to superolateral oblique", false},
    {"XCCL", "399192003", "cranio-caudal exaggerated laterally", true},
    {"XCCM", "399101009", "cranio-caudal exaggerated medially", true},
    {"XCC", "399265009", "exaggerated cranio-caudal", true},
};

const ViewCode* viewCodeFor(const MammogramImage& image)
{
    QString name;
    if (image.position == ViewPosition::CC)
        name = QStringLiteral("CC");
    else if (image.position == ViewPosition::MLO)
        name = QStringLiteral("MLO");
    else if (!image.viewName.trimmed().contains(QLatin1Char(' ')))
        name = image.viewName.trimmed().toUpper();
    // "spot compression CC" and other modified views would need View Modifier codes, which the
    // writer does not emit: refused rather than written as a plain (screening) CC.
    for (const ViewCode& code : kViewCodes)
        if (name == QLatin1String(code.abbreviation))
            return &code;
    return nullptr;
}

E_TransferSyntax dcmtkSyntax(DicomMammogramWriter::TransferSyntax syntax)
{
    using TS = DicomMammogramWriter::TransferSyntax;
    switch (syntax) {
    case TS::ImplicitLittleEndian:
        return EXS_LittleEndianImplicit;
    case TS::ExplicitLittleEndian:
        return EXS_LittleEndianExplicit;
    case TS::ExplicitBigEndian:
        return EXS_BigEndianExplicit;
    case TS::DeflatedExplicitLittleEndian:
        return EXS_DeflatedLittleEndianExplicit;
    case TS::JpegLossless:
        return EXS_JPEGProcess14SV1;
    case TS::JpegLsLossless:
        return EXS_JPEGLSLossless;
    case TS::Rle:
        return EXS_RLELossless;
    case TS::Jpeg2000Lossless:
        return EXS_JPEG2000LosslessOnly;
    }
    return EXS_LittleEndianExplicit;
}

QString newUid(const char* root)
{
    char buffer[100];
    return QString::fromLatin1(dcmGenerateUniqueIdentifier(buffer, root));
}

Error invalid(const QString& message, const QString& path)
{
    return Error{QStringLiteral("dicom.write_invalid_image"), message, path};
}

Error failed(const QString& message, const QString& path)
{
    return Error{QStringLiteral("dicom.write_failed"), message, path};
}

/// Collects the first failing put so the attribute list reads as a list, not as error handling.
class Putter
{
public:
    explicit Putter(DcmItem* item) : item_(item) {}

    Putter& operator()(const DcmTagKey& key, const QString& value)
    {
        remember(item_->putAndInsertString(key, value.toLatin1().constData()));
        return *this;
    }
    Putter& operator()(const DcmTagKey& key, const char* value)
    {
        remember(item_->putAndInsertString(key, value));
        return *this;
    }
    Putter& us(const DcmTagKey& key, Uint16 value)
    {
        remember(item_->putAndInsertUint16(key, value));
        return *this;
    }
    Putter& empty(const DcmTagKey& key)
    {
        remember(item_->insertEmptyElement(key));
        return *this;
    }
    void remember(const OFCondition& condition)
    {
        if (condition.bad() && status_.good())
            status_ = condition;
    }
    const OFCondition& status() const { return status_; }

private:
    DcmItem* item_;
    OFCondition status_ = EC_Normal;
};

void putCode(DcmItem* item, const char* value, const char* scheme, const char* meaning, Putter& put)
{
    Putter inner(item);
    inner(DCM_CodeValue, value)(DCM_CodingSchemeDesignator, scheme)(DCM_CodeMeaning, meaning);
    put.remember(inner.status());
}

} // namespace

QString DicomMammogramWriter::toString(TransferSyntax syntax)
{
    switch (syntax) {
    case TransferSyntax::ImplicitLittleEndian:
        return QStringLiteral("implicit-le");
    case TransferSyntax::ExplicitLittleEndian:
        return QStringLiteral("explicit-le");
    case TransferSyntax::ExplicitBigEndian:
        return QStringLiteral("explicit-be");
    case TransferSyntax::DeflatedExplicitLittleEndian:
        return QStringLiteral("deflated");
    case TransferSyntax::JpegLossless:
        return QStringLiteral("jpeg-lossless");
    case TransferSyntax::JpegLsLossless:
        return QStringLiteral("jpeg-ls");
    case TransferSyntax::Rle:
        return QStringLiteral("rle");
    case TransferSyntax::Jpeg2000Lossless:
        return QStringLiteral("jpeg2000");
    }
    return {};
}

Outcome<QString> DicomMammogramWriter::write(const MammogramImage& image, const QString& path,
                                             const Options& options)
{
    DicomCodecs::registerAll();
    if (image.pixels.empty() || image.pixels.channels() != 1 ||
        (image.pixels.depth() != CV_16U && image.pixels.depth() != CV_8U))
        return invalid(QStringLiteral("The image must be a non-empty 8 or 16-bit single-channel "
                                      "matrix."),
                       path);
    if (image.pixels.rows > 65535 || image.pixels.cols > 65535)
        return invalid(QStringLiteral("Rows and Columns are 16-bit in DICOM: at most 65535."),
                       path);
    const ViewCode* view = viewCodeFor(image);
    if (!view)
        return invalid(QStringLiteral("View \"%1\" cannot be written: only the views of CID 4014, "
                                      "without modifiers, are supported.")
                           .arg(image.viewName),
                       path);

    try {
        cv::Mat pixels;
        if (image.pixels.depth() == CV_16U)
            pixels = image.pixels.isContinuous() ? image.pixels : image.pixels.clone();
        else
            image.pixels.convertTo(pixels, CV_16U);
        double maxValue = 0.0;
        cv::minMaxLoc(pixels, nullptr, &maxValue);
        int needed = 1;
        while (needed < 16 && (1 << needed) - 1 < int(maxValue))
            ++needed;
        const int bitsStored = options.bitsStored > 0 ? options.bitsStored : std::max(12, needed);
        if (bitsStored > 16 || bitsStored < needed)
            return invalid(QStringLiteral("Bits Stored %1 cannot hold the largest value %2.")
                               .arg(bitsStored)
                               .arg(maxValue),
                           path);
        const int storedMax = (1 << bitsStored) - 1;
        const bool monochrome1 = options.photometric == Photometric::Monochrome1;
        cv::Mat stored = monochrome1 ? cv::Mat(cv::Scalar::all(storedMax) - pixels) : pixels;
        if (monochrome1)
            stored.convertTo(stored, CV_16U);

        const QString studyUid = options.studyInstanceUid.isEmpty() ? newUid(SITE_STUDY_UID_ROOT)
                                                                    : options.studyInstanceUid;
        const QString seriesUid = options.seriesInstanceUid.isEmpty() ? newUid(SITE_SERIES_UID_ROOT)
                                                                      : options.seriesInstanceUid;
        const QString sopUid = options.sopInstanceUid.isEmpty() ? newUid(SITE_INSTANCE_UID_ROOT)
                                                                : options.sopInstanceUid;
        QDateTime when = options.acquisitionDateTime;
        if (!when.isValid())
            when = image.acquisitionDateTime;
        if (!when.isValid())
            when = QDateTime::currentDateTime();
        const QString date = when.toString(QStringLiteral("yyyyMMdd"));
        const QString time = when.toString(QStringLiteral("HHmmss.zzz"));
        const QString side = mammolens::core::toString(image.laterality);
        const bool left = image.laterality == Laterality::Left;
        // GMIC-SPEC 10.1 storage: left views have the chest wall at the left edge, so their rows
        // run towards the nipple (A); right views the other way (P). CC-like views put the
        // lateral side up, so columns run medially; the others run to the feet.
        QString orientationRow = image.patientOrientationRow;
        QString orientationColumn = image.patientOrientationColumn;
        if (orientationRow.isEmpty()) {
            orientationRow = left ? QStringLiteral("A") : QStringLiteral("P");
            orientationColumn = view->ccLike ? (left ? QStringLiteral("R") : QStringLiteral("L"))
                                             : QStringLiteral("F");
        }
        const double rowSpacing = image.rowSpacingMm.value_or(options.defaultSpacingMm);
        const double columnSpacing = image.columnSpacingMm.value_or(options.defaultSpacingMm);

        DcmFileFormat file;
        DcmDataset* ds = file.getDataset();
        Putter put(ds);
        // SOP Common
        put(DCM_SOPClassUID,
            UID_DigitalMammographyXRayImageStorageForPresentation)(DCM_SOPInstanceUID, sopUid);
        // Patient (type 2)
        put(DCM_PatientName, options.patientName)(DCM_PatientID, options.patientId)
            .empty(DCM_PatientBirthDate)
            .empty(DCM_PatientSex);
        // General Study
        put(DCM_StudyInstanceUID, studyUid)(DCM_StudyDate, date)(DCM_StudyTime, time)
            .empty(DCM_ReferringPhysicianName)
            .empty(DCM_StudyID)
            .empty(DCM_AccessionNumber);
        // General Series, Mammography Series, DX Series. Laterality is series-level: one image
        // per series unless the caller shares a series UID between images of one breast.
        put(DCM_Modality, "MG")(DCM_SeriesInstanceUID, seriesUid)(
            DCM_SeriesNumber, QString::number(options.seriesNumber))(DCM_Laterality, side)(
            DCM_BodyPartExamined, "BREAST")(DCM_PresentationIntentType, "FOR PRESENTATION");
        if (!options.seriesDescription.isEmpty())
            put(DCM_SeriesDescription, options.seriesDescription);
        // General Equipment
        put(DCM_Manufacturer, "MammoLens")(DCM_SoftwareVersions, MAMMOLENS_VERSION);
        // General Image, General Acquisition
        put(DCM_InstanceNumber, QString::number(options.instanceNumber))(
            DCM_PatientOrientation, orientationRow + QLatin1Char('\\') + orientationColumn)(
            DCM_ContentDate, date)(DCM_ContentTime, time)(DCM_AcquisitionDate, date)(
            DCM_AcquisitionTime, time)(DCM_AcquisitionDateTime, date + time)(
            DCM_ImageType, "DERIVED\\PRIMARY")(DCM_BurnedInAnnotation,
                                               "NO")(DCM_LossyImageCompression, "00");
        // Image Pixel
        put.us(DCM_SamplesPerPixel, 1)(DCM_PhotometricInterpretation,
                                       monochrome1 ? "MONOCHROME1" : "MONOCHROME2")
            .us(DCM_Rows, Uint16(pixels.rows))
            .us(DCM_Columns, Uint16(pixels.cols))
            .us(DCM_BitsAllocated, 16)
            .us(DCM_BitsStored, Uint16(bitsStored))
            .us(DCM_HighBit, Uint16(bitsStored - 1))
            .us(DCM_PixelRepresentation, 0);
        // Acquisition Context (type 2, empty)
        put.remember(ds->insertEmptyElement(DCM_AcquisitionContextSequence));
        // DX Anatomy Imaged, Mammography Image
        put(DCM_ImageLaterality, side)(DCM_OrganExposed, "BREAST")(DCM_BreastImplantPresent, "NO");
        DcmItem* region = nullptr;
        put.remember(ds->findOrCreateSequenceItem(DCM_AnatomicRegionSequence, region, 0));
        if (region)
            putCode(region, "76752008", "SCT", "Breast", put);
        DcmItem* viewItem = nullptr;
        put.remember(ds->findOrCreateSequenceItem(DCM_ViewCodeSequence, viewItem, 0));
        if (viewItem) {
            putCode(viewItem, view->value, "SCT", view->meaning, put);
            put.remember(viewItem->insertEmptyElement(DCM_ViewModifierCodeSequence));
        }
        // DX Image: +1/-1 says whether higher values mean less X-ray intensity (denser tissue):
        // in MONOCHROME2 they do.
        put(DCM_PixelIntensityRelationship,
            "LOG")(DCM_PixelIntensityRelationshipSign,
                   monochrome1 ? "1" : "-1")(DCM_RescaleIntercept, "0")(DCM_RescaleSlope, "1")(
            DCM_RescaleType, "US")(DCM_PresentationLUTShape, monochrome1 ? "INVERSE" : "IDENTITY");
        // VOI LUT: one window spanning the stored range exactly, so that the default display
        // (and DicomImageReader) reproduces the pixels unchanged.
        put(DCM_WindowCenter, QString::number(1 << (bitsStored - 1)))(
            DCM_WindowWidth, QString::number(1 << bitsStored))(
            DCM_WindowCenterWidthExplanation, "FULL RANGE")(DCM_VOILUTFunction, "LINEAR");
        // DX Detector, DX Positioning
        put.empty(DCM_DetectorType)(DCM_ImagerPixelSpacing,
                                    QString::number(rowSpacing, 'g', 10) + QLatin1Char('\\') +
                                        QString::number(columnSpacing, 'g', 10))(
            DCM_ViewPosition, view->abbreviation)(DCM_PositionerType, "MAMMOGRAPHIC");
        // Pixel Data
        const E_TransferSyntax xfer = dcmtkSyntax(options.transferSyntax);
        const DcmXfer xferInfo(xfer);
        if (xfer == EXS_JPEG2000LosslessOnly) {
            // DCMTK has no JPEG 2000 encoder: the codestream is made here and encapsulated as
            // PS3.5 A.4 asks, an empty Basic Offset Table item then one fragment for the frame.
            Outcome<std::vector<std::uint8_t>> codestream = Jpeg2000Codec::encodeLossless(
                stored.ptr<std::uint16_t>(), stored.rows, stored.cols, bitsStored, path);
            if (!codestream)
                return codestream.error();
            std::vector<std::uint8_t>& bytes = codestream.value();
            if (bytes.size() % 2)
                bytes.push_back(0); // item values have even length; decoders stop at EOC
            auto* sequence = new DcmPixelSequence(DCM_PixelSequenceTag);
            sequence->insert(new DcmPixelItem(DCM_PixelItemTag));
            auto* fragment = new DcmPixelItem(DCM_PixelItemTag);
            sequence->insert(fragment);
            put.remember(fragment->putUint8Array(bytes.data(), Uint32(bytes.size())));
            auto* pixelData = new DcmPixelData(DCM_PixelData);
            pixelData->putOriginalRepresentation(xfer, nullptr, sequence);
            put.remember(ds->insert(pixelData, OFTrue));
        } else {
            put.remember(ds->putAndInsertUint16Array(DCM_PixelData, stored.ptr<Uint16>(),
                                                     static_cast<unsigned long>(stored.total())));
        }
        if (put.status().bad())
            return failed(QStringLiteral("Building the dataset failed: %1.")
                              .arg(QString::fromLatin1(put.status().text())),
                          path);

        if (xferInfo.isEncapsulated() && xfer != EXS_JPEG2000LosslessOnly) {
            OFCondition encoded = EC_Normal;
            if (xfer == EXS_JPEGProcess14SV1) {
                DJ_RPLossless parameters;
                encoded = ds->chooseRepresentation(xfer, &parameters);
            } else if (xfer == EXS_JPEGLSLossless) {
                DJLSRepresentationParameter parameters(0, OFTrue);
                encoded = ds->chooseRepresentation(xfer, &parameters);
            } else {
                DcmRLERepresentationParameter parameters;
                encoded = ds->chooseRepresentation(xfer, &parameters);
            }
            if (encoded.bad() || !ds->canWriteXfer(xfer))
                return failed(QStringLiteral("Encoding as %1 failed: %2.")
                                  .arg(QString::fromLatin1(xferInfo.getXferName()),
                                       QString::fromLatin1(encoded.text())),
                              path);
        }

        // Write next to the target, then rename: a reader never sees half a file.
        const QString partial = path + QStringLiteral(".part");
        const OFCondition saved =
            file.saveFile(OFFilename(QFile::encodeName(partial).constData()), xfer,
                          EET_ExplicitLength, EGL_recalcGL, EPD_noChange, 0, 0, EWM_createNewMeta);
        if (saved.bad()) {
            QFile::remove(partial);
            return failed(
                QStringLiteral("Writing failed: %1.").arg(QString::fromLatin1(saved.text())), path);
        }
        if (std::rename(QFile::encodeName(partial).constData(),
                        QFile::encodeName(path).constData()) != 0) {
            QFile::remove(partial);
            return failed(QStringLiteral("The written file cannot be moved into place."), path);
        }
        return sopUid;
    } catch (const std::exception& e) {
        return failed(QString::fromLocal8Bit(e.what()), path);
    }
}

} // namespace mammolens::core
