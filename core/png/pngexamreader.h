#pragma once
// A folder of PNG mammograms named by view (the GMIC sample layout: 0_L-CC.png, 0_R-CC.png, ...)
// read as one exam.

#include "core/exam/exam.h"
#include "core/png/pngimagereader.h"
#include "core/util/outcome.h"

#include <QString>
#include <atomic>

namespace mammolens::core {

/// Const and thread-safe. Files decode in parallel (one thread per core).
///
/// Rules: every `*.png` (any case) in the folder, not its subfolders, whose name names a standard
/// view (PngImageReader::viewFromFileName). When several files name the same view, the one used is
/// the 16-bit file before an 8-bit one, then the shortest name (`0_R-CC.png` before
/// `0_R-CC_benign.png`), then the first by name; the others go to Exam::otherViews with a warning.
/// A file that fails (no view in its name, corrupt, ...) becomes an entry of Exam::errors and the
/// next candidate for its view is used; a view with no readable file gives a warning.
class PngExamReader
{
public:
    PngExamReader() = default;
    explicit PngExamReader(PngImageReader reader) : reader_(reader) {}

    /// The exam id is the folder's name. Errors for the whole folder: pngexam.no_folder,
    /// pngexam.no_png (no PNG file at all), pngexam.cancelled.
    Outcome<Exam> read(const QString& folder, bool horizontalFlip = false,
                       const std::atomic<bool>* cancel = nullptr) const;

private:
    PngImageReader reader_;
};

} // namespace mammolens::core
