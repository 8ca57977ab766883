#pragma once
// `mammolens-cli evaluate`: a model's AUC and localisation on labelled exams; see docs/cli.md.

#include <QStringList>

namespace mammolens::app {

int runEvaluateCommand(const QStringList& args);

} // namespace mammolens::app
