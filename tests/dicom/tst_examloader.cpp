// ExamLoader: exams assembled from folders, DICOMDIRs and file lists; deterministic choice among
// duplicates, warnings for duplicates and missing views, one exam per study, bad files recorded
// while the rest loads, and the loading time of a full-size four-view exam.

#include "core/exam/examloader.h"
#include "dicomtestfiles.h"

#include <QDir>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>
#include <dcmtk/dcmdata/dcddirif.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <mutex>
#include <opencv2/imgproc.hpp>
#include <set>

using namespace mammolens::core;
using Writer = DicomMammogramWriter;

namespace {

const QString kStudy = QStringLiteral("1.2.826.0.1.3680043.8.498.1");
const QString kOtherStudy = QStringLiteral("1.2.826.0.1.3680043.8.498.2");

QString writeView(const QString& dir, const QString& name, StandardView view,
                  const QString& study = kStudy, const QDateTime& when = {},
                  const QString& sopUid = {})
{
    QDir().mkpath(dir);
    const QString path = dir + QLatin1Char('/') + name;
    Writer::Options options;
    options.studyInstanceUid = study;
    options.sopInstanceUid = sopUid;
    options.acquisitionDateTime = when.isValid() ? when : QDateTime(QDate(2024, 3, 1), QTime(9, 0));
    if (!dicomtest::write(dicomtest::syntheticImage(view), path, options))
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

void writeFourViews(const QString& dir, const QString& study = kStudy, const QString& prefix = {})
{
    int i = 0;
    for (StandardView view : kStandardViews)
        writeView(dir, QStringLiteral("%1img%2.dcm").arg(prefix).arg(++i), view, study);
}

std::vector<Exam> loadOk(const ExamLoader& loader, const QString& path)
{
    Outcome<std::vector<Exam>> exams = loader.load(path);
    if (!exams)
        qFatal("%s", qPrintable(exams.error().toString()));
    return std::move(exams).value();
}

std::set<QString> codes(const Exam& exam)
{
    std::set<QString> result;
    for (const Error& e : exam.errors)
        result.insert(e.code);
    return result;
}

} // namespace

class TestExamLoader : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir dir_;
    QString sub(const QString& name) const { return dir_.filePath(name); }

private Q_SLOTS:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    void fourViewFolderLoadsCleanly()
    {
        writeFourViews(sub(QStringLiteral("clean")));
        const std::vector<Exam> exams = loadOk(ExamLoader(), sub(QStringLiteral("clean")));
        QCOMPARE(exams.size(), std::size_t(1));
        const Exam& exam = exams.front();
        QCOMPARE(exam.id, kStudy);
        QCOMPARE(exam.views.size(), std::size_t(4));
        for (StandardView view : kStandardViews)
            QCOMPARE(exam.views.at(view).standardView(), std::optional<StandardView>(view));
        QVERIFY2(exam.warnings.isEmpty(), qPrintable(exam.warnings.join(QLatin1Char('\n'))));
        QVERIFY(exam.errors.empty());
    }

    void reportsInTheStudyAreSkippedNotFailures()
    {
        // Our own CAD SR comes back from a PACS with the images it describes: it is noted and
        // skipped, and the exam is complete (no error).
        const QString folder = sub(QStringLiteral("with-sr"));
        writeFourViews(folder);
        const QString sr = QDir(folder).filePath(QStringLiteral("cad-sr.dcm"));
        QVERIFY(QFile::copy(QDir(folder).filePath(QStringLiteral("img1.dcm")), sr));
        QVERIFY(dicomtest::modify(sr, [](DcmDataset* ds) {
            ds->putAndInsertString(DCM_SOPClassUID, UID_MammographyCADSRStorage);
            ds->putAndInsertString(DCM_Modality, "SR");
            ds->findAndDeleteElement(DCM_PixelData);
            ds->findAndDeleteElement(DCM_Rows);
            ds->findAndDeleteElement(DCM_Columns);
        }));
        const std::vector<Exam> exams = loadOk(ExamLoader(), folder);
        QCOMPARE(exams.size(), std::size_t(1));
        const Exam& exam = exams.front();
        QCOMPARE(exam.views.size(), std::size_t(4));
        QVERIFY(exam.errors.empty());
        QCOMPARE(exam.warnings.size(), 1);
        QVERIFY2(exam.warnings.front().contains(QLatin1String("cad-sr.dcm: skipped")) &&
                     exam.warnings.front().contains(QLatin1String("not an image")),
                 qPrintable(exam.warnings.front()));
    }

    void duplicatesAreChosenDeterministicallyWithWarnings()
    {
        const QString dir = sub(QStringLiteral("duplicates"));
        writeFourViews(dir);
        // R-CC: a later "for processing" copy loses to the for-presentation one.
        const QString processing =
            writeView(dir, QStringLiteral("zz_rcc_processing.dcm"), StandardView::RCC, kStudy,
                      QDateTime(QDate(2024, 3, 2), QTime(9, 0)));
        QVERIFY(dicomtest::modify(processing, [](DcmDataset* ds) {
            ds->putAndInsertString(DCM_SOPClassUID,
                                   UID_DigitalMammographyXRayImageStorageForProcessing);
            ds->putAndInsertString(DCM_PresentationIntentType, "FOR PROCESSING");
        }));
        // L-CC: the later acquisition wins.
        const QString later = writeView(dir, QStringLiteral("a_lcc_later.dcm"), StandardView::LCC,
                                        kStudy, QDateTime(QDate(2024, 3, 1), QTime(9, 30)));
        // L-MLO: same time; the lower SOP Instance UID wins (numerically: 9 before 10).
        writeView(dir, QStringLiteral("lmlo_uid10.dcm"), StandardView::LMLO, kStudy,
                  QDateTime(QDate(2024, 3, 1), QTime(9, 0)), QStringLiteral("1.2.3.10"));
        const QString uid9 =
            writeView(dir, QStringLiteral("lmlo_uid9.dcm"), StandardView::LMLO, kStudy,
                      QDateTime(QDate(2024, 3, 1), QTime(9, 0)), QStringLiteral("1.2.3.9"));
        // img3.dcm (the first L-MLO) was acquired at 09:00 too, with a generated (longer) UID.

        for (int threads : {1, 2, 4}) {
            ExamLoader::Options options;
            options.threads = threads;
            const std::vector<Exam> exams = loadOk(ExamLoader(options), dir);
            QCOMPARE(exams.size(), std::size_t(1));
            const Exam& exam = exams.front();
            QCOMPARE(exam.views.size(), std::size_t(4));
            QVERIFY(exam.views.at(StandardView::RCC).forPresentation);
            QCOMPARE(QFileInfo(exam.views.at(StandardView::RCC).sourcePath).fileName(),
                     QStringLiteral("img2.dcm"));
            QCOMPARE(exam.views.at(StandardView::LCC).sourcePath, later);
            QCOMPARE(exam.views.at(StandardView::LMLO).sourcePath, uid9);
            // One warning per image not used: R-CC 1, L-CC 1, L-MLO 2.
            QCOMPARE(exam.warnings.size(), 4);
            QVERIFY(exam.warnings.filter(QStringLiteral("for presentation over for processing"))
                        .size() == 1);
            QVERIFY(exam.warnings.filter(QStringLiteral("acquired later")).size() == 1);
            QVERIFY(exam.warnings.filter(QStringLiteral("lower SOP Instance UID")).size() == 2);
        }
    }

    void missingViewWarnsAndExamStillLoads()
    {
        const QString dir = sub(QStringLiteral("missing"));
        writeView(dir, QStringLiteral("a.dcm"), StandardView::LCC);
        writeView(dir, QStringLiteral("b.dcm"), StandardView::RCC);
        writeView(dir, QStringLiteral("c.dcm"), StandardView::LMLO);
        const std::vector<Exam> exams = loadOk(ExamLoader(), dir);
        QCOMPARE(exams.size(), std::size_t(1));
        QCOMPARE(exams.front().views.size(), std::size_t(3));
        QCOMPARE(exams.front().warnings, QStringList{QStringLiteral("R-MLO: missing.")});
    }

    void twoStudiesInOneFolderAreTwoExams()
    {
        const QString dir = sub(QStringLiteral("two"));
        writeFourViews(dir, kOtherStudy, QStringLiteral("b_"));
        writeFourViews(dir, kStudy, QStringLiteral("a_"));
        const std::vector<Exam> exams = loadOk(ExamLoader(), dir);
        QCOMPARE(exams.size(), std::size_t(2));
        QCOMPARE(exams[0].id, kStudy); // sorted by id
        QCOMPARE(exams[1].id, kOtherStudy);
        for (const Exam& exam : exams) {
            QCOMPARE(exam.views.size(), std::size_t(4));
            for (const auto& [view, image] : exam.views)
                QCOMPARE(image.studyInstanceUid, exam.id);
        }
    }

    void otherViewsAreKeptApart()
    {
        const QString dir = sub(QStringLiteral("other"));
        writeFourViews(dir);
        MammogramImage ml = dicomtest::syntheticImage(StandardView::LMLO);
        ml.position = ViewPosition::Other;
        ml.viewName = QStringLiteral("ML");
        Writer::Options options;
        options.studyInstanceUid = kStudy;
        QVERIFY(dicomtest::write(ml, dir + QStringLiteral("/ml.dcm"), options));
        const std::vector<Exam> exams = loadOk(ExamLoader(), dir);
        QCOMPARE(exams.front().views.size(), std::size_t(4));
        QCOMPARE(exams.front().otherViews.size(), std::size_t(1));
        QCOMPARE(exams.front().otherViews.front().viewName, QStringLiteral("ML"));
        QVERIFY(exams.front().warnings.isEmpty());
    }

    void badFilesAreErrorsAndTheRestLoads()
    {
        const QString dir = sub(QStringLiteral("hostile"));
        writeFourViews(dir);
        auto hostile = [&](const QString& name, StandardView view,
                           const std::function<void(DcmDataset*)>& change) {
            QVERIFY(dicomtest::modify(writeView(dir, name, view), change));
        };
        const QString truncated =
            writeView(dir, QStringLiteral("truncated.dcm"), StandardView::LCC);
        QVERIFY(dicomtest::truncateFile(truncated, 0.5));
        QVERIFY(dicomtest::writeBytes(dir + QStringLiteral("/garbage.dcm"), "not a DICOM file\n"));
        hostile(QStringLiteral("ct.dcm"), StandardView::LCC, [](DcmDataset* ds) {
            ds->putAndInsertString(DCM_SOPClassUID, UID_CTImageStorage);
            ds->putAndInsertString(DCM_Modality, "CT");
        });
        hostile(QStringLiteral("nolat.dcm"), StandardView::LCC, [](DcmDataset* ds) {
            delete ds->remove(DCM_ImageLaterality);
            delete ds->remove(DCM_Laterality);
        });
        hostile(QStringLiteral("conflict.dcm"), StandardView::LCC,
                [](DcmDataset* ds) { ds->putAndInsertString(DCM_Laterality, "R"); });
        hostile(QStringLiteral("empty.dcm"), StandardView::LCC, [](DcmDataset* ds) {
            ds->putAndInsertUint16(DCM_Rows, 0);
            ds->putAndInsertUint16(DCM_Columns, 0);
            ds->putAndInsertUint16Array(DCM_PixelData, nullptr, 0);
        });
        hostile(QStringLiteral("huge.dcm"), StandardView::LCC, [](DcmDataset* ds) {
            ds->putAndInsertUint16(DCM_Rows, 65535);
            ds->putAndInsertUint16(DCM_Columns, 65535);
        });
        QVERIFY(dicomtest::writeBytes(dir + QStringLiteral("/deep.dcm"),
                                      dicomtest::deeplyNestedFile()));
        QVERIFY(dicomtest::makeUnsupportedSyntax(
            writeView(dir, QStringLiteral("mpeg2.dcm"), StandardView::LCC)));
        QVERIFY(
            dicomtest::makeJpeg2000(writeView(dir, QStringLiteral("j2k.dcm"), StandardView::LCC)));
        // Not an image and not named like one: skipped silently.
        QVERIFY(dicomtest::writeBytes(dir + QStringLiteral("/README.txt"), "notes\n"));

        const std::vector<Exam> exams = loadOk(ExamLoader(), dir);
        QCOMPARE(exams.size(), std::size_t(1));
        const Exam& exam = exams.front();
        QCOMPARE(exam.views.size(), std::size_t(4));
        QVERIFY2(exam.warnings.isEmpty(), qPrintable(exam.warnings.join(QLatin1Char('\n'))));
        const std::set<QString> expected = {QStringLiteral("dicom.truncated"),
                                            QStringLiteral("dicom.not_dicom"),
                                            QStringLiteral("dicom.unsupported_modality"),
                                            QStringLiteral("dicom.no_laterality"),
                                            QStringLiteral("dicom.conflicting_laterality"),
                                            QStringLiteral("dicom.zero_size"),
                                            QStringLiteral("dicom.too_large"),
                                            QStringLiteral("dicom.nesting_too_deep"),
                                            QStringLiteral("dicom.unsupported_transfer_syntax"),
                                            QStringLiteral("dicom.decode_failed")};
        QCOMPARE(exam.errors.size(), expected.size());
        QVERIFY(codes(exam) == expected);
        for (const Error& error : exam.errors)
            QVERIFY(error.source.startsWith(dir));
    }

    void hostileCodestreamsCostOnlyTheirFile()
    {
        // The four views compressed (JPEG-LS for CC, JPEG 2000 for MLO) beside damaged copies.
        const QString dir = sub(QStringLiteral("hostile_codestreams"));
        auto writeCompressed = [&](const QString& name, StandardView view,
                                   Writer::TransferSyntax syntax) {
            QDir().mkpath(dir);
            Writer::Options options;
            options.studyInstanceUid = kStudy;
            options.transferSyntax = syntax;
            const QString path = dir + QLatin1Char('/') + name;
            if (!dicomtest::write(dicomtest::syntheticImage(view), path, options))
                qFatal("cannot write %s", qPrintable(path));
            return path;
        };
        const auto jls = Writer::TransferSyntax::JpegLsLossless;
        const auto j2k = Writer::TransferSyntax::Jpeg2000Lossless;
        for (StandardView view : kStandardViews)
            writeCompressed(QStringLiteral("%1.dcm").arg(int(view)), view,
                            positionOf(view) == ViewPosition::CC ? jls : j2k);
        using Damage = dicomtest::CodestreamDamage;
        std::map<QString, QString> expected; // file name -> error code
        auto damaged = [&](const QString& name, Writer::TransferSyntax syntax, Damage damage,
                           const char* code) {
            QVERIFY(dicomtest::damageCodestream(writeCompressed(name, StandardView::LCC, syntax),
                                                damage));
            expected[name] = QLatin1String(code);
        };
        damaged(QStringLiteral("jls_truncated.dcm"), jls, Damage::Truncated, "dicom.decode_failed");
        damaged(QStringLiteral("jls_garbage.dcm"), jls, Damage::Garbage, "dicom.decode_failed");
        damaged(QStringLiteral("jls_empty.dcm"), jls, Damage::ZeroLength, "dicom.malformed");
        damaged(QStringLiteral("j2k_truncated.dcm"), j2k, Damage::Truncated, "dicom.decode_failed");
        damaged(QStringLiteral("j2k_garbage.dcm"), j2k, Damage::Garbage, "dicom.decode_failed");
        damaged(QStringLiteral("j2k_empty.dcm"), j2k, Damage::ZeroLength, "dicom.malformed");
        for (auto syntax : {jls, j2k}) {
            const QString name = QStringLiteral("%1_narrow.dcm").arg(Writer::toString(syntax));
            QVERIFY(
                dicomtest::modify(writeCompressed(name, StandardView::RMLO, syntax),
                                  [](DcmDataset* ds) { ds->putAndInsertUint16(DCM_Columns, 63); }));
            expected[name] = QStringLiteral("dicom.codestream_mismatch");
        }

        const std::vector<Exam> exams = loadOk(ExamLoader(), dir);
        QCOMPARE(exams.size(), std::size_t(1));
        const Exam& exam = exams.front();
        QCOMPARE(exam.views.size(), std::size_t(4));
        const cv::Mat lcc = dicomtest::syntheticImage(StandardView::LCC).pixels;
        QCOMPARE(cv::norm(exam.views.at(StandardView::LCC).pixels, lcc, cv::NORM_INF), 0.0);
        std::map<QString, QString> actual;
        for (const Error& error : exam.errors)
            actual[QFileInfo(error.source).fileName()] = error.code;
        QCOMPARE(actual, expected);
    }

    void folderOfOnlyBadFilesReportsThem()
    {
        const QString dir = sub(QStringLiteral("allbad"));
        QDir().mkpath(dir);
        QVERIFY(dicomtest::writeBytes(dir + QStringLiteral("/a.dcm"), "x"));
        QVERIFY(
            dicomtest::writeBytes(dir + QStringLiteral("/b.dcm"), dicomtest::deeplyNestedFile()));
        const std::vector<Exam> exams = loadOk(ExamLoader(), dir);
        QCOMPARE(exams.size(), std::size_t(1));
        QCOMPARE(exams.front().views.size(), std::size_t(0));
        QCOMPARE(exams.front().errors.size(), std::size_t(2));
    }

    void recursiveFolder()
    {
        const QString dir = sub(QStringLiteral("tree"));
        writeView(dir + QStringLiteral("/series1"), QStringLiteral("1"), StandardView::LCC);
        writeView(dir + QStringLiteral("/series2/deeper"), QStringLiteral("1.2.840.5"),
                  StandardView::RCC);
        writeView(dir + QStringLiteral("/series3"), QStringLiteral("x.DCM"), StandardView::LMLO);
        writeView(dir, QStringLiteral("r_mlo.dcm"), StandardView::RMLO);
        const std::vector<Exam> exams = loadOk(ExamLoader(), dir);
        QCOMPARE(exams.size(), std::size_t(1));
        QCOMPARE(exams.front().views.size(), std::size_t(4));
    }

    void dicomdir()
    {
        const QString root = sub(QStringLiteral("media"));
        QDir().mkpath(root + QStringLiteral("/DICOM"));
        int i = 0;
        for (StandardView view : kStandardViews)
            writeView(root + QStringLiteral("/DICOM"),
                      QStringLiteral("IM%1").arg(++i, 6, 10, QLatin1Char('0')), view);
        DicomDirInterface ddir;
        ddir.enableInventMode(OFTrue);
        const QString dicomdirPath = root + QStringLiteral("/DICOMDIR");
        QVERIFY(ddir.createNewDicomDir(DicomDirInterface::AP_GeneralPurpose,
                                       QFile::encodeName(dicomdirPath).constData(), "TEST")
                    .good());
        for (int k = 1; k <= 4; ++k)
            QVERIFY(ddir.addDicomFile(QStringLiteral("DICOM/IM%1")
                                          .arg(k, 6, 10, QLatin1Char('0'))
                                          .toLatin1()
                                          .constData(),
                                      QFile::encodeName(root).constData())
                        .good());
        QVERIFY(ddir.writeDicomDir().good());
        // A record whose file has gone: an error in the exam, the rest loads.
        QVERIFY(QFile::remove(root + QStringLiteral("/DICOM/IM000004")));

        const std::vector<Exam> exams = loadOk(ExamLoader(), dicomdirPath);
        QCOMPARE(exams.size(), std::size_t(1));
        QCOMPARE(exams.front().views.size(), std::size_t(3));
        QCOMPARE(exams.front().errors.size(), std::size_t(1));
        QCOMPARE(exams.front().errors.front().code, QStringLiteral("dicomdir.missing_file"));
    }

    void mixedPngAndDicomList()
    {
        const QString dir = sub(QStringLiteral("mixed"));
        writeView(dir, QStringLiteral("extra.dcm"), StandardView::LCC, kOtherStudy);
        QStringList files;
        for (StandardView view : kStandardViews)
            files << dicomtest::samplePath(view);
        files << dir + QStringLiteral("/extra.dcm");
        const Outcome<std::vector<Exam>> exams = ExamLoader().loadFiles(files);
        QVERIFY2(exams.ok(), qPrintable(exams.error().toString()));
        QCOMPARE(exams.value().size(), std::size_t(2));
        const auto png =
            std::find_if(exams.value().begin(), exams.value().end(),
                         [](const Exam& e) { return e.id == QLatin1String("gmic-sample-exam"); });
        QVERIFY(png != exams.value().end());
        QVERIFY2(png->errors.empty(),
                 png->errors.empty() ? "" : qPrintable(png->errors.front().toString()));
        QCOMPARE(png->views.size(), std::size_t(4));
        const cv::Mat direct = cv::imread(dicomtest::samplePath(StandardView::RMLO).toStdString(),
                                          cv::IMREAD_UNCHANGED);
        QCOMPARE(cv::norm(png->views.at(StandardView::RMLO).pixels, direct, cv::NORM_INF), 0.0);
    }

    void planGivesTheExamsLoadGives()
    {
        // Two studies side by side, a PNG exam in a subfolder, a file that is not DICOM and a
        // truncated view: planning from headers, then loading each planned exam on its own,
        // gives exactly what loading everything at once gives.
        const QString dir = sub(QStringLiteral("planned"));
        writeFourViews(dir, kStudy, QStringLiteral("a_"));
        writeFourViews(dir, kOtherStudy, QStringLiteral("b_"));
        const QString truncated = writeView(dir, QStringLiteral("a_cut.dcm"), StandardView::RMLO);
        QVERIFY(dicomtest::truncateFile(truncated, 0.5));
        QVERIFY(dicomtest::writeBytes(dir + QStringLiteral("/garbage.dcm"), "not DICOM\n"));
        QDir().mkpath(dir + QStringLiteral("/png"));
        for (StandardView view : kStandardViews)
            QVERIFY(QFile::copy(dicomtest::samplePath(view),
                                dir + QStringLiteral("/png/") + QFileInfo(dicomtest::samplePath(view)).fileName()));

        const std::vector<Exam> all = loadOk(ExamLoader(), dir);
        const Outcome<std::vector<PlannedExam>> planned = ExamLoader().plan(dir);
        QVERIFY2(planned.ok(), qPrintable(planned.error().toString()));
        QCOMPARE(planned.value().size(), all.size());
        QCOMPARE(all.size(), std::size_t(3));
        for (std::size_t i = 0; i < all.size(); ++i) {
            const PlannedExam& plan = planned.value()[i];
            QCOMPARE(plan.id, all[i].id);
            const Outcome<std::vector<Exam>> loaded = ExamLoader().loadFiles(plan.files);
            QVERIFY(loaded.ok());
            const std::vector<Exam>& one = loaded.value();
            QCOMPARE(one.size(), std::size_t(1));
            QCOMPARE(one.front().id, all[i].id);
            QCOMPARE(one.front().views.size(), all[i].views.size());
            for (const auto& [view, image] : all[i].views)
                QCOMPARE(one.front().views.at(view).sourcePath, image.sourcePath);
            QVERIFY(codes(one.front()) == codes(all[i]));
            QCOMPARE(one.front().warnings, all[i].warnings);
        }
        QVERIFY(!ExamLoader().plan(dir + QStringLiteral("/nothing-here")).ok());
    }

    void progressAndCancellation()
    {
        const QString dir = sub(QStringLiteral("clean"));
        std::atomic_int calls{0};
        int lastTotal = 0;
        ExamLoader::Options options;
        options.progress = [&](int done, int total) {
            ++calls;
            lastTotal = total;
            Q_UNUSED(done);
        };
        std::mutex mutex;
        QStringList seen;
        options.imageLoaded = [&](const MammogramImage& image) {
            std::lock_guard lock(mutex);
            seen << image.sourcePath;
        };
        QVERIFY(ExamLoader(options).load(dir).ok());
        QCOMPARE(calls.load(), 4);
        QCOMPARE(lastTotal, 4);
        QCOMPARE(seen.size(), 4);

        std::atomic_bool cancel{true};
        options.cancel = &cancel;
        QCOMPARE(ExamLoader(options).load(dir).error().code, QStringLiteral("exam.cancelled"));
        QCOMPARE(ExamLoader().load(sub(QStringLiteral("nowhere"))).error().code,
                 QStringLiteral("exam.not_found"));
        QDir().mkpath(sub(QStringLiteral("emptydir")));
        QCOMPARE(ExamLoader().load(sub(QStringLiteral("emptydir"))).error().code,
                 QStringLiteral("exam.no_images"));
    }

    void fullSizeExamLoadingTime_data()
    {
        QTest::addColumn<Writer::TransferSyntax>("syntax");
        QTest::newRow("uncompressed") << Writer::TransferSyntax::ExplicitLittleEndian;
        QTest::newRow("JPEG-LS") << Writer::TransferSyntax::JpegLsLossless;
    }

    void fullSizeExamLoadingTime()
    {
        // Full-field size (3328 x 2560, about 3300 x 2600) made by upscaling the sample views.
        QFETCH(Writer::TransferSyntax, syntax);
        const QString dir = sub(QStringLiteral("fullsize_") + Writer::toString(syntax));
        QDir().mkpath(dir);
        QStringList files;
        for (StandardView view : kStandardViews) {
            MammogramImage image = dicomtest::sampleImage(view);
            cv::resize(image.pixels, image.pixels, cv::Size(2560, 3328), 0, 0, cv::INTER_LINEAR);
            Writer::Options options;
            options.transferSyntax = syntax;
            options.studyInstanceUid = kStudy;
            const QString path = dir + QStringLiteral("/%1.dcm").arg(int(view));
            QVERIFY(dicomtest::write(image, path, options));
            files << path;
        }
        ExamLoader::Options options;
        options.threads = 2; // the target machine's cores
        const ExamLoader loader(options);
        qint64 best = std::numeric_limits<qint64>::max();
        for (int run = 0; run < 3; ++run) {
            QElapsedTimer timer;
            timer.start();
            const Outcome<std::vector<Exam>> exams = loader.loadFiles(files);
            const qint64 ms = timer.elapsed();
            QVERIFY(exams.ok());
            QCOMPARE(exams.value().front().views.size(), std::size_t(4));
            best = std::min(best, ms);
        }
        qInfo("4-view 3328x2560 exam, %s, 2 threads: best of 3 = %lld ms",
              qPrintable(Writer::toString(syntax)), best);
        // The target (issue 4: load + preprocess of 4 views in 1.0 s, loading about half of it)
        // is reported, not enforced: a busy build machine would make it flaky. The hard bound
        // only catches pathological regressions.
        if (best > 500)
            qWarning("loading took %lld ms, over the 500 ms target", best);
        QVERIFY2(best < 20000, qPrintable(QString::number(best)));
    }
};

QTEST_GUILESS_MAIN(TestExamLoader)
#include "tst_examloader.moc"
