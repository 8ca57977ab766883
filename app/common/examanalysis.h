#pragma once
// One exam after the whole pipeline: what preprocessing did to each view (its geometry, to draw
// results back) and what the ensemble said. The meeting point of core/ and inference/ types,
// which is why it lives in app/.

#include "core/exam/view.h"
#include "core/preprocess/cropinfo.h"
#include "core/preprocess/inputgeometry.h"
#include "inference/engine/modelidentity.h"
#include "inference/engine/viewprediction.h"

#include <QString>
#include <opencv2/core/mat.hpp>
#include <QStringList>

#include <optional>
#include <vector>

namespace mammolens::app {

struct ViewAnalysis
{
    core::StandardView view = core::StandardView::LCC;
    QString source; ///< the file the view came from
    core::InputGeometry geometry;
    core::CropInfo crop;
    std::optional<inference::ViewPrediction> prediction; ///< empty when this view failed
    QStringList warnings;
    QString error; ///< why this view has no prediction
    /// Teaching exams: the union of the view's lesion masks (core/exam/groundtruthmasks.h) in
    /// stored pixels, CV_8UC1; empty when there are none. Only the workstation's worker fills it
    /// (off the GUI thread); the command line draws each mask itself.
    cv::Mat groundTruth;
};

struct ExamAnalysis
{
    QString examId;
    std::vector<ViewAnalysis> views; ///< the standard views present, in L-CC, R-CC, L-MLO, R-MLO order
    std::vector<inference::ModelIdentity> models;
    QStringList warnings; ///< exam-level: missing views, duplicates, ...
    QStringList errors;   ///< files that failed to load
    QString device;
    /// What the networks computed in ("float32", "bfloat16"): bfloat16 moves the scores and can
    /// move the patches, so a result says which it is.
    QString precision;
    double preprocessMs = 0;
    double inferenceMs = 0;

    bool complete() const; ///< every present view has a prediction
    const ViewAnalysis* view(core::StandardView v) const;
};

} // namespace mammolens::app
