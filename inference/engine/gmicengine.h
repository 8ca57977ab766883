#pragma once
// Runs an ensemble of GMIC models (at most five; the official set is five) over the views of an
// exam. Thread-compatible, not thread-safe: one engine belongs to one worker thread, which must be
// the thread that calls run*(), because LibTorch's thread count and inference mode are per thread.

#include "inference/engine/loadedmodel.h"
#include "inference/engine/runcontrol.h"
#include "inference/engine/viewprediction.h"
#include "inference/util/result.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mammolens::inference {

enum class Precision { Float32, BFloat16, Float16 };
const char* toString(Precision precision);

struct EngineOptions
{
    bool useCuda = false;  ///< use CUDA when it is available; the result says where it ran
    int threads = 0;       ///< intra-op threads; 0 = all cores (Debian's LibTorch starts with 1)
    Precision precision = Precision::Float32;
    /// > 0: the threads that run inference (the caller's and the intra-op pool's) get this
    /// lower CPU priority (Linux nice, 1-19), so an interface on the same cores is served first.
    /// Threads those threads start later inherit it (Linux). A batch leaves it at 0.
    int niceness = 0;
};

/// One preprocessed view: model-input pixels owned by the caller for the duration of the call.
struct ViewInput
{
    std::string view;
    const float* pixels = nullptr;
    int rows = 0;
    int cols = 0;
};

class GmicEngine
{
public:
    static constexpr int kMaxModels = 5;

    explicit GmicEngine(EngineOptions options = {});

    Result<std::shared_ptr<LoadedModel>> addModel(const std::string& path,
                                                  std::optional<double> percentT = {});
    /// Fails when the ensemble is full or the model's input size differs from the others'.
    Result<std::shared_ptr<LoadedModel>> addModel(std::shared_ptr<LoadedModel> model);
    void clearModels() { models_.clear(); }
    const std::vector<std::shared_ptr<LoadedModel>>& models() const { return models_; }

    Result<ViewPrediction> runView(const ViewInput& view, int viewIndex, const RunControl& control);
    /// Runs the views one at a time (as fast as batching four, a quarter of the memory; FACTS.md).
    /// A CUDA out-of-memory moves this exam to the CPU with a warning instead of failing.
    Result<std::vector<ViewPrediction>> runExam(const std::vector<ViewInput>& views,
                                                const RunControl& control);

    /// The options in force: a precision the device cannot run well has become float32.
    const EngineOptions& options() const { return options_; }
    /// Why the precision asked for was replaced, for the user; empty when it was not.
    const std::string& precisionNotice() const { return precisionNotice_; }
    int threads() const { return threads_; }
    std::string deviceName() const;
    static int defaultThreads();

private:
    void prepareThread();
    void moveModels(bool toCuda);
    ViewPrediction runViewUnchecked(const ViewInput& view, int viewIndex, const RunControl& control);

    EngineOptions options_;
    std::string precisionNotice_;
    int threads_ = 1;
    bool cuda_ = false; ///< models currently live on CUDA
    std::vector<std::shared_ptr<LoadedModel>> models_;
};

} // namespace mammolens::inference
