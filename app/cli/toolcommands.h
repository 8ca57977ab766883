#pragma once
// The smaller `mammolens-cli` commands: inspect, preprocess, convert-weights, bench.
// Each returns the process exit code (0 ok, 1 some input failed, 2 usage error).

#include <QStringList>

namespace mammolens::app {

int runInspectCommand(const QStringList& args);
int runPreprocessCommand(const QStringList& args);
int runConvertWeightsCommand(const QStringList& args);
int runBenchCommand(const QStringList& args);

} // namespace mammolens::app
