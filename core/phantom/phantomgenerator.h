#pragma once
// Synthetic screening exams (issue 7): four views of two breasts with view-appropriate outlines,
// power-law fibroglandular texture at a BI-RADS density level, and benign or malignant findings
// that appear in both views of their breast, each with its pixel mask.

#include "core/phantom/phantomexam.h"
#include "core/phantom/phantomoptions.h"

#include <cstdint>

namespace mammolens::core {

/// Immutable after construction; generate() is const and thread-safe. Exam `index` of `seed` is
/// the same whatever other exams are generated (its random numbers derive from (seed, index) and
/// each view's from (seed, index, view)). Cost: about 1 s per full-field exam on one core.
class PhantomGenerator
{
public:
    explicit PhantomGenerator(PhantomOptions options = {}) : options_(options) {}
    const PhantomOptions& options() const { return options_; }

    PhantomExam generate(std::uint64_t seed, int index) const;
    static QString examId(std::uint64_t seed, int index); ///< "phantom-s<seed>-<index, 5 digits>"

private:
    PhantomOptions options_;
};

} // namespace mammolens::core
