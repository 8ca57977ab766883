#pragma once
// The knobs of GMIC training (GMIC-SPEC 12). Defaults suit training the demo model from scratch
// on phantoms; fine-tuning official weights wants a smaller learning rate (the paper's ~4e-5).

#include <cstdint>
#include <string>

namespace mammolens::inference {

struct TrainOptions
{
    int epochs = 10;
    int batchSize = 4;             ///< images per optimiser step
    double learningRate = 2e-4;    ///< Adam
    double weightDecay = 1e-5;     ///< Adam's L2 term
    double saliencyL1 = 1e-4;      ///< beta: weight of mean(saliency), keeps the maps sparse (spec 12)
    /// Weight of the lesion-mask term: a class-balanced BCE between the saliency maps and the
    /// cells the lesion masks cover (TrainingSample::saliencyTargets). 0 (the default) is GMIC-SPEC
    /// 12's weak supervision alone. Phantoms come with masks, and from random weights the weak
    /// signal alone did not find ~1 % lesions in the steps a CPU affords (docs/demo-model.md).
    double maskWeight = 0.0;
    uint64_t seed = 1;             ///< shuffling and augmentation
    bool augment = true;           ///< vertical flip, gain, small shifts (never a horizontal flip:
                                   ///< the input is oriented with the chest wall on one side)
    bool useCuda = false;
    int threads = 0;               ///< 0 = all cores
};

} // namespace mammolens::inference
