#pragma once
// Cancellation and progress for a running inference (STYLE.md rule 6): an atomic flag the caller
// sets from any thread, checked between views and between GMIC stages.

#include "inference/engine/viewprediction.h"
#include "inference/util/result.h"

#include <atomic>
#include <functional>
#include <string>

namespace mammolens::inference {

enum class Stage { Global, Proposal, Local, Fusion };
const char* toString(Stage stage);

struct RunControl
{
    const std::atomic<bool>* cancel = nullptr;
    /// Called on the inference thread when a view enters a stage: (view index, stage).
    std::function<void(int, Stage)> onStage;
    /// Called on the inference thread as soon as one view of an exam is done, so that results
    /// can appear view by view.
    std::function<void(int, const ViewPrediction&)> onViewDone;

    bool cancelled() const { return cancel && cancel->load(std::memory_order_relaxed); }
};

/// Thrown between stages when the caller cancelled; the engine turns it into a failed Result
/// whose message is Cancelled::kMessage.
class Cancelled : public InferenceError
{
public:
    Cancelled() : InferenceError(kMessage) {}
    static constexpr const char* kMessage = "cancelled";
};

} // namespace mammolens::inference
