#include "core/phantom/phantomexamwriter.h"

#include "core/dicom/dicommammogramwriter.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <array>
#include <opencv2/imgcodecs.hpp>

namespace mammolens::core {

namespace {

Error failed(const QString& message, const QString& path)
{
    return Error{QStringLiteral("phantom.write_failed"), message, path};
}

/// 128 bits (big-endian bytes) as a decimal number.
QString toDecimal(std::array<std::uint32_t, 4> limbs)
{
    QString digits;
    auto zero = [&] { return limbs[0] == 0 && limbs[1] == 0 && limbs[2] == 0 && limbs[3] == 0; };
    do {
        std::uint64_t remainder = 0;
        for (std::uint32_t& limb : limbs) {
            const std::uint64_t value = (remainder << 32) | limb;
            limb = std::uint32_t(value / 10);
            remainder = value % 10;
        }
        digits.prepend(QChar(char('0' + remainder)));
    } while (!zero());
    return digits;
}

QJsonObject optionsJson(const PhantomOptions& options)
{
    QJsonObject o{{QStringLiteral("rows"), options.rows},
            {QStringLiteral("cols"), options.cols},
            {QStringLiteral("pixel_spacing_mm"), options.spacingMm()},
            {QStringLiteral("malignant_prevalence"), options.malignantPrevalence},
            {QStringLiteral("benign_prevalence"), options.benignPrevalence},
            {QStringLiteral("benign_with_malignant"), options.benignWithMalignant}};
    if (options.lesionContrast != 1.0) // absent at the default: older exams stay complete
        o[QStringLiteral("lesion_contrast")] = options.lesionContrast;
    return o;
}

QJsonObject readJson(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

} // namespace

QString PhantomExamWriter::uid(std::uint64_t seed, int index, const QString& what)
{
    QCryptographicHash hash(QCryptographicHash::Sha1);
    hash.addData(QByteArrayLiteral("mammolens-phantom/"));
    hash.addData(QByteArray::number(quint64(seed)) + '/' + QByteArray::number(index) + '/' +
                 what.toUtf8());
    QByteArray bytes = hash.result().left(16);
    bytes[6] = char((bytes[6] & 0x0f) | 0x50); // version 5: name-based, SHA-1
    bytes[8] = char((bytes[8] & 0x3f) | 0x80); // RFC 4122 variant
    std::array<std::uint32_t, 4> limbs{};
    for (int i = 0; i < 16; ++i)
        limbs[i / 4] = (limbs[i / 4] << 8) | std::uint8_t(bytes[i]);
    return QStringLiteral("2.25.") + toDecimal(limbs);
}

bool PhantomExamWriter::isComplete(const QString& examId, std::uint64_t seed, int index,
                                   const PhantomOptions& options) const
{
    const QJsonObject exam =
        readJson(dir_ + QLatin1Char('/') + examId + QStringLiteral("/exam.json"));
    return exam.value(QStringLiteral("generator")).toString() == QLatin1String(kGenerator) &&
           exam.value(QStringLiteral("seed")).toInteger() == qint64(seed) &&
           exam.value(QStringLiteral("index")).toInt(-1) == index &&
           exam.value(QStringLiteral("options")).toObject() == optionsJson(options);
}

Outcome<QJsonObject> PhantomExamWriter::write(const PhantomExam& exam,
                                              const PhantomOptions& options) const
{
    const QString finalDir = dir_ + QLatin1Char('/') + exam.id;
    const QString partialDir = finalDir + QStringLiteral(".partial");
    QDir(partialDir).removeRecursively(); // left over from an interrupted run
    if (!QDir().mkpath(partialDir))
        return failed(QStringLiteral("Cannot create the exam folder."), partialDir);

    const QString studyUid = uid(exam.seed, exam.index, QStringLiteral("study"));
    const QString number = QStringLiteral("%1").arg(exam.index, 5, 10, QLatin1Char('0'));
    QJsonObject views;
    int seriesNumber = 0;
    for (const PhantomView& view : exam.views) {
        const QString name = toString(view.view);
        MammogramImage image;
        image.pixels = view.pixels;
        image.laterality = lateralityOf(view.view);
        image.position = positionOf(view.view);
        image.viewName =
            image.position == ViewPosition::CC ? QStringLiteral("CC") : QStringLiteral("MLO");
        image.rowSpacingMm = exam.spacingMm;
        image.columnSpacingMm = exam.spacingMm;
        DicomMammogramWriter::Options o;
        o.transferSyntax = DicomMammogramWriter::TransferSyntax::ExplicitLittleEndian;
        o.studyInstanceUid = studyUid;
        o.seriesInstanceUid = uid(exam.seed, exam.index, QStringLiteral("series/") + name);
        o.sopInstanceUid = uid(exam.seed, exam.index, QStringLiteral("image/") + name);
        o.patientName = QStringLiteral("PHANTOM^") + number;
        o.patientId = QStringLiteral("PHANTOM-%1-%2").arg(exam.seed).arg(number);
        o.seriesDescription = QStringLiteral("Synthetic phantom ") + name;
        o.seriesNumber = ++seriesNumber;
        o.instanceNumber = 1;
        o.acquisitionDateTime = QDateTime(QDate(2020, 1, 1), QTime(9, 0));
        const QString dicomPath = partialDir + QLatin1Char('/') + name + QStringLiteral(".dcm");
        auto written = DicomMammogramWriter::write(image, dicomPath, o);
        if (!written) {
            QDir(partialDir).removeRecursively();
            return written.error();
        }

        QJsonObject masks;
        QJsonArray lesions;
        for (const auto& [kind, mask] :
             {std::pair{QStringLiteral("benign"), &view.benignMask},
              std::pair{QStringLiteral("malignant"), &view.malignantMask}}) {
            if (cv::countNonZero(*mask) == 0)
                continue;
            const QString file = name + QLatin1Char('_') + kind + QStringLiteral(".png");
            const QString path = partialDir + QLatin1Char('/') + file;
            bool ok = false;
            try {
                ok = cv::imwrite(QFile::encodeName(path).toStdString(), *mask);
            } catch (const cv::Exception&) {
                ok = false;
            }
            if (!ok) {
                QDir(partialDir).removeRecursively();
                return failed(QStringLiteral("Cannot write the mask."), path);
            }
            masks.insert(kind, exam.id + QLatin1Char('/') + file);
        }
        for (const PhantomLesionRecord& lesion : view.lesions) {
            const cv::Rect& b = lesion.box;
            lesions.append(QJsonObject{
                {QStringLiteral("type"), toString(lesion.type)},
                {QStringLiteral("class"),
                 lesion.malignant ? QStringLiteral("malignant") : QStringLiteral("benign")},
                {QStringLiteral("bbox"), QJsonArray{b.y, b.x, b.y + b.height, b.x + b.width}}});
        }
        views.insert(name, QJsonObject{{QStringLiteral("file"),
                                        exam.id + QLatin1Char('/') + name + QStringLiteral(".dcm")},
                                       {QStringLiteral("sop_instance_uid"), written.value()},
                                       {QStringLiteral("benign"), view.benign() ? 1 : 0},
                                       {QStringLiteral("malignant"), view.malignant() ? 1 : 0},
                                       {QStringLiteral("masks"), masks},
                                       {QStringLiteral("lesions"), lesions}});
    }

    const QJsonObject entry{{QStringLiteral("id"), exam.id},
                            {QStringLiteral("seed"), qint64(exam.seed)},
                            {QStringLiteral("index"), exam.index},
                            {QStringLiteral("study_instance_uid"), studyUid},
                            {QStringLiteral("density"), QString(exam.density)},
                            {QStringLiteral("generator"), QLatin1String(kGenerator)},
                            {QStringLiteral("options"), optionsJson(options)},
                            {QStringLiteral("views"), views}};
    QSaveFile json(partialDir + QStringLiteral("/exam.json"));
    if (!json.open(QIODevice::WriteOnly) || json.write(QJsonDocument(entry).toJson()) < 0 ||
        !json.commit()) {
        QDir(partialDir).removeRecursively();
        return failed(QStringLiteral("Cannot write exam.json."), json.fileName());
    }
    // An outdated exam of the same id (other options) is replaced.
    QDir(finalDir).removeRecursively();
    if (!QDir().rename(partialDir, finalDir)) {
        QDir(partialDir).removeRecursively();
        return failed(QStringLiteral("Cannot move the finished exam into place."), finalDir);
    }
    return entry;
}

} // namespace mammolens::core
