#include "core/phantom/phantomcaseset.h"

#include "core/exam/view.h"
#include "core/phantom/phantomexamwriter.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace mammolens::core {

namespace {

Error manifestError(const QString& message, const QString& path)
{
    return Error{QStringLiteral("phantom.manifest"), message, path};
}

BreastTruth worse(BreastTruth a, BreastTruth b)
{
    return int(a) > int(b) ? a : b;
}

} // namespace

Outcome<CaseSet> PhantomCaseSet::fromManifest(const QString& outputDir, const QString& name)
{
    const QDir dir(outputDir);
    const QString path = dir.absoluteFilePath(QStringLiteral("manifest.json"));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return manifestError(file.errorString(), path);
    const QJsonObject manifest = QJsonDocument::fromJson(file.readAll()).object();
    if (manifest.value(QStringLiteral("generator")).toString() !=
        QLatin1String(PhantomExamWriter::kGenerator))
        return manifestError(QStringLiteral("Not a manifest of %1.")
                                 .arg(QLatin1String(PhantomExamWriter::kGenerator)),
                             path);
    CaseSet set;
    set.name = name;
    const QJsonArray exams = manifest.value(QStringLiteral("exams")).toArray();
    for (const QJsonValue& value : exams) {
        const QJsonObject exam = value.toObject();
        CaseTruth c;
        c.examKey = exam.value(QStringLiteral("study_instance_uid")).toString();
        c.examPath =
            QDir::cleanPath(dir.absoluteFilePath(exam.value(QStringLiteral("id")).toString()));
        const QJsonObject views = exam.value(QStringLiteral("views")).toObject();
        for (StandardView v : kStandardViews) {
            const QJsonObject view = views.value(toString(v)).toObject();
            const BreastTruth truth =
                view.value(QStringLiteral("malignant")).toInt() != 0 ? BreastTruth::Malignant
                : view.value(QStringLiteral("benign")).toInt() != 0  ? BreastTruth::Benign
                                                                     : BreastTruth::Normal;
            BreastTruth& breast = lateralityOf(v) == Laterality::Left ? c.left : c.right;
            breast = worse(breast, truth);
            for (const QJsonValue& l : view.value(QStringLiteral("lesions")).toArray()) {
                // bbox: [top, left, bottom, right) in stored pixels.
                const QJsonArray box = l.toObject().value(QStringLiteral("bbox")).toArray();
                if (box.size() != 4)
                    continue;
                CaseLesion lesion;
                lesion.breast = lateralityOf(v);
                lesion.view = positionOf(v) == ViewPosition::CC ? QStringLiteral("CC")
                                                                : QStringLiteral("MLO");
                lesion.pathology = l.toObject().value(QStringLiteral("class")).toString() ==
                                           QLatin1String("malignant")
                                       ? BreastTruth::Malignant
                                       : BreastTruth::Benign;
                lesion.y = box[0].toInt();
                lesion.x = box[1].toInt();
                lesion.height = box[2].toInt() - lesion.y;
                lesion.width = box[3].toInt() - lesion.x;
                if (lesion.width > 0 && lesion.height > 0) // a lesion that left no pixel
                    c.lesions.push_back(lesion);
            }
        }
        set.cases.push_back(std::move(c));
    }
    if (set.cases.empty())
        return manifestError(QStringLiteral("The manifest lists no exam."), path);
    set.description =
        QStringLiteral("%1 synthetic phantom exam(s) of %2 (%3): truth and lesion boxes from "
                       "its manifest.")
            .arg(set.cases.size())
            .arg(dir.absolutePath(), QLatin1String(PhantomExamWriter::kGenerator));
    if (const QString problem = set.validate(); !problem.isEmpty())
        return manifestError(problem, path);
    return set;
}

} // namespace mammolens::core
