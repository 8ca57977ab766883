#include "core/reading/finding.h"

#include <QRegularExpression>
#include <cmath>

namespace mammolens::core {

QString toString(FindingType type)
{
    switch (type) {
    case FindingType::Mass:
        return QStringLiteral("mass");
    case FindingType::Calcification:
        return QStringLiteral("calcification");
    case FindingType::ArchitecturalDistortion:
        return QStringLiteral("architectural_distortion");
    case FindingType::Asymmetry:
        return QStringLiteral("asymmetry");
    }
    return {};
}

std::optional<FindingType> findingTypeFromString(const QString& text)
{
    for (FindingType t : {FindingType::Mass, FindingType::Calcification,
                          FindingType::ArchitecturalDistortion, FindingType::Asymmetry})
        if (toString(t) == text)
            return t;
    return std::nullopt;
}

QString Finding::validate() const
{
    static const QRegularExpression viewPattern(QStringLiteral("^[A-Z0-9_]{1,16}$"));
    if (!viewPattern.match(view).hasMatch())
        return QStringLiteral("view '%1' is not a View Position code (1-16 of A-Z, 0-9, _)")
            .arg(view);
    if (!std::isfinite(x) || !std::isfinite(y) || x < 0 || y < 0)
        return QStringLiteral("location (%1, %2) is not a pixel position").arg(x).arg(y);
    if (radius && (!std::isfinite(*radius) || *radius < 0))
        return QStringLiteral("radius %1 is not a length in pixels").arg(*radius);
    return {};
}

} // namespace mammolens::core
