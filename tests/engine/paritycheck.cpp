#include "paritycheck.h"

#include "inference/engine/gmicengine.h"
#include "inference/engine/gmicrunner.h"
#include "inference/engine/modelloader.h"
#include "inference/gmic/onednnnetworks.h"
#include "inference/gmic/regionproposal.h"
#include "inference/weights/safetensors.h"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

#include <cstdio>
#include <sstream>

namespace mammolens::tests {

using namespace mammolens::inference;

namespace {

// Tolerances of ../shared/parity/README.md for a correct float32 implementation on CPU.
constexpr double kTolerance = 1e-4;

class Checker
{
public:
    explicit Checker(ParityReport& report) : report_(report) {}

    void close(const std::string& what, const at::Tensor& ours, const at::Tensor& reference,
               double tolerance = kTolerance)
    {
        const at::Tensor a = ours.to(at::kDouble).reshape(-1);
        const at::Tensor b = reference.to(at::kDouble).reshape(-1);
        if (a.numel() != b.numel()) {
            report_.failures.push_back(what + ": " + std::to_string(a.numel()) + " values, reference has " +
                                       std::to_string(b.numel()));
            return;
        }
        const double diff = (a - b).abs().max().item<double>();
        char line[256];
        std::snprintf(line, sizeof line, "%-40s max |diff| %.3g (tolerance %.0e)", what.c_str(),
                      diff, tolerance);
        report_.lines.push_back(line);
        if (!(diff <= tolerance))
            report_.failures.push_back(line);
    }

    void exact(const std::string& what, const at::Tensor& ours, const at::Tensor& reference)
    {
        const bool same = ours.to(at::kLong).reshape(-1).equal(reference.to(at::kLong).reshape(-1));
        report_.lines.push_back(what + (same ? ": identical" : ": DIFFERENT"));
        if (!same) {
            std::ostringstream s;
            s << what << " differ: ours " << ours.reshape(-1) << " reference " << reference.reshape(-1);
            report_.failures.push_back(s.str());
        }
    }

private:
    ParityReport& report_;
};

at::Tensor tensorOf(const std::vector<float>& v, at::IntArrayRef shape)
{
    return at::from_blob(const_cast<float*>(v.data()), shape, at::kFloat).clone();
}

void checkResult(Checker& check, const std::string& path, const GmicResult& r, const TensorMap& ref,
                 const std::string& view)
{
    auto refOf = [&](const std::string& key) { return ref.at(view + "/" + key); };
    check.close(path + " saliency map", tensorOf(r.saliency, {1, 2, r.camRows, r.camCols}),
                refOf("saliency_map"));
    check.close(path + " y_global", at::tensor({r.yGlobal[0], r.yGlobal[1]}), refOf("y_global"));
    check.close(path + " y_local", at::tensor({r.yLocal[0], r.yLocal[1]}), refOf("y_local"));
    check.close(path + " y_fusion", at::tensor({r.yFusion[0], r.yFusion[1]}), refOf("y_fusion"));
    std::vector<int64_t> corners;
    std::vector<float> attention;
    for (const GmicPatch& p : r.patches) {
        corners.push_back(p.row);
        corners.push_back(p.col);
        attention.push_back(p.attention);
    }
    check.exact(path + " patch locations", at::tensor(corners), refOf("patch_locations"));
    check.close(path + " attention", at::tensor(attention), refOf("patch_attns"));
    check.close(path + " patches",
                tensorOf(r.patchPixels,
                         {1, static_cast<int64_t>(r.patches.size()), r.cropRows, r.cropCols}),
                refOf("patches"));
}

} // namespace

ParityReport checkGmicParity(const ParityOptions& options)
{
    ParityReport report;
    Checker check(report);
    const std::string dir = options.parityDir;
    const std::string view = "L-CC";

    auto outputs = readSafetensors(dir + "/outputs.safetensors");
    auto input = readSafetensors(dir + "/input_L-CC.safetensors");
    auto loaded = ModelLoader::load(dir + "/weights.safetensors");
    for (const std::string* error : {&outputs.error(), &input.error(), &loaded.error()})
        if (!error->empty())
            report.failures.push_back("cannot read parity fixture: " + *error);
    if (!report.ok())
        return report;
    const TensorMap& ref = outputs.value().tensors;
    const at::Tensor image = input.value().tensors.at(view).to(at::kFloat).contiguous();
    const LoadedModel& model = *loaded.value();
    for (const auto& w : model.warnings)
        report.lines.push_back("loader warning: " + w);

    report.lines.push_back(std::string("folded networks: ") +
                           (OneDnnNetworks::available()
                                ? "oneDNN, Winograd convolutions (MAMMOLENS_WINOGRAD=0: LibTorch's)"
                                : "LibTorch's"));
    GmicEngine engine; // sets the thread count and keeps freed memory in the process
    const ViewInput viewInput{view, image.data_ptr<float>(), static_cast<int>(image.size(0)),
                              static_cast<int>(image.size(1))};
    engine.addModel(loaded.value());
    auto prediction = engine.runView(viewInput, 0, {});
    if (!prediction) {
        report.failures.push_back("engine failed: " + prediction.error());
        return report;
    }
    const GmicResult& fast = prediction.value().perModel.front();
    checkResult(check, "folded", fast, ref, view);

    // y_global for every official t, from the same saliency maps (spec 3).
    const at::Tensor saliency = at::from_blob(const_cast<float*>(fast.saliency.data()),
                                              {1, 2, fast.camRows, fast.camCols}, at::kFloat);
    for (const char* t : {"0.02", "0.03", "0.05", "0.1"}) {
        GmicConfig c = model.identity.config;
        c.percentT = std::stod(t);
        check.close(std::string("folded y_global t=") + t, topTPooling(saliency, c.topTCount()),
                    ref.at(view + "/y_global_t" + t));
    }

    if (options.modulePath) {
        c10::InferenceMode guard;
        GmicModel module = model.module; // the holder is shared; forward() is not const
        const GmicOutputs o = module->forward(image.view({1, 1, image.size(0), image.size(1)}));
        check.close("module saliency map", o.saliency, ref.at(view + "/saliency_map"));
        check.close("module y_global", o.yGlobal, ref.at(view + "/y_global"));
        check.close("module y_local", o.yLocal, ref.at(view + "/y_local"));
        check.close("module y_fusion", o.yFusion, ref.at(view + "/y_fusion"));
        check.exact("module patch locations", o.patchLocations, ref.at(view + "/patch_locations"));
        check.close("module attention", o.attention, ref.at(view + "/patch_attns"));
        check.close("module patches", o.patches, ref.at(view + "/patches"));
    }

    if (options.bfloat16Report) {
        GmicEngine bf16({false, 0, Precision::BFloat16});
        if (bf16.options().precision != Precision::BFloat16) {
            report.lines.push_back("bfloat16: not run: " + bf16.precisionNotice());
            return report;
        }
        auto reloaded = ModelLoader::load(dir + "/weights.safetensors");
        bf16.addModel(reloaded.value());
        auto p = bf16.runView(viewInput, 0, {});
        if (p) {
            const GmicResult& b = p.value().perModel.front();
            char line[256];
            std::snprintf(line, sizeof line,
                          "bfloat16: y_fusion [%.5f, %.5f] vs float32 [%.5f, %.5f], largest |diff| %.3g",
                          b.yFusion[0], b.yFusion[1], fast.yFusion[0], fast.yFusion[1],
                          std::max(std::abs(b.yFusion[0] - fast.yFusion[0]),
                                   std::abs(b.yFusion[1] - fast.yFusion[1])));
            report.lines.push_back(line);
            // Not parity (bfloat16 keeps 8 bits of mantissa: differences of a few thousandths
            // are its nature), but a wrong result: a mis-typed parameter once gave [0, 1].
            constexpr float kBFloat16Bound = 0.02f;
            for (int c = 0; c < 2; ++c)
                if (std::abs(b.yFusion[size_t(c)] - fast.yFusion[size_t(c)]) > kBFloat16Bound)
                    report.failures.push_back("bfloat16 y_fusion differs from float32 by more "
                                              "than 0.02: " + std::string(line));
            float saliency = 0;
            for (size_t i = 0; i < b.saliency.size() && i < fast.saliency.size(); ++i)
                saliency = std::max(saliency, std::abs(b.saliency[i] - fast.saliency[i]));
            int samePatches = 0;
            for (size_t k = 0; k < b.patches.size() && k < fast.patches.size(); ++k)
                samePatches += b.patches[k].row == fast.patches[k].row &&
                               b.patches[k].col == fast.patches[k].col;
            std::snprintf(line, sizeof line,
                          "bfloat16: saliency largest |diff| %.3g; y_global [%.5f, %.5f] vs "
                          "[%.5f, %.5f]; y_local [%.5f, %.5f] vs [%.5f, %.5f]; patch corners "
                          "equal to float32's: %d of %zu",
                          saliency, b.yGlobal[0], b.yGlobal[1], fast.yGlobal[0], fast.yGlobal[1],
                          b.yLocal[0], b.yLocal[1], fast.yLocal[0], fast.yLocal[1], samePatches,
                          fast.patches.size());
            report.lines.push_back(line);
        }
    }
    return report;
}

} // namespace mammolens::tests
