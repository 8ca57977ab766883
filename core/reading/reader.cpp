#include "core/reading/reader.h"

#include <QRegularExpression>

namespace mammolens::core {

bool Reader::isValidLogin(const QString& login)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9._@-]{1,64}$"));
    return pattern.match(login).hasMatch();
}

} // namespace mammolens::core
