// tst_fuzzregressions [DIR]: runs every file of DIR/<target>/ (default: tests/fuzz/regressions)
// through its fuzz target, compiled into this ordinary program (no libFuzzer, no sanitizer: the
// normal build). A file that once crashed, hung or leaked an exception must now simply return.
// A crash here kills the process, so each file is named before it runs.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

// The targets' LLVMFuzzerTestOneInput, renamed by tests/fuzz/CMakeLists.txt.
extern "C" int mammolens_fuzz_dicom(const std::uint8_t*, std::size_t);
extern "C" int mammolens_fuzz_png(const std::uint8_t*, std::size_t);
extern "C" int mammolens_fuzz_examlist(const std::uint8_t*, std::size_t);
extern "C" int mammolens_fuzz_safetensors(const std::uint8_t*, std::size_t);
extern "C" int mammolens_fuzz_pytorch_zip(const std::uint8_t*, std::size_t);
extern "C" int mammolens_fuzz_pytorch_legacy(const std::uint8_t*, std::size_t);

namespace {

struct Target
{
    const char* name;
    int (*run)(const std::uint8_t*, std::size_t);
};

const Target kTargets[] = {
    {"dicom", mammolens_fuzz_dicom},
    {"png", mammolens_fuzz_png},
    {"examlist", mammolens_fuzz_examlist},
    {"safetensors", mammolens_fuzz_safetensors},
    {"pytorch_zip", mammolens_fuzz_pytorch_zip},
    {"pytorch_legacy", mammolens_fuzz_pytorch_legacy},
};

} // namespace

int main(int argc, char** argv)
{
    namespace fs = std::filesystem;
    const fs::path root =
        argc > 1 ? fs::path(argv[1]) : fs::path(MAMMOLENS_SOURCE_DIR) / "tests/fuzz/regressions";
    int passed = 0;
    int failed = 0;
    for (const Target& target : kTargets) {
        const fs::path dir = root / target.name;
        std::vector<fs::path> files;
        std::error_code error;
        for (const auto& entry : fs::directory_iterator(dir, error))
            if (entry.is_regular_file())
                files.push_back(entry.path());
        std::sort(files.begin(), files.end());
        if (files.empty()) { // the replay must never pass by replaying nothing
            std::printf("FAIL %s: no regression files in %s\n", target.name, dir.c_str());
            ++failed;
            continue;
        }
        for (const fs::path& file : files) {
            std::ifstream in(file, std::ios::binary);
            const std::vector<char> content{std::istreambuf_iterator<char>(in),
                                            std::istreambuf_iterator<char>()};
            // An exact-size copy, as libFuzzer passes it.
            std::vector<std::uint8_t> bytes(content.begin(), content.end());
            std::printf("%s/%s ... ", target.name, file.filename().c_str());
            std::fflush(stdout);
            try {
                target.run(bytes.data(), bytes.size());
                std::printf("ok\n");
                ++passed;
            } catch (const std::exception& e) {
                std::printf("FAIL: exception escaped: %s\n", e.what());
                ++failed;
            } catch (...) {
                std::printf("FAIL: unknown exception escaped\n");
                ++failed;
            }
        }
    }
    std::printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
