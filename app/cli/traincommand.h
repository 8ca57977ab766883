#pragma once
// `mammolens-cli train`: GMIC trained on a labelled exam folder (GMIC-SPEC 12); see docs/cli.md.

#include <QStringList>

namespace mammolens::app {

int runTrainCommand(const QStringList& args);

} // namespace mammolens::app
