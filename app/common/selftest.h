#pragma once
// `mammolens-cli selftest` and the About box's "Self-test": checks an installation end to end —
// the libraries answer, every DICOM transfer syntax we write decodes back to the same pixels, a
// model with seeded weights has the recorded identity and gives the recorded outputs on the
// golden input (the deterministic demo exam), and the demo model, where installed, loads. Each
// check says what it found; the verdict is the AND.

#include <QString>

#include <functional>
#include <vector>

namespace mammolens::app {

struct SelfTestCheck
{
    QString name;
    bool passed = false;
    QString detail;
};

class SelfTest
{
public:
    /// Runs every check (a few seconds; the golden inference is the longest). `onCheck` is called
    /// after each one, for progress. Never throws.
    static std::vector<SelfTestCheck> run(const std::function<void(const SelfTestCheck&)>& onCheck = {});
    static bool passed(const std::vector<SelfTestCheck>& checks);

    /// The golden outputs (`resources/selftest/golden.json`, installed to share/mammolens/): the
    /// identity of seeded random weights at the demo configuration and their y_fusion on each
    /// view of the demo exam. `mammolens-cli selftest --record` rewrites them in the source tree.
    static QString goldenPath();
    static bool record(QString* error);
};

} // namespace mammolens::app
