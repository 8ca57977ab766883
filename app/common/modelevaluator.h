#pragma once
// How well a model does on labelled exams (issue 7's evaluation): image-level ROC AUC for the
// malignant and the benign class from the ensemble's y_fusion, and localisation on the images
// positive for a class that come with that class's lesion mask:
//  - top patch on lesion: the patch with the highest attention weight overlaps the mask;
//  - saliency maximum on lesion: the saliency cell with the highest value of that class's map
//    covers at least one mask pixel (cells are 64x64 input pixels for GMIC, so this asks whether
//    the map's peak is on the lesion, not whether a cell centre hits a small lesion).
// Localisation uses the first model of an ensemble (its patches and map); AUCs use the mean.

#include "app/common/labelledimageset.h"
#include "inference/engine/gmicengine.h"

#include <QJsonObject>
#include <QString>

#include <array>
#include <functional>
#include <optional>
#include <vector>

namespace mammolens::app {

struct ImageEvaluation
{
    QString examId;
    core::StandardView view = core::StandardView::LCC;
    QString file;
    std::array<int, 2> labels{};          ///< [benign, malignant]
    std::array<float, 2> yFusion{};
    std::array<std::optional<bool>, 2> topPatchOnLesion;   ///< empty: not positive or no mask
    std::array<std::optional<bool>, 2> saliencyMaxOnLesion;
    QString error;                         ///< why the image has no prediction
};

struct ClassEvaluation
{
    int images = 0;
    int positives = 0;
    std::optional<double> auc;
    int localised = 0;       ///< positives with a mask
    int topPatchHits = 0;
    int saliencyHits = 0;
    double topPatchRate() const { return localised ? double(topPatchHits) / localised : 0; }
    double saliencyRate() const { return localised ? double(saliencyHits) / localised : 0; }
};

struct EvaluationReport
{
    std::vector<ImageEvaluation> images;
    std::array<ClassEvaluation, 2> classes; ///< [benign, malignant]
    int failedImages = 0;
    double seconds = 0;
    QJsonObject toJson(const std::vector<inference::ModelIdentity>& models) const;
};

class ModelEvaluator
{
public:
    explicit ModelEvaluator(inference::GmicEngine& engine) : engine_(engine) {}

    /// Runs every exam (a failing file costs only itself) and summarises. `onExam(done, total)`
    /// reports progress after each exam.
    EvaluationReport evaluate(const std::vector<LabelledExam>& exams,
                              const std::function<void(int, int)>& onExam = {});

private:
    inference::GmicEngine& engine_;
};

} // namespace mammolens::app
