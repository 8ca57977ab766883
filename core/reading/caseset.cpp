#include "core/reading/caseset.h"

#include <QSet>

namespace mammolens::core {

QString CaseSet::validate() const
{
    if (name.trimmed().isEmpty())
        return QStringLiteral("the case set's name is empty");
    if (name.size() > 128)
        return QStringLiteral("the case set's name is longer than 128 characters");
    if (cases.empty())
        return QStringLiteral("the case set has no cases");
    QSet<QString> keys;
    for (size_t i = 0; i < cases.size(); ++i) {
        const CaseTruth& c = cases[i];
        if (const QString problem = c.validate(); !problem.isEmpty())
            return QStringLiteral("case %1: %2").arg(i + 1).arg(problem);
        if (keys.contains(c.examKey))
            return QStringLiteral("case %1: exam %2 is in the set twice").arg(i + 1).arg(c.examKey);
        keys.insert(c.examKey);
    }
    return {};
}

} // namespace mammolens::core
