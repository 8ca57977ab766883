#include "app/common/batchoutputdir.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

#include <algorithm>

namespace mammolens::app {

namespace {

const QString kResultFile = QStringLiteral("result.json");

QString csvField(const QString& s)
{
    if (!s.contains(QLatin1Char(',')) && !s.contains(QLatin1Char('"')) && !s.contains(QLatin1Char('\n')))
        return s;
    QString q = s;
    q.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + q + QLatin1Char('"');
}

QString num(double v)
{
    return QString::number(v, 'g', 8);
}

QJsonObject readJson(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

} // namespace

bool BatchOutputDir::prepare(QString* error) const
{
    if (QDir().mkpath(dir_ + QStringLiteral("/exams")))
        return true;
    *error = QStringLiteral("cannot create output folder %1").arg(dir_);
    return false;
}

QString BatchOutputDir::examFolder(const QString& examId) const
{
    const QByteArray hash = QCryptographicHash::hash(examId.toUtf8(), QCryptographicHash::Sha256);
    return dir_ + QStringLiteral("/exams/exam-") + QString::fromLatin1(hash.toHex().left(16));
}

bool BatchOutputDir::isComplete(const QString& examId, const QStringList& modelIds) const
{
    const QJsonObject o = readJson(examFolder(examId) + QLatin1Char('/') + kResultFile);
    if (o.value(QStringLiteral("id")).toString() != examId || !o.value(QStringLiteral("complete")).toBool())
        return false;
    QStringList ids;
    for (const QJsonValue& m : o.value(QStringLiteral("models")).toArray())
        ids << m.toObject().value(QStringLiteral("id")).toString();
    return ids == modelIds;
}

bool BatchOutputDir::writeFileAtomically(const QString& path, const QByteArray& data, QString* error)
{
    QSaveFile f(path);
    if (f.open(QIODevice::WriteOnly) && f.write(data) == data.size() && f.commit())
        return true;
    *error = QStringLiteral("cannot write %1: %2").arg(path, f.errorString());
    return false;
}

bool BatchOutputDir::writeExam(const QJsonObject& exam, QString* error) const
{
    const QString folder = examFolder(exam.value(QStringLiteral("id")).toString());
    if (!QDir().mkpath(folder)) {
        *error = QStringLiteral("cannot create %1").arg(folder);
        return false;
    }
    return writeFileAtomically(folder + QLatin1Char('/') + kResultFile,
                               QJsonDocument(exam).toJson(QJsonDocument::Indented), error);
}

bool BatchOutputDir::writeAggregates(QString* error) const
{
    std::vector<QJsonObject> exams;
    QDirIterator it(dir_ + QStringLiteral("/exams"), {kResultFile}, QDir::Files,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QJsonObject o = readJson(it.next());
        if (!o.isEmpty())
            exams.push_back(std::move(o));
    }
    std::sort(exams.begin(), exams.end(), [](const QJsonObject& a, const QJsonObject& b) {
        return a.value(QStringLiteral("id")).toString() < b.value(QStringLiteral("id")).toString();
    });

    QString predictions = QStringLiteral(
        "exam_id,view,benign,malignant,global_benign,global_malignant,local_benign,"
        "local_malignant,benign_spread,malignant_spread,model_id,source\n");
    QString breasts = QStringLiteral(
        "exam_id,breast,views,benign_mean,malignant_mean,benign_max,malignant_max\n");
    QJsonArray all;
    for (const QJsonObject& exam : exams) {
        all.append(exam);
        const QString id = exam.value(QStringLiteral("id")).toString();
        const QJsonObject views = exam.value(QStringLiteral("views")).toObject();
        QStringList modelIds;
        for (const QJsonValue& m : exam.value(QStringLiteral("models")).toArray())
            modelIds << m.toObject().value(QStringLiteral("id")).toString();
        for (const QString& view : {QStringLiteral("L-CC"), QStringLiteral("R-CC"),
                                    QStringLiteral("L-MLO"), QStringLiteral("R-MLO")}) {
            const QJsonObject v = views.value(view).toObject();
            if (!v.contains(QStringLiteral("y_fusion")))
                continue;
            auto at = [&](const char* key, int i) {
                return num(v.value(QLatin1String(key)).toArray().at(i).toDouble());
            };
            predictions += QStringList{csvField(id), view, at("y_fusion", 0), at("y_fusion", 1),
                                       at("y_global", 0), at("y_global", 1), at("y_local", 0),
                                       at("y_local", 1), at("y_fusion_spread", 0),
                                       at("y_fusion_spread", 1), modelIds.join(QLatin1Char('+')),
                                       csvField(v.value(QStringLiteral("source")).toString())}
                               .join(QLatin1Char(',')) +
                           QLatin1Char('\n');
        }
        // Per breast: the mean and the max of its CC and MLO y_fusion (docs/cli.md).
        for (const QString& side : {QStringLiteral("L"), QStringLiteral("R")}) {
            double sum[2] = {0, 0}, max[2] = {0, 0};
            QStringList used;
            for (const QString& pos : {QStringLiteral("CC"), QStringLiteral("MLO")}) {
                const QJsonArray y = views.value(side + QLatin1Char('-') + pos)
                                         .toObject()
                                         .value(QStringLiteral("y_fusion"))
                                         .toArray();
                if (y.size() != 2)
                    continue;
                used << pos;
                for (int c = 0; c < 2; ++c) {
                    sum[c] += y.at(c).toDouble();
                    max[c] = std::max(max[c], y.at(c).toDouble());
                }
            }
            if (used.isEmpty())
                continue;
            const double n = used.size();
            breasts += QStringList{csvField(id), side, used.join(QLatin1Char('+')), num(sum[0] / n),
                                   num(sum[1] / n), num(max[0]), num(max[1])}
                           .join(QLatin1Char(',')) +
                       QLatin1Char('\n');
        }
    }
    return writeFileAtomically(dir_ + QStringLiteral("/predictions.csv"), predictions.toUtf8(), error) &&
           writeFileAtomically(dir_ + QStringLiteral("/breasts.csv"), breasts.toUtf8(), error) &&
           writeFileAtomically(dir_ + QStringLiteral("/results.json"),
                               QJsonDocument(QJsonObject{{QStringLiteral("exams"), all}})
                                   .toJson(QJsonDocument::Indented),
                               error);
}

} // namespace mammolens::app
