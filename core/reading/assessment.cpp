#include "core/reading/assessment.h"

namespace mammolens::core {

QString toString(AssessmentPhase phase)
{
    return phase == AssessmentPhase::Initial ? QStringLiteral("initial")
                                             : QStringLiteral("post_ai");
}

std::optional<AssessmentPhase> assessmentPhaseFromString(const QString& text)
{
    if (text == QLatin1String("initial"))
        return AssessmentPhase::Initial;
    if (text == QLatin1String("post_ai"))
        return AssessmentPhase::PostAi;
    return std::nullopt;
}

QString toString(BreastDensity density)
{
    return QString(QLatin1Char(char('A' + int(density))));
}

std::optional<BreastDensity> breastDensityFromString(const QString& text)
{
    if (text.size() == 1 && text[0] >= QLatin1Char('A') && text[0] <= QLatin1Char('D'))
        return BreastDensity(text[0].unicode() - 'A');
    return std::nullopt;
}

QString Assessment::validate() const
{
    if (examKey.trimmed().isEmpty())
        return QStringLiteral("the exam key is empty");
    if (examKey.size() > 256)
        return QStringLiteral("the exam key is longer than 256 characters");
    for (const auto& birads : {biradsLeft, biradsRight})
        if (birads && (*birads < 0 || *birads > 6))
            return QStringLiteral("BI-RADS %1 is not 0-6").arg(*birads);
    if (confidence && (*confidence < 0 || *confidence > 100))
        return QStringLiteral("confidence %1 is not 0-100").arg(*confidence);
    for (size_t i = 0; i < findings.size(); ++i) {
        const QString problem = findings[i].validate();
        if (!problem.isEmpty())
            return QStringLiteral("finding %1: %2").arg(i + 1).arg(problem);
    }
    return {};
}

} // namespace mammolens::core
