// engine_parity: the GMIC parity check without Qt, for the engine-only build.
// usage: engine_parity [PARITY_DIR] [--bf16]

#include "paritycheck.h"

#include <cstdio>
#include <cstring>

int main(int argc, char** argv)
{
    mammolens::tests::ParityOptions options;
    options.parityDir = MAMMOLENS_SHARED_DIR "/parity";
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--bf16") == 0)
            options.bfloat16Report = true;
        else
            options.parityDir = argv[i];
    }
    const auto report = mammolens::tests::checkGmicParity(options);
    for (const auto& line : report.lines)
        std::printf("%s\n", line.c_str());
    for (const auto& failure : report.failures)
        std::printf("FAIL: %s\n", failure.c_str());
    std::printf("%s\n", report.ok() ? "parity: OK" : "parity: FAILED");
    return report.ok() ? 0 : 1;
}
