#include "app/common/demoassets.h"

#include "core/phantom/phantomexamwriter.h"
#include "core/phantom/phantomgenerator.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
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

QString DemoAssets::findResource(const QString& relative)
{
    const QStringList places = {
        QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("../share/mammolens/") + relative),
        sourceResource(relative)};
    for (const QString& p : places)
        if (QFileInfo(p).isFile())
            return QFileInfo(p).absoluteFilePath();
    return {};
}

QString DemoAssets::sourceResource(const QString& relative)
{
    return QDir(QStringLiteral(MAMMOLENS_RESOURCE_DIR)).filePath(relative);
}

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

core::Outcome<QString> DemoAssets::demoExam()
{
    core::PhantomOptions options;
    options.rows = 640;
    options.cols = 512;
    const QString root = QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation))
                             .filePath(QStringLiteral("demo-exam"));
    const QString id = core::PhantomGenerator::examId(kDemoSeed, kDemoIndex);
    const core::PhantomExamWriter writer(root);
    if (!writer.isComplete(id, kDemoSeed, kDemoIndex, options)) {
        if (!QDir().mkpath(root))
            return core::Error{QStringLiteral("demo.write_failed"),
                               QStringLiteral("cannot create %1").arg(root), root};
        auto written = writer.write(core::PhantomGenerator(options).generate(kDemoSeed, kDemoIndex),
                                    options);
        if (!written)
            return written.error();
    }
    return QDir(root).filePath(id);
}

} // namespace mammolens::app
