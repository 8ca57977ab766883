// mammolens-dicom-decoder: decodes the first frame of one DICOM file with DCMTK's RLE or JPEG
// decoder and writes it to standard output (core/dicom/framedecoderprotocol.h). It exists so
// that those decoders, which have known crash defects in Debian's DCMTK, never run inside the
// workstation or the CLI: if a file kills this process, IsolatedFrameDecoder reports that file's
// error and the exam, the batch and the workstation go on. Not meant to be run by hand.
//
//   mammolens-dicom-decoder --rows R --columns C --bits-allocated B [--memory-limit-mb M] FILE

#include "core/dicom/dcmtkframedecoder.h"
#include "core/dicom/framedecoderprotocol.h"

#include <QString>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <sys/resource.h>

namespace {

namespace protocol = mammolens::core::framedecoderprotocol;

constexpr int kUsageError = 2;

bool writeAll(const void* data, std::size_t size)
{
    const auto* bytes = static_cast<const char*>(data);
    while (size > 0) {
        const std::size_t written = std::fwrite(bytes, 1, size, stdout);
        if (written == 0)
            return false;
        bytes += written;
        size -= written;
    }
    return true;
}

bool writeMessage(std::uint32_t status, const void* payload, std::uint64_t length)
{
    return writeAll(protocol::kMagic, 4) && writeAll(&status, sizeof status) &&
           writeAll(&length, sizeof length) && writeAll(payload, std::size_t(length)) &&
           std::fflush(stdout) == 0;
}

bool addressSanitized()
{
#if defined(__SANITIZE_ADDRESS__)
    return true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
    return true;
#else
    return false;
#endif
#else
    return false;
#endif
}

/// A crashing decoder leaves no core file behind, and one that runs away with memory meets
/// a limit instead of the machine's swap.
void limitResources(long long memoryLimitMb)
{
    const rlimit noCore{0, 0};
    setrlimit(RLIMIT_CORE, &noCore);
    // AddressSanitizer reserves terabytes of shadow address space: a limit would stop it.
    if (memoryLimitMb > 0 && !addressSanitized()) {
        const rlim_t bytes = rlim_t(memoryLimitMb) << 20;
        const rlimit memory{bytes, bytes};
        setrlimit(RLIMIT_AS, &memory);
    }
}

} // namespace

int main(int argc, char** argv)
{
    mammolens::core::DcmtkFrameDecoder::Expected expected;
    long long memoryLimitMb = 0;
    const char* path = nullptr;
    bool usage = false;
    for (int i = 1; i < argc && !usage; ++i) {
        const bool hasValue = i + 1 < argc;
        if (!std::strcmp(argv[i], "--rows") && hasValue)
            expected.rows = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--columns") && hasValue)
            expected.columns = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--bits-allocated") && hasValue)
            expected.bitsAllocated = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--memory-limit-mb") && hasValue)
            memoryLimitMb = std::atoll(argv[++i]);
        else if (!path && argv[i][0] != '-')
            path = argv[i];
        else
            usage = true;
    }
    if (usage || !path || expected.rows <= 0 || expected.columns <= 0 ||
        (expected.bitsAllocated != 8 && expected.bitsAllocated != 16)) {
        std::fputs("usage: mammolens-dicom-decoder --rows R --columns C --bits-allocated 8|16 "
                   "[--memory-limit-mb M] FILE\n(a helper of MammoLens: not meant to be run by "
                   "hand)\n",
                   stderr);
        return kUsageError;
    }
    limitResources(memoryLimitMb);

    const auto frame = mammolens::core::DcmtkFrameDecoder::decodeFirstFrame(
        QString::fromLocal8Bit(path), expected);
    if (!frame) {
        const std::string text =
            (frame.error().code + QLatin1Char('\n') + frame.error().message).toStdString();
        return writeMessage(protocol::kError, text.data(), text.size()) ? 0 : 1;
    }
    return writeMessage(protocol::kFrame, frame.value().data(), frame.value().size()) ? 0 : 1;
}
