// mammolens-cli: the headless face of MammoLens. Subcommands are documented in `help` and in
// docs/cli.md; exit codes: 0 success, 1 failure of some input, 2 usage error.

#include "app/cli/infercommand.h"
#include "app/common/versioninfo.h"
#include "core/logging/log.h"

#include <QCoreApplication>
#include <QStringList>
#include <QTextStream>

namespace {

constexpr int kUsageError = 2;

QTextStream& out()
{
    static QTextStream s(stdout);
    return s;
}

QTextStream& err()
{
    static QTextStream s(stderr);
    return s;
}

void printHelp()
{
    out() << "usage: mammolens-cli <command> [options]\n"
             "\n"
             "commands:\n"
             "  infer       run GMIC on exams: predictions.csv, breasts.csv, results.json, PNGs\n"
             "  help        show this text\n"
             "  version     versions of MammoLens and its libraries (also --version)\n"
             "\n"
             "exit codes: 0 success, 1 an input or output failed, 2 usage error\n";
    out().flush();
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("MammoLens"));
    QCoreApplication::setApplicationName(QStringLiteral("mammolens"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MAMMOLENS_VERSION));

    QStringList args = QCoreApplication::arguments().mid(1);
    const QString command = args.isEmpty() ? QStringLiteral("help") : args.takeFirst();
    if (command == QLatin1String("--version") || command == QLatin1String("version")) {
        out() << mammolens::app::versionReport();
        return 0;
    }
    if (command == QLatin1String("help") || command == QLatin1String("--help") ||
        command == QLatin1String("-h")) {
        printHelp();
        return 0;
    }
    mammolens::core::log::init({});
    if (command == QLatin1String("infer"))
        return mammolens::app::runInferCommand(args);
    err() << "mammolens-cli: unknown command '" << command << "' (try 'mammolens-cli help')\n";
    return kUsageError;
}
