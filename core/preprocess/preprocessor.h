#pragma once
// GMIC-SPEC 10: from a stored mammogram to the model input, reproducing the public reference
// implementation number for number (crop window, points and centres exactly; see
// ../shared/parity/), plus the geometry that maps results back (GMIC-SPEC 11).

#include "core/exam/exam.h"
#include "core/exam/mammogramimage.h"
#include "core/preprocess/modelinput.h"
#include "core/preprocess/preprocessoptions.h"
#include "core/util/outcome.h"

#include <atomic>
#include <map>

namespace mammolens::core {

/// Immutable after construction; process() and processExam() are const and thread-safe.
/// Cost of one 3328 x 2560 view: about 0.15 s of one core (tests/preprocess/bench_preprocess),
/// two thirds of it the two distance transforms and the labelling of 10.2.
class Preprocessor
{
public:
    explicit Preprocessor(PreprocessOptions options = {}) : options_(options) {}

    const PreprocessOptions& options() const { return options_; }

    /// Preprocesses one image of a standard view (CC or MLO; laterality and position taken from
    /// `image`). `horizontalFlip` is the exam's GMIC-SPEC 10.1 flag. `cancel`, when given, is
    /// checked between the steps. Errors: preprocess.bad_pixels, preprocess.not_standard_view,
    /// preprocess.no_breast, preprocess.cancelled.
    Outcome<ModelInput> process(const MammogramImage& image, bool horizontalFlip,
                                const std::atomic<bool>* cancel = nullptr) const;

    /// The exam's four standard views, processed in parallel (one thread per view).
    std::map<StandardView, Outcome<ModelInput>>
    processExam(const Exam& exam, const std::atomic<bool>* cancel = nullptr) const;

private:
    Outcome<ModelInput> run(const MammogramImage& image, bool horizontalFlip,
                            const std::atomic<bool>* cancel) const;

    PreprocessOptions options_;
};

} // namespace mammolens::core
