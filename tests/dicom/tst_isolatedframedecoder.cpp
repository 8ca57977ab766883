// DCMTK's RLE and JPEG decoders run in the helper process mammolens-dicom-decoder: real files
// decode there identically to uncompressed ones, damaged ones come back as errors, and every way
// a helper can die, hang or lie costs only its file (a misbehaving stand-in, fakeframedecoder,
// plays the crashing helper).

#include "core/dicom/dicomimagereader.h"
#include "core/dicom/isolatedframedecoder.h"
#include "core/exam/examloader.h"
#include "dicomtestfiles.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>
#include <cerrno>
#include <csignal>
#include <set>

using namespace mammolens::core;
using Writer = DicomMammogramWriter;

namespace {

const QString kStudy = QStringLiteral("1.2.826.0.1.3680043.10.1401.77");

QString fakeDecoder()
{
    return QStringLiteral(FAKE_DECODER_PATH);
}

} // namespace

class TestIsolatedFrameDecoder : public QObject
{
    Q_OBJECT

    QTemporaryDir dir_;

    QString writeView(const QString& name, StandardView view, Writer::TransferSyntax syntax,
                      const QString& folder = {})
    {
        const QString where = folder.isEmpty() ? dir_.path() : folder;
        QDir().mkpath(where);
        Writer::Options options;
        options.transferSyntax = syntax;
        options.studyInstanceUid = kStudy;
        const QString path = where + QLatin1Char('/') + name;
        if (!dicomtest::write(dicomtest::syntheticImage(view), path, options))
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }

    Outcome<MammogramImage> readWithFake(const QString& path, const char* mode,
                                         int timeoutMs = 20000)
    {
        qputenv("FAKE_DECODER_MODE", mode);
        DicomImageReader::Options options;
        options.isolation.helperPath = fakeDecoder();
        options.isolation.timeoutMs = timeoutMs;
        return DicomImageReader(options).read(path);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(dir_.isValid());
        QVERIFY2(!IsolatedFrameDecoder::locateHelper().isEmpty(),
                 "mammolens-dicom-decoder is not built");
    }

    void rleAndJpegDecodeInTheHelperLikeUncompressed_data()
    {
        QTest::addColumn<int>("syntax");
        QTest::newRow("rle") << int(Writer::TransferSyntax::Rle);
        QTest::newRow("jpeg-lossless") << int(Writer::TransferSyntax::JpegLossless);
    }
    void rleAndJpegDecodeInTheHelperLikeUncompressed()
    {
        QFETCH(int, syntax);
        const auto transferSyntax = Writer::TransferSyntax(syntax);
        const QString path = writeView(Writer::toString(transferSyntax) + QStringLiteral(".dcm"),
                                       StandardView::RMLO, transferSyntax);
        const Outcome<MammogramImage> image = DicomImageReader().read(path);
        QVERIFY2(image.ok(), qPrintable(image.error().toString()));
        const cv::Mat expected = dicomtest::syntheticImage(StandardView::RMLO).pixels;
        QCOMPARE(cv::norm(image.value().pixels, expected, cv::NORM_INF), 0.0);

        // The helper really is what decodes it: without one the file is refused, not decoded
        // in this process.
        DicomImageReader::Options options;
        options.isolation.helperPath = dir_.path() + QStringLiteral("/no-such-helper");
        const Outcome<MammogramImage> refused = DicomImageReader(options).read(path);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, QStringLiteral("dicom.decoder_missing"));
        QVERIFY(refused.error().message.contains(QStringLiteral("no-such-helper")));
    }

    void uncompressedFilesNeverStartTheHelper()
    {
        const QString path = writeView(QStringLiteral("plain.dcm"), StandardView::LCC,
                                       Writer::TransferSyntax::ExplicitLittleEndian);
        DicomImageReader::Options options;
        options.isolation.helperPath = dir_.path() + QStringLiteral("/no-such-helper");
        QVERIFY(DicomImageReader(options).read(path).ok());
    }

    void damagedCodestreamsAreErrorsFromTheRealHelper_data()
    {
        QTest::addColumn<int>("syntax");
        QTest::addColumn<int>("damage");
        for (auto syntax : {Writer::TransferSyntax::Rle, Writer::TransferSyntax::JpegLossless}) {
            const QString name = Writer::toString(syntax);
            QTest::newRow(qPrintable(name + QStringLiteral("-truncated")))
                << int(syntax) << int(dicomtest::CodestreamDamage::Truncated);
            QTest::newRow(qPrintable(name + QStringLiteral("-garbage")))
                << int(syntax) << int(dicomtest::CodestreamDamage::Garbage);
            QTest::newRow(qPrintable(name + QStringLiteral("-empty")))
                << int(syntax) << int(dicomtest::CodestreamDamage::ZeroLength);
        }
    }
    void damagedCodestreamsAreErrorsFromTheRealHelper()
    {
        QFETCH(int, syntax);
        QFETCH(int, damage);
        const QString path = writeView(QStringLiteral("damaged-%1-%2.dcm").arg(syntax).arg(damage),
                                       StandardView::LCC, Writer::TransferSyntax(syntax));
        QVERIFY(dicomtest::damageCodestream(path, dicomtest::CodestreamDamage(damage)));
        const Outcome<MammogramImage> image = DicomImageReader().read(path);
        // DCMTK decodes some damage into wrong pixels without complaint (RLE garbage can be
        // valid PackBits); what matters is that nothing beyond this file is affected.
        if (!image.ok()) {
            static const std::set<QString> allowed = {
                QStringLiteral("dicom.decode_failed"), QStringLiteral("dicom.malformed"),
                QStringLiteral("dicom.truncated"), QStringLiteral("dicom.decoder_crashed")};
            QVERIFY2(allowed.count(image.error().code), qPrintable(image.error().toString()));
            QCOMPARE(image.error().source, path);
        }
    }

    void helperDeathIsThatFilesError_data()
    {
        QTest::addColumn<QByteArray>("mode");
        QTest::addColumn<QString>("code");
        QTest::newRow("segfault") << QByteArray("segv") << QStringLiteral("dicom.decoder_crashed");
        QTest::newRow("abort") << QByteArray("abort") << QStringLiteral("dicom.decoder_crashed");
        QTest::newRow("crash after writing the frame")
            << QByteArray("segv-after-frame") << QStringLiteral("dicom.decoder_crashed");
        QTest::newRow("exits mid-frame")
            << QByteArray("short") << QStringLiteral("dicom.decode_failed");
        QTest::newRow("garbage output")
            << QByteArray("garbage") << QStringLiteral("dicom.decode_failed");
        QTest::newRow("frame of the wrong size")
            << QByteArray("wrong-size") << QStringLiteral("dicom.decode_failed");
        QTest::newRow("its own error")
            << QByteArray("error") << QStringLiteral("dicom.decode_failed");
        QTest::newRow("an error code it may not use")
            << QByteArray("foreign-error") << QStringLiteral("dicom.decode_failed");
    }
    void helperDeathIsThatFilesError()
    {
        QFETCH(QByteArray, mode);
        QFETCH(QString, code);
        const QString path =
            writeView(QStringLiteral("fake.dcm"), StandardView::LCC, Writer::TransferSyntax::Rle);
        const Outcome<MammogramImage> image = readWithFake(path, mode.constData());
        QVERIFY(!image.ok());
        QCOMPARE(image.error().code, code);
        QCOMPARE(image.error().source, path);
        if (code == QLatin1String("dicom.decoder_crashed"))
            QVERIFY2(image.error().message.contains(QStringLiteral("crashed")),
                     qPrintable(image.error().message));
    }

    void hungHelperIsKilledAtTheTimeout()
    {
        const QString path = writeView(QStringLiteral("hang.dcm"), StandardView::LCC,
                                       Writer::TransferSyntax::JpegLossless);
        const QString pidFile = dir_.path() + QStringLiteral("/fake.pid");
        qputenv("FAKE_DECODER_PIDFILE", QFile::encodeName(pidFile));
        QElapsedTimer timer;
        timer.start();
        const Outcome<MammogramImage> image = readWithFake(path, "hang", 1500);
        qunsetenv("FAKE_DECODER_PIDFILE");
        QVERIFY(!image.ok());
        QCOMPARE(image.error().code, QStringLiteral("dicom.decode_timeout"));
        QVERIFY2(timer.elapsed() < 10000, "the timeout did not stop the wait");
        QFile file(pidFile);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const pid_t pid = pid_t(file.readAll().trimmed().toLong());
        QVERIFY(pid > 0);
        // Killed and reaped: no such process any more.
        QVERIFY(::kill(pid, 0) != 0 && errno == ESRCH);
    }

    void crashingHelperCostsOnlyItsFileInAnExam()
    {
        // Three views uncompressed, L-CC in RLE with a helper that crashes: the exam loads three
        // views and names the fourth file's error.
        const QString folder = dir_.path() + QStringLiteral("/exam");
        for (StandardView view : kStandardViews)
            writeView(QStringLiteral("%1.dcm").arg(toString(view)), view,
                      view == StandardView::LCC ? Writer::TransferSyntax::Rle
                                                : Writer::TransferSyntax::ExplicitLittleEndian,
                      folder);
        qputenv("FAKE_DECODER_MODE", "segv");
        ExamLoader::Options options;
        options.dicom.isolation.helperPath = fakeDecoder();
        const Outcome<std::vector<Exam>> exams = ExamLoader(options).load(folder);
        QVERIFY(exams.ok());
        QCOMPARE(exams.value().size(), std::size_t(1));
        const Exam& exam = exams.value().front();
        QCOMPARE(exam.views.size(), std::size_t(3));
        QVERIFY(!exam.views.count(StandardView::LCC));
        QCOMPARE(exam.errors.size(), std::size_t(1));
        QCOMPARE(exam.errors.front().code, QStringLiteral("dicom.decoder_crashed"));
        QVERIFY(exam.errors.front().source.endsWith(QStringLiteral("L-CC.dcm")));
    }

    void environmentChoosesTheHelper()
    {
        qputenv("MAMMOLENS_DICOM_DECODER", "/nonexistent/decoder");
        QCOMPARE(IsolatedFrameDecoder::locateHelper(), QStringLiteral("/nonexistent/decoder"));
        qunsetenv("MAMMOLENS_DICOM_DECODER");
        QVERIFY(QFileInfo(IsolatedFrameDecoder::locateHelper()).isExecutable());
    }
};

QTEST_GUILESS_MAIN(TestIsolatedFrameDecoder)
#include "tst_isolatedframedecoder.moc"
