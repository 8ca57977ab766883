#include "app/cli/selftestcommand.h"

#include "app/common/selftest.h"

#include <cstdio>

namespace mammolens::app {

int runSelfTestCommand(const QStringList& args)
{
    if (args == QStringList{QStringLiteral("--record")}) {
        QString error;
        if (!SelfTest::record(&error)) {
            std::fprintf(stderr, "mammolens-cli selftest: %s\n", qPrintable(error));
            return 1;
        }
        std::printf("golden outputs recorded\n");
        return 0;
    }
    if (!args.isEmpty()) {
        std::fprintf(stderr, "usage: mammolens-cli selftest [--record]\n");
        return 2;
    }
    const auto checks = SelfTest::run([](const SelfTestCheck& c) {
        std::printf("%-4s %-20s %s\n", c.passed ? "ok" : "FAIL", qPrintable(c.name),
                    qPrintable(c.detail));
        std::fflush(stdout);
    });
    const bool passed = SelfTest::passed(checks);
    std::printf("selftest: %s\n", passed ? "PASSED" : "FAILED");
    return passed ? 0 : 1;
}

} // namespace mammolens::app
