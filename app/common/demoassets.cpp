#include "app/common/demoassets.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStringList>

namespace mammolens::app {

namespace {

QStringList candidates()
{
    QStringList c;
    const QString env = qEnvironmentVariable("MAMMOLENS_DEMO_MODEL");
    if (!env.isEmpty())
        c << env;
    const QString appDir = QCoreApplication::applicationDirPath();
    c << QDir(appDir).filePath(QStringLiteral("../share/mammolens/models/") +
                               QLatin1String(DemoAssets::kModelFile));
    c << QDir(QStringLiteral(MAMMOLENS_RESOURCE_DIR))
             .filePath(QStringLiteral("models/") + QLatin1String(DemoAssets::kModelFile));
    return c;
}

} // namespace

QString DemoAssets::modelPath()
{
    for (const QString& path : candidates())
        if (QFileInfo(path).isFile())
            return QFileInfo(path).absoluteFilePath();
    return {};
}

QString DemoAssets::searchedLocations()
{
    return candidates().join(QStringLiteral(", "));
}

} // namespace mammolens::app
