#pragma once
// Scores as the interface shows them: plain values handed over by app/ (ui/ never sees the engine).

#include "core/exam/view.h"

#include <QString>
#include <QStringList>

#include <map>
#include <optional>

namespace mammolens::ui {

struct ViewScores
{
    double benign = 0, malignant = 0;             ///< y_fusion (ensemble mean): the prediction
    double globalBenign = 0, globalMalignant = 0; ///< y_global
    double localBenign = 0, localMalignant = 0;   ///< y_local
    double benignSpread = 0, malignantSpread = 0; ///< max - min over the ensemble's models
    QString device;
    QStringList warnings;
};

/// Which models produced the numbers, for the score panel and the not-for-diagnosis notice.
struct ModelSummary
{
    QStringList labels; ///< "name [shortid, provenance]" per model
    bool clinical = false; ///< every model is a validated clinical model
    QString notClinicalReason; ///< e.g. "random weights", "unknown weights"
};

struct ExamScores
{
    std::map<core::StandardView, ViewScores> views;
    std::map<core::StandardView, QString> errors; ///< views that failed, with why
    ModelSummary models;
};

} // namespace mammolens::ui
