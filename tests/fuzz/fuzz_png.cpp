// Fuzz target: a PNG mammogram (the GMIC sample format) through PngImageReader, with the view an
// exam list would give it, then GMIC-SPEC 10 preprocessing of what it read.

#include "core/png/pngimagereader.h"
#include "core/preprocess/preprocessor.h"
#include "tests/fuzz/fuzzsupport.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace mammolens;
    fuzz::setUpOnce();
    static const fuzz::ScratchFile file(QStringLiteral("input.png"));
    file.write(data, size);

    core::PngImageReader::Options options;
    options.maxDecodedBytes = fuzz::kMaxDecodedBytes;
    const core::PngImageReader reader(options);
    // The scratch file's name names no view, so the view comes from "the exam list".
    const core::StandardView view = size % 2 ? core::StandardView::LCC : core::StandardView::RMLO;
    const core::Outcome<core::MammogramImage> image =
        reader.read(file.path(), view, core::DecisionSource::ExamList);
    if (!image)
        return 0;

    static const core::Preprocessor preprocessor(fuzz::smallPreprocessOptions());
    const core::Outcome<core::ModelInput> input = preprocessor.process(image.value(), false);
    (void)input;
    return 0;
}
