// Reading single PNG mammograms: view from the file name, bit depths, colour, and one specific
// error per kind of bad file.

#include "core/png/pngimagereader.h"
#include "shareddir.h"
#include "syntheticmammogram.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <opencv2/imgcodecs.hpp>

using namespace mammolens::core;

namespace {

QByteArray encodePng(const cv::Mat& image)
{
    std::vector<uchar> bytes;
    cv::imencode(".png", image, bytes);
    return QByteArray(reinterpret_cast<const char*>(bytes.data()), qsizetype(bytes.size()));
}

void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(bytes), bytes.size());
}

/// A PNG that is valid up to its IHDR, with the given dimensions, and nothing after it. Enough
/// for the checks that must run before any decoding.
QByteArray headerOnly(quint32 width, quint32 height, int bitDepth = 16, int colourType = 0)
{
    QByteArray bytes("\x89PNG\r\n\x1a\n", 8);
    bytes += QByteArray("\0\0\0\x0dIHDR", 8);
    for (quint32 v : {width, height})
        for (int shift = 24; shift >= 0; shift -= 8)
            bytes += char((v >> shift) & 0xff);
    bytes += char(bitDepth);
    bytes += char(colourType);
    bytes += QByteArray(3, '\0'); // compression, filter, interlace
    bytes += QByteArray(4, '\0'); // CRC, not checked before decoding
    return bytes;
}

} // namespace

class TestPngImageReader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void viewFromFileName_data();
    void viewFromFileName();

    void sixteenBitSampleReadsAsIs();
    void eightBitLoadsWithWarningAndKeepsValues();
    void greyStoredAsRgbReadsWithWarning();
    void realColourIsRejected();
    void examListViewOverridesNameWithWarning();

    void badFileGivesSpecificError_data();
    void badFileGivesSpecificError();

private:
    QTemporaryDir dir_;
};

void TestPngImageReader::initTestCase()
{
    QVERIFY2(QFileInfo::exists(sampleExamDir() + "/0_L-CC.png"),
             qPrintable("the shared sample exam is missing (" + sampleExamDir() + ")"));
    QVERIFY(dir_.isValid());
}

void TestPngImageReader::viewFromFileName_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("expected"); // a view, or an error code
    QTest::newRow("sample name") << "0_L-CC.png"
                                 << "L-CC";
    QTest::newRow("underscore") << "exam12_R_MLO.png"
                                << "R-MLO";
    QTest::newRow("no separator") << "LCC.png"
                                  << "L-CC";
    QTest::newRow("lower case") << "r-mlo.png"
                                << "R-MLO";
    QTest::newRow("mixed case, space") << "Patient R cc final.PNG"
                                       << "R-CC";
    QTest::newRow("digit after") << "L-MLO2.png"
                                 << "L-MLO";
    QTest::newRow("dot before") << "study.RCC.png"
                                << "R-CC";
    QTest::newRow("same view twice") << "LCC_L-CC.png"
                                     << "L-CC";
    QTest::newRow("full path ignored") << "/data/R-CC/0_L-MLO.png"
                                       << "L-MLO";
    QTest::newRow("inside a word before") << "CALCC.png"
                                          << "png.no_view";
    QTest::newRow("inside a word after") << "L-CCD.png"
                                         << "png.no_view";
    QTest::newRow("other view code") << "L-XCCL.png"
                                     << "png.no_view";
    QTest::newRow("ML is not MLO") << "R-ML.png"
                                   << "png.no_view";
    QTest::newRow("no view") << "scan.png"
                             << "png.no_view";
    QTest::newRow("two views") << "L-CC_vs_R-MLO.png"
                               << "png.ambiguous_view";
}

void TestPngImageReader::viewFromFileName()
{
    QFETCH(QString, name);
    QFETCH(QString, expected);
    const Outcome<StandardView> view = PngImageReader::viewFromFileName(name);
    if (expected.startsWith("png.")) {
        QVERIFY(!view.ok());
        QCOMPARE(view.error().code, expected);
    } else {
        QVERIFY2(view.ok(), qPrintable(view.error().toString()));
        QCOMPARE(toString(view.value()), expected);
    }
}

void TestPngImageReader::sixteenBitSampleReadsAsIs()
{
    const QString path = sampleExamDir() + "/0_R-MLO.png";
    const Outcome<MammogramImage> image = PngImageReader().read(path);
    QVERIFY2(image.ok(), qPrintable(image.error().toString()));
    const MammogramImage& m = image.value();
    QCOMPARE(m.pixels.type(), CV_16UC1);
    QCOMPARE(m.pixels.rows, 2650);
    QCOMPARE(m.pixels.cols, 1006);
    double lo = 0, hi = 0;
    cv::minMaxLoc(m.pixels, &lo, &hi);
    QCOMPARE(lo, 0.0);
    QVERIFY(hi > 255 && hi <= 4095); // 12-bit values (SOURCE.md)
    QVERIFY(m.laterality == Laterality::Right);
    QVERIFY(m.position == ViewPosition::MLO);
    QCOMPARE(m.viewName, QString("MLO"));
    QVERIFY(m.lateralitySource == DecisionSource::FileName);
    QVERIFY(m.viewSource == DecisionSource::FileName);
    QCOMPARE(m.sourcePath, path);
    QVERIFY(m.warnings.isEmpty());
}

void TestPngImageReader::eightBitLoadsWithWarningAndKeepsValues()
{
    const QString path = sampleExamDir() + "/0_R-CC_benign.png";
    const Outcome<MammogramImage> image = PngImageReader().read(path);
    QVERIFY2(image.ok(), qPrintable(image.error().toString()));
    QCOMPARE(image.value().pixels.type(), CV_16UC1);
    double hi = 0;
    cv::minMaxLoc(image.value().pixels, nullptr, &hi);
    QCOMPARE(hi, 255.0);
    QCOMPARE(image.value().warnings.size(), 1);
    QVERIFY(image.value().warnings[0].startsWith("8-bit PNG"));
}

void TestPngImageReader::greyStoredAsRgbReadsWithWarning()
{
    cv::Mat grey = syntheticMammogram(300, 200, true);
    cv::Mat grey8;
    grey.convertTo(grey8, CV_8U, 1.0 / 16);
    cv::Mat rgb;
    cv::merge(std::vector<cv::Mat>{grey8, grey8, grey8}, rgb);
    const QString path = dir_.filePath("rgb_L-CC.png");
    writeFile(path, encodePng(rgb));
    const Outcome<MammogramImage> image = PngImageReader().read(path);
    QVERIFY2(image.ok(), qPrintable(image.error().toString()));
    QCOMPARE(image.value().pixels.channels(), 1);
    QCOMPARE(cv::norm(image.value().pixels, cv::Mat_<ushort>(grey8), cv::NORM_INF), 0.0);
    QVERIFY(image.value().warnings.join('\n').contains("identical channels"));
}

void TestPngImageReader::realColourIsRejected()
{
    cv::Mat colour(50, 40, CV_8UC3, cv::Scalar(10, 200, 30));
    const QString path = dir_.filePath("colour_R-CC.png");
    writeFile(path, encodePng(colour));
    const Outcome<MammogramImage> image = PngImageReader().read(path);
    QVERIFY(!image.ok());
    QCOMPARE(image.error().code, QString("png.colour"));
    QCOMPARE(image.error().source, path);
}

void TestPngImageReader::examListViewOverridesNameWithWarning()
{
    const Outcome<MammogramImage> image = PngImageReader().read(
        sampleExamDir() + "/0_L-CC.png", StandardView::RCC, DecisionSource::ExamList);
    QVERIFY(image.ok());
    QVERIFY(image.value().laterality == Laterality::Right);
    QVERIFY(image.value().viewSource == DecisionSource::ExamList);
    QCOMPARE(image.value().warnings.size(), 1);
    QVERIFY(image.value().warnings[0].contains("file name says L-CC"));
}

void TestPngImageReader::badFileGivesSpecificError_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("code");

    const QByteArray valid = encodePng(syntheticMammogram(400, 300, true));
    QByteArray corruptData = valid;
    const qsizetype idat = corruptData.indexOf("IDAT");
    for (qsizetype i = idat + 20; i < idat + 200; ++i)
        corruptData[i] = char(corruptData[i] ^ 0x5a);

    QTest::newRow("missing file") << "missing_L-CC.png" << QByteArray() << "png.not_found";
    QTest::newRow("not a PNG") << "text_L-CC.png" << QByteArray("just some text, not an image")
                               << "png.not_png";
    QTest::newRow("JPEG named .png")
        << "jpeg_L-CC.png" << QByteArray("\xff\xd8\xff\xe0\0\x10JFIF", 10) << "png.not_png";
    QTest::newRow("empty file") << "empty_L-CC.png" << QByteArray("") << "png.not_png";
    QTest::newRow("cut inside the header") << "short_L-CC.png" << valid.left(20) << "png.truncated";
    QTest::newRow("cut inside the pixel data")
        << "cut_L-CC.png" << valid.left(valid.size() / 2) << "png.truncated";
    QTest::newRow("IEND missing") << "noend_L-CC.png" << valid.left(valid.size() - 12)
                                  << "png.truncated";
    QTest::newRow("zero width") << "zero_L-CC.png" << headerOnly(0, 100) << "png.zero_size";
    QTest::newRow("zero height") << "zeroh_L-CC.png" << headerOnly(100, 0) << "png.zero_size";
    QTest::newRow("beyond the memory budget")
        << "huge_L-CC.png" << headerOnly(200000, 200000) << "png.too_large";
    QTest::newRow("bad bit depth") << "depth_L-CC.png" << headerOnly(10, 10, 7) << "png.corrupt";
    QTest::newRow("corrupt pixel data") << "garbled_L-CC.png" << corruptData << "png.decode_failed";
    QTest::newRow("no view in the name") << "scan.png" << valid << "png.no_view";
}

void TestPngImageReader::badFileGivesSpecificError()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, bytes);
    QFETCH(QString, code);
    const QString path = dir_.filePath(name);
    if (code != "png.not_found")
        writeFile(path, bytes);
    const Outcome<MammogramImage> image = PngImageReader().read(path);
    QVERIFY(!image.ok());
    QCOMPARE(image.error().code, code);
    QCOMPARE(image.error().source, path);
    QVERIFY(!image.error().message.isEmpty());
}

QTEST_GUILESS_MAIN(TestPngImageReader)
#include "tst_pngimagereader.moc"
