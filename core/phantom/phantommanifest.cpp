#include "core/phantom/phantommanifest.h"

#include "core/exam/view.h"
#include "core/phantom/phantomexamwriter.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <algorithm>
#include <vector>

namespace mammolens::core {

namespace {

bool save(const QString& path, const QByteArray& data, QString* error)
{
    QSaveFile file(path);
    if (file.open(QIODevice::WriteOnly) && file.write(data) == data.size() && file.commit())
        return true;
    *error = path + QStringLiteral(": ") + file.errorString();
    return false;
}

} // namespace

int PhantomManifest::write(const QString& outputDir, QString* error)
{
    std::vector<QJsonObject> exams;
    const QDir dir(outputDir);
    for (const QString& name : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        if (name.endsWith(QLatin1String(".partial")))
            continue;
        QFile file(dir.filePath(name + QStringLiteral("/exam.json")));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QJsonObject exam = QJsonDocument::fromJson(file.readAll()).object();
        if (exam.value(QStringLiteral("generator")).toString() ==
            QLatin1String(PhantomExamWriter::kGenerator))
            exams.push_back(exam);
    }
    std::sort(exams.begin(), exams.end(), [](const QJsonObject& a, const QJsonObject& b) {
        const auto key = [](const QJsonObject& e) {
            return std::pair(e.value(QStringLiteral("seed")).toInteger(),
                             e.value(QStringLiteral("index")).toInteger());
        };
        return key(a) < key(b);
    });

    QJsonArray list;
    QByteArray csv = "exam_id,view,benign,malignant,density,file\n";
    for (const QJsonObject& exam : exams) {
        list.append(exam);
        const QJsonObject views = exam.value(QStringLiteral("views")).toObject();
        for (StandardView v : kStandardViews) {
            const QJsonObject view = views.value(toString(v)).toObject();
            if (view.isEmpty())
                continue;
            csv += QStringLiteral("%1,%2,%3,%4,%5,%6\n")
                       .arg(exam.value(QStringLiteral("id")).toString(), toString(v))
                       .arg(view.value(QStringLiteral("benign")).toInt())
                       .arg(view.value(QStringLiteral("malignant")).toInt())
                       .arg(exam.value(QStringLiteral("density")).toString(),
                            view.value(QStringLiteral("file")).toString())
                       .toUtf8();
        }
    }
    const QJsonObject manifest{
        {QStringLiteral("generator"), QLatin1String(PhantomExamWriter::kGenerator)},
        {QStringLiteral("exams"), list}};
    if (!save(dir.filePath(QStringLiteral("manifest.json")), QJsonDocument(manifest).toJson(),
              error) ||
        !save(dir.filePath(QStringLiteral("manifest.csv")), csv, error))
        return -1;
    return int(exams.size());
}

} // namespace mammolens::core
