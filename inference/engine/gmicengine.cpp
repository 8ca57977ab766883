#include "inference/engine/gmicengine.h"

#include "inference/engine/gmicrunner.h"
#include "inference/engine/modelloader.h"
#include "inference/util/cpufeatures.h"
#include "inference/util/threadpriority.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <c10/core/InferenceMode.h>
#include <c10/util/Exception.h>
#include <torch/cuda.h>

#include <algorithm>
#include <malloc.h>
#include <mutex>
#include <thread>

namespace mammolens::inference {

namespace {

/// glibc mmaps every allocation above 32 MB and unmaps it on free: 70-150 thousand page faults per
/// forward pass, and the global network ran about 5x slower (FACTS.md). Keeping freed memory in
/// the process removes that. Done once per process, before the first model runs.
void keepFreedMemoryInProcess()
{
    static std::once_flag once;
    std::call_once(once, [] {
        mallopt(M_MMAP_MAX, 0);
        mallopt(M_TRIM_THRESHOLD, 1 << 30);
    });
}

bool isOutOfMemory(const c10::Error& e)
{
    return dynamic_cast<const c10::OutOfMemoryError*>(&e) != nullptr ||
           std::string(e.what()).find("out of memory") != std::string::npos;
}

at::ScalarType scalarType(Precision p)
{
    switch (p) {
    case Precision::BFloat16:
        return at::kBFloat16;
    case Precision::Float16:
        return at::kHalf;
    case Precision::Float32:
        break;
    }
    return at::kFloat;
}

} // namespace

const char* toString(Precision precision)
{
    switch (precision) {
    case Precision::BFloat16:
        return "bfloat16";
    case Precision::Float16:
        return "float16";
    case Precision::Float32:
        break;
    }
    return "float32";
}

GmicEngine::GmicEngine(EngineOptions options) : options_(options)
{
    keepFreedMemoryInProcess();
    threads_ = options_.threads > 0 ? options_.threads : defaultThreads();
    cuda_ = options_.useCuda && torch::cuda::is_available();
    if (!cuda_ && options_.precision == Precision::Float16) {
        options_.precision = Precision::Float32;
        precisionNotice_ = "float16 runs on CUDA only (LibTorch has no usable half-precision "
                           "convolution on the CPU): running float32";
    }
    if (!cuda_ && options_.precision == Precision::BFloat16 && !cpuHasNativeBFloat16()) {
        // Measured on an AVX2-only CPU: 4 exams in bfloat16 did not finish in 500 s, against
        // 2 s per exam in float32 (mammolens-bench --precision bfloat16).
        options_.precision = Precision::Float32;
        precisionNotice_ = "bfloat16 needs a CPU with AVX-512 BF16 or AMX (this one would emulate "
                           "it, at least 60x slower): running float32";
    }
    if (cuda_) {
        // The input size is fixed, so cuDNN's algorithm search pays for itself after one view.
        // float32 means float32: no TF32 tensor-core rounding unless a reduced precision is asked.
        at::globalContext().setBenchmarkCuDNN(true);
        const bool tf32 = options_.precision != Precision::Float32;
        at::globalContext().setAllowTF32CuDNN(tf32);
        at::globalContext().setAllowTF32CuBLAS(tf32);
    }
}

int GmicEngine::defaultThreads()
{
    return std::max(1u, std::thread::hardware_concurrency());
}

std::string GmicEngine::deviceName() const
{
    return cuda_ ? "cuda:0" : "cpu";
}

Result<std::shared_ptr<LoadedModel>> GmicEngine::addModel(const std::string& path,
                                                          std::optional<double> percentT)
{
    auto loaded = ModelLoader::load(path, percentT);
    if (!loaded)
        return loaded;
    return addModel(std::move(loaded).value());
}

Result<std::shared_ptr<LoadedModel>> GmicEngine::addModel(std::shared_ptr<LoadedModel> model)
{
    using R = Result<std::shared_ptr<LoadedModel>>;
    if (static_cast<int>(models_.size()) >= kMaxModels)
        return R::failure("an ensemble holds at most 5 models");
    const GmicConfig& c = model->identity.config;
    if (!models_.empty()) {
        const GmicConfig& first = models_.front()->identity.config;
        if (c.inputRows != first.inputRows || c.inputCols != first.inputCols)
            return R::failure("model " + model->identity.name +
                              " takes another input size than the ensemble's first model");
    }
    return captureErrors([&] {
        model->folded->to(cuda_ ? at::Device(at::kCUDA, 0) : at::Device(at::kCPU),
                          scalarType(options_.precision));
        model->folded->prepare(threads_);
        models_.push_back(model);
        return model;
    });
}

void GmicEngine::prepareThread()
{
    // Per-thread state (ARCHITECTURE.md "Threading"): set where inference runs, not in main().
    thread_local int threadsSet = 0;
    if (threadsSet != threads_) {
        at::set_num_threads(threads_);
        threadsSet = threads_;
    }
    // The pool's threads are the OpenMP team of this thread: one chunk each reaches all of them.
    thread_local int niceSet = 0;
    if (options_.niceness > 0 && niceSet != options_.niceness) {
        const int nice = options_.niceness;
        at::parallel_for(0, threads_, 1, [nice](int64_t, int64_t) { lowerThisThreadPriority(nice); });
        lowerThisThreadPriority(nice);
        niceSet = nice;
    }
}

void GmicEngine::moveModels(bool toCuda)
{
    const at::Device device = toCuda ? at::Device(at::kCUDA, 0) : at::Device(at::kCPU);
    at::ScalarType dtype = scalarType(options_.precision);
    if (!toCuda && dtype == at::kHalf)
        dtype = at::kFloat;
    for (auto& m : models_)
        m->folded->to(device, dtype);
    cuda_ = toCuda;
}

ViewPrediction GmicEngine::runViewUnchecked(const ViewInput& view, int viewIndex,
                                            const RunControl& control)
{
    if (models_.empty())
        throw InferenceError("no model loaded");
    if (!view.pixels || view.rows <= 0 || view.cols <= 0)
        throw InferenceError("view " + view.view + " has no pixels");
    c10::InferenceMode guard;
    // from_blob does not copy; the runner copies to the device and dtype it needs.
    const at::Tensor image = at::from_blob(const_cast<float*>(view.pixels), {view.rows, view.cols},
                                           at::TensorOptions().dtype(at::kFloat));
    ViewPrediction p;
    p.view = view.view;
    p.device = deviceName();
    for (const auto& m : models_)
        p.perModel.push_back(GmicRunner::run(*m, image, viewIndex, control));
    const float n = static_cast<float>(p.perModel.size());
    for (int c = 0; c < 2; ++c) {
        float lo = 1.0f, hi = 0.0f;
        for (const GmicResult& r : p.perModel) {
            p.yFusion[c] += r.yFusion[c] / n;
            p.yGlobal[c] += r.yGlobal[c] / n;
            p.yLocal[c] += r.yLocal[c] / n;
            lo = std::min(lo, r.yFusion[c]);
            hi = std::max(hi, r.yFusion[c]);
        }
        p.fusionSpread[c] = hi - lo;
    }
    return p;
}

Result<ViewPrediction> GmicEngine::runView(const ViewInput& view, int viewIndex,
                                           const RunControl& control)
{
    prepareThread();
    return captureErrors([&] { return runViewUnchecked(view, viewIndex, control); });
}

Result<std::vector<ViewPrediction>> GmicEngine::runExam(const std::vector<ViewInput>& views,
                                                        const RunControl& control)
{
    prepareThread();
    const bool wasCuda = cuda_;
    auto result = captureErrors([&] {
        std::vector<ViewPrediction> out;
        std::string fallbackWarning;
        for (size_t i = 0; i < views.size(); ++i) {
            if (control.cancelled())
                throw Cancelled();
            try {
                out.push_back(runViewUnchecked(views[i], static_cast<int>(i), control));
            } catch (const c10::Error& e) {
                if (!cuda_ || !isOutOfMemory(e))
                    throw;
                fallbackWarning = "CUDA ran out of memory; this exam ran on the CPU";
                moveModels(false);
                out.push_back(runViewUnchecked(views[i], static_cast<int>(i), control));
            }
            if (!fallbackWarning.empty())
                out.back().warnings.push_back(fallbackWarning);
            if (control.onViewDone)
                control.onViewDone(static_cast<int>(i), out.back());
        }
        return out;
    });
    if (wasCuda && !cuda_)
        moveModels(true); // the fallback holds for that exam only
    return result;
}

} // namespace mammolens::inference
