// DicomImageReader: every hostile file of issue 4 gives its own error code; the pixel, view,
// spacing and acceptance rules work through real files; lossy and the remaining JPEG transfer
// syntaxes decode.

#include "core/dicom/dicomimagereader.h"
#include "core/dicom/dicominspector.h"
#include "core/dicom/jpeg2000codec.h"
#include "dicomtestfiles.h"

#include <QTemporaryDir>
#include <QtTest>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmjpeg/djrplol.h>
#include <dcmtk/dcmjpeg/djrploss.h>
#include <dcmtk/dcmjpls/djrparam.h>
#include <opencv2/core.hpp>
#include <thread>

using namespace mammolens::core;
using Writer = DicomMammogramWriter;
Q_DECLARE_METATYPE(mammolens::core::DicomMammogramWriter::TransferSyntax)

namespace {

/// Builds one hostile file in `dir` and returns its path.
using Maker = std::function<QString(const QString& dir)>;

QString written(const QString& dir, const QString& name, StandardView view = StandardView::LCC,
                Writer::TransferSyntax syntax = Writer::TransferSyntax::ExplicitLittleEndian)
{
    const QString path = dir + QLatin1Char('/') + name;
    Writer::Options options;
    options.transferSyntax = syntax;
    if (!dicomtest::write(dicomtest::syntheticImage(view, 400, 300), path, options))
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

bool compress(const QString& path, E_TransferSyntax xfer, const DcmRepresentationParameter* p)
{
    DcmFileFormat file;
    if (file.loadFile(QFile::encodeName(path).constData()).bad())
        return false;
    file.loadAllDataIntoMemory();
    DcmDataset* ds = file.getDataset();
    if (ds->chooseRepresentation(xfer, p).bad() || !ds->canWriteXfer(xfer))
        return false;
    return file.saveFile(QFile::encodeName(path).constData(), xfer).good();
}

/// `codestream` wrapped in the JP2 file format (ISO 15444-1 Annex I): signature, file type,
/// header (image header, greyscale colour specification) and contiguous codestream boxes.
QByteArray jp2File(const QByteArray& codestream, int rows, int columns, int bits)
{
    auto be32 = [](quint32 v) {
        QByteArray b(4, 0);
        qToBigEndian(v, b.data());
        return b;
    };
    auto box = [&](const char* type, const QByteArray& content) {
        return be32(quint32(8 + content.size())) + QByteArray(type, 4) + content;
    };
    const QByteArray signature = box("jP  ", QByteArray("\x0D\x0A\x87\x0A", 4));
    const QByteArray fileType = box("ftyp", QByteArray("jp2 ") + be32(0) + QByteArray("jp2 "));
    QByteArray imageHeader = be32(quint32(rows)) + be32(quint32(columns));
    imageHeader += QByteArray("\x00\x01", 2);     // one component
    imageHeader += char(bits - 1);                // unsigned, `bits` deep
    imageHeader += QByteArray("\x07\x00\x00", 3); // JPEG 2000 compression, known colours, no IPR
    const QByteArray colour = box("colr", QByteArray("\x01\x00\x00", 3) + be32(17)); // greyscale
    return signature + fileType + box("jp2h", box("ihdr", imageHeader) + colour) +
           box("jp2c", codestream);
}

/// Rewrites the pixel data as 8-bit (BitsAllocated 8) with a matching window.
bool makeEightBit(const QString& path, const cv::Mat& pixels8)
{
    return dicomtest::modify(path, [&](DcmDataset* ds) {
        ds->putAndInsertUint16(DCM_BitsAllocated, 8);
        ds->putAndInsertUint16(DCM_BitsStored, 8);
        ds->putAndInsertUint16(DCM_HighBit, 7);
        ds->putAndInsertString(DCM_WindowCenter, "128");
        ds->putAndInsertString(DCM_WindowWidth, "256");
        ds->putAndInsertUint8Array(DCM_PixelData, pixels8.ptr<Uint8>(), pixels8.total());
    });
}

} // namespace

Q_DECLARE_METATYPE(Maker)

class TestDicomImageReader : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir dir_;
    QString d() const { return dir_.path(); }

private Q_SLOTS:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    void hostileFilesGetSpecificErrors_data()
    {
        QTest::addColumn<Maker>("make");
        QTest::addColumn<QString>("code");
        QTest::newRow("truncated uncompressed") << Maker([](const QString& dir) {
            const QString p = written(dir, QStringLiteral("cut.dcm"));
            dicomtest::truncateFile(p, 0.6);
            return p;
        }) << "dicom.truncated";
        QTest::newRow("truncated JPEG-LS") << Maker([](const QString& dir) {
            const QString p = written(dir, QStringLiteral("cut_jls.dcm"), StandardView::LCC,
                                      Writer::TransferSyntax::JpegLsLossless);
            dicomtest::truncateFile(p, 0.6);
            return p;
        }) << "dicom.truncated";
        QTest::newRow("pixel data shorter than a frame") << Maker([](const QString& dir) {
            const QString p = written(dir, QStringLiteral("short.dcm"));
            dicomtest::modify(p, [](DcmDataset* ds) {
                const Uint16 few[4] = {1, 2, 3, 4};
                ds->putAndInsertUint16Array(DCM_PixelData, few, 4);
            });
            return p;
        }) << "dicom.truncated";
        QTest::newRow("not DICOM") << Maker([](const QString& dir) {
            const QString p = dir + QStringLiteral("/notes.dcm");
            dicomtest::writeBytes(p, "Radiology department notes, not an image.\n");
            return p;
        }) << "dicom.not_dicom";
        QTest::newRow("CT image") << Maker([](const QString& dir) {
            const QString p = written(dir, QStringLiteral("ct.dcm"));
            dicomtest::modify(p, [](DcmDataset* ds) {
                ds->putAndInsertString(DCM_SOPClassUID, UID_CTImageStorage);
                ds->putAndInsertString(DCM_Modality, "CT");
            });
            return p;
        }) << "dicom.unsupported_modality";
        QTest::newRow("CR of the chest") << Maker([](const QString& dir) {
            const QString p = written(dir, QStringLiteral("cr.dcm"));
            dicomtest::modify(p, [](DcmDataset* ds) {
                ds->putAndInsertString(DCM_SOPClassUID, UID_ComputedRadiographyImageStorage);
                ds->putAndInsertString(DCM_Modality, "CR");
                ds->putAndInsertString(DCM_BodyPartExamined, "CHEST");
                delete ds->remove(DCM_ViewCodeSequence);
                delete ds->remove(DCM_AnatomicRegionSequence);
            });
            return p;
        }) << "dicom.unsupported_modality";
        QTest::newRow("laterality missing everywhere") << Maker([](const QString& dir) {
            const QString p = written(dir, QStringLiteral("nolat.dcm"));
            dicomtest::modify(p, [](DcmDataset* ds) {
                delete ds->remove(DCM_ImageLaterality);
                delete ds->remove(DCM_Laterality);
            });
            return p;
        }) << "dicom.no_laterality";
        QTest::newRow("conflicting laterality") << Maker([](const QString& dir) {
            const QString p = written(dir, QStringLiteral("conflict.dcm"));
            dicomtest::modify(p, [](DcmDataset* ds) {
                ds->putAndInsertString(DCM_ImageLaterality, "L");
                ds->putAndInsertString(DCM_Laterality, "R");
            });
            return p;
        }) << "dicom.conflicting_laterality";
        QTest::newRow("zero-size image") << Maker([](const QString& dir) {
            const QString p = written(dir, QStringLiteral("empty.dcm"));
            dicomtest::modify(p, [](DcmDataset* ds) {
                ds->putAndInsertUint16(DCM_Rows, 0);
                ds->putAndInsertUint16(DCM_Columns, 0);
                ds->putAndInsertUint16Array(DCM_PixelData, nullptr, 0);
            });
            return p;
        }) << "dicom.zero_size";
        QTest::newRow("huge dimensions") << Maker([](const QString& dir) {
            const QString p = written(dir, QStringLiteral("huge.dcm"));
            dicomtest::modify(p, [](DcmDataset* ds) {
                ds->putAndInsertUint16(DCM_Rows, 65535);
                ds->putAndInsertUint16(DCM_Columns, 65535);
            });
            return p;
        }) << "dicom.too_large";
        QTest::newRow("sequences nested 10000 deep") << Maker([](const QString& dir) {
            const QString p = dir + QStringLiteral("/deep.dcm");
            dicomtest::writeBytes(p, dicomtest::deeplyNestedFile());
            return p;
        }) << "dicom.nesting_too_deep";
        QTest::newRow("truncated JPEG 2000") << Maker([](const QString& dir) {
            const QString p = written(dir, QStringLiteral("cut_j2k.dcm"), StandardView::LCC,
                                      Writer::TransferSyntax::Jpeg2000Lossless);
            dicomtest::truncateFile(p, 0.6);
            return p;
        }) << "dicom.truncated";
        QTest::newRow("JPEG 2000 codestream of two markers") << Maker([](const QString& dir) {
            const QString p = written(dir, QStringLiteral("j2k.dcm"));
            dicomtest::makeJpeg2000(p);
            return p;
        }) << "dicom.decode_failed";
        QTest::newRow("MPEG-2 video") << Maker([](const QString& dir) {
            const QString p = written(dir, QStringLiteral("mpeg2.dcm"));
            dicomtest::makeUnsupportedSyntax(p);
            return p;
        }) << "dicom.unsupported_transfer_syntax";
        QTest::newRow("colour") << Maker([](const QString& dir) {
            const QString p = written(dir, QStringLiteral("rgb.dcm"));
            dicomtest::modify(p, [](DcmDataset* ds) {
                ds->putAndInsertUint16(DCM_SamplesPerPixel, 3);
                ds->putAndInsertString(DCM_PhotometricInterpretation, "RGB");
            });
            return p;
        }) << "dicom.unsupported_pixel_format";
        QTest::newRow("no pixel data") << Maker([](const QString& dir) {
            const QString p = written(dir, QStringLiteral("nopixels.dcm"));
            dicomtest::modify(p, [](DcmDataset* ds) { delete ds->remove(DCM_PixelData); });
            return p;
        }) << "dicom.no_pixel_data";
        QTest::newRow("missing file")
            << Maker([](const QString& dir) { return dir + QStringLiteral("/does_not_exist.dcm"); })
            << "dicom.not_found";
    }

    void hostileFilesGetSpecificErrors()
    {
        QFETCH(Maker, make);
        QFETCH(QString, code);
        const QString path = make(d());
        DicomInspection inspection;
        const Outcome<MammogramImage> image = DicomImageReader().read(path, &inspection);
        QVERIFY(!image.ok());
        QCOMPARE(image.error().code, code);
        QCOMPARE(image.error().source, path);
        QVERIFY(!image.error().message.isEmpty());
        QVERIFY(inspection.error.has_value());
        QCOMPARE(inspection.error->code, code);
        if (code == QLatin1String("dicom.unsupported_transfer_syntax"))
            QVERIFY2(image.error().message.contains(
                         QLatin1String(DcmXfer(EXS_MPEG2MainProfileAtMainLevel).getXferID())),
                     qPrintable(image.error().message));
    }

    void hostileCodestreamsGetSpecificErrors_data()
    {
        QTest::addColumn<Writer::TransferSyntax>("syntax");
        QTest::addColumn<Maker>("damage");
        QTest::addColumn<QString>("code");
        using Damage = dicomtest::CodestreamDamage;
        auto damaged = [](Damage damage) {
            return Maker([damage](const QString& path) {
                return dicomtest::damageCodestream(path, damage) ? path : QString();
            });
        };
        const std::pair<Writer::TransferSyntax, const char*> syntaxes[] = {
            {Writer::TransferSyntax::JpegLsLossless, "JPEG-LS"},
            {Writer::TransferSyntax::Jpeg2000Lossless, "JPEG 2000"}};
        for (const auto& [syntax, name] : syntaxes) {
            QTest::addRow("%s, truncated fragment", name)
                << syntax << damaged(Damage::Truncated) << "dicom.decode_failed";
            QTest::addRow("%s, garbage bytes", name)
                << syntax << damaged(Damage::Garbage) << "dicom.decode_failed";
            QTest::addRow("%s, zero-length fragment", name)
                << syntax << damaged(Damage::ZeroLength) << "dicom.malformed";
            QTest::addRow("%s, codestream wider than Columns", name)
                << syntax << Maker([](const QString& path) {
                       return dicomtest::modify(
                                  path,
                                  [](DcmDataset* ds) { ds->putAndInsertUint16(DCM_Columns, 299); })
                                  ? path
                                  : QString();
                   })
                << "dicom.codestream_mismatch";
            QTest::addRow("%s, codestream taller than Rows", name)
                << syntax << Maker([](const QString& path) {
                       return dicomtest::modify(
                                  path,
                                  [](DcmDataset* ds) { ds->putAndInsertUint16(DCM_Rows, 401); })
                                  ? path
                                  : QString();
                   })
                << "dicom.codestream_mismatch";
            QTest::addRow("%s, 12-bit codestream, Bits Allocated 8", name)
                << syntax << Maker([](const QString& path) {
                       return dicomtest::modify(path,
                                                [](DcmDataset* ds) {
                                                    ds->putAndInsertUint16(DCM_BitsAllocated, 8);
                                                    ds->putAndInsertUint16(DCM_BitsStored, 8);
                                                    ds->putAndInsertUint16(DCM_HighBit, 7);
                                                })
                                  ? path
                                  : QString();
                   })
                << "dicom.codestream_mismatch";
            QTest::addRow("%s, no fragment", name)
                << syntax << Maker([syntax = syntax](const QString& path) {
                       return dicomtest::encapsulate(path,
                                                     syntax ==
                                                             Writer::TransferSyntax::JpegLsLossless
                                                         ? EXS_JPEGLSLossless
                                                         : EXS_JPEG2000LosslessOnly,
                                                     {})
                                  ? path
                                  : QString();
                   })
                << "dicom.malformed";
        }
    }

    void hostileCodestreamsGetSpecificErrors()
    {
        QFETCH(Writer::TransferSyntax, syntax);
        QFETCH(Maker, damage);
        QFETCH(QString, code);
        const QString path = damage(written(
            d(),
            QStringLiteral("bad_%1.dcm")
                .arg(QTest::currentDataTag())
                .replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_.]")), QStringLiteral("_")),
            StandardView::LCC, syntax));
        QVERIFY(!path.isEmpty());
        const Outcome<MammogramImage> image = DicomImageReader().read(path);
        QVERIFY(!image.ok());
        QVERIFY2(image.error().code == code, qPrintable(image.error().toString()));
        QCOMPARE(image.error().source, path);
        QVERIFY(!image.error().message.isEmpty());
    }

    void compressedFramesDecodeExactly_data()
    {
        QTest::addColumn<Writer::TransferSyntax>("syntax");
        QTest::addColumn<QString>("layout");
        for (auto syntax :
             {Writer::TransferSyntax::JpegLsLossless, Writer::TransferSyntax::Jpeg2000Lossless}) {
            const QString name = Writer::toString(syntax);
            for (const char* layout :
                 {"one fragment", "three fragments", "two frames, offset table",
                  "two frames, split, no offset table", "two frames, one fragment each", "8-bit"})
                QTest::addRow("%s, %s", qPrintable(name), layout) << syntax << QString(layout);
        }
        QTest::addRow("jpeg2000, JP2 file format")
            << Writer::TransferSyntax::Jpeg2000Lossless << QStringLiteral("jp2");
    }

    void compressedFramesDecodeExactly()
    {
        // Each fragment layout PS3.5 A.4 allows reaches the codecs as the same codestream; the
        // pixels equal the uncompressed original.
        QFETCH(Writer::TransferSyntax, syntax);
        QFETCH(QString, layout);
        const E_TransferSyntax xfer = syntax == Writer::TransferSyntax::JpegLsLossless
                                          ? EXS_JPEGLSLossless
                                          : EXS_JPEG2000LosslessOnly;
        const QString tag =
            QString::fromLatin1(QTest::currentDataTag())
                .replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9]")), QStringLiteral("_"));
        const QString path =
            written(d(), QStringLiteral("frames_%1.dcm").arg(tag), StandardView::RMLO, syntax);
        cv::Mat expected = dicomtest::syntheticImage(StandardView::RMLO, 400, 300).pixels;
        const std::vector<QByteArray> fragments = dicomtest::fragmentsOf(path);
        QCOMPARE(fragments.size(), std::size_t(1));
        QByteArray codestream = fragments.front();
        int frames = 1;
        if (layout == QLatin1String("three fragments")) {
            const int third = (codestream.size() / 3) & ~1;
            QVERIFY(dicomtest::encapsulate(
                path, xfer,
                {codestream.left(third), codestream.mid(third, third), codestream.mid(2 * third)}));
        } else if (layout == QLatin1String("two frames, offset table")) {
            const int half = (codestream.size() / 2) & ~1;
            const QByteArray a = codestream.left(half), b = codestream.mid(half);
            const QByteArray table =
                dicomtest::le32(0) +
                dicomtest::le32(quint32(8 + a.size() + 8 + b.size() + 1) & ~1u);
            QVERIFY(
                dicomtest::encapsulate(path, xfer, {a, b, codestream}, table, [](DcmDataset* ds) {
                    ds->putAndInsertString(DCM_NumberOfFrames, "2");
                }));
            frames = 2;
        } else if (layout == QLatin1String("two frames, split, no offset table")) {
            const int half = (codestream.size() / 2) & ~1;
            QVERIFY(dicomtest::encapsulate(
                path, xfer, {codestream.left(half), codestream.mid(half), codestream}, {},
                [](DcmDataset* ds) { ds->putAndInsertString(DCM_NumberOfFrames, "2"); }));
            frames = 2;
        } else if (layout == QLatin1String("two frames, one fragment each")) {
            // Frame 2 is garbage: only frame 1 is decoded.
            QVERIFY(dicomtest::encapsulate(
                path, xfer, {codestream, QByteArray(64, '\x55')}, {},
                [](DcmDataset* ds) { ds->putAndInsertString(DCM_NumberOfFrames, "2"); }));
            frames = 2;
        } else if (layout == QLatin1String("8-bit")) {
            cv::Mat pixels8;
            expected.convertTo(pixels8, CV_8U, 1.0 / 16);
            pixels8.convertTo(expected, CV_16U);
            written(d(), QFileInfo(path).fileName(), StandardView::RMLO); // uncompressed first
            QVERIFY(makeEightBit(path, pixels8));
            if (xfer == EXS_JPEGLSLossless) {
                DJLSRepresentationParameter p(0, OFTrue);
                QVERIFY(compress(path, xfer, &p));
            } else {
                const Outcome<std::vector<std::uint8_t>> j2k = Jpeg2000Codec::encodeLossless(
                    expected.ptr<std::uint16_t>(), expected.rows, expected.cols, 8, path);
                QVERIFY(j2k.ok());
                QVERIFY(dicomtest::encapsulate(
                    path, xfer,
                    {QByteArray(reinterpret_cast<const char*>(j2k.value().data()),
                                int(j2k.value().size()))}));
            }
        } else if (layout == QLatin1String("jp2")) {
            QVERIFY(dicomtest::encapsulate(path, xfer, {jp2File(codestream, 400, 300, 12)}));
        }
        DicomInspection inspection;
        const Outcome<MammogramImage> image = DicomImageReader().read(path, &inspection);
        QVERIFY2(image.ok(), qPrintable(image.error().toString()));
        QCOMPARE(inspection.transferSyntaxUid, QString::fromLatin1(DcmXfer(xfer).getXferID()));
        QCOMPARE(inspection.frames, frames);
        QCOMPARE(cv::norm(image.value().pixels, expected, cv::NORM_INF), 0.0);
        QCOMPARE(image.value().warnings.join(QLatin1Char(' ')).contains(QStringLiteral("Lossy")),
                 false);
    }

    void jpeg2000ImageCompressionIsLossyUnlessTheFileSaysOtherwise()
    {
        // 1.2.840.10008.1.2.4.91 allows both; a reversible codestream with Lossy Image
        // Compression "00" (as our writer sets it) loads without the lossy warning.
        const QString path = written(d(), QStringLiteral("j2k91.dcm"), StandardView::LCC,
                                     Writer::TransferSyntax::Jpeg2000Lossless);
        const QByteArray codestream = dicomtest::fragmentsOf(path).front();
        QVERIFY(dicomtest::encapsulate(path, EXS_JPEG2000, {codestream}));
        Outcome<MammogramImage> image = DicomImageReader().read(path);
        QVERIFY2(image.ok(), qPrintable(image.error().toString()));
        QVERIFY(image.value().warnings.isEmpty());
        QVERIFY(dicomtest::modify(
            path, [](DcmDataset* ds) { delete ds->remove(DCM_LossyImageCompression); }));
        image = DicomImageReader().read(path);
        QVERIFY2(image.ok(), qPrintable(image.error().toString()));
        QVERIFY(image.value().warnings.join(QLatin1Char(' ')).contains(QStringLiteral("Lossy")));
    }

    void memoryBudgetIsConfigurable()
    {
        const QString path = written(d(), QStringLiteral("budget.dcm"));
        DicomImageReader::Options options;
        options.maxDecodedBytes = 400 * 300 * 4 - 1;
        QCOMPARE(DicomImageReader(options).read(path).error().code,
                 QStringLiteral("dicom.too_large"));
        options.maxDecodedBytes = 400 * 300 * 4;
        QVERIFY(DicomImageReader(options).read(path).ok());
    }

    void lossyAndOtherJpegSyntaxesDecode_data()
    {
        QTest::addColumn<int>("syntax");
        QTest::addColumn<bool>("eightBit");
        QTest::addColumn<double>("tolerance"); // mean absolute difference allowed
        QTest::addColumn<bool>("lossy");
        QTest::newRow("JPEG baseline (8-bit, lossy)")
            << int(EXS_JPEGProcess1) << true << 3.0 << true;
        QTest::newRow("JPEG extended (12-bit, lossy)")
            << int(EXS_JPEGProcess2_4) << false << 40.0 << true;
        QTest::newRow("JPEG lossless process 14")
            << int(EXS_JPEGProcess14) << false << 0.0 << false;
        QTest::newRow("JPEG-LS near-lossless") << int(EXS_JPEGLSLossy) << false << 2.0 << true;
    }

    void lossyAndOtherJpegSyntaxesDecode()
    {
        QFETCH(int, syntax);
        QFETCH(bool, eightBit);
        QFETCH(double, tolerance);
        QFETCH(bool, lossy);
        const QString path = written(d(), QStringLiteral("jpeg_%1.dcm").arg(syntax));
        MammogramImage original = dicomtest::syntheticImage(StandardView::LCC, 400, 300);
        cv::Mat expected = original.pixels;
        if (eightBit) {
            cv::Mat pixels8;
            original.pixels.convertTo(pixels8, CV_8U, 1.0 / 16);
            QVERIFY(makeEightBit(path, pixels8));
            pixels8.convertTo(expected, CV_16U);
        }
        const auto xfer = E_TransferSyntax(syntax);
        bool ok = false;
        if (xfer == EXS_JPEGProcess14) {
            DJ_RPLossless p(6, 0);
            ok = compress(path, xfer, &p);
        } else if (xfer == EXS_JPEGLSLossy) {
            DJLSRepresentationParameter p(2, OFFalse);
            ok = compress(path, xfer, &p);
        } else {
            DJ_RPLossy p(95);
            ok = compress(path, xfer, &p);
        }
        QVERIFY(ok);
        DicomInspection inspection;
        const Outcome<MammogramImage> image = DicomImageReader().read(path, &inspection);
        QVERIFY2(image.ok(), qPrintable(image.error().toString()));
        QCOMPARE(inspection.transferSyntaxUid, QString::fromLatin1(DcmXfer(xfer).getXferID()));
        const double meanDifference =
            cv::norm(image.value().pixels, expected, cv::NORM_L1) / double(expected.total());
        QVERIFY2(meanDifference <= tolerance, qPrintable(QString::number(meanDifference)));
        QCOMPARE(image.value().warnings.join(QLatin1Char(' ')).contains(QStringLiteral("Lossy")),
                 lossy);
        // Background stays exactly 0 even after lossy compression of the stored values? Only
        // lossless syntaxes promise it.
        if (!lossy)
            QCOMPARE(cv::norm(image.value().pixels, expected, cv::NORM_INF), 0.0);
    }

    void defaultWindowIsAppliedAndAllArePresets()
    {
        const QString path = written(d(), QStringLiteral("windows.dcm"));
        QVERIFY(dicomtest::modify(path, [](DcmDataset* ds) {
            ds->putAndInsertString(DCM_WindowCenter, "2500\\2048");
            ds->putAndInsertString(DCM_WindowWidth, "1001\\4096");
            ds->putAndInsertString(DCM_WindowCenterWidthExplanation, "NARROW\\FULL");
        }));
        const MammogramImage original = dicomtest::syntheticImage(StandardView::LCC, 400, 300);
        const Outcome<MammogramImage> image = DicomImageReader().read(path);
        QVERIFY2(image.ok(), qPrintable(image.error().toString()));
        QCOMPARE(image.value().windows.size(), std::size_t(2));
        QCOMPARE(image.value().windows[0].explanation, QStringLiteral("NARROW"));
        QCOMPARE(image.value().windows[1].explanation, QStringLiteral("FULL"));
        for (int r = 0; r < original.pixels.rows; r += 7)
            for (int c = 0; c < original.pixels.cols; c += 5) {
                const double x = original.pixels.at<quint16>(r, c);
                double y = ((x - 2499.5) / 1000.0 + 0.5) * 4095.0;
                y = std::clamp(std::floor(y + 0.5), 0.0, 4095.0);
                QCOMPARE(double(image.value().pixels.at<quint16>(r, c)), y);
            }
    }

    void voiLutSequenceIsApplied()
    {
        const QString path = written(d(), QStringLiteral("voilut.dcm"));
        QVERIFY(dicomtest::modify(path, [](DcmDataset* ds) {
            delete ds->remove(DCM_WindowCenter);
            delete ds->remove(DCM_WindowWidth);
            DcmItem* item = nullptr;
            ds->findOrCreateSequenceItem(DCM_VOILUTSequence, item, 0);
            const Uint16 descriptor[3] = {4096, 0, 16};
            item->putAndInsertUint16Array(DCM_LUTDescriptor, descriptor, 3);
            std::vector<Uint16> data(4096);
            for (int i = 0; i < 4096; ++i)
                data[std::size_t(i)] = Uint16(std::sqrt(i / 4095.0) * 65535.0);
            item->putAndInsertUint16Array(DCM_LUTData, data.data(), 4096);
            item->putAndInsertString(DCM_LUTExplanation, "SQRT");
        }));
        const MammogramImage original = dicomtest::syntheticImage(StandardView::LCC, 400, 300);
        const Outcome<MammogramImage> image = DicomImageReader().read(path);
        QVERIFY2(image.ok(), qPrintable(image.error().toString()));
        QCOMPARE(image.value().windows.size(), std::size_t(1));
        QVERIFY(image.value().windows[0].fromLut);
        const int x = original.pixels.at<quint16>(200, 10);
        QCOMPARE(int(image.value().pixels.at<quint16>(200, 10)),
                 int(Uint16(std::sqrt(x / 4095.0) * 65535.0)));
        QCOMPARE(int(image.value().pixels.at<quint16>(0, 299)), 0);
    }

    void signedRescaledPixels()
    {
        // Stored = value - 2048 as signed 16-bit with intercept +2048: modality values equal the
        // original, and the full-range window on them gives the original back.
        const QString path = written(d(), QStringLiteral("signed.dcm"));
        const MammogramImage original = dicomtest::syntheticImage(StandardView::LCC, 400, 300);
        cv::Mat shifted;
        original.pixels.convertTo(shifted, CV_16S, 1.0, -2048);
        QVERIFY(dicomtest::modify(path, [&](DcmDataset* ds) {
            ds->putAndInsertUint16(DCM_PixelRepresentation, 1);
            ds->putAndInsertString(DCM_RescaleIntercept, "2048");
            ds->putAndInsertUint16(DCM_BitsStored, 16);
            ds->putAndInsertUint16(DCM_HighBit, 15);
            ds->putAndInsertString(DCM_WindowCenter, "2048");
            ds->putAndInsertString(DCM_WindowWidth, "4096");
            ds->putAndInsertUint16Array(
                DCM_PixelData, reinterpret_cast<const Uint16*>(shifted.data), shifted.total());
        }));
        const Outcome<MammogramImage> image = DicomImageReader().read(path);
        QVERIFY2(image.ok(), qPrintable(image.error().toString()));
        // Output range is 16 bits now (Bits Stored 16): the window maps 0..4095 onto 0..65535.
        cv::Mat expected;
        original.pixels.convertTo(expected, CV_64F, 65535.0 / 4095.0);
        cv::Mat got;
        image.value().pixels.convertTo(got, CV_64F);
        QVERIFY(cv::norm(got, expected, cv::NORM_INF) <= 1.0);
        QCOMPARE(int(image.value().pixels.at<quint16>(0, 299)), 0);
    }

    void paddingAndInversePresentationLut()
    {
        const QString path = written(d(), QStringLiteral("padding.dcm"));
        QVERIFY(dicomtest::modify(path, [](DcmDataset* ds) {
            ds->putAndInsertString(DCM_PresentationLUTShape, "INVERSE");
            ds->putAndInsertUint16(DCM_PixelPaddingValue, 0);
        }));
        const MammogramImage original = dicomtest::syntheticImage(StandardView::LCC, 400, 300);
        const Outcome<MammogramImage> image = DicomImageReader().read(path);
        QVERIFY2(image.ok(), qPrintable(image.error().toString()));
        // Inverted tissue, but the padding (background) still exactly 0.
        QCOMPARE(int(image.value().pixels.at<quint16>(0, 299)), 0);
        const int x = original.pixels.at<quint16>(200, 10);
        QCOMPARE(int(image.value().pixels.at<quint16>(200, 10)), 4095 - x);
        QVERIFY(image.value().warnings.join(QLatin1Char(' ')).contains(QStringLiteral("INVERSE")));
    }

    void spacing()
    {
        const QString path = written(d(), QStringLiteral("spacing.dcm"));
        QVERIFY(dicomtest::modify(path, [](DcmDataset* ds) {
            ds->putAndInsertString(DCM_ImagerPixelSpacing, "0.1\\0.12");
            ds->putAndInsertString(DCM_EstimatedRadiographicMagnificationFactor, "1.25");
        }));
        Outcome<MammogramImage> image = DicomImageReader().read(path);
        QVERIFY(image.ok());
        QCOMPARE(*image.value().rowSpacingMm, 0.08);
        QCOMPARE(*image.value().columnSpacingMm, 0.096);
        QVERIFY(dicomtest::modify(path, [](DcmDataset* ds) {
            ds->putAndInsertString(DCM_PixelSpacing, "0.085\\0.085");
        }));
        image = DicomImageReader().read(path);
        QCOMPARE(*image.value().rowSpacingMm, 0.085);
    }

    void viewModifierMakesOtherView()
    {
        const QString path = written(d(), QStringLiteral("spot.dcm"), StandardView::RCC);
        QVERIFY(dicomtest::modify(path, [](DcmDataset* ds) {
            DcmItem* view = nullptr;
            ds->findAndGetSequenceItem(DCM_ViewCodeSequence, view, 0);
            DcmItem* modifier = nullptr;
            view->findOrCreateSequenceItem(DCM_ViewModifierCodeSequence, modifier, 0);
            modifier->putAndInsertString(DCM_CodeValue, "R-102D2");
            modifier->putAndInsertString(DCM_CodingSchemeDesignator, "SRT");
            modifier->putAndInsertString(DCM_CodeMeaning, "Spot Compression");
        }));
        const Outcome<MammogramImage> image = DicomImageReader().read(path);
        QVERIFY(image.ok());
        QCOMPARE(image.value().position, ViewPosition::Other);
        QCOMPARE(image.value().viewName, QStringLiteral("spot compression CC"));
        QVERIFY(!image.value().standardView());
    }

    void xrayObjectsWithMammographyAttributesAreAccepted()
    {
        const QString path = written(d(), QStringLiteral("dx.dcm"), StandardView::RMLO);
        QVERIFY(dicomtest::modify(path, [](DcmDataset* ds) {
            ds->putAndInsertString(DCM_SOPClassUID, UID_DigitalXRayImageStorageForProcessing);
            ds->putAndInsertString(DCM_Modality, "DX");
            ds->putAndInsertString(DCM_PresentationIntentType, "FOR PROCESSING");
        }));
        const Outcome<MammogramImage> image = DicomImageReader().read(path);
        QVERIFY2(image.ok(), qPrintable(image.error().toString()));
        QVERIFY(!image.value().forPresentation);
        QCOMPARE(image.value().standardView(), std::optional<StandardView>(StandardView::RMLO));
    }

    void inspectorReportsDecisionsWithoutPatientData()
    {
        const QString path = written(d(), QStringLiteral("inspect.dcm"), StandardView::LMLO,
                                     Writer::TransferSyntax::JpegLsLossless);
        QVERIFY(dicomtest::modify(path, [](DcmDataset* ds) {
            ds->putAndInsertString(DCM_PatientName, "DOE^JANE");
            ds->putAndInsertString(DCM_PatientID, "PID-4711");
            ds->putAndInsertString(DCM_PatientBirthDate, "19600101");
        }));
        const DicomInspection inspection = DicomInspector::inspect(path);
        QVERIFY(!inspection.error);
        QVERIFY(inspection.decoded);
        QCOMPARE(inspection.transferSyntaxUid, QStringLiteral(UID_JPEGLSLosslessTransferSyntax));
        QCOMPARE(toString(inspection.lateralitySource), toString(DecisionSource::ImageLaterality));
        QCOMPARE(inspection.viewName, QStringLiteral("MLO"));
        const QString text = DicomInspector::toText(inspection);
        QVERIFY(text.contains(QStringLiteral("laterality: L (from ImageLaterality")));
        QVERIFY(text.contains(QStringLiteral("view: MLO [MLO] (from ViewCodeSequence")));
        QVERIFY(text.contains(QStringLiteral("JPEG-LS")));
        QVERIFY(!text.contains(QStringLiteral("DOE")));
        QVERIFY(!text.contains(QStringLiteral("4711")));
        QVERIFY(!text.contains(QStringLiteral("1960")));

        const DicomInspection failed =
            DicomInspector::inspect(written(d(), QStringLiteral("huge2.dcm")), [] {
                DicomImageReader::Options o;
                o.maxDecodedBytes = 10;
                return o;
            }());
        QVERIFY(failed.error);
        QVERIFY(DicomInspector::toText(failed).contains(QStringLiteral("ERROR dicom.too_large")));
    }

    void parallelReadsAgree()
    {
        QStringList paths;
        for (Writer::TransferSyntax syntax : Writer::kTransferSyntaxes)
            paths << written(d(), QStringLiteral("par_%1.dcm").arg(Writer::toString(syntax)),
                             StandardView::RCC, syntax);
        const cv::Mat reference = DicomImageReader().read(paths.front()).value().pixels;
        std::vector<std::thread> threads;
        std::atomic_int failures{0};
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&] {
                for (int round = 0; round < 3; ++round)
                    for (const QString& path : paths) {
                        const Outcome<MammogramImage> image = DicomImageReader().read(path);
                        if (!image ||
                            cv::norm(image.value().pixels, reference, cv::NORM_INF) != 0.0)
                            ++failures;
                    }
            });
        for (std::thread& t : threads)
            t.join();
        QCOMPARE(failures.load(), 0);
    }
};

QTEST_GUILESS_MAIN(TestDicomImageReader)
#include "tst_dicomimagereader.moc"
