// The engine's behaviour beyond parity: configuration, proposal and patch rules, folding
// exactness on another configuration, ensembles, cancellation, strict weight loading, identity.

#include "inference/engine/gmicengine.h"
#include "inference/engine/gmicrunner.h"
#include "inference/engine/modelloader.h"
#include "inference/gmic/maxpool.h"
#include "inference/gmic/regionproposal.h"
#include "inference/util/cpufeatures.h"
#include "inference/util/threadpriority.h"
#include "inference/weights/safetensors.h"
#include "tests/inference/threadnice.h"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

#include <QTemporaryDir>
#include <QtTest>
#include <thread>

using namespace mammolens::inference;

namespace {

/// A small configuration that keeps tests fast: 512x384 input, 8x6 map, 64x64 patches, K=3.
GmicConfig smallConfig()
{
    GmicConfig c;
    c.inputRows = 512;
    c.inputCols = 384;
    c.camRows = GmicConfig::globalMapSize(512);
    c.camCols = GmicConfig::globalMapSize(384);
    c.K = 3;
    c.cropRows = 64;
    c.cropCols = 64;
    c.percentT = 0.1;
    return c;
}

std::vector<float> randomImage(const GmicConfig& c, int seed)
{
    at::manual_seed(seed);
    at::Tensor t = at::randn({c.inputRows, c.inputCols});
    return std::vector<float>(t.data_ptr<float>(), t.data_ptr<float>() + t.numel());
}

} // namespace

class TestGmicEngine : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void topTCountFollowsPythonRounding_data();
    void topTCountFollowsPythonRounding();
    void configRoundTripsThroughMetadata();
    void invalidConfigIsRejected();
    void proposalTakesFirstMaximumOnTies();
    void edgePatchIsFlushBottomRightAndFilledWithMinimum();
    void foldedPathEqualsModulePathOnSmallConfig();
    void fastMaxPoolEqualsATen();
    void ensembleReportsMeanAndSpread();
    void ensembleRejectsSixthModelAndOtherInputSize();
    void cancelBeforeStartStopsTheExam();
    void cpuPrecisionTheHardwareCannotRunBecomesFloat32();
    void cancelBetweenStagesStopsTheExam();
    void nicenessLowersTheInferenceThreadsOnly();
    void strictLoadingNamesMissingKey();
    void strictLoadingNamesShapeMismatch();
    void unexpectedKeyIsAWarning();
    void savedModelKeepsConfigAndIdentity();
    void identityChangesWithPercentT();
};

void TestGmicEngine::topTCountFollowsPythonRounding_data()
{
    QTest::addColumn<double>("t");
    QTest::addColumn<int>("count");
    QTest::newRow("model 1: 27.6 -> 28") << 0.02 << 28;
    QTest::newRow("0.03: 41.4 -> 41") << 0.03 << 41;
    QTest::newRow("0.05: 69") << 0.05 << 69;
    QTest::newRow("0.1: 138") << 0.1 << 138;
    QTest::newRow("half to even: 1380*0.0025 = 3.45 -> 3") << 0.0025 << 3;
}

void TestGmicEngine::topTCountFollowsPythonRounding()
{
    QFETCH(double, t);
    QFETCH(int, count);
    GmicConfig c;
    c.percentT = t;
    QCOMPARE(c.topTCount(), count);
    QCOMPARE(roundHalfEven(2.5), 2LL);
    QCOMPARE(roundHalfEven(3.5), 4LL);
}

void TestGmicEngine::configRoundTripsThroughMetadata()
{
    const GmicConfig c = smallConfig();
    auto back = GmicConfig::fromMetadata(c.toMetadata());
    QVERIFY2(back.ok(), back.error().c_str());
    QVERIFY(back.value() == c);
    QCOMPARE(GmicConfig().windowRows(), 4);
    QCOMPARE(GmicConfig().windowCols(), 4);
    QCOMPARE(GmicConfig::globalMapSize(2944), 46);
    QCOMPARE(GmicConfig::globalMapSize(1920), 30);
    QVERIFY(GmicConfig().validate().empty());
}

void TestGmicEngine::invalidConfigIsRejected()
{
    auto bad = GmicConfig::fromMetadata({{"mammolens.config.cam_size", "40x30"}});
    QVERIFY(!bad.ok());
    QVERIFY(QString::fromStdString(bad.error()).contains(QLatin1String("saliency map size")));
    auto garbage = GmicConfig::fromMetadata({{"mammolens.config.input_size", "big"}});
    QVERIFY(!garbage.ok());
    QVERIFY(QString::fromStdString(garbage.error()).contains(QLatin1String("input_size")));
}

void TestGmicEngine::proposalTakesFirstMaximumOnTies()
{
    GmicConfig c; // official: 46x30 map, 4x4 window, K=6
    at::Tensor s = at::zeros({2, 46, 30});
    // Two identical hot squares; the first in row-major order must win, then the second.
    s[0].narrow(0, 10, 4).narrow(1, 20, 4).fill_(1.0);
    s[0].narrow(0, 30, 4).narrow(1, 2, 4).fill_(1.0);
    s[1].fill_(0.5);
    s[1][0][0] = 1.0; // keeps the malignant map's range non-zero
    const auto corners = proposeRegions(s, c);
    QCOMPARE(int(corners.size()), 6);
    QCOMPARE(corners[0], std::make_pair(10 * 64, 20 * 64));
    QCOMPARE(corners[1], std::make_pair(30 * 64, 2 * 64));
}

void TestGmicEngine::edgePatchIsFlushBottomRightAndFilledWithMinimum()
{
    GmicConfig c = smallConfig();
    at::Tensor image = at::arange(c.inputRows * c.inputCols, at::kFloat).view({c.inputRows, c.inputCols});
    image[0][0] = -5.0f; // the image minimum
    // A corner 16 rows and 32 columns short of the bottom-right edge gets clipped.
    const int r = c.inputRows - 16, col = c.inputCols - 32;
    const at::Tensor p = extractPatches(image, {{r, col}}, c);
    QCOMPARE(p.size(0), 1);
    const at::Tensor patch = p[0][0];
    QCOMPARE(patch[0][0].item<float>(), -5.0f);                    // filler
    QCOMPARE(patch[c.cropRows - 16][c.cropCols - 32].item<float>(), // content starts here
             image[r][col].item<float>());
    QCOMPARE(patch[c.cropRows - 1][c.cropCols - 1].item<float>(),
             image[c.inputRows - 1][c.inputCols - 1].item<float>());
}

void TestGmicEngine::foldedPathEqualsModulePathOnSmallConfig()
{
    const GmicConfig c = smallConfig();
    auto model = ModelLoader::random(c, 7);
    // Realistic BatchNorm statistics so that folding is exercised with non-trivial values.
    {
        torch::NoGradGuard g;
        at::manual_seed(3);
        for (auto& b : model->module->named_buffers()) {
            if (b.key().find("running_mean") != std::string::npos)
                b.value().copy_(at::randn_like(b.value()) * 0.1);
            if (b.key().find("running_var") != std::string::npos)
                b.value().copy_(at::rand_like(b.value()) + 0.5);
        }
        model->folded = std::make_unique<FoldedGmic>(model->module);
    }
    const auto pixels = randomImage(c, 11);
    c10::InferenceMode guard;
    const at::Tensor image = at::from_blob(const_cast<float*>(pixels.data()), {c.inputRows, c.inputCols});
    const GmicResult fast = GmicRunner::run(*model, image, 0, {});
    const GmicOutputs ref = model->module->forward(image.view({1, 1, c.inputRows, c.inputCols}));
    for (int k = 0; k < 2; ++k) {
        QVERIFY(std::abs(fast.yFusion[k] - ref.yFusion[0][k].item<float>()) < 1e-4);
        QVERIFY(std::abs(fast.yGlobal[k] - ref.yGlobal[0][k].item<float>()) < 1e-4);
        QVERIFY(std::abs(fast.yLocal[k] - ref.yLocal[0][k].item<float>()) < 1e-4);
    }
    for (int k = 0; k < c.K; ++k) {
        QCOMPARE(int64_t(fast.patches[k].row), ref.patchLocations[0][k][0].item<int64_t>());
        QCOMPARE(int64_t(fast.patches[k].col), ref.patchLocations[0][k][1].item<int64_t>());
    }
    QCOMPARE(int(fast.saliency.size()), 2 * c.camRows * c.camCols);
    QCOMPARE(fast.device, std::string("cpu"));
    QCOMPARE(fast.modelId, model->identity.id);
}

void TestGmicEngine::fastMaxPoolEqualsATen()
{
    for (auto [h, w] : {std::pair{7, 9}, std::pair{1472, 960}, std::pair{8, 3}}) {
        at::manual_seed(h);
        const at::Tensor x = at::randn({2, 16, h, w}).contiguous(at::MemoryFormat::ChannelsLast);
        const at::Tensor ours = maxPool3x3Stride2(x);
        QVERIFY(ours.is_contiguous(at::MemoryFormat::ChannelsLast));
        QVERIFY(ours.equal(at::max_pool2d(x, {3, 3}, {2, 2}, {0, 0})));
    }
}

void TestGmicEngine::ensembleReportsMeanAndSpread()
{
    const GmicConfig c = smallConfig();
    GmicEngine engine({false, 2, Precision::Float32});
    QVERIFY(engine.addModel(ModelLoader::random(c, 1)).ok());
    QVERIFY(engine.addModel(ModelLoader::random(c, 2)).ok());
    const auto pixels = randomImage(c, 5);
    auto p = engine.runView({"L-CC", pixels.data(), c.inputRows, c.inputCols}, 0, {});
    QVERIFY2(p.ok(), p.error().c_str());
    const ViewPrediction& v = p.value();
    QCOMPARE(int(v.perModel.size()), 2);
    for (int k = 0; k < 2; ++k) {
        const float a = v.perModel[0].yFusion[k], b = v.perModel[1].yFusion[k];
        QVERIFY(std::abs(v.yFusion[k] - (a + b) / 2) < 1e-6);
        QVERIFY(std::abs(v.fusionSpread[k] - std::abs(a - b)) < 1e-6);
    }
    QVERIFY(v.perModel[0].modelId != v.perModel[1].modelId);
    QCOMPARE(engine.threads(), 2);
}

void TestGmicEngine::ensembleRejectsSixthModelAndOtherInputSize()
{
    const GmicConfig c = smallConfig();
    GmicEngine engine;
    auto model = ModelLoader::random(c, 1);
    for (int i = 0; i < GmicEngine::kMaxModels; ++i)
        QVERIFY(engine.addModel(model).ok());
    auto sixth = engine.addModel(model);
    QVERIFY(!sixth.ok());
    QVERIFY(QString::fromStdString(sixth.error()).contains(QLatin1String("at most 5")));

    GmicEngine other;
    QVERIFY(other.addModel(model).ok());
    GmicConfig bigger = c;
    bigger.inputRows = 1024;
    bigger.camRows = GmicConfig::globalMapSize(1024);
    auto mismatch = other.addModel(ModelLoader::random(bigger, 2));
    QVERIFY(!mismatch.ok());
    QVERIFY(QString::fromStdString(mismatch.error()).contains(QLatin1String("input size")));
}

void TestGmicEngine::cancelBeforeStartStopsTheExam()
{
    const GmicConfig c = smallConfig();
    GmicEngine engine;
    engine.addModel(ModelLoader::random(c, 1));
    const auto pixels = randomImage(c, 5);
    std::atomic<bool> cancel{true};
    RunControl control;
    control.cancel = &cancel;
    auto r = engine.runExam({{"L-CC", pixels.data(), c.inputRows, c.inputCols}}, control);
    QVERIFY(!r.ok());
    QCOMPARE(r.error(), std::string(Cancelled::kMessage));
}

void TestGmicEngine::nicenessLowersTheInferenceThreadsOnly()
{
#if !defined(__linux__)
    QSKIP("per-thread nice values are Linux's");
#endif
    const int before = thisThreadNice();
    QVERIFY(before < 7);
    QCOMPARE(mammolens::testing::threadsAtNice(7), 0);
    // On a thread of its own: a thread's priority cannot be raised back (unprivileged).
    int callerNice = -1, atNice = -1;
    std::thread([&] {
        const GmicConfig c = smallConfig();
        EngineOptions options;
        options.threads = 2;
        options.niceness = 7;
        GmicEngine engine(options);
        engine.addModel(ModelLoader::random(c, 1));
        const auto pixels = randomImage(c, 5);
        if (!engine.runExam({{"L-CC", pixels.data(), c.inputRows, c.inputCols}}, {}).ok())
            return;
        callerNice = thisThreadNice();
        atNice = mammolens::testing::threadsAtNice(7); // while the pool of this thread is alive
    }).join();
    QCOMPARE(callerNice, 7);
    QCOMPARE(atNice, 2); // the thread that ran the exam and the pool's second thread
    QCOMPARE(thisThreadNice(), before); // nothing else, the test's own thread included
}

void TestGmicEngine::cancelBetweenStagesStopsTheExam()
{
    const GmicConfig c = smallConfig();
    GmicEngine engine;
    engine.addModel(ModelLoader::random(c, 1));
    const auto pixels = randomImage(c, 5);
    std::atomic<bool> cancel{false};
    std::vector<Stage> seen;
    RunControl control;
    control.cancel = &cancel;
    control.onStage = [&](int, Stage s) {
        seen.push_back(s);
        if (s == Stage::Proposal)
            cancel = true; // as if the reader switched exams mid-run
    };
    const ViewInput v{"L-CC", pixels.data(), c.inputRows, c.inputCols};
    auto r = engine.runExam({v, v, v, v}, control);
    QVERIFY(!r.ok());
    QCOMPARE(r.error(), std::string(Cancelled::kMessage));
    QCOMPARE(int(seen.size()), 2); // global, proposal; never the local network
}

void TestGmicEngine::strictLoadingNamesMissingKey()
{
    GmicModel module(smallConfig());
    TensorMap sd = ModelLoader::stateDict(*module);
    sd.erase("dn_resnet.layer3.1.bn2.running_var");
    try {
        ModelLoader::loadStateDict(*module, sd);
        QFAIL("a missing key must fail");
    } catch (const InferenceError& e) {
        QVERIFY(QString::fromLatin1(e.what()).contains(QLatin1String("dn_resnet.layer3.1.bn2.running_var")));
    }
}

void TestGmicEngine::strictLoadingNamesShapeMismatch()
{
    GmicModel module(smallConfig());
    TensorMap sd = ModelLoader::stateDict(*module);
    sd["fusion_dnn.weight"] = at::zeros({2, 767});
    try {
        ModelLoader::loadStateDict(*module, sd);
        QFAIL("a shape mismatch must fail");
    } catch (const InferenceError& e) {
        const QString m = QString::fromLatin1(e.what());
        QVERIFY(m.contains(QLatin1String("fusion_dnn.weight")));
        QVERIFY(m.contains(QLatin1String("[2,767]")));
    }
}

void TestGmicEngine::unexpectedKeyIsAWarning()
{
    GmicModel module(smallConfig());
    TensorMap sd = ModelLoader::stateDict(*module);
    sd["shared_rep_filter.weight"] = at::zeros({4, 3});
    sd["ds_net.final_bn.num_batches_tracked"] = at::tensor(int64_t(5)); // official files have it
    const auto warnings = ModelLoader::loadStateDict(*module, sd);
    QCOMPARE(int(warnings.size()), 1);
    QVERIFY(QString::fromStdString(warnings[0]).contains(QLatin1String("shared_rep_filter.weight")));
    QVERIFY(!QString::fromStdString(warnings[0]).contains(QLatin1String("num_batches_tracked")));
}

void TestGmicEngine::savedModelKeepsConfigAndIdentity()
{
    QTemporaryDir dir;
    const GmicConfig c = smallConfig();
    auto model = ModelLoader::random(c, 9);
    auto meta = c.toMetadata();
    meta["mammolens.name"] = "unit-test model";
    meta["mammolens.provenance"] = "random";
    const std::string path = dir.filePath(QStringLiteral("m.safetensors")).toStdString();
    QVERIFY(writeSafetensors(path, ModelLoader::stateDict(*model->module), meta).ok());
    auto back = ModelLoader::load(path);
    QVERIFY2(back.ok(), back.error().c_str());
    QVERIFY(back.value()->identity.config == c);
    QCOMPARE(back.value()->identity.id, model->identity.id);
    QCOMPARE(back.value()->identity.name, std::string("unit-test model"));
    QCOMPARE(back.value()->identity.provenance, std::string("random"));
    QVERIFY(!back.value()->identity.clinical());
    QCOMPARE(int(back.value()->identity.id.size()), 64);
}

void TestGmicEngine::identityChangesWithPercentT()
{
    QTemporaryDir dir;
    const GmicConfig c = smallConfig();
    auto model = ModelLoader::random(c, 9);
    const std::string path = dir.filePath(QStringLiteral("m.safetensors")).toStdString();
    QVERIFY(writeSafetensors(path, ModelLoader::stateDict(*model->module), c.toMetadata()).ok());
    auto a = ModelLoader::load(path);
    auto b = ModelLoader::load(path, 0.05);
    QVERIFY(a.ok() && b.ok());
    QCOMPARE(b.value()->identity.config.percentT, 0.05);
    QVERIFY(a.value()->identity.id != b.value()->identity.id);
}

QTEST_GUILESS_MAIN(TestGmicEngine)
// bfloat16 without AVX-512 BF16 / AMX is emulated (4 exams did not finish in 500 s against 2 s
// per exam in float32); float16 has no CPU convolution. Both run float32 and say so.
void TestGmicEngine::cpuPrecisionTheHardwareCannotRunBecomesFloat32()
{
    EngineOptions half;
    half.precision = Precision::Float16;
    const GmicEngine halfEngine(half);
    QCOMPARE(halfEngine.options().precision, Precision::Float32);
    QVERIFY(halfEngine.precisionNotice().find("float16") != std::string::npos);

    EngineOptions bf16;
    bf16.precision = Precision::BFloat16;
    const GmicEngine bf16Engine(bf16);
    if (cpuHasNativeBFloat16()) {
        QCOMPARE(bf16Engine.options().precision, Precision::BFloat16);
        QVERIFY(bf16Engine.precisionNotice().empty());
    } else {
        QCOMPARE(bf16Engine.options().precision, Precision::Float32);
        QVERIFY(bf16Engine.precisionNotice().find("bfloat16") != std::string::npos);
    }
    QVERIFY(GmicEngine(EngineOptions{}).precisionNotice().empty());
}

#include "tst_gmicengine.moc"
