#include "app/common/secondarycapturewriter.h"

#include "app/common/cadsrwriter.h"
#include "app/common/visualizer.h"

#include <QCoreApplication>
#include <QDateTime>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <exception>
#include <opencv2/imgproc.hpp>

namespace mammolens::app {

namespace {

using core::Error;

bool putString(DcmItem* item, const DcmTagKey& tag, const QString& value)
{
    return item->putAndInsertString(tag, value.toLatin1().constData()).good();
}

bool putCode(DcmItem* item, const char* value, const char* scheme, const char* meaning)
{
    return item->putAndInsertString(DCM_CodeValue, value).good() &&
           item->putAndInsertString(DCM_CodingSchemeDesignator, scheme).good() &&
           item->putAndInsertString(DCM_CodeMeaning, meaning).good();
}

} // namespace

core::Outcome<QString> SecondaryCaptureWriter::write(const core::MammogramImage& image,
                                                     const ViewAnalysis& view,
                                                     const ExamAnalysis& analysis,
                                                     const DicomExportSource& source,
                                                     const QString& path, const Options& options)
{
    const DicomExportSource::Image* reference = source.image(view.view);
    if (!view.prediction || !reference || image.pixels.empty())
        return Error{QStringLiteral("export.no_view"),
                     QStringLiteral("%1 has no prediction or image to capture.")
                         .arg(core::toString(view.view)),
                     path};
    try {
        cv::Mat grey;
        cv::cvtColor(Visualizer::annotatedViewFigure(image, view, analysis), grey,
                     cv::COLOR_BGR2GRAY);
        if (grey.rows > 65535 || grey.cols > 65535 || !grey.isContinuous())
            return Error{QStringLiteral("export.write_failed"),
                         QStringLiteral("The figure is too large for a DICOM image."), path};

        const QString sopUid = DicomExportSource::newUid(SITE_INSTANCE_UID_ROOT);
        const QString seriesUid = options.seriesInstanceUid.isEmpty()
                                      ? DicomExportSource::newUid(SITE_SERIES_UID_ROOT)
                                      : options.seriesInstanceUid;
        const QDateTime now = QDateTime::currentDateTime();
        const QString date = now.toString(QStringLiteral("yyyyMMdd"));
        const QString time = now.toString(QStringLiteral("HHmmss"));
        const bool notForDiagnosis = !CadSrWriter::notForDiagnosisStatement(analysis).isEmpty();

        DcmFileFormat file;
        DcmDataset* ds = file.getDataset();
        bool ok = true;
        auto put = [&](const DcmTagKey& tag, const QString& value) {
            ok = putString(ds, tag, value) && ok;
        };
        auto putUs = [&](const DcmTagKey& tag, int value) {
            ok = ds->putAndInsertUint16(tag, Uint16(value)).good() && ok;
        };
        // SOP Common
        put(DCM_SOPClassUID, QStringLiteral(UID_SecondaryCaptureImageStorage));
        put(DCM_SOPInstanceUID, sopUid);
        // Patient, General Study: the source's, so that the PACS files it into that study.
        source.copyPatientAndStudy(*ds);
        // General Series: a new series of the source's modality, for the mammography
        // attributes our reader (and hanging protocols) look for.
        put(DCM_Modality, QStringLiteral("MG"));
        put(DCM_SeriesInstanceUID, seriesUid);
        put(DCM_SeriesNumber, QString::number(options.seriesNumber));
        put(DCM_SeriesDescription, notForDiagnosis
                                       ? QStringLiteral("MammoLens annotated - NOT FOR DIAGNOSIS")
                                       : QStringLiteral("MammoLens annotated views"));
        put(DCM_BodyPartExamined, QStringLiteral("BREAST"));
        // General Equipment, SC Equipment: a workstation made it (WSD).
        put(DCM_Manufacturer, QStringLiteral("MammoLens"));
        put(DCM_SoftwareVersions, QCoreApplication::applicationVersion());
        put(DCM_ConversionType, QStringLiteral("WSD"));
        put(DCM_DateOfSecondaryCapture, date);
        put(DCM_TimeOfSecondaryCapture, time);
        // General Image, SC Image. No acquisition date or time: see the header.
        put(DCM_InstanceNumber, QString::number(options.instanceNumber));
        ok = ds->insertEmptyElement(DCM_PatientOrientation).good() && ok;
        put(DCM_ContentDate, date);
        put(DCM_ContentTime, time);
        put(DCM_ImageType, QStringLiteral("DERIVED\\SECONDARY"));
        put(DCM_BurnedInAnnotation, QStringLiteral("YES"));
        put(DCM_ImageComments, notForDiagnosis ? CadSrWriter::notForDiagnosisStatement(analysis)
                                               : QStringLiteral("MammoLens model results"));
        put(DCM_DerivationDescription,
            QStringLiteral("GMIC patches and saliency drawn over the source image"));
        DcmItem* derived = nullptr;
        if (ds->findOrCreateSequenceItem(DCM_SourceImageSequence, derived, 0).good() && derived) {
            ok = putString(derived, DCM_ReferencedSOPClassUID, reference->sopClassUid) && ok;
            ok = putString(derived, DCM_ReferencedSOPInstanceUID, reference->sopInstanceUid) && ok;
        } else {
            ok = false;
        }
        // Mammography attributes: the laterality as the loader decided it, and the source's
        // View Code Sequence when it has one (else the CID 4014 code of the view).
        put(DCM_ImageLaterality, reference->imageLaterality);
        DcmItem* viewCode = nullptr;
        DcmDataset* sourceSet = source.dataset(view.view);
        if (sourceSet &&
            sourceSet->findAndGetSequenceItem(DCM_ViewCodeSequence, viewCode, 0).good() &&
            viewCode) {
            DcmElement* sequence = nullptr;
            if (sourceSet->findAndGetElement(DCM_ViewCodeSequence, sequence).good() && sequence)
                ok = ds->insert(static_cast<DcmElement*>(sequence->clone()), OFTrue).good() && ok;
        } else {
            DcmItem* item = nullptr;
            const bool cc = core::positionOf(view.view) == core::ViewPosition::CC;
            ok = ds->findOrCreateSequenceItem(DCM_ViewCodeSequence, item, 0).good() && item &&
                 putCode(item, cc ? "399162004" : "399368009", "SCT",
                         cc ? "cranio-caudal" : "medio-lateral oblique") &&
                 ok;
        }
        // Image Pixel: 8-bit grey, MONOCHROME2 (see the header for why not RGB).
        putUs(DCM_SamplesPerPixel, 1);
        put(DCM_PhotometricInterpretation, QStringLiteral("MONOCHROME2"));
        putUs(DCM_Rows, grey.rows);
        putUs(DCM_Columns, grey.cols);
        putUs(DCM_BitsAllocated, 8);
        putUs(DCM_BitsStored, 8);
        putUs(DCM_HighBit, 7);
        putUs(DCM_PixelRepresentation, 0);
        ok = ds->putAndInsertUint8Array(DCM_PixelData, grey.ptr<Uint8>(),
                                        static_cast<unsigned long>(grey.total()))
                 .good() &&
             ok;
        if (!ok)
            return Error{QStringLiteral("export.write_failed"),
                         QStringLiteral("DCMTK refused an attribute of the secondary capture."),
                         path};
        if (auto saved = DicomExportSource::saveAtomically(file, path); !saved)
            return saved.error();
        return sopUid;
    } catch (const std::exception& e) {
        return Error{QStringLiteral("export.write_failed"), QString::fromLocal8Bit(e.what()), path};
    }
}

} // namespace mammolens::app
