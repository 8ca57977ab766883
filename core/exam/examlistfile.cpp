#include "core/exam/examlistfile.h"

#include "core/png/pngimagereader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

namespace mammolens::core {

namespace {

/// horizontal_flip as the reference writes it ("YES"/"NO"), or a JSON boolean.
std::optional<bool> parseFlip(const QJsonValue& value)
{
    if (value.isUndefined() || value.isNull())
        return false;
    if (value.isBool())
        return value.toBool();
    const QString text = value.toString().trimmed().toUpper();
    if (text == "YES")
        return true;
    if (text == "NO")
        return false;
    return std::nullopt;
}

/// Relative paths resolve against the list's folder. The reference's lists name images without
/// extension, so a path that does not exist and has none gets ".png".
QString resolve(const QString& file, const QDir& base)
{
    QString path = QDir::cleanPath(base.absoluteFilePath(file));
    if (!QFileInfo::exists(path) && QFileInfo(path).suffix().isEmpty() &&
        QFileInfo::exists(path + ".png"))
        path += ".png";
    return path;
}

ExamListEntry parseEntry(const QJsonObject& object, int index, const QDir& base,
                         const QString& source)
{
    ExamListEntry entry;
    const QString where = QString("exam %1").arg(index + 1);
    const QJsonValue id = object.value("id");
    if (id.isString() && !id.toString().isEmpty())
        entry.id = id.toString();
    else if (id.isDouble())
        entry.id = QString::number(id.toDouble(), 'g', 17);
    else {
        entry.id = QString::number(index + 1);
        if (!id.isUndefined())
            entry.errors.push_back(
                {"examlist.schema", where + ": \"id\" must be a non-empty string", source});
    }

    const std::optional<bool> flip = parseFlip(object.value("horizontal_flip"));
    if (flip)
        entry.horizontalFlip = *flip;
    else
        entry.errors.push_back(
            {"examlist.schema",
             where + ": \"horizontal_flip\" must be \"YES\", \"NO\" or a boolean", source});

    for (StandardView view : kStandardViews) {
        const QJsonValue value = object.value(toString(view));
        if (value.isUndefined() || value.isNull())
            continue;
        QJsonArray list;
        if (value.isString())
            list.append(value);
        else if (value.isArray())
            list = value.toArray();
        else {
            entry.errors.push_back(
                {"examlist.schema",
                 where + QString(": \"%1\" must be a list of file paths").arg(toString(view)),
                 source});
            continue;
        }
        for (const QJsonValue& file : list) {
            if (!file.isString() || file.toString().isEmpty()) {
                entry.errors.push_back(
                    {"examlist.schema",
                     where + QString(": \"%1\" holds a non-path entry").arg(toString(view)),
                     source});
                continue;
            }
            entry.files[view] << resolve(file.toString(), base);
        }
    }
    if (entry.files.empty())
        entry.warnings << where + ": no image listed for any standard view";
    return entry;
}

} // namespace

Outcome<std::vector<ExamListEntry>> ExamListFile::readEntries(const QString& path)
{
    QFile file(path);
    if (!file.exists())
        return Error{"examlist.not_found", "exam list file does not exist", path};
    if (!file.open(QIODevice::ReadOnly))
        return Error{"examlist.unreadable", "cannot open: " + file.errorString(), path};
    return parse(file.readAll(), QFileInfo(path).absolutePath(), path);
}

Outcome<std::vector<ExamListEntry>>
ExamListFile::parse(const QByteArray& json, const QString& baseDir, const QString& source)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (document.isNull())
        return Error{"examlist.invalid_json",
                     QString("invalid JSON at offset %1: %2")
                         .arg(parseError.offset)
                         .arg(parseError.errorString()),
                     source};
    // The reference's exam_list is a bare list of exams; ours wraps it with a version.
    QJsonArray exams;
    if (document.isArray()) {
        exams = document.array();
    } else {
        const QJsonObject root = document.object();
        const int version = root.value("version").toInt(1);
        if (version != 1)
            return Error{
                "examlist.schema",
                QString("unsupported exam list version %1 (this build reads 1)").arg(version),
                source};
        if (!root.value("exams").isArray())
            return Error{"examlist.schema", "expected an \"exams\" list", source};
        exams = root.value("exams").toArray();
    }

    const QDir base(baseDir);
    std::vector<ExamListEntry> entries;
    QSet<QString> ids;
    for (int i = 0; i < exams.size(); ++i) {
        if (!exams[i].isObject()) {
            ExamListEntry bad;
            bad.id = QString::number(i + 1);
            bad.errors.push_back(
                {"examlist.schema", QString("exam %1 is not a JSON object").arg(i + 1), source});
            entries.push_back(bad);
            continue;
        }
        ExamListEntry entry = parseEntry(exams[i].toObject(), i, base, source);
        if (ids.contains(entry.id))
            entry.warnings << QString("exam id %1 appears more than once").arg(entry.id);
        ids.insert(entry.id);
        entries.push_back(std::move(entry));
    }
    return entries;
}

Exam ExamListFile::load(const ExamListEntry& entry, const ImageReader& reader,
                        const std::atomic<bool>* cancel)
{
    const ImageReader read = reader ? reader : [](const QString& path, StandardView view) {
        return PngImageReader().read(path, view, DecisionSource::ExamList);
    };
    Exam exam;
    exam.id = entry.id;
    exam.horizontalFlip = entry.horizontalFlip;
    exam.warnings = entry.warnings;
    exam.errors = entry.errors;
    for (const auto& [view, files] : entry.files) {
        for (const QString& path : files) {
            if (cancel && cancel->load())
                return exam;
            Outcome<MammogramImage> image = read(path, view);
            if (!image) {
                exam.errors.push_back(image.error());
            } else if (!exam.views.count(view)) {
                exam.views.emplace(view, std::move(image).value());
            } else {
                exam.warnings << QString("%1 lists several %2 images: using %3, also listing %4")
                                     .arg(exam.id, toString(view),
                                          QFileInfo(exam.views.at(view).sourcePath).fileName(),
                                          QFileInfo(path).fileName());
                exam.otherViews.push_back(std::move(image).value());
            }
        }
    }
    for (StandardView view : kStandardViews)
        if (!exam.views.count(view))
            exam.warnings << QString("no readable %1 image").arg(toString(view));
    return exam;
}

Outcome<std::vector<Exam>> ExamListFile::read(const QString& path, const ImageReader& reader,
                                              const std::atomic<bool>* cancel)
{
    const Outcome<std::vector<ExamListEntry>> entries = readEntries(path);
    if (!entries)
        return entries.error();
    std::vector<Exam> exams;
    for (const ExamListEntry& entry : entries.value()) {
        if (cancel && cancel->load())
            return Error{"examlist.cancelled", "loading was cancelled", path};
        exams.push_back(load(entry, reader, cancel));
    }
    return exams;
}

} // namespace mammolens::core
