#pragma once
// Where the demonstration model lives: trained on synthetic phantoms (docs/demo-model.md), shipped
// in resources/models/, never for clinical use (its provenance says "demo" and every number it
// produces carries the not-for-diagnosis notice).

#include "core/util/outcome.h"

#include <QString>

namespace mammolens::app {

class DemoAssets
{
public:
    static constexpr const char* kModelFile = "gmic-demo.safetensors";

    /// The demo model file: $MAMMOLENS_DEMO_MODEL, else the installed share/mammolens/models/,
    /// else the source tree's resources/models/ (running from a build tree). Empty when none.
    static QString modelPath();
    /// The folders searched, for the error message when the model is missing.
    static QString searchedLocations();

    /// A shipped resource (`models/...`, `selftest/...`): the installed share/mammolens/ copy,
    /// else the source tree's resources/ (running from a build tree). Empty when neither exists.
    static QString findResource(const QString& relative);
    /// Where findResource looks first when the resource is to be (re)written from a build tree.
    static QString sourceResource(const QString& relative);

    /// The demo exam: a synthetic 4-view phantom exam (640 x 512 pixels, the demo model's scale)
    /// with a malignant finding, generated on first use into the user's data folder (a few tenths
    /// of a second) and reused afterwards. Returns the exam's folder.
    static core::Outcome<QString> demoExam();
    static constexpr int kDemoSeed = 2026;
    static constexpr int kDemoIndex = 0;
};

} // namespace mammolens::app
