#include "core/version/libraryversions.h"

#include <dcmtk/dcmdata/dcuid.h>
#include <opencv2/core/version.hpp>
#include <spdlog/version.h>

#include <QtGlobal>

namespace mammolens::core {

QList<QPair<QString, QString>> coreLibraryVersions()
{
    return {
        {QStringLiteral("MammoLens"), QStringLiteral(MAMMOLENS_VERSION)},
        {QStringLiteral("Qt"), QString::fromLatin1(qVersion()) +
                                   QStringLiteral(" (built with %1)").arg(QT_VERSION_STR)},
        {QStringLiteral("DCMTK"), QStringLiteral(OFFIS_DCMTK_VERSION_STRING)},
        {QStringLiteral("OpenCV"), QStringLiteral(CV_VERSION)},
        {QStringLiteral("spdlog"), QStringLiteral("%1.%2.%3")
                                       .arg(SPDLOG_VER_MAJOR)
                                       .arg(SPDLOG_VER_MINOR)
                                       .arg(SPDLOG_VER_PATCH)},
    };
}

} // namespace mammolens::core
