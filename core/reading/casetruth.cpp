#include "core/reading/casetruth.h"

namespace mammolens::core {

QString toString(BreastTruth truth)
{
    switch (truth) {
    case BreastTruth::Normal:
        return QStringLiteral("normal");
    case BreastTruth::Benign:
        return QStringLiteral("benign");
    case BreastTruth::Malignant:
        return QStringLiteral("malignant");
    }
    return {};
}

std::optional<BreastTruth> breastTruthFromString(const QString& text)
{
    for (BreastTruth t : {BreastTruth::Normal, BreastTruth::Benign, BreastTruth::Malignant})
        if (toString(t) == text)
            return t;
    return std::nullopt;
}

QString CaseLesion::validate() const
{
    if (view != QLatin1String("CC") && view != QLatin1String("MLO"))
        return QStringLiteral("view '%1' is not CC or MLO").arg(view);
    if (pathology == BreastTruth::Normal)
        return QStringLiteral("a lesion is benign or malignant, not normal");
    if (x < 0 || y < 0 || width < 1 || height < 1)
        return QStringLiteral("box (x %1, y %2, width %3, height %4) is not a box of pixels")
            .arg(x)
            .arg(y)
            .arg(width)
            .arg(height);
    return {};
}

QString CaseTruth::validate() const
{
    if (examKey.trimmed().isEmpty())
        return QStringLiteral("the exam key is empty");
    if (examKey.size() > 256)
        return QStringLiteral("the exam key is longer than 256 characters");
    for (size_t i = 0; i < lesions.size(); ++i) {
        const CaseLesion& l = lesions[i];
        if (const QString problem = l.validate(); !problem.isEmpty())
            return QStringLiteral("lesion %1: %2").arg(i + 1).arg(problem);
        const BreastTruth breast = truth(l.breast);
        if (breast == BreastTruth::Normal)
            return QStringLiteral("lesion %1 is on the %2 breast, whose truth is normal")
                .arg(i + 1)
                .arg(l.breast == Laterality::Left ? QStringLiteral("left")
                                                  : QStringLiteral("right"));
        if (l.pathology == BreastTruth::Malignant && breast != BreastTruth::Malignant)
            return QStringLiteral("lesion %1 is malignant but the %2 breast's truth is %3")
                .arg(i + 1)
                .arg(l.breast == Laterality::Left ? QStringLiteral("left")
                                                  : QStringLiteral("right"),
                     toString(breast));
    }
    return {};
}

} // namespace mammolens::core
