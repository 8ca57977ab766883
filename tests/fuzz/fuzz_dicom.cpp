// Fuzz target: a DICOM file from outside through everything the workstation does with it before
// the model: DicomImageReader (raw structure scan, DCMTK parse, acceptance, view identification,
// every decoder, pixel mapping), then GMIC-SPEC 10 preprocessing of what it read.

#include "core/dicom/dicomimagereader.h"
#include "core/preprocess/preprocessor.h"
#include "tests/fuzz/fuzzsupport.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace mammolens;
    fuzz::setUpOnce();
    static const fuzz::ScratchFile file(QStringLiteral("input.dcm"));
    file.write(data, size);

    core::DicomImageReader::Options options;
    options.maxDecodedBytes = fuzz::kMaxDecodedBytes;
    // RLE and JPEG go to the decoder helper as in the product (the fuzz build puts one next to
    // this executable); a hung helper must end well inside libFuzzer's -timeout.
    options.isolation.timeoutMs = 5000;
    const core::DicomImageReader reader(options);
    core::DicomInspection inspection;
    const core::Outcome<core::MammogramImage> image = reader.read(file.path(), &inspection);
    if (!image)
        return 0;

    static const core::Preprocessor preprocessor(fuzz::smallPreprocessOptions());
    // The exam's horizontal_flip is not in the file: let the input's length pick it.
    const core::Outcome<core::ModelInput> input = preprocessor.process(image.value(), size % 2);
    (void)input;
    return 0;
}
