#pragma once
// `mammolens-cli selftest` and the About box's "Self-test": checks an installation end to end —
// the libraries answer, every DICOM transfer syntax we write decodes back to the same pixels, the
// demo model loads with the identity it shipped with, and on the golden input (the deterministic
// demo exam) it gives the stored outputs. Each check says what it found; the verdict is the AND.

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

    /// The golden outputs beside the demo model (`gmic-demo.selftest.json`): its identity and the
    /// y_fusion of each view of the demo exam. Written by `mammolens-cli selftest --record` when
    /// the demo model is (re)trained.
    static QString goldenPath(const QString& modelPath);
    static bool record(QString* error);
};

} // namespace mammolens::app
