#pragma once
// The documented JSON form of one analysed exam (docs/cli.md "results.json"). Stable: other
// software reads it.

#include "app/common/examanalysis.h"

#include <QJsonObject>

namespace mammolens::app {

QJsonObject modelToJson(const inference::ModelIdentity& model);
QJsonObject examToJson(const ExamAnalysis& exam);

} // namespace mammolens::app
