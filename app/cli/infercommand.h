#pragma once
// `mammolens-cli infer`: exams in, predictions, overlays and reports out (docs/cli.md).

#include <QStringList>

namespace mammolens::app {

/// Returns the process exit code: 0 every exam complete, 1 some exam or input failed,
/// 2 usage error or no usable model.
int runInferCommand(const QStringList& args);

} // namespace mammolens::app
