#include "inference/engine/benchmark.h"

#include "inference/engine/gmicengine.h"
#include "inference/engine/modelloader.h"
#include "inference/util/version.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <torch/cuda.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <sys/resource.h>
#include <vector>

namespace mammolens::inference {

namespace {

struct Stats
{
    double median, min, max, p25, p75;
};

Stats stats(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    auto q = [&](double f) { return v[static_cast<size_t>(f * static_cast<double>(v.size() - 1) + 0.5)]; };
    return {q(0.5), v.front(), v.back(), q(0.25), q(0.75)};
}

void print(const char* what, const Stats& s)
{
    std::printf("%-28s median %8.1f ms   min %8.1f   p25 %8.1f   p75 %8.1f   max %8.1f\n", what,
                s.median, s.min, s.p25, s.p75, s.max);
}

double peakRssMiB()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_maxrss) / 1024.0;
}

int usage()
{
    std::printf("usage: bench [--model FILE]... [--runs N] [--warmup N] [--threads N]\n"
                "             [--precision float32|bfloat16|float16] [--device cpu|cuda]\n"
                "             [--compare-devices]\n"
                "  --compare-devices  run the same models and inputs on the CPU in float32 and on\n"
                "                     CUDA in each precision; print the largest differences\n");
    return 2;
}

/// Loads the same models into an engine; random weights (seed 1) when no file is given, so two
/// engines built this way hold identical weights.
bool addModels(GmicEngine& engine, const std::vector<std::string>& modelFiles)
{
    if (modelFiles.empty()) {
        engine.addModel(ModelLoader::random(GmicConfig{}, 1));
        return true;
    }
    for (const auto& f : modelFiles) {
        auto m = engine.addModel(f);
        if (!m) {
            std::fprintf(stderr, "mammolens-bench: %s\n", m.error().c_str());
            return false;
        }
    }
    return true;
}

/// A deterministic random input per view, standardised like a real preprocessed input.
struct BenchInput
{
    std::vector<std::vector<float>> pixels;
    std::vector<ViewInput> views;
};

BenchInput makeInput(const GmicConfig& cfg)
{
    BenchInput in;
    in.pixels.resize(4);
    const char* names[] = {"L-CC", "R-CC", "L-MLO", "R-MLO"};
    for (int v = 0; v < 4; ++v) {
        at::manual_seed(100 + v);
        at::Tensor t = at::randn({cfg.inputRows, cfg.inputCols}).contiguous();
        in.pixels[v].assign(t.data_ptr<float>(), t.data_ptr<float>() + t.numel());
        in.views.push_back({names[v], in.pixels[v].data(), cfg.inputRows, cfg.inputCols});
    }
    return in;
}

float maxAbsDiff(const std::vector<float>& a, const std::vector<float>& b)
{
    float d = a.size() == b.size() ? 0.0f : INFINITY;
    for (size_t i = 0; i < std::min(a.size(), b.size()); ++i)
        d = std::max(d, std::fabs(a[i] - b[i]));
    return d;
}

float maxAbsDiff2(const std::array<float, 2>& a, const std::array<float, 2>& b)
{
    return std::max(std::fabs(a[0] - b[0]), std::fabs(a[1] - b[1]));
}

/// CPU float32 is the reference; each CUDA precision is compared with it on the same models and
/// inputs: the per-view largest differences of y_fusion, y_global, y_local and the saliency maps,
/// how many patch corners agree, and the median time per exam on each.
int compareDevices(const std::vector<std::string>& modelFiles, int threads, int runs)
{
    EngineOptions cpuOptions;
    cpuOptions.threads = threads;
    GmicEngine cpu(cpuOptions);
    if (!addModels(cpu, modelFiles))
        return 1;
    const GmicConfig& cfg = cpu.models().front()->identity.config;
    const BenchInput input = makeInput(cfg);
    RunControl control;
    auto timedExam = [&](GmicEngine& engine, std::vector<ViewPrediction>& out) -> double {
        std::vector<double> ms;
        for (int run = 0; run < 1 + runs; ++run) {
            const auto t0 = std::chrono::steady_clock::now();
            auto exam = engine.runExam(input.views, control);
            const double t = std::chrono::duration<double, std::milli>(
                                 std::chrono::steady_clock::now() - t0)
                                 .count();
            if (!exam) {
                std::fprintf(stderr, "mammolens-bench: %s\n", exam.error().c_str());
                return -1;
            }
            if (run > 0)
                ms.push_back(t);
            out = std::move(exam).value();
        }
        return stats(ms).median;
    };
    std::vector<ViewPrediction> reference;
    const double cpuMs = timedExam(cpu, reference);
    if (cpuMs < 0)
        return 1;
    std::printf("reference: cpu float32, %d threads, %zu model(s): %.1f ms per 4-view exam\n",
                cpu.threads(), cpu.models().size(), cpuMs);
    if (!torch::cuda::is_available()) {
        std::printf("CUDA is not available here: nothing to compare\n");
        return 1;
    }
    std::printf("%-9s %-6s %12s %12s %12s %12s %8s\n", "precision", "view", "y_fusion", "y_global",
                "y_local", "saliency", "corners");
    bool ok = true;
    for (Precision p : {Precision::Float32, Precision::Float16, Precision::BFloat16}) {
        EngineOptions o;
        o.useCuda = true;
        o.precision = p;
        GmicEngine gpu(o);
        if (!addModels(gpu, modelFiles))
            return 1;
        std::vector<ViewPrediction> got;
        const double gpuMs = timedExam(gpu, got);
        if (gpuMs < 0)
            return 1;
        float worstFusion = 0;
        for (size_t v = 0; v < got.size(); ++v) {
            float fusion = 0, global = 0, local = 0, sal = 0;
            int corners = 0, total = 0;
            for (size_t m = 0; m < got[v].perModel.size(); ++m) {
                const GmicResult& a = reference[v].perModel[m];
                const GmicResult& b = got[v].perModel[m];
                fusion = std::max(fusion, maxAbsDiff2(a.yFusion, b.yFusion));
                global = std::max(global, maxAbsDiff2(a.yGlobal, b.yGlobal));
                local = std::max(local, maxAbsDiff2(a.yLocal, b.yLocal));
                sal = std::max(sal, maxAbsDiff(a.saliency, b.saliency));
                for (size_t k = 0; k < std::min(a.patches.size(), b.patches.size()); ++k)
                    corners += a.patches[k].row == b.patches[k].row &&
                               a.patches[k].col == b.patches[k].col;
                total += static_cast<int>(a.patches.size());
            }
            worstFusion = std::max(worstFusion, fusion);
            std::printf("%-9s %-6s %12.3g %12.3g %12.3g %12.3g %5d/%-3d\n", toString(p),
                        got[v].view.c_str(), fusion, global, local, sal, corners, total);
        }
        std::printf("%-9s on %s: %.1f ms per 4-view exam, %.1f ms per view; largest y_fusion "
                    "difference %.3g\n",
                    toString(p), gpu.deviceName().c_str(), gpuMs, gpuMs / 4, worstFusion);
        if (p == Precision::Float32 && !(worstFusion <= 1e-3f)) {
            std::printf("FAIL: float32 on CUDA differs from the CPU by more than 1e-3\n");
            ok = false;
        }
    }
    return ok ? 0 : 1;
}

} // namespace

int runBenchmark(const std::vector<std::string>& args)
{
    EngineOptions options;
    std::vector<std::string> modelFiles;
    int runs = 5, warmup = 1;
    bool compare = false;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto next = [&]() -> std::string { return i + 1 < args.size() ? args[++i] : ""; };
        if (a == "--model")
            modelFiles.push_back(next());
        else if (a == "--runs")
            runs = std::max(1, std::atoi(next().c_str()));
        else if (a == "--warmup")
            warmup = std::max(0, std::atoi(next().c_str()));
        else if (a == "--threads")
            options.threads = std::atoi(next().c_str());
        else if (a == "--compare-devices")
            compare = true;
        else if (a == "--device")
            options.useCuda = next() == "cuda";
        else if (a == "--precision") {
            const std::string p = next();
            options.precision = p == "bfloat16" ? Precision::BFloat16
                                : p == "float16" ? Precision::Float16
                                                 : Precision::Float32;
        } else
            return usage();
    }

    if (compare)
        return compareDevices(modelFiles, options.threads, runs);

    GmicEngine engine(options);
    if (!addModels(engine, modelFiles))
        return 1;
    const GmicConfig& cfg = engine.models().front()->identity.config;
    const auto info = engineVersionInfo();
    std::printf("MammoLens %s bench: LibTorch %s, device %s, precision %s, %d threads, %zu model(s)\n",
                MAMMOLENS_VERSION, info.libtorchVersion.c_str(), engine.deviceName().c_str(),
                toString(engine.options().precision), engine.threads(), engine.models().size());
    if (!engine.precisionNotice().empty())
        std::printf("warning: %s\n", engine.precisionNotice().c_str());
    std::printf("networks: %s\n", engine.models().front()->folded->usesOneDnn()
                                       ? "oneDNN with Winograd convolutions"
                                       : "LibTorch's");
    std::printf("input %dx%d, %d warm-up + %d measured exams of 4 views\n", cfg.inputRows,
                cfg.inputCols, warmup, runs);

    const BenchInput input = makeInput(cfg);
    const std::vector<ViewInput>& views = input.views;

    std::vector<double> perView, perExam, global, proposal, local, head;
    RunControl control;
    for (int run = 0; run < warmup + runs; ++run) {
        const auto t0 = std::chrono::steady_clock::now();
        auto exam = engine.runExam(views, control);
        const double ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        if (!exam) {
            std::fprintf(stderr, "mammolens-bench: %s\n", exam.error().c_str());
            return 1;
        }
        if (run < warmup)
            continue;
        perExam.push_back(ms);
        for (const auto& p : exam.value()) {
            double viewMs = 0;
            for (const auto& r : p.perModel) {
                global.push_back(r.timings.globalMs);
                proposal.push_back(r.timings.proposalMs);
                local.push_back(r.timings.localMs);
                head.push_back(r.timings.headMs);
                viewMs += r.timings.totalMs();
            }
            perView.push_back(viewMs);
        }
    }
    print("forward pass per view", stats(perView));
    print("4-view exam", stats(perExam));
    print("  stage: global network", stats(global));
    print("  stage: proposal + patches", stats(proposal));
    print("  stage: local network", stats(local));
    print("  stage: attention + fusion", stats(head));
    std::printf("peak resident memory: %.0f MiB\n", peakRssMiB());
    return 0;
}

} // namespace mammolens::inference
