// mammolens-cli as scripts call it: run the real binary on real exams, open what it wrote.

#include "core/dicom/dicomimagereader.h"
#include "core/dicom/dicommammogramwriter.h"
#include "core/png/pngimagereader.h"
#include "tests/cli/clirun.h"
#include "tests/sampleexamlinks.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QElapsedTimer>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QThread>
#include <QtEndian>
#include <QtTest>
#include <csignal>
#include <dcmtk/dcmdata/dcfilefo.h>

using namespace mammolens::core;

namespace {

const QString kExamDir = QStringLiteral(MAMMOLENS_SHARED_DIR "/data/gmic-sample-exam");

/// Waits (at most a second) until `sig`, sent to the process, is no longer pending for it: its
/// handler has run or is running. Linux: the ShdPnd mask of /proc/PID/status.
void waitUntilDelivered(qint64 pid, int sig)
{
    QElapsedTimer waited;
    waited.start();
    while (waited.elapsed() < 1000) {
        QFile status(QStringLiteral("/proc/%1/status").arg(pid));
        if (!status.open(QIODevice::ReadOnly))
            return; // the process has ended
        const QList<QByteArray> lines = status.readAll().split('\n');
        for (const QByteArray& line : lines)
            if (line.startsWith("ShdPnd:") &&
                !(line.mid(7).trimmed().toULongLong(nullptr, 16) & (1ULL << (sig - 1))))
                return;
        QThread::usleep(100);
    }
}
const QString kParityDir = QStringLiteral(MAMMOLENS_SHARED_DIR "/parity");
const QStringList kViews = {QStringLiteral("L-CC"), QStringLiteral("R-CC"), QStringLiteral("L-MLO"),
                            QStringLiteral("R-MLO")};

QJsonObject readJson(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

} // namespace

class TestCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void versionListsEveryLibrary();
    void unknownCommandIsAUsageError();
    void helpListsCommands();
    void inferWithoutModelIsAUsageError();
    void inferWithUnusableModelIsAUsageErrorAndWritesNothing();
    void inferPngExamGivesParityNumbers();
    void inferDicomExamGivesParityNumbers();
    void inferSrAndScOnDicomExamDumpAndLoadBack();
    void inferSrOnPngExamSaysWhyAndWritesNone();
    void batchWithCorruptExamGoesOnAndResumes();
    void inspectReportsViewAndErrors();
    void preprocessWritesInputsAndGeometry();
    void jsonProgressIsOneObjectPerLine();
    void convertWeightsKeepsIdentity();
    void phantomExamsAreWrittenResumedAndInferred();
    void batchKilledAtRandomMomentsEndsCompleteOnRerun();
    void batchStoppedBySignalKeepsWhatIsDoneAndResumes();
    void preprocessStoppedBySignalLeavesOnlyWholeFiles();

private:
    using Run = mammolens::testing::CliRun;
    static Run cli(const QStringList& args) { return mammolens::testing::runCli(args); }
    void checkParity(const QString& outDir, const QString& sourceSuffix);
};

void TestCli::versionListsEveryLibrary()
{
    const Run r = cli({QStringLiteral("--version")});
    QCOMPARE(r.code, 0);
    for (const char* name : {"MammoLens", "Qt", "LibTorch", "DCMTK", "VTK", "OpenCV"})
        QVERIFY2(r.out.contains(QLatin1String(name) + QLatin1String(": ")), name);
    QVERIFY(r.out.contains(QLatin1String("CUDA")));
}

void TestCli::unknownCommandIsAUsageError()
{
    const Run r = cli({QStringLiteral("frobnicate")});
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.contains(QLatin1String("unknown command 'frobnicate'")));
}

void TestCli::helpListsCommands()
{
    const Run r = cli({QStringLiteral("help")});
    QCOMPARE(r.code, 0);
    for (const char* c : {"infer", "preprocess", "inspect", "convert-weights", "bench"})
        QVERIFY2(r.out.contains(QLatin1String(c)), c);
}

void TestCli::inferWithoutModelIsAUsageError()
{
    QTemporaryDir out;
    const Run r = cli({QStringLiteral("infer"), QStringLiteral("--out"), out.path(), kExamDir});
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.contains(QLatin1String("no --model given")));
}

void TestCli::inferWithUnusableModelIsAUsageErrorAndWritesNothing()
{
    QTemporaryDir dir;
    // Not a weights file: found when the file is read, before any exam is looked at.
    const QString text = dir.filePath(QStringLiteral("notes.txt"));
    QFile t(text);
    QVERIFY(t.open(QIODevice::WriteOnly) && t.write("not weights\n") > 0);
    t.close();
    // A well-formed safetensors file without GMIC's tensors: found when the model is built, on
    // the second thread, while the first exam is already being read and preprocessed.
    const QString foreign = dir.filePath(QStringLiteral("foreign.safetensors"));
    const QByteArray header = R"({"a.weight":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})";
    QByteArray bytes(8, '\0');
    qToLittleEndian<quint64>(quint64(header.size()), bytes.data());
    bytes += header + QByteArray(4, '\0');
    QFile f(foreign);
    QVERIFY(f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size());
    f.close();

    for (const auto& [model, why] : {std::pair{text, QStringLiteral("not a weights file")},
                                     std::pair{foreign, QStringLiteral("missing key in weights")}}) {
        const QString out = dir.filePath(QStringLiteral("out"));
        const Run r = cli({QStringLiteral("infer"), QStringLiteral("--model"), model,
                           QStringLiteral("--out"), out, kExamDir});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QLatin1String("cannot use model")) && r.err.contains(why),
                 qPrintable(r.err));
        QVERIFY2(!QFileInfo::exists(out), qPrintable(model)); // nothing written, not even DIR
    }
}

void TestCli::checkParity(const QString& outDir, const QString& sourceSuffix)
{
    const QJsonObject meta = readJson(kParityDir + QStringLiteral("/meta.json"));
    const QJsonObject expected = meta.value(QStringLiteral("expected")).toObject();
    QVERIFY(!expected.isEmpty());
    const QJsonArray exams = readJson(outDir + QStringLiteral("/results.json"))
                                 .value(QStringLiteral("exams"))
                                 .toArray();
    QCOMPARE(exams.size(), 1);
    // The parity numbers are float32's, and the result says so.
    QCOMPARE(exams.at(0).toObject().value(QStringLiteral("precision")).toString(),
             QStringLiteral("float32"));
    const QJsonObject views = exams.at(0).toObject().value(QStringLiteral("views")).toObject();
    for (const QString& view : kViews) {
        const QJsonObject v = views.value(view).toObject();
        const QJsonObject e = expected.value(view).toObject();
        QVERIFY2(v.value(QStringLiteral("source")).toString().endsWith(sourceSuffix.arg(view)),
                 qPrintable(v.value(QStringLiteral("source")).toString()));
        for (int c = 0; c < 2; ++c) {
            const double ours = v.value(QStringLiteral("y_fusion")).toArray().at(c).toDouble();
            const double ref = e.value(QStringLiteral("y_fusion")).toArray().at(c).toDouble();
            QVERIFY2(std::abs(ours - ref) < 1e-4, qPrintable(view));
        }
        const QJsonArray patches = v.value(QStringLiteral("patches")).toArray();
        const QJsonArray refPatches = e.value(QStringLiteral("patch_locations_row_col")).toArray();
        const QJsonArray refAttn = e.value(QStringLiteral("patch_attns")).toArray();
        QCOMPARE(patches.size(), refPatches.size());
        for (int k = 0; k < patches.size(); ++k) {
            const QJsonObject p = patches.at(k).toObject();
            QCOMPARE(p.value(QStringLiteral("row")).toInt(), refPatches.at(k).toArray().at(0).toInt());
            QCOMPARE(p.value(QStringLiteral("col")).toInt(), refPatches.at(k).toArray().at(1).toInt());
            QVERIFY(std::abs(p.value(QStringLiteral("attention")).toDouble() - refAttn.at(k).toDouble()) <
                    1e-4);
            QCOMPARE(p.value(QStringLiteral("stored_box")).toArray().size(), 4);
        }
        const QJsonObject sal = v.value(QStringLiteral("saliency")).toObject();
        QCOMPARE(sal.value(QStringLiteral("malignant")).toArray().size(), 46);
        QCOMPARE(sal.value(QStringLiteral("malignant")).toArray().at(0).toArray().size(), 30);
    }
    // predictions.csv: one row per image with the parity y_fusion.
    QFile csv(outDir + QStringLiteral("/predictions.csv"));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(csv.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 5);
    QVERIFY(lines[0].startsWith(QLatin1String("exam_id,view,benign,malignant,")));
    for (const QString& line : lines.mid(1)) {
        const QStringList f = line.split(QLatin1Char(','));
        const QJsonArray ref = expected.value(f[1]).toObject().value(QStringLiteral("y_fusion")).toArray();
        QVERIFY(std::abs(f[2].toDouble() - ref.at(0).toDouble()) < 1e-4);
        QVERIFY(std::abs(f[3].toDouble() - ref.at(1).toDouble()) < 1e-4);
    }
    QFile breasts(outDir + QStringLiteral("/breasts.csv"));
    QVERIFY(breasts.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(breasts.readAll()).count(QLatin1Char('\n')), 3);
}

void TestCli::inferPngExamGivesParityNumbers()
{
    QTemporaryDir out;
    const Run r = cli({QStringLiteral("infer"), QStringLiteral("--model"),
                       kParityDir + QStringLiteral("/weights.safetensors"), QStringLiteral("--out"),
                       out.path(), kExamDir});
    QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
    QVERIFY(r.out.contains(QLatin1String("NOT FOR DIAGNOSIS")));
    checkParity(out.path(), QStringLiteral("0_%1.png"));
    // The visualisations exist and are PNGs.
    const QStringList pngs = QDir(out.path() + QStringLiteral("/exams")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    QCOMPARE(pngs.size(), 1);
    for (const QString& name : kViews + QStringList{QStringLiteral("overview")}) {
        QFile f(out.path() + QStringLiteral("/exams/") + pngs[0] + QLatin1Char('/') + name + QStringLiteral(".png"));
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(name));
        QVERIFY(f.read(4) == QByteArray("\x89PNG", 4));
    }
    // The sample's benign masks (beside the right-breast images) are drawn as green contours on
    // the right-breast figures, and only there.
    auto greenContourPixels = [&](const QString& view) {
        const QImage img(out.path() + QStringLiteral("/exams/") + pngs[0] + QLatin1Char('/') + view + QStringLiteral(".png"));
        int n = 0;
        for (int y = 0; y < img.height(); y += 2)
            for (int x = 0; x < img.width(); x += 2) {
                const QRgb p = img.pixel(x, y);
                n += qRed(p) < 120 && qGreen(p) > 230 && qBlue(p) < 120;
            }
        return n;
    };
    QVERIFY(greenContourPixels(QStringLiteral("R-CC")) > 50);
    QVERIFY(greenContourPixels(QStringLiteral("R-MLO")) > 50);
    QCOMPARE(greenContourPixels(QStringLiteral("L-CC")), 0);
}

void TestCli::inferDicomExamGivesParityNumbers()
{
    QTemporaryDir dicom, out;
    const QString study = QStringLiteral("1.2.826.0.1.3680043.10.1234.1");
    int n = 0;
    for (const QString& view : kViews) {
        auto image = PngImageReader().read(kExamDir + QStringLiteral("/0_") + view + QStringLiteral(".png"));
        QVERIFY(image.ok());
        DicomMammogramWriter::Options o;
        o.studyInstanceUid = study;
        o.instanceNumber = ++n;
        // JPEG-LS for one view: the compressed path must give the same numbers.
        o.transferSyntax = view == QLatin1String("L-MLO") ? DicomMammogramWriter::TransferSyntax::JpegLsLossless
                                                          : DicomMammogramWriter::TransferSyntax::ExplicitLittleEndian;
        auto written = DicomMammogramWriter::write(image.value(), dicom.filePath(view + QStringLiteral(".dcm")), o);
        QVERIFY2(written.ok(), qPrintable(written.error().toString()));
    }
    const Run r = cli({QStringLiteral("infer"), QStringLiteral("--no-png"), QStringLiteral("--model"),
                       kParityDir + QStringLiteral("/weights.safetensors"), QStringLiteral("--out"),
                       out.path(), dicom.path()});
    QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
    checkParity(out.path(), QStringLiteral("%1.dcm"));
}

void TestCli::inferSrAndScOnDicomExamDumpAndLoadBack()
{
    QTemporaryDir dicom, out;
    const QString study = QStringLiteral("1.2.826.0.1.3680043.10.1234.2");
    QStringList sopUids;
    int n = 0;
    for (const QString& view : kViews) {
        auto image = PngImageReader().read(kExamDir + QStringLiteral("/0_") + view + QStringLiteral(".png"));
        QVERIFY(image.ok());
        DicomMammogramWriter::Options o;
        o.studyInstanceUid = study;
        o.instanceNumber = ++n;
        o.sopInstanceUid = study + QStringLiteral(".1.") + QString::number(n);
        sopUids << o.sopInstanceUid;
        auto written = DicomMammogramWriter::write(image.value(), dicom.filePath(view + QStringLiteral(".dcm")), o);
        QVERIFY2(written.ok(), qPrintable(written.error().toString()));
    }
    const Run r = cli({QStringLiteral("infer"), QStringLiteral("--no-png"), QStringLiteral("--sr"),
                       QStringLiteral("--sc"), QStringLiteral("--model"),
                       kParityDir + QStringLiteral("/weights.safetensors"), QStringLiteral("--out"),
                       out.path(), dicom.path()});
    QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
    QDirIterator it(out.filePath(QStringLiteral("exams")), {QStringLiteral("cad-sr.dcm")}, QDir::Files,
                    QDirIterator::Subdirectories);
    QVERIFY(it.hasNext());
    const QString sr = it.next();
    const QDir folder = QFileInfo(sr).dir();

    // dsrdump (DCMTK) reads it; +Pu prints the referenced SOP Instance UIDs. DCMTK 3.6.7 says
    // "W: Check for template constraints not yet supported" for every Mammography CAD SR (dcmsr
    // does not check templates at all): that one line is about DCMTK, anything else fails.
    QProcess dump;
    dump.start(QStringLiteral("dsrdump"), {QStringLiteral("+Pu"), sr});
    QVERIFY2(dump.waitForFinished(60000), "dsrdump (Debian package dcmtk) did not run");
    QCOMPARE(dump.exitCode(), 0);
    const QString text = QString::fromUtf8(dump.readAllStandardOutput() + dump.readAllStandardError());
    for (const QString& line : text.split(QLatin1Char('\n'))) {
        if (line.trimmed() == QLatin1String("W: Check for template constraints not yet supported"))
            continue;
        QVERIFY2(!line.startsWith(QLatin1String("W:")) && !line.startsWith(QLatin1String("E:")) &&
                     !line.startsWith(QLatin1String("F:")) && !line.contains(QLatin1String("Warning")) &&
                     !line.contains(QLatin1String("Error")),
                 qPrintable(line));
    }
    QVERIFY2(text.contains(QLatin1String("Mammography CAD SR Document")), qPrintable(text));
    QVERIFY(text.contains(QLatin1String("\"Mammography CAD Report\"")));
    QVERIFY(text.contains(QLatin1String("\"Image Library\"")));
    QVERIFY(text.contains(QLatin1String("\"Single Image Finding\"")));
    QVERIFY(text.contains(QLatin1String("\"Certainty of Finding\"")));
    QVERIFY(text.contains(QLatin1String("\"Rendering Intent\"")));
    QVERIFY(text.contains(QLatin1String("\"Algorithm Name\"")));
    QVERIFY(text.contains(QLatin1String("\"Algorithm Version\"")));
    QVERIFY(text.contains(QLatin1String("\"Probability of cancer\"")));
    QVERIFY(text.contains(QLatin1String("NOT FOR DIAGNOSIS"))); // parity weights are not clinical
    for (const QString& uid : sopUids)
        QVERIFY2(text.contains(uid), qPrintable(uid));

    // One secondary capture per view, loaded back by our own reader as that view.
    for (const QString& view : kViews) {
        const QString sc = folder.filePath(QStringLiteral("sc-%1.dcm").arg(view));
        DicomInspection inspection;
        auto image = DicomImageReader().read(sc, &inspection);
        QVERIFY2(image.ok(), qPrintable(image.error().toString()));
        QCOMPARE(image.value().standardView(), standardViewFromString(view));
        QCOMPARE(image.value().studyInstanceUid, study);
        QCOMPARE(inspection.sopClassUid, QStringLiteral("1.2.840.10008.5.1.4.1.1.7"));
    }
    const Run inspect = cli({QStringLiteral("inspect"), folder.filePath(QStringLiteral("sc-R-MLO.dcm"))});
    QVERIFY2(inspect.code == 0, qPrintable(inspect.out + inspect.err));
    QVERIFY(inspect.out.contains(QLatin1String("result: loaded")));

    // A rerun finds the exam complete, SR and SC included.
    const Run again = cli({QStringLiteral("infer"), QStringLiteral("--no-png"), QStringLiteral("--sr"),
                           QStringLiteral("--sc"), QStringLiteral("--model"),
                           kParityDir + QStringLiteral("/weights.safetensors"), QStringLiteral("--out"),
                           out.path(), dicom.path()});
    QCOMPARE(again.code, 0);
    QVERIFY2(again.out.contains(QLatin1String(": skipped")), qPrintable(again.out));
}

void TestCli::inferSrOnPngExamSaysWhyAndWritesNone()
{
    QTemporaryDir out;
    const Run r = cli({QStringLiteral("infer"), QStringLiteral("--no-png"), QStringLiteral("--sr"),
                       QStringLiteral("--model"), kParityDir + QStringLiteral("/weights.safetensors"),
                       QStringLiteral("--out"), out.path(), kExamDir});
    QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
    QVERIFY2(r.out.contains(QLatin1String("the exam is not DICOM")), qPrintable(r.out));
    QDirIterator it(out.path(), {QStringLiteral("*.dcm")}, QDir::Files, QDirIterator::Subdirectories);
    QVERIFY(!it.hasNext());
}

void TestCli::batchWithCorruptExamGoesOnAndResumes()
{
    QTemporaryDir batch, out;
    for (const char* exam : {"exam1", "exam2", "exam3"}) {
        const QString dir = batch.filePath(QLatin1String(exam));
        QDir().mkpath(dir);
        for (const QString& view : kViews)
            QVERIFY(QFile::copy(kExamDir + QStringLiteral("/0_") + view + QStringLiteral(".png"),
                                dir + QStringLiteral("/0_") + view + QStringLiteral(".png")));
    }
    // The middle exam's R-MLO is cut to a third: a truncated PNG.
    QFile bad(batch.filePath(QStringLiteral("exam2/0_R-MLO.png")));
    QVERIFY(bad.open(QIODevice::ReadWrite));
    QVERIFY(bad.resize(bad.size() / 3));
    bad.close();

    const QStringList args = {QStringLiteral("infer"), QStringLiteral("--no-png"), QStringLiteral("--model"),
                              kParityDir + QStringLiteral("/weights.safetensors"),
                              QStringLiteral("--out"), out.path(), batch.path()};
    const Run first = cli(args);
    QCOMPARE(first.code, 1); // documented: 1 when any exam failed
    QCOMPARE(first.out.count(QLatin1String(": done")), 2);
    QCOMPARE(first.out.count(QLatin1String(": failed")), 1);
    QVERIFY2(first.out.contains(QLatin1String("0_R-MLO.png")), qPrintable(first.out));

    const QJsonArray exams = readJson(out.filePath(QStringLiteral("results.json"))).value(QStringLiteral("exams")).toArray();
    QCOMPARE(exams.size(), 3);
    int complete = 0;
    for (const QJsonValue& e : exams)
        complete += e.toObject().value(QStringLiteral("complete")).toBool() ? 1 : 0;
    QCOMPARE(complete, 2);

    // Rerun: the two complete exams are skipped, the broken one is tried (and reported) again.
    const Run second = cli(args);
    QCOMPARE(second.code, 1);
    QCOMPARE(second.out.count(QLatin1String(": skipped")), 2);
    QCOMPARE(second.out.count(QLatin1String(": failed")), 1);
}

void TestCli::inspectReportsViewAndErrors()
{
    QTemporaryDir dir;
    QFile junk(dir.filePath(QStringLiteral("junk.dcm")));
    QVERIFY(junk.open(QIODevice::WriteOnly));
    junk.write("this is not a DICOM file");
    junk.close();
    const Run r = cli({QStringLiteral("inspect"), kExamDir + QStringLiteral("/0_R-MLO.png"), junk.fileName()});
    QCOMPARE(r.code, 1);
    QVERIFY(r.out.contains(QLatin1String("view: MLO")));
    QVERIFY(r.out.contains(QLatin1String("laterality R")));
    QVERIFY(r.out.contains(QLatin1String("dicom.not_dicom")));
}

void TestCli::preprocessWritesInputsAndGeometry()
{
    QTemporaryDir out;
    const Run r = cli({QStringLiteral("preprocess"), QStringLiteral("--out"), out.path(), kExamDir});
    QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
    const QStringList exams = QDir(out.filePath(QStringLiteral("exams"))).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    QCOMPARE(exams.size(), 1);
    const QString folder = out.filePath(QStringLiteral("exams/") + exams[0]);
    const QJsonObject meta = readJson(kParityDir + QStringLiteral("/meta.json"));
    for (const QString& view : kViews) {
        // The input is a float32 [2944, 1920] safetensors tensor.
        QFile st(folder + QLatin1Char('/') + view + QStringLiteral(".safetensors"));
        QVERIFY2(st.open(QIODevice::ReadOnly), qPrintable(view));
        const QByteArray bytes = st.readAll();
        quint64 headerLength = 0;
        memcpy(&headerLength, bytes.constData(), 8);
        const QJsonObject header = QJsonDocument::fromJson(bytes.mid(8, int(headerLength))).object();
        const QJsonObject tensor = header.value(view).toObject();
        QCOMPARE(tensor.value(QStringLiteral("dtype")).toString(), QStringLiteral("F32"));
        QCOMPARE(tensor.value(QStringLiteral("shape")).toArray(), (QJsonArray{2944, 1920}));
        QCOMPARE(bytes.size(), qsizetype(8 + headerLength + 2944ull * 1920 * 4));
        // Its geometry carries the parity crop window and best centre.
        const QJsonObject g = readJson(folder + QLatin1Char('/') + view + QStringLiteral(".geometry.json"));
        const QJsonObject ref = meta.value(QStringLiteral("preprocessing")).toObject().value(view).toObject();
        QCOMPARE(g.value(QStringLiteral("crop_window")).toArray(),
                 ref.value(QStringLiteral("crop_window_top_bottom_left_right")).toArray());
        QCOMPARE(g.value(QStringLiteral("best_center")).toArray(),
                 ref.value(QStringLiteral("best_center_row_col")).toArray());
    }
}

void TestCli::jsonProgressIsOneObjectPerLine()
{
    QTemporaryDir out;
    const Run r = cli({QStringLiteral("infer"), QStringLiteral("--json"), QStringLiteral("--no-png"),
                       QStringLiteral("--model"), kParityDir + QStringLiteral("/weights.safetensors"),
                       QStringLiteral("--out"), out.path(), kExamDir});
    QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
    int stages = 0, exams = 0;
    for (const QString& line : r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        QJsonParseError error;
        const QJsonObject o = QJsonDocument::fromJson(line.toUtf8(), &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(line));
        const QString event = o.value(QStringLiteral("event")).toString();
        stages += event == QLatin1String("stage");
        if (event == QLatin1String("exam")) {
            ++exams;
            QCOMPARE(o.value(QStringLiteral("status")).toString(), QStringLiteral("done"));
            QVERIFY(o.value(QStringLiteral("key")).toString().startsWith(QLatin1String("exam-")));
        }
    }
    QCOMPARE(exams, 1);
    QCOMPARE(stages, 16); // 4 views x 4 stages
}

void TestCli::convertWeightsKeepsIdentity()
{
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("parity.safetensors"));
    const Run r = cli({QStringLiteral("convert-weights"), QStringLiteral("--provenance"), QStringLiteral("parity"),
                       kParityDir + QStringLiteral("/weights.safetensors"), out});
    QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
    QVERIFY(r.out.contains(QLatin1String("model id ")));
    const QString id = r.out.section(QLatin1String("model id "), 1).section(QLatin1Char(')'), 0, 0);
    QCOMPARE(id.size(), 64);
    // The converted file is a valid model with the same identity.
    const Run again = cli({QStringLiteral("convert-weights"), out, dir.filePath(QStringLiteral("b.safetensors"))});
    QCOMPARE(again.code, 0);
    QVERIFY(again.out.contains(id));
    // Half precision: half the size, and the printed identity is the written file's own.
    const QString half = dir.filePath(QStringLiteral("half.safetensors"));
    const Run h = cli({QStringLiteral("convert-weights"), QStringLiteral("--half"), out, half});
    QVERIFY2(h.code == 0, qPrintable(h.out + h.err));
    const QString halfId = h.out.section(QLatin1String("model id "), 1).section(QLatin1Char(')'), 0, 0);
    QCOMPARE(halfId.size(), 64);
    QVERIFY(halfId != id);
    QVERIFY(QFileInfo(half).size() < QFileInfo(out).size() * 6 / 10);
}

void TestCli::phantomExamsAreWrittenResumedAndInferred()
{
    QTemporaryDir exams, out;
    const QStringList args = {QStringLiteral("phantom"), QStringLiteral("--seed"), QStringLiteral("7"),
                              QStringLiteral("--count"), QStringLiteral("2"), QStringLiteral("--size"),
                              QStringLiteral("640x512"), QStringLiteral("--out"), exams.path()};
    const Run r = cli(args);
    QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
    QCOMPARE(r.out.count(QLatin1String(": done")), 2);
    const QJsonArray list = readJson(exams.filePath(QStringLiteral("manifest.json")))
                                .value(QStringLiteral("exams")).toArray();
    QCOMPARE(list.size(), 2);
    for (const QJsonValue& e : list) {
        const QString id = e.toObject().value(QStringLiteral("id")).toString();
        for (const QString& view : kViews) {
            const QString file = exams.filePath(id + QLatin1Char('/') + view + QStringLiteral(".dcm"));
            QVERIFY2(QFile::exists(file), qPrintable(file));
            const QJsonObject v = e.toObject().value(QStringLiteral("views")).toObject().value(view).toObject();
            for (const char* kind : {"benign", "malignant"}) {
                const QString mask = exams.filePath(id + QLatin1Char('/') + view + QLatin1Char('_') +
                                                    QLatin1String(kind) + QStringLiteral(".png"));
                QCOMPARE(QFile::exists(mask), v.value(QLatin1String(kind)).toInt() == 1);
            }
        }
    }
    QFile csv(exams.filePath(QStringLiteral("manifest.csv")));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    QCOMPARE(csv.readAll().count('\n'), 1 + 2 * 4);

    // Rerun: both exams are complete and skipped; the manifest is unchanged.
    const Run again = cli(args);
    QCOMPARE(again.code, 0);
    QCOMPARE(again.out.count(QLatin1String(": skipped")), 2);
    QCOMPARE(readJson(exams.filePath(QStringLiteral("manifest.json"))).value(QStringLiteral("exams")).toArray(),
             list);

    const Run usageError = cli({QStringLiteral("phantom"), QStringLiteral("--size"), QStringLiteral("big"),
                                QStringLiteral("--out"), exams.path()});
    QCOMPARE(usageError.code, 2);

    // The exams are ordinary DICOM exams to the rest of the tool.
    const Run infer = cli({QStringLiteral("infer"), QStringLiteral("--no-png"), QStringLiteral("--model"),
                           kParityDir + QStringLiteral("/weights.safetensors"), QStringLiteral("--out"),
                           out.path(), exams.path()});
    QVERIFY2(infer.code == 0, qPrintable(infer.out + infer.err));
    const QJsonArray results = readJson(out.filePath(QStringLiteral("results.json"))).value(QStringLiteral("exams")).toArray();
    QCOMPARE(results.size(), 2);
    for (const QJsonValue& e : results) {
        QVERIFY(e.toObject().value(QStringLiteral("complete")).toBool());
        QCOMPARE(e.toObject().value(QStringLiteral("views")).toObject().size(), 4);
    }
}

namespace {

/// Every file under an output folder is whole: JSON parses, CSV ends with a newline, PNG decodes,
/// DICOM parses. Returns the first broken file, or an empty string.
QString firstBrokenOutput(const QString& folder)
{
    QDirIterator it(folder, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QString name = it.fileName();
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return path + QStringLiteral(" (unreadable)");
        const QByteArray bytes = f.readAll();
        bool ok = false;
        if (name.endsWith(QLatin1String(".json")))
            ok = QJsonDocument::fromJson(bytes).isObject();
        else if (name.endsWith(QLatin1String(".csv")))
            ok = bytes.endsWith('\n');
        else if (name.endsWith(QLatin1String(".png")))
            ok = !QImage::fromData(bytes, "PNG").isNull();
        else if (name.endsWith(QLatin1String(".dcm")))
            ok = DcmFileFormat().loadFile(QFile::encodeName(path).constData()).good();
        else if (name.endsWith(QLatin1String(".log")))
            ok = true; // the log is appended to, not an output
        if (!ok)
            return path + QStringLiteral(" (incomplete or not ours)");
    }
    return {};
}

} // namespace

void TestCli::batchKilledAtRandomMomentsEndsCompleteOnRerun()
{
    // Issue 10: every output appears complete or not at all. A batch of DICOM exams with every
    // output kind (PNGs, CAD SR, secondary captures, JSON, CSV) is killed with SIGKILL at random
    // moments; after each kill every file present is whole, and a rerun completes the batch.
    QTemporaryDir exams, out;
    // 1280x1024: at the parity model's input size, preprocessing's 100 erosions can leave
    // nothing of a small phantom breast at 640x512.
    const Run made = cli({QStringLiteral("phantom"), QStringLiteral("--seed"), QStringLiteral("9"),
                          QStringLiteral("--count"), QStringLiteral("4"), QStringLiteral("--size"),
                          QStringLiteral("1280x1024"), QStringLiteral("--out"), exams.path()});
    QVERIFY2(made.code == 0, qPrintable(made.out + made.err));
    const QStringList args = {QStringLiteral("infer"), QStringLiteral("--sr"), QStringLiteral("--sc"),
                              QStringLiteral("--model"), kParityDir + QStringLiteral("/weights.safetensors"),
                              QStringLiteral("--out"), out.path(), exams.path()};
    const quint32 seed = QRandomGenerator::global()->generate();
    qInfo("kill moments from seed %u", seed);
    QRandomGenerator random(seed);
    int kills = 0;
    for (int round = 0; round < 5; ++round) {
        QProcess p;
        p.start(QStringLiteral(MAMMOLENS_CLI), args);
        QVERIFY(p.waitForStarted());
        const int delayMs = random.bounded(500, 9000);
        if (p.waitForFinished(delayMs))
            break; // the batch finished before this moment came
        ::kill(pid_t(p.processId()), SIGKILL);
        QVERIFY(p.waitForFinished(10000));
        ++kills;
        const QString broken = firstBrokenOutput(out.path());
        QVERIFY2(broken.isEmpty(), qPrintable(QStringLiteral("after a kill at %1 ms: %2")
                                                  .arg(delayMs).arg(broken)));
    }
    qInfo("killed %d times", kills);
    const Run last = cli(args);
    QVERIFY2(last.code == 0, qPrintable(last.out + last.err));
    QCOMPARE(firstBrokenOutput(out.path()), QString());
    const QJsonArray results = readJson(out.filePath(QStringLiteral("results.json")))
                                   .value(QStringLiteral("exams")).toArray();
    QCOMPARE(results.size(), 4);
    for (const QJsonValue& e : results)
        QVERIFY(e.toObject().value(QStringLiteral("complete")).toBool());
    QFile predictions(out.filePath(QStringLiteral("predictions.csv")));
    QVERIFY(predictions.open(QIODevice::ReadOnly));
    QCOMPARE(predictions.readAll().count('\n'), 1 + 4 * 4);
    // Each exam: its result, the CAD SR and four secondary captures, all loadable.
    const QStringList folders = QDir(out.filePath(QStringLiteral("exams")))
                                    .entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    QCOMPARE(folders.size(), 4);
    for (const QString& folder : folders) {
        const QDir dir(out.filePath(QStringLiteral("exams/") + folder));
        QVERIFY(dir.exists(QStringLiteral("cad-sr.dcm")));
        const QStringList captures = dir.entryList({QStringLiteral("sc-*.dcm")}, QDir::Files);
        QCOMPARE(captures.size(), 4);
        for (const QString& sc : captures)
            QVERIFY2(DicomImageReader().read(dir.filePath(sc)).ok(), qPrintable(sc));
    }
    // Once complete, a rerun has nothing left to do.
    const Run again = cli(args);
    QCOMPARE(again.code, 0);
    QCOMPARE(again.out.count(QLatin1String(": skipped")), 4);
}

void TestCli::batchStoppedBySignalKeepsWhatIsDoneAndResumes()
{
    // A service manager's SIGTERM (or Ctrl+C) during a batch: the exam in progress stops at the
    // engine's next stage, nothing of it is written, what is done stays, the exit code is
    // 128 + 15, and a rerun resumes. A second signal ends the process at once.
    QTemporaryDir batch, out;
    QVERIFY(mammolens::testing::linkSampleExams(
        batch.path(), {QStringLiteral("exam1"), QStringLiteral("exam2"), QStringLiteral("exam3")}, kExamDir));
    const QStringList args = {QStringLiteral("infer"), QStringLiteral("--json"), QStringLiteral("--no-png"),
                              QStringLiteral("--model"), kParityDir + QStringLiteral("/weights.safetensors"),
                              QStringLiteral("--out"), out.path(), batch.path()};
    // Started, then signalled as soon as `events` exam events with status done were printed.
    auto signalAfter = [&](int events, QList<int> signals, QProcess& p) -> qint64 {
        p.start(QStringLiteral(MAMMOLENS_CLI), args);
        if (!p.waitForStarted())
            return -1;
        QByteArray seen;
        while (seen.count("\"status\":\"done\"") < events) {
            if (!p.waitForReadyRead(120000))
                return -1;
            seen += p.readAllStandardOutput();
        }
        QElapsedTimer stopping;
        stopping.start();
        for (int sig : signals) {
            ::kill(pid_t(p.processId()), sig);
            // The next one only once this one was delivered, or the two would merge into one
            // pending signal; and at once then, because the clean stop it started can end the
            // process within a few milliseconds.
            waitUntilDelivered(p.processId(), sig);
        }
        if (!p.waitForFinished(60000))
            return -1;
        return stopping.elapsed();
    };

    QProcess first;
    const qint64 stopMs = signalAfter(1, {SIGTERM}, first);
    QVERIFY(stopMs >= 0);
    qInfo("SIGTERM to exit: %lld ms", stopMs);
    QCOMPARE(first.exitStatus(), QProcess::NormalExit);
    QCOMPARE(first.exitCode(), 128 + SIGTERM);
    const QString said = QString::fromUtf8(first.readAllStandardOutput());
    QVERIFY2(said.contains(QLatin1String("{\"event\":\"stopped\",\"exams\":3,\"finished\":1,"
                                         "\"signal\":\"SIGTERM\",\"text\":\"stopped by SIGTERM: 1 of 3")),
             qPrintable(said));
    // Exactly what a finished exam leaves, and no temporary file beside it.
    QStringList files;
    QDirIterator it(out.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << QDir(out.path()).relativeFilePath(it.next());
    files.sort();
    QVERIFY2(files.size() == 4 && files.at(1).startsWith(QLatin1String("exams/")) &&
                 files.at(1).endsWith(QLatin1String("/result.json")),
             qPrintable(files.join(QLatin1Char(' '))));
    files.removeAt(1);
    QCOMPARE(files, (QStringList{QStringLiteral("breasts.csv"), QStringLiteral("predictions.csv"),
                                 QStringLiteral("results.json")}));
    const QJsonArray written = readJson(out.filePath(QStringLiteral("results.json")))
                                   .value(QStringLiteral("exams")).toArray();
    QCOMPARE(written.size(), 1);
    QVERIFY(written.at(0).toObject().value(QStringLiteral("complete")).toBool());

    // Ctrl+C twice (here while the third exam runs, the first being skipped): the second one is
    // the default action, at once.
    QProcess twice;
    QVERIFY(signalAfter(1, {SIGINT, SIGINT}, twice) >= 0);
    QCOMPARE(twice.exitStatus(), QProcess::CrashExit); // ended by the signal itself

    const Run rerun = cli(args);
    QVERIFY2(rerun.code == 0, qPrintable(rerun.out + rerun.err));
    QCOMPARE(rerun.out.count(QLatin1String("\"status\":\"skipped\"")), 2);
    QCOMPARE(rerun.out.count(QLatin1String("\"status\":\"done\"")), 1);
}

void TestCli::preprocessStoppedBySignalLeavesOnlyWholeFiles()
{
    QTemporaryDir batch, out;
    QVERIFY(mammolens::testing::linkSampleExams(
        batch.path(), {QStringLiteral("exam1"), QStringLiteral("exam2"), QStringLiteral("exam3")}, kExamDir));
    QProcess p;
    p.start(QStringLiteral(MAMMOLENS_CLI),
            {QStringLiteral("preprocess"), QStringLiteral("--out"), out.path(), batch.path()});
    QVERIFY(p.waitForStarted());
    QByteArray said;
    while (!said.contains(".safetensors\n")) { // the first view is written: stop now
        QVERIFY(p.waitForReadyRead(60000));
        said += p.readAllStandardOutput();
    }
    ::kill(pid_t(p.processId()), SIGINT);
    QVERIFY(p.waitForFinished(60000));
    said += p.readAllStandardOutput();
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 128 + SIGINT);
    QVERIFY2(said.contains("stopped by SIGINT"), said.constData());
    // Each view written has its input and its geometry, both readable; nothing else is there.
    QStringList files;
    QDirIterator it(out.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << it.next();
    QVERIFY(!files.isEmpty());
    QVERIFY(files.size() < 3 * 8); // it did stop before the last exam
    for (const QString& file : files) {
        if (file.endsWith(QLatin1String(".geometry.json"))) {
            QVERIFY2(!readJson(file).isEmpty(), qPrintable(file));
            QVERIFY(files.contains(file.chopped(int(strlen(".geometry.json"))) + QStringLiteral(".safetensors")));
        } else {
            QVERIFY2(file.endsWith(QLatin1String(".safetensors")), qPrintable(file));
        }
    }
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
