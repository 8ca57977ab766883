// Training (GMIC-SPEC 12): the ROC AUC, that steps reduce the loss, that checkpoints carry the
// configuration and load as models, that an interrupted run resumes where it stopped, and that
// lesion-mask supervision puts the saliency on the lesion.

#include "inference/engine/modelloader.h"
#include "inference/train/gmictrainer.h"
#include "inference/train/rocauc.h"
#include "inference/weights/safetensors.h"

#include <ATen/ATen.h>

#include <QElapsedTimer>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

using namespace mammolens::inference;

namespace {

GmicConfig tinyConfig()
{
    GmicConfig c;
    c.inputRows = 256;
    c.inputCols = 192;
    c.camRows = GmicConfig::globalMapSize(256);
    c.camCols = GmicConfig::globalMapSize(192);
    c.K = 2;
    c.cropRows = 64;
    c.cropCols = 64;
    c.percentT = 0.1;
    return c;
}

/// Noise, plus a bright disc where the image is "malignant": learnable in a few steps. With
/// `withTargets`, each sample's saliency targets mark the cells the disc's box touches.
std::vector<TrainingSample> discs(const GmicConfig& c, int count, int seed, bool withTargets = false)
{
    std::vector<TrainingSample> out;
    for (int i = 0; i < count; ++i) {
        at::manual_seed(seed * 1000 + i);
        at::Tensor img = at::randn({c.inputRows, c.inputCols}) * 0.3;
        const bool malignant = i % 2 == 0;
        if (malignant) {
            const int r0 = 40 + (i * 37) % (c.inputRows - 80), c0 = 40 + (i * 53) % (c.inputCols - 80);
            const at::Tensor rows = at::arange(c.inputRows).view({-1, 1}).to(at::kFloat) - r0;
            const at::Tensor cols = at::arange(c.inputCols).view({1, -1}).to(at::kFloat) - c0;
            img += 3.0 * ((rows * rows + cols * cols) < 15 * 15).to(at::kFloat);
        }
        img = img.contiguous();
        TrainingSample s;
        s.name = "disc-" + std::to_string(i);
        s.pixels.assign(img.data_ptr<float>(), img.data_ptr<float>() + img.numel());
        s.labels = {0.0f, malignant ? 1.0f : 0.0f};
        if (withTargets) {
            const size_t cells = static_cast<size_t>(c.camRows * c.camCols);
            s.saliencyTargets = {std::vector<float>(cells, 0.0f), std::vector<float>(cells, 0.0f)};
            if (malignant) {
                const int r0 = 40 + (i * 37) % (c.inputRows - 80), c0 = 40 + (i * 53) % (c.inputCols - 80);
                for (int row = (r0 - 15) * c.camRows / c.inputRows;
                     row <= (r0 + 15) * c.camRows / c.inputRows; ++row)
                    for (int col = (c0 - 15) * c.camCols / c.inputCols;
                         col <= (c0 + 15) * c.camCols / c.inputCols; ++col)
                        s.saliencyTargets[1][static_cast<size_t>(row * c.camCols + col)] = 1.0f;
                s.lesionBoxes.push_back({r0 - 15, c0 - 15, r0 + 16, c0 + 16});
            }
        }
        out.push_back(std::move(s));
    }
    return out;
}

TrainOptions fastOptions()
{
    TrainOptions o;
    o.epochs = 2;
    o.batchSize = 4;
    o.learningRate = 1e-3;
    o.augment = false;
    o.threads = 2;
    return o;
}

} // namespace

class TestGmicTrainer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rocAucKnownValues()
    {
        QCOMPARE(*rocAuc({0.1, 0.2, 0.8, 0.9}, {0, 0, 1, 1}), 1.0);
        QCOMPARE(*rocAuc({0.9, 0.8, 0.2, 0.1}, {0, 0, 1, 1}), 0.0);
        QCOMPARE(*rocAuc({0.5, 0.5, 0.5, 0.5}, {0, 1, 0, 1}), 0.5); // ties count one half
        // 2 positives x 2 negatives: pairs (0.7>0.3) (0.7>0.6) (0.4>0.3) (0.4<0.6) -> 3/4.
        QCOMPARE(*rocAuc({0.3, 0.7, 0.6, 0.4}, {0, 1, 0, 1}), 0.75);
        QVERIFY(!rocAuc({0.1, 0.2}, {1, 1}).has_value()); // undefined without negatives
    }

    void stepsReduceTheLoss()
    {
        const GmicConfig c = tinyConfig();
        at::manual_seed(3);
        GmicTrainer trainer(GmicModel(c), fastOptions(), {});
        const auto samples = discs(c, 4, 1);
        const std::vector<const TrainingSample*> batch{&samples[0], &samples[1], &samples[2],
                                                       &samples[3]};
        const StepLosses first = trainer.step(batch);
        QVERIFY(std::isfinite(first.total));
        QVERIFY(first.total > 0);
        StepLosses last = first;
        for (int i = 0; i < 15; ++i)
            last = trainer.step(batch);
        QVERIFY2(last.fusion < first.fusion,
                 qPrintable(QStringLiteral("fusion BCE %1 -> %2").arg(first.fusion).arg(last.fusion)));
        QVERIFY(last.total < first.total);
    }

    void checkpointsLoadAsModelsAndResume()
    {
        QTemporaryDir dir;
        const GmicConfig c = tinyConfig();
        const auto training = discs(c, 8, 2);
        const auto validation = discs(c, 4, 3);
        CheckpointInfo info;
        info.name = "tiny test model";
        info.description = "trained by tst_gmictrainer";
        info.provenance = "demo";

        // Interrupted after the first epoch: the cancel callback fires in epoch 2's first step.
        TrainOptions o = fastOptions();
        at::manual_seed(5);
        GmicTrainer first(GmicModel(c), o, info);
        int steps = 0;
        auto stopped = first.train(training, validation, dir.path().toStdString(), {}, {},
                                   [&] { return ++steps > 2; });
        QVERIFY(!stopped.ok());
        QVERIFY(QString::fromStdString(stopped.error()).contains("cancelled"));
        QCOMPARE(first.epochsDone(), 1);
        QVERIFY(QFileInfo::exists(dir.filePath("last.safetensors")));
        QVERIFY(QFileInfo::exists(dir.filePath("last.safetensors.optimizer.pt")));
        QVERIFY(QFileInfo::exists(dir.filePath("best.safetensors")));

        // The checkpoint is a model with its configuration and identity.
        auto model = ModelLoader::load(dir.filePath("best.safetensors").toStdString());
        QVERIFY2(model.ok(), model.ok() ? "" : model.error().c_str());
        QVERIFY(model.value()->identity.config == c);
        QCOMPARE(model.value()->identity.provenance, std::string("demo"));
        QCOMPARE(model.value()->identity.name, std::string("tiny test model"));
        QVERIFY(!model.value()->identity.clinical());
        auto file = readSafetensors(dir.filePath("last.safetensors").toStdString());
        QVERIFY(file.ok());
        QCOMPARE(file.value().metadata.at("mammolens.training.epochs_done"), std::string("1"));

        // A new trainer resumes after epoch 1 from the saved weights and finishes epoch 2.
        at::manual_seed(99); // different initial weights: resume must replace them
        GmicTrainer second(GmicModel(c), o, info);
        auto resumed = second.resume(dir.path().toStdString());
        QVERIFY2(resumed.ok(), resumed.ok() ? "" : resumed.error().c_str());
        QCOMPARE(resumed.value(), 1);
        const auto saved = ModelLoader::stateDict(*first.model());
        const auto loaded = ModelLoader::stateDict(*second.model());
        for (const auto& [key, t] : saved)
            QVERIFY2(at::equal(t, loaded.at(key)), key.c_str());
        std::vector<EpochReport> epochs;
        auto done = second.train(training, validation, dir.path().toStdString(), {},
                                 [&](const EpochReport& r) { epochs.push_back(r); });
        QVERIFY2(done.ok(), done.ok() ? "" : done.error().c_str());
        QCOMPARE(static_cast<int>(epochs.size()), 1);
        QCOMPARE(epochs.front().epoch, 2);
        QVERIFY(epochs.front().validationAucMalignant.has_value());
        QCOMPARE(second.epochsDone(), 2);

        // A configuration mismatch is refused, naming what the checkpoint holds.
        GmicConfig other = c;
        other.K = 3;
        GmicTrainer third(GmicModel(other), o, info);
        auto refused = third.resume(dir.path().toStdString());
        QVERIFY(!refused.ok());
        QVERIFY(QString::fromStdString(refused.error()).contains("another configuration"));
    }

    void maskSupervisionPutsTheSaliencyOnTheLesion()
    {
        const GmicConfig c = tinyConfig();
        TrainOptions o = fastOptions();
        o.maskWeight = 1.0;
        o.augment = true; // up-down flips: the targets must follow the image
        at::manual_seed(7);
        GmicTrainer trainer(GmicModel(c), o, {});
        const auto samples = discs(c, 8, 4, true);
        std::vector<const TrainingSample*> all;
        for (const auto& s : samples)
            all.push_back(&s);
        const StepLosses first = trainer.step(all);
        QVERIFY(first.mask > 0);
        StepLosses last = first;
        for (int i = 0; i < 40; ++i)
            last = trainer.step(all);
        QVERIFY2(last.mask < 0.5 * first.mask,
                 qPrintable(QStringLiteral("mask BCE %1 -> %2").arg(first.mask).arg(last.mask)));

        // The malignant map's brightest cell is one the disc covers, and most attention goes to
        // the patches that show the disc, on every positive image.
        torch::NoGradGuard noGrad;
        GmicModel model = trainer.model();
        model->train(); // batch statistics: 41 steps leave the running ones far behind
        for (const TrainingSample& s : samples) {
            if (s.labels[1] < 0.5f)
                continue;
            const at::Tensor x = at::from_blob(const_cast<float*>(s.pixels.data()),
                                               {1, 1, c.inputRows, c.inputCols}).clone();
            const GmicOutputs out = model->forward(x);
            const int64_t best = out.saliency[0][1].flatten().argmax().item<int64_t>();
            QVERIFY2(s.saliencyTargets[1][static_cast<size_t>(best)] > 0.5f,
                     qPrintable(QString::fromStdString(s.name) +
                                QStringLiteral(": maximum in cell %1").arg(best)));
            const auto& box = s.lesionBoxes.front();
            double onDisc = 0;
            for (int k = 0; k < c.K; ++k) {
                const int64_t top = out.patchLocations[0][k][0].item<int64_t>();
                const int64_t left = out.patchLocations[0][k][1].item<int64_t>();
                if (box[0] < top + c.cropRows && top < box[2] && box[1] < left + c.cropCols &&
                    left < box[3])
                    onDisc += out.attention[0][k].item<double>();
            }
            QVERIFY2(onDisc > 0.6, qPrintable(QString::fromStdString(s.name) +
                                              QStringLiteral(": attention on the disc %1").arg(onDisc)));
        }

        // A checkpoint records how it was trained.
        QTemporaryDir dir;
        QVERIFY(trainer.save(dir.filePath("m.safetensors").toStdString(), false).ok());
        auto file = readSafetensors(dir.filePath("m.safetensors").toStdString());
        QVERIFY(file.ok());
        QCOMPARE(file.value().metadata.at("mammolens.training.mask_weight"), std::string("1"));
    }

    void malformedSaliencyTargetIsAnError()
    {
        const GmicConfig c = tinyConfig();
        TrainOptions o = fastOptions();
        o.maskWeight = 1.0;
        GmicTrainer trainer(GmicModel(c), o, {});
        auto samples = discs(c, 2, 5, true);
        samples[1].name = "short target";
        samples[1].saliencyTargets[1].resize(3);
        QTemporaryDir dir;
        auto r = trainer.train(samples, {}, dir.path().toStdString(), {}, {});
        QVERIFY(!r.ok());
        QVERIFY2(QString::fromStdString(r.error()).contains("short target"), r.error().c_str());
    }

    void malformedSampleIsAnError()
    {
        const GmicConfig c = tinyConfig();
        GmicTrainer trainer(GmicModel(c), fastOptions(), {});
        TrainingSample wrong;
        wrong.name = "wrong size";
        wrong.pixels.assign(10, 0.0f);
        QTemporaryDir dir;
        auto r = trainer.train({wrong}, {}, dir.path().toStdString(), {}, {});
        QVERIFY(!r.ok());
        QVERIFY(QString::fromStdString(r.error()).contains("wrong size"));
    }
};

QTEST_GUILESS_MAIN(TestGmicTrainer)
#include "tst_gmictrainer.moc"
