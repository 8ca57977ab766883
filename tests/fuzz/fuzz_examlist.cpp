// Fuzz target: an exam list file (docs/exam-list.md) through ExamListFile::parse and load. The
// image reader is a stand-in that touches no file, so the fuzzer explores the list, not the disk.

#include "core/exam/examlistfile.h"
#include "tests/fuzz/fuzzsupport.h"

#include <QByteArray>
#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace mammolens;
    fuzz::setUpOnce();
    // A copy, as QFile::readAll() gives the product (fromRawData would lack the trailing NUL).
    const QByteArray json(reinterpret_cast<const char*>(data), qsizetype(size));
    // A folder that does not exist: relative paths resolve against it and find nothing.
    const auto entries = core::ExamListFile::parse(
        json, QStringLiteral("/nonexistent/mammolens-fuzz"), QStringLiteral("fuzz.json"));
    if (!entries)
        return 0;

    // Every third path "fails to read"; the others give a 1 x 1 image of the view the list says.
    const core::ExamListFile::ImageReader reader =
        [](const QString& path, core::StandardView view) -> core::Outcome<core::MammogramImage> {
        if (path.size() % 3 == 0)
            return core::Error{QStringLiteral("png.not_found"), QStringLiteral("stand-in"), path};
        core::MammogramImage image;
        image.sourcePath = path;
        image.pixels = cv::Mat(1, 1, CV_16UC1, cv::Scalar(1));
        image.laterality = core::lateralityOf(view);
        image.position = core::positionOf(view);
        return image;
    };
    for (const core::ExamListEntry& entry : entries.value()) {
        const core::Exam exam = core::ExamListFile::load(entry, reader);
        (void)exam;
    }
    return 0;
}
