#include "inference/engine/benchmark.h"

#include "inference/engine/gmicengine.h"
#include "inference/engine/modelloader.h"
#include "inference/util/version.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <algorithm>
#include <chrono>
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
                "             [--precision float32|bfloat16|float16] [--device cpu|cuda]\n");
    return 2;
}

} // namespace

int runBenchmark(const std::vector<std::string>& args)
{
    EngineOptions options;
    std::vector<std::string> modelFiles;
    int runs = 5, warmup = 1;
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

    GmicEngine engine(options);
    if (modelFiles.empty()) {
        engine.addModel(ModelLoader::random(GmicConfig{}, 1));
    }
    for (const auto& f : modelFiles) {
        auto m = engine.addModel(f);
        if (!m) {
            std::fprintf(stderr, "mammolens-bench: %s\n", m.error().c_str());
            return 1;
        }
    }
    const GmicConfig& cfg = engine.models().front()->identity.config;
    const auto info = engineVersionInfo();
    std::printf("MammoLens %s bench: LibTorch %s, device %s, precision %s, %d threads, %zu model(s)\n",
                MAMMOLENS_VERSION, info.libtorchVersion.c_str(), engine.deviceName().c_str(),
                toString(engine.options().precision), engine.threads(), engine.models().size());
    std::printf("input %dx%d, %d warm-up + %d measured exams of 4 views\n", cfg.inputRows,
                cfg.inputCols, warmup, runs);

    // A deterministic random input per view, standardised like a real preprocessed input.
    std::vector<std::vector<float>> pixels(4);
    std::vector<ViewInput> views;
    const char* names[] = {"L-CC", "R-CC", "L-MLO", "R-MLO"};
    for (int v = 0; v < 4; ++v) {
        at::manual_seed(100 + v);
        at::Tensor t = at::randn({cfg.inputRows, cfg.inputCols}).contiguous();
        pixels[v].assign(t.data_ptr<float>(), t.data_ptr<float>() + t.numel());
        views.push_back({names[v], pixels[v].data(), cfg.inputRows, cfg.inputCols});
    }

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
