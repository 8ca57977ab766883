#include "app/common/versioninfo.h"

#include "core/version/libraryversions.h"
#include "inference/util/version.h"

#include <vtkVersion.h>

namespace mammolens::app {

QList<QPair<QString, QString>> allLibraryVersions()
{
    auto versions = core::coreLibraryVersions();
    const auto engine = inference::engineVersionInfo();
    const QString cuda = engine.cudaAvailable
                             ? QStringLiteral("CUDA available, %1 device(s)").arg(engine.cudaDeviceCount)
                             : QStringLiteral("CUDA not available");
    versions.append({QStringLiteral("LibTorch"),
                     QString::fromStdString(engine.libtorchVersion) + QStringLiteral(" (") + cuda +
                         QStringLiteral(")")});
    versions.append({QStringLiteral("VTK"), QString::fromLatin1(vtkVersion::GetVTKVersion())});
    return versions;
}

QString versionReport()
{
    QString out;
    for (const auto& [name, version] : allLibraryVersions())
        out += name + QStringLiteral(": ") + version + QLatin1Char('\n');
    return out;
}

} // namespace mammolens::app
