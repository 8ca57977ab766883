#include "core/reading/readingsession.h"

namespace mammolens::core {

QString toString(ReadingMode mode)
{
    switch (mode) {
    case ReadingMode::Clinical:
        return QStringLiteral("clinical");
    case ReadingMode::Blinded:
        return QStringLiteral("blinded");
    case ReadingMode::Teaching:
        return QStringLiteral("teaching");
    }
    return {};
}

std::optional<ReadingMode> readingModeFromString(const QString& text)
{
    for (ReadingMode m : {ReadingMode::Clinical, ReadingMode::Blinded, ReadingMode::Teaching})
        if (toString(m) == text)
            return m;
    return std::nullopt;
}

} // namespace mammolens::core
