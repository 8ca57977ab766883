#include "app/common/labelledimageset.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QTextStream>

namespace mammolens::app {

const LabelledImage* LabelledExam::image(core::StandardView view) const
{
    for (const LabelledImage& i : images)
        if (i.view == view)
            return &i;
    return nullptr;
}

core::Outcome<std::vector<LabelledExam>> LabelledImageSet::read(const QString& folder)
{
    const QDir dir(folder);
    QFile file(dir.filePath(QStringLiteral("manifest.csv")));
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return core::Error{QStringLiteral("dataset.no_manifest"),
                           QStringLiteral("no readable manifest.csv in %1").arg(folder), folder};
    QTextStream in(&file);
    const QStringList header = in.readLine().trimmed().split(QLatin1Char(','));
    const auto column = [&](const char* name) { return header.indexOf(QLatin1String(name)); };
    const int cExam = column("exam_id"), cView = column("view"), cBenign = column("benign"),
              cMalignant = column("malignant"), cFile = column("file");
    const auto bad = [&](const QString& why) {
        return core::Error{QStringLiteral("dataset.bad_manifest"),
                           QStringLiteral("%1: %2").arg(file.fileName(), why), file.fileName()};
    };
    if (cExam < 0 || cView < 0 || cBenign < 0 || cMalignant < 0 || cFile < 0)
        return bad(QStringLiteral("the header must name exam_id, view, benign, malignant, file"));

    std::vector<LabelledExam> exams;
    QHash<QString, size_t> index;
    for (int line = 2; !in.atEnd(); ++line) {
        const QString text = in.readLine().trimmed();
        if (text.isEmpty())
            continue;
        const QStringList f = text.split(QLatin1Char(','));
        if (f.size() < header.size())
            return bad(QStringLiteral("line %1 has %2 fields, the header %3")
                           .arg(line)
                           .arg(f.size())
                           .arg(header.size()));
        LabelledImage img;
        img.examId = f.at(cExam);
        const auto view = core::standardViewFromString(f.at(cView));
        if (!view)
            return bad(QStringLiteral("line %1: '%2' is not a standard view").arg(line).arg(f.at(cView)));
        img.view = *view;
        bool okB = false, okM = false;
        img.labels = {f.at(cBenign).toInt(&okB), f.at(cMalignant).toInt(&okM)};
        if (!okB || !okM || img.labels[0] < 0 || img.labels[0] > 1 || img.labels[1] < 0 ||
            img.labels[1] > 1)
            return bad(QStringLiteral("line %1: labels must be 0 or 1").arg(line));
        img.file = QFileInfo(dir, f.at(cFile)).absoluteFilePath();
        if (!QFileInfo::exists(img.file))
            return bad(QStringLiteral("line %1: %2 does not exist").arg(line).arg(img.file));
        auto it = index.find(img.examId);
        if (it == index.end()) {
            it = index.insert(img.examId, exams.size());
            exams.push_back({img.examId, QFileInfo(img.file).absolutePath(), {}});
        }
        exams[*it].images.push_back(img);
    }
    if (exams.empty())
        return bad(QStringLiteral("no images listed"));
    return exams;
}

} // namespace mammolens::app
