#pragma once
// One forward pass of one model on one preprocessed image, through the folded fast path, stage by
// stage so that it can be timed, reported and cancelled.

#include "inference/engine/loadedmodel.h"
#include "inference/engine/runcontrol.h"
#include "inference/gmic/gmicresult.h"

#include <ATen/core/Tensor.h>

namespace mammolens::inference {

class GmicRunner
{
public:
    /// `image` is [H,W] float32 (any device) of the model's input size. Throws Cancelled or
    /// InferenceError; call under an InferenceMode guard.
    static GmicResult run(const LoadedModel& model, const at::Tensor& image, int viewIndex,
                          const RunControl& control);
};

} // namespace mammolens::inference
