// A stand-in for mammolens-dicom-decoder that misbehaves on purpose (FAKE_DECODER_MODE), to test
// that IsolatedFrameDecoder turns every way a helper can die or lie into that file's error. No
// real input reproduces the DCMTK crash defects on this machine's DCMTK build
// (docs/dicom-safety.md), so the helper's death is injected here; the real helper is tested on real
// files.

#include "core/dicom/framedecoderprotocol.h"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unistd.h>

namespace protocol = mammolens::core::framedecoderprotocol;

int main(int argc, char** argv)
{
    long rows = 0, columns = 0, bits = 16;
    for (int i = 1; i + 1 < argc; ++i) {
        if (!std::strcmp(argv[i], "--rows"))
            rows = std::atol(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--columns"))
            columns = std::atol(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--bits-allocated"))
            bits = std::atol(argv[i + 1]);
    }
    if (const char* pidFile = std::getenv("FAKE_DECODER_PIDFILE")) {
        if (FILE* f = std::fopen(pidFile, "w")) {
            std::fprintf(f, "%ld\n", long(getpid()));
            std::fclose(f);
        }
    }
    const std::string mode =
        std::getenv("FAKE_DECODER_MODE") ? std::getenv("FAKE_DECODER_MODE") : "";
    const std::uint64_t frameBytes = std::uint64_t(rows) * columns * (bits > 8 ? 2 : 1);
    auto header = [](std::uint32_t status, std::uint64_t length) {
        std::fwrite(protocol::kMagic, 1, 4, stdout);
        std::fwrite(&status, sizeof status, 1, stdout);
        std::fwrite(&length, sizeof length, 1, stdout);
    };
    if (mode == "segv") {
        std::raise(SIGSEGV);
    } else if (mode == "abort") {
        std::abort();
    } else if (mode == "segv-after-frame") {
        header(protocol::kFrame, frameBytes);
        for (std::uint64_t i = 0; i < frameBytes; ++i)
            std::fputc(0, stdout);
        std::fflush(stdout);
        std::raise(SIGSEGV);
    } else if (mode == "hang") {
        header(protocol::kFrame, frameBytes);
        std::fflush(stdout);
        for (;;)
            pause();
    } else if (mode == "short") {
        header(protocol::kFrame, frameBytes);
        for (std::uint64_t i = 0; i < frameBytes / 2; ++i)
            std::fputc(0, stdout);
        return 0;
    } else if (mode == "garbage") {
        std::fputs("this is not the protocol at all", stdout);
        return 0;
    } else if (mode == "wrong-size") {
        header(protocol::kFrame, frameBytes + 2);
        return 0;
    } else if (mode == "error" || mode == "foreign-error") {
        const std::string text = mode == "error"
                                     ? "dicom.decode_failed\nThe RLE segment 2 is short."
                                     : "exam.cancelled\nNot a code the helper may use.";
        header(protocol::kError, text.size());
        std::fwrite(text.data(), 1, text.size(), stdout);
        return 0;
    }
    return 3;
}
