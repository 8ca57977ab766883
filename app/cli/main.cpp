// mammolens-cli: the headless face of MammoLens. Subcommands are documented in `help` and in
// docs/cli.md; exit codes: 0 success, 1 failure of some input, 2 usage error, 128 + signal
// when a batch was stopped by SIGINT or SIGTERM.

#include "app/cli/auditcommand.h"
#include "app/cli/evaluatecommand.h"
#include "app/cli/infercommand.h"
#include "app/cli/phantomcommand.h"
#include "app/cli/readingcommand.h"
#include "app/cli/pacscommand.h"
#include "app/cli/selftestcommand.h"
#include "app/cli/toolcommands.h"
#include "app/cli/traincommand.h"
#include "app/common/headlessapplication.h"
#include "app/common/versioninfo.h"
#include "core/logging/log.h"

#include <QCoreApplication>
#include <QStringList>
#include <QTextStream>
#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace {

constexpr int kUsageError = 2;

#if defined(__SANITIZE_ADDRESS__) // GCC
constexpr bool kLeakCheckAtExit = true;
#elif defined(__has_feature) // Clang
constexpr bool kLeakCheckAtExit = __has_feature(address_sanitizer);
#else
constexpr bool kLeakCheckAtExit = false;
#endif

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
             "  preprocess  write each view's model input (safetensors) and its geometry\n"
             "  inspect     what the loader understood of each image file\n"
             "  convert-weights IN OUT   any supported weights file to our safetensors\n"
             "  bench       the engine benchmark (random weights unless --model)\n"
             "  phantom     synthetic screening exams (DICOM) with lesion masks and labels:\n"
             "              phantom [--seed N] [--count N] [--first-index I] [--size ROWSxCOLS]\n"
             "                      [--case-set FILE] --out DIR\n"
             "  pacs        echo|query|retrieve|push against a PACS node; nodes add|list|remove|default\n"
             "  train       train GMIC on a labelled exam folder (phantoms), or fine-tune one\n"
             "  evaluate    a model's AUC and localisation on a labelled exam folder\n"
             "  reading     the reading store: sessions | export-csv --session ID --out FILE;\n"
             "              teaching: import-case-set FILE | teaching-stats | history\n"
             "  audit       the reading store's audit trail: verify (hash chain) | list\n"
             "  selftest    check this installation end to end (libraries, codecs, demo model)\n"
             "  help        show this text\n"
             "  version     versions of MammoLens and its libraries (also --version)\n"
             "\n"
             "Run 'mammolens-cli infer' without arguments for its options; docs/cli.md has all.\n"
             "exit codes: 0 success, 1 an input or output failed, 2 usage error,\n"
             "            130/143 stopped by SIGINT/SIGTERM (a rerun resumes)\n";
    out().flush();
}

/// Ends the process once a batch is written, without its teardown: LibTorch unregistering its
/// ~2000 operators and the ~300 libraries it loads running their destructors took 80-110 ms of
/// the sample exam's 2.4 s (docs/performance.md). Nothing is lost by skipping them: every output
/// file is complete and renamed into place before `infer` returns, and the streams and the log
/// are flushed here. Sanitizer builds return normally, since LeakSanitizer checks at exit.
int exitWithoutTeardown(int code)
{
    if (kLeakCheckAtExit)
        return code;
    out().flush();
    err().flush();
    mammolens::core::log::flush();
    std::fflush(nullptr);
    std::_Exit(code);
}

} // namespace

int main(int argc, char** argv)
{
    // `infer --report` paints text, and fonts need a QGuiApplication (offscreen: no display).
    const bool fonts = argc > 1 && qstrcmp(argv[1], "infer") == 0 &&
                       std::any_of(argv + 2, argv + argc,
                                   [](const char* a) { return qstrcmp(a, "--report") == 0; });
    const auto app = mammolens::app::createHeadlessApplication(argc, argv, fonts);
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
    using namespace mammolens::app;
    if (command == QLatin1String("infer"))
        return exitWithoutTeardown(runInferCommand(args));
    if (command == QLatin1String("preprocess"))
        return runPreprocessCommand(args);
    if (command == QLatin1String("inspect"))
        return runInspectCommand(args);
    if (command == QLatin1String("convert-weights"))
        return runConvertWeightsCommand(args);
    if (command == QLatin1String("bench"))
        return runBenchCommand(args);
    if (command == QLatin1String("phantom"))
        return runPhantomCommand(args);
    if (command == QLatin1String("pacs"))
        return runPacsCommand(args);
    if (command == QLatin1String("train"))
        return runTrainCommand(args);
    if (command == QLatin1String("evaluate"))
        return runEvaluateCommand(args);
    if (command == QLatin1String("reading"))
        return runReadingCommand(args);
    if (command == QLatin1String("audit"))
        return runAuditCommand(args);
    if (command == QLatin1String("selftest"))
        return runSelfTestCommand(args);
    err() << "mammolens-cli: unknown command '" << command << "' (try 'mammolens-cli help')\n";
    return kUsageError;
}
