// DicomMammogramWriter: the sample exam written in every transfer syntax and photometric
// interpretation reads back with identical pixels, laterality and view; the object carries the
// attributes of a Digital Mammography X-Ray Image "for presentation".

#include "core/dicom/dicomimagereader.h"
#include "core/dicom/dicommammogramwriter.h"
#include "core/preprocess/preprocessor.h"
#include "dicomtestfiles.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>

using namespace mammolens::core;
using Writer = DicomMammogramWriter;
Q_DECLARE_METATYPE(mammolens::core::StandardView)
Q_DECLARE_METATYPE(mammolens::core::DicomMammogramWriter::TransferSyntax)
Q_DECLARE_METATYPE(mammolens::core::DicomMammogramWriter::Photometric)

class TestDicomMammogramWriter : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir dir_;
    std::map<StandardView, MammogramImage> samples_;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(dir_.isValid());
        for (StandardView view : kStandardViews) {
            samples_[view] = dicomtest::sampleImage(view);
            QVERIFY2(!samples_[view].pixels.empty(), qPrintable(dicomtest::samplePath(view)));
            QCOMPARE(samples_[view].pixels.type(), CV_16UC1);
        }
    }

    void sampleRoundTripsExactly_data()
    {
        QTest::addColumn<StandardView>("view");
        QTest::addColumn<Writer::TransferSyntax>("syntax");
        QTest::addColumn<Writer::Photometric>("photometric");
        for (StandardView view : kStandardViews)
            for (Writer::TransferSyntax syntax : Writer::kTransferSyntaxes)
                for (Writer::Photometric photometric :
                     {Writer::Photometric::Monochrome2, Writer::Photometric::Monochrome1})
                    QTest::addRow("%s %s %s", qPrintable(toString(view)),
                                  qPrintable(Writer::toString(syntax)),
                                  photometric == Writer::Photometric::Monochrome1 ? "MONOCHROME1"
                                                                                  : "MONOCHROME2")
                        << view << syntax << photometric;
    }

    void sampleRoundTripsExactly()
    {
        QFETCH(StandardView, view);
        QFETCH(Writer::TransferSyntax, syntax);
        QFETCH(Writer::Photometric, photometric);
        const MammogramImage& original = samples_[view];
        // A neutral name: laterality and view must come from the DICOM attributes.
        const QString path = dir_.filePath(QStringLiteral("image_%1_%2_%3.dcm")
                                               .arg(int(view))
                                               .arg(Writer::toString(syntax))
                                               .arg(int(photometric)));
        Writer::Options options;
        options.transferSyntax = syntax;
        options.photometric = photometric;
        const Outcome<QString> written = Writer::write(original, path, options);
        QVERIFY2(written.ok(), qPrintable(written.error().toString()));

        DicomInspection inspection;
        const Outcome<MammogramImage> read = DicomImageReader().read(path, &inspection);
        QVERIFY2(read.ok(), qPrintable(read.error().toString()));
        const MammogramImage& image = read.value();
        QCOMPARE(image.pixels.type(), CV_16UC1);
        QCOMPARE(image.pixels.size(), original.pixels.size());
        QCOMPARE(cv::norm(image.pixels, original.pixels, cv::NORM_INF), 0.0);
        QCOMPARE(toString(image.laterality), toString(original.laterality));
        QCOMPARE(image.position, original.position);
        QCOMPARE(image.standardView(), std::optional<StandardView>(view));
        QCOMPARE(toString(image.lateralitySource), toString(DecisionSource::ImageLaterality));
        QCOMPARE(toString(image.viewSource), toString(DecisionSource::ViewCodeSequence));
        QCOMPARE(image.sopInstanceUid, written.value());
        QCOMPARE(image.photometricInterpretation, photometric == Writer::Photometric::Monochrome1
                                                      ? QStringLiteral("MONOCHROME1")
                                                      : QStringLiteral("MONOCHROME2"));
        QVERIFY(image.forPresentation);
        QVERIFY2(image.warnings.isEmpty(), qPrintable(image.warnings.join(QLatin1Char('\n'))));
        QCOMPARE(
            inspection.lateralityEvidence,
            QStringList({QStringLiteral("ImageLaterality=%1").arg(toString(original.laterality)),
                         QStringLiteral("Laterality=%1").arg(toString(original.laterality))}));
    }

    void compressedRoundTripsAtBitDepths_data()
    {
        QTest::addColumn<Writer::TransferSyntax>("syntax");
        QTest::addColumn<int>("bits");
        QTest::addColumn<Writer::Photometric>("photometric");
        for (Writer::TransferSyntax syntax :
             {Writer::TransferSyntax::Jpeg2000Lossless, Writer::TransferSyntax::JpegLsLossless})
            for (int bits : {12, 16})
                for (Writer::Photometric photometric :
                     {Writer::Photometric::Monochrome2, Writer::Photometric::Monochrome1})
                    QTest::addRow("%s %d-bit %s", qPrintable(Writer::toString(syntax)), bits,
                                  photometric == Writer::Photometric::Monochrome1 ? "MONOCHROME1"
                                                                                  : "MONOCHROME2")
                        << syntax << bits << photometric;
    }

    void compressedRoundTripsAtBitDepths()
    {
        // Noise over the whole stored range, extremes included: the hardest input for a
        // lossless coder and the one that shows any lost bit.
        QFETCH(Writer::TransferSyntax, syntax);
        QFETCH(int, bits);
        QFETCH(Writer::Photometric, photometric);
        MammogramImage image = dicomtest::syntheticImage(StandardView::LMLO, 300, 200);
        cv::RNG rng(4711);
        rng.fill(image.pixels, cv::RNG::UNIFORM, 0, 1 << bits);
        image.pixels.at<quint16>(0, 0) = quint16((1 << bits) - 1);
        image.pixels.at<quint16>(0, 1) = 0;
        const QString path = dir_.filePath(QStringLiteral("depth_%1_%2_%3.dcm")
                                               .arg(Writer::toString(syntax))
                                               .arg(bits)
                                               .arg(int(photometric)));
        Writer::Options options;
        options.transferSyntax = syntax;
        options.photometric = photometric;
        options.bitsStored = bits;
        QVERIFY(dicomtest::write(image, path, options));
        DicomInspection inspection;
        const Outcome<MammogramImage> read = DicomImageReader().read(path, &inspection);
        QVERIFY2(read.ok(), qPrintable(read.error().toString()));
        QCOMPARE(inspection.bitsStored, bits);
        QCOMPARE(cv::norm(read.value().pixels, image.pixels, cv::NORM_INF), 0.0);
        QVERIFY(read.value().warnings.isEmpty());
    }

    void compressedSampleViewPreprocessesLikeThePng_data()
    {
        QTest::addColumn<Writer::TransferSyntax>("syntax");
        QTest::newRow("jpeg-ls") << Writer::TransferSyntax::JpegLsLossless;
        QTest::newRow("jpeg2000") << Writer::TransferSyntax::Jpeg2000Lossless;
    }

    void compressedSampleViewPreprocessesLikeThePng()
    {
        QFETCH(Writer::TransferSyntax, syntax);
        const MammogramImage& png = samples_[StandardView::RMLO];
        const QString path =
            dir_.filePath(QStringLiteral("preprocess_%1.dcm").arg(Writer::toString(syntax)));
        Writer::Options options;
        options.transferSyntax = syntax;
        options.photometric = Writer::Photometric::Monochrome1;
        QVERIFY(dicomtest::write(png, path, options));
        const Outcome<MammogramImage> dicom = DicomImageReader().read(path);
        QVERIFY2(dicom.ok(), qPrintable(dicom.error().toString()));
        const Preprocessor preprocessor;
        const Outcome<ModelInput> fromPng = preprocessor.process(png, false);
        const Outcome<ModelInput> fromDicom = preprocessor.process(dicom.value(), false);
        QVERIFY2(fromPng.ok(), qPrintable(fromPng.error().toString()));
        QVERIFY2(fromDicom.ok(), qPrintable(fromDicom.error().toString()));
        QCOMPARE(cv::norm(fromDicom.value().input, fromPng.value().input, cv::NORM_INF), 0.0);
    }

    void objectCarriesMammographyAttributes()
    {
        const QString path = dir_.filePath(QStringLiteral("attributes.dcm"));
        Writer::Options options;
        options.studyInstanceUid = QStringLiteral("1.2.826.0.1.3680043.2.1125.1");
        QVERIFY(dicomtest::write(samples_[StandardView::RMLO], path, options));
        DcmFileFormat file;
        QVERIFY(file.loadFile(QFile::encodeName(path).constData()).good());
        DcmDataset* ds = file.getDataset();
        // Type 1: present with a value.
        for (const DcmTagKey& key : {DCM_SOPClassUID,
                                     DCM_SOPInstanceUID,
                                     DCM_StudyInstanceUID,
                                     DCM_Modality,
                                     DCM_SeriesInstanceUID,
                                     DCM_PresentationIntentType,
                                     DCM_ImageType,
                                     DCM_PatientOrientation,
                                     DCM_ImageLaterality,
                                     DCM_OrganExposed,
                                     DCM_AnatomicRegionSequence,
                                     DCM_ViewCodeSequence,
                                     DCM_SamplesPerPixel,
                                     DCM_PhotometricInterpretation,
                                     DCM_Rows,
                                     DCM_Columns,
                                     DCM_BitsAllocated,
                                     DCM_BitsStored,
                                     DCM_HighBit,
                                     DCM_PixelRepresentation,
                                     DCM_PixelIntensityRelationship,
                                     DCM_PixelIntensityRelationshipSign,
                                     DCM_RescaleIntercept,
                                     DCM_RescaleSlope,
                                     DCM_RescaleType,
                                     DCM_PresentationLUTShape,
                                     DCM_LossyImageCompression,
                                     DCM_BurnedInAnnotation,
                                     DCM_ImagerPixelSpacing,
                                     DCM_WindowCenter,
                                     DCM_WindowWidth,
                                     DCM_PixelData})
            QVERIFY2(ds->tagExistsWithValue(key),
                     qPrintable(QString::fromLatin1(DcmTag(key).getTagName())));
        // Type 2: present, may be empty.
        for (const DcmTagKey& key :
             {DCM_PatientName, DCM_PatientID, DCM_PatientBirthDate, DCM_PatientSex, DCM_StudyDate,
              DCM_StudyTime, DCM_ReferringPhysicianName, DCM_StudyID, DCM_AccessionNumber,
              DCM_SeriesNumber, DCM_Manufacturer, DCM_InstanceNumber, DCM_DetectorType,
              DCM_PositionerType, DCM_AcquisitionContextSequence})
            QVERIFY2(ds->tagExists(key), qPrintable(QString::fromLatin1(DcmTag(key).getTagName())));
        OFString value;
        ds->findAndGetOFString(DCM_SOPClassUID, value);
        QCOMPARE(QString::fromLatin1(value.c_str()),
                 QStringLiteral(UID_DigitalMammographyXRayImageStorageForPresentation));
        ds->findAndGetOFString(DCM_StudyInstanceUID, value);
        QCOMPARE(QString::fromLatin1(value.c_str()), options.studyInstanceUid);
        ds->findAndGetOFStringArray(DCM_PatientOrientation, value);
        QCOMPARE(QString::fromLatin1(value.c_str()), QStringLiteral("P\\F"));
        DcmItem* viewItem = nullptr;
        QVERIFY(ds->findAndGetSequenceItem(DCM_ViewCodeSequence, viewItem, 0).good());
        viewItem->findAndGetOFString(DCM_CodeValue, value);
        QCOMPARE(QString::fromLatin1(value.c_str()), QStringLiteral("399368009"));
        QVERIFY(viewItem->tagExists(DCM_ViewModifierCodeSequence));
    }

    void dcmdumpReadsEverySyntax()
    {
        const QString dcmdump = QStandardPaths::findExecutable(QStringLiteral("dcmdump"));
        if (dcmdump.isEmpty())
            QSKIP("dcmdump is not installed");
        for (Writer::TransferSyntax syntax : Writer::kTransferSyntaxes) {
            const QString path =
                dir_.filePath(QStringLiteral("dump_%1.dcm").arg(Writer::toString(syntax)));
            Writer::Options options;
            options.transferSyntax = syntax;
            QVERIFY(dicomtest::write(samples_[StandardView::LCC], path, options));
            QProcess process;
            process.start(dcmdump, {QStringLiteral("-q"), QStringLiteral("-E"), path});
            QVERIFY(process.waitForFinished(60000));
            const QString output = QString::fromLatin1(process.readAllStandardOutput());
            QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0,
                     qPrintable(QString::fromLatin1(process.readAllStandardError())));
            QVERIFY2(output.contains(QStringLiteral("(0020,0062) CS [L]")),
                     qPrintable(output.left(3000)));
            QVERIFY(output.contains(QStringLiteral("(0054,0220) SQ")));
        }
    }

    void refusesWhatItCannotWrite()
    {
        MammogramImage image = samples_[StandardView::LCC];
        image.pixels = cv::Mat();
        QCOMPARE(Writer::write(image, dir_.filePath(QStringLiteral("x.dcm")), {}).error().code,
                 QStringLiteral("dicom.write_invalid_image"));
        image = samples_[StandardView::LCC];
        image.position = ViewPosition::Other;
        image.viewName = QStringLiteral("whatever");
        QCOMPARE(Writer::write(image, dir_.filePath(QStringLiteral("x.dcm")), {}).error().code,
                 QStringLiteral("dicom.write_invalid_image"));
        image.viewName = QStringLiteral("spot compression CC");
        QCOMPARE(Writer::write(image, dir_.filePath(QStringLiteral("x.dcm")), {}).error().code,
                 QStringLiteral("dicom.write_invalid_image"));
        image = samples_[StandardView::LCC];
        Writer::Options options;
        options.bitsStored = 8; // the sample holds 12-bit values
        QCOMPARE(Writer::write(image, dir_.filePath(QStringLiteral("x.dcm")), options).error().code,
                 QStringLiteral("dicom.write_invalid_image"));
        QVERIFY(!QFile::exists(dir_.filePath(QStringLiteral("x.dcm"))));
    }

    void nonStandardViewRoundTrips()
    {
        MammogramImage image = dicomtest::syntheticImage(StandardView::RCC);
        image.position = ViewPosition::Other;
        image.viewName = QStringLiteral("XCCL");
        const QString path = dir_.filePath(QStringLiteral("xccl.dcm"));
        QVERIFY(dicomtest::write(image, path));
        const Outcome<MammogramImage> read = DicomImageReader().read(path);
        QVERIFY2(read.ok(), qPrintable(read.error().toString()));
        QCOMPARE(read.value().position, ViewPosition::Other);
        QCOMPARE(read.value().viewName, QStringLiteral("XCCL"));
        QCOMPARE(toString(read.value().laterality), toString(Laterality::Right));
    }
};

QTEST_GUILESS_MAIN(TestDicomMammogramWriter)
#include "tst_dicommammogramwriter.moc"
