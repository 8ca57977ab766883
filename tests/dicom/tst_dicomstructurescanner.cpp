// DicomStructureScanner: refuses deep nesting in every encoding before DCMTK sees the file,
// accepts ordinary and moderately nested files (which DCMTK then parses), and names cut-off and
// non-DICOM files.

#include "core/dicom/dicomstructurescanner.h"
#include "dicomtestfiles.h"

#include <QTemporaryDir>
#include <QtTest>
#include <dcmtk/dcmdata/dcfilefo.h>

using namespace mammolens::core;

class TestDicomStructureScanner : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir dir_;

    QString file(const QString& name, const QByteArray& bytes)
    {
        const QString path = dir_.filePath(name);
        if (!dicomtest::writeBytes(path, bytes))
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }

    static QByteArray dataset(int depth, bool explicitVr, bool defined)
    {
        QByteArray bytes;
        if (explicitVr) {
            bytes +=
                dicomtest::shortElement(0x0008, 0x0016, "UI", UID_SecondaryCaptureImageStorage);
            bytes += dicomtest::shortElement(0x0008, 0x0060, "CS", "OT");
        } else {
            // Implicit VR: tag, 4-byte length, value.
            QByteArray uid(UID_SecondaryCaptureImageStorage);
            if (uid.size() % 2)
                uid.append('\0');
            bytes += dicomtest::tag(0x0008, 0x0016) + dicomtest::le32(quint32(uid.size())) + uid;
        }
        bytes += dicomtest::nestedSequences(depth, explicitVr, defined);
        return bytes;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    void nesting_data()
    {
        QTest::addColumn<int>("depth");
        QTest::addColumn<bool>("explicitVr");
        QTest::addColumn<bool>("defined");
        QTest::addColumn<bool>("accepted");
        for (bool explicitVr : {true, false})
            for (bool defined : {true, false}) {
                const char* vr = explicitVr ? "explicit" : "implicit";
                const char* length = defined ? "defined" : "undefined";
                QTest::addRow("%s %s depth 1 accepted", vr, length)
                    << 1 << explicitVr << defined << true;
                QTest::addRow("%s %s depth 64 accepted", vr, length)
                    << 64 << explicitVr << defined << true;
                QTest::addRow("%s %s depth 65 refused", vr, length)
                    << 65 << explicitVr << defined << false;
                QTest::addRow("%s %s depth 10000 refused", vr, length)
                    << 10000 << explicitVr << defined << false;
            }
    }

    void nesting()
    {
        QFETCH(int, depth);
        QFETCH(bool, explicitVr);
        QFETCH(bool, defined);
        QFETCH(bool, accepted);
        const QString path =
            file(QStringLiteral("nested_%1_%2_%3.dcm").arg(depth).arg(explicitVr).arg(defined),
                 dicomtest::part10(dataset(depth, explicitVr, defined),
                                   explicitVr ? UID_LittleEndianExplicitTransferSyntax
                                              : UID_LittleEndianImplicitTransferSyntax));
        const Outcome<DicomStructureScanner::Summary> scan = DicomStructureScanner::scan(path);
        if (accepted) {
            QVERIFY2(scan.ok(), qPrintable(scan.error().toString()));
            QCOMPARE(scan.value().maxSequenceDepth, depth);
            QVERIFY(scan.value().hasMetaHeader);
            // What the scanner accepts, DCMTK parses (and walks the same depth).
            DcmFileFormat dcm;
            QVERIFY(dcm.loadFile(QFile::encodeName(path).constData()).good());
        } else {
            QVERIFY(!scan.ok());
            QCOMPARE(scan.error().code, QStringLiteral("dicom.nesting_too_deep"));
            QCOMPARE(scan.error().source, path);
        }
    }

    void limitIsConfigurable()
    {
        const QString path = file(
            QStringLiteral("nested_10.dcm"),
            dicomtest::part10(dataset(10, true, false), UID_LittleEndianExplicitTransferSyntax));
        DicomStructureScanner::Limits limits;
        limits.maxSequenceDepth = 9;
        QCOMPARE(DicomStructureScanner::scan(path, limits).error().code,
                 QStringLiteral("dicom.nesting_too_deep"));
        limits.maxSequenceDepth = 10;
        QVERIFY(DicomStructureScanner::scan(path, limits).ok());
    }

    void issueFileIsRefused()
    {
        const QString path = file(QStringLiteral("cve.dcm"), dicomtest::deeplyNestedFile());
        const Outcome<DicomStructureScanner::Summary> scan = DicomStructureScanner::scan(path);
        QVERIFY(!scan.ok());
        QCOMPARE(scan.error().code, QStringLiteral("dicom.nesting_too_deep"));
        QVERIFY(scan.error().message.contains(QStringLiteral("CVE-2026-44031")));
    }

    void writtenFilesInEverySyntaxPass()
    {
        const MammogramImage image = dicomtest::syntheticImage(StandardView::LCC);
        for (DicomMammogramWriter::TransferSyntax syntax :
             DicomMammogramWriter::kTransferSyntaxes) {
            const QString path = dir_.filePath(
                QStringLiteral("ok_%1.dcm").arg(DicomMammogramWriter::toString(syntax)));
            DicomMammogramWriter::Options options;
            options.transferSyntax = syntax;
            QVERIFY(dicomtest::write(image, path, options));
            const Outcome<DicomStructureScanner::Summary> scan = DicomStructureScanner::scan(path);
            QVERIFY2(scan.ok(), qPrintable(DicomMammogramWriter::toString(syntax) +
                                           QLatin1Char(' ') + scan.error().toString()));
            QCOMPARE(scan.value().maxSequenceDepth, 2); // View Code > View Modifier Code Sequence
        }
    }

    void truncatedFilesAreNamed_data()
    {
        QTest::addColumn<DicomMammogramWriter::TransferSyntax>("syntax");
        QTest::addColumn<double>("keep");
        for (DicomMammogramWriter::TransferSyntax syntax : DicomMammogramWriter::kTransferSyntaxes)
            for (double keep : {0.3, 0.6, 0.99})
                QTest::addRow("%s keep %.2f", qPrintable(DicomMammogramWriter::toString(syntax)),
                              keep)
                    << syntax << keep;
    }

    void truncatedFilesAreNamed()
    {
        QFETCH(DicomMammogramWriter::TransferSyntax, syntax);
        QFETCH(double, keep);
        const QString path = dir_.filePath(
            QStringLiteral("cut_%1_%2.dcm").arg(DicomMammogramWriter::toString(syntax)).arg(keep));
        DicomMammogramWriter::Options options;
        options.transferSyntax = syntax;
        QVERIFY(dicomtest::write(dicomtest::syntheticImage(StandardView::RMLO, 300, 200), path,
                                 options));
        QVERIFY(dicomtest::truncateFile(path, keep));
        const Outcome<DicomStructureScanner::Summary> scan = DicomStructureScanner::scan(path);
        QVERIFY(!scan.ok());
        QCOMPARE(scan.error().code, QStringLiteral("dicom.truncated"));
    }

    void notDicom_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("text") << QByteArray("This is a README, not an image.\n");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("png signature") << QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
        QTest::newRow("zeros") << QByteArray(4096, '\0');
    }

    void notDicom()
    {
        QFETCH(QByteArray, bytes);
        const QString path = file(QStringLiteral("not_%1.dcm").arg(QTest::currentDataTag()), bytes);
        QCOMPARE(DicomStructureScanner::scan(path).error().code, QStringLiteral("dicom.not_dicom"));
    }

    void missingFile()
    {
        QCOMPARE(
            DicomStructureScanner::scan(dir_.filePath(QStringLiteral("nope.dcm"))).error().code,
            QStringLiteral("dicom.not_found"));
    }

    void metaHeaderAloneIsTruncated()
    {
        const QString path =
            file(QStringLiteral("meta_only.dcm"),
                 dicomtest::part10(QByteArray(), UID_LittleEndianExplicitTransferSyntax));
        QCOMPARE(DicomStructureScanner::scan(path).error().code, QStringLiteral("dicom.truncated"));
    }

    void bareDatasetWithoutPreamble()
    {
        const QString path = file(QStringLiteral("bare.dcm"), dataset(3, true, false));
        const Outcome<DicomStructureScanner::Summary> scan = DicomStructureScanner::scan(path);
        QVERIFY2(scan.ok(), qPrintable(scan.error().toString()));
        QVERIFY(!scan.value().hasMetaHeader);
        QCOMPARE(scan.value().maxSequenceDepth, 3);
    }

    void unknownVrOfUndefinedLengthIsEntered()
    {
        // A UN element of undefined length holds an implicit VR sequence (CP-246): its nesting
        // counts too.
        QByteArray bytes =
            dicomtest::shortElement(0x0008, 0x0016, "UI", UID_SecondaryCaptureImageStorage);
        bytes +=
            dicomtest::tag(0x0009, 0x0010) + QByteArray("UN\0\0", 4) + dicomtest::le32(0xFFFFFFFFu);
        bytes += dicomtest::tag(0xFFFE, 0xE000) + dicomtest::le32(0xFFFFFFFFu);
        bytes += dicomtest::nestedSequences(70, false, false);
        bytes += dicomtest::tag(0xFFFE, 0xE00D) + dicomtest::le32(0);
        bytes += dicomtest::tag(0xFFFE, 0xE0DD) + dicomtest::le32(0);
        const QString path = file(QStringLiteral("un.dcm"),
                                  dicomtest::part10(bytes, UID_LittleEndianExplicitTransferSyntax));
        QCOMPARE(DicomStructureScanner::scan(path).error().code,
                 QStringLiteral("dicom.nesting_too_deep"));
    }
};

QTEST_GUILESS_MAIN(TestDicomStructureScanner)
#include "tst_dicomstructurescanner.moc"
