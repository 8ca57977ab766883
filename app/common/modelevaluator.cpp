#include "app/common/modelevaluator.h"

#include "app/common/examanalyzer.h"
#include "app/common/examsource.h"
#include "core/exam/groundtruthmasks.h"
#include "inference/train/rocauc.h"

#include <QElapsedTimer>
#include <QJsonArray>

#include <opencv2/core.hpp>

namespace mammolens::app {

namespace {

const char* const kClassNames[2] = {"benign", "malignant"};

bool overlaps(const cv::Mat& mask, cv::Rect box)
{
    box &= cv::Rect(0, 0, mask.cols, mask.rows);
    return !box.empty() && cv::countNonZero(mask(box)) > 0;
}

/// Localisation of one class on one view, from the first model's patches and saliency map.
void localise(const ViewAnalysis& view, int cls, const cv::Mat& mask, ImageEvaluation& out)
{
    const inference::GmicResult& r = view.prediction->perModel.front();
    if (!r.patches.empty()) {
        size_t top = 0;
        for (size_t k = 1; k < r.patches.size(); ++k)
            if (r.patches[k].attention > r.patches[top].attention)
                top = k;
        const cv::Rect box = view.geometry.inputRectToStoredClipped(
            cv::Rect(r.patches[top].col, r.patches[top].row, r.cropCols, r.cropRows));
        out.topPatchOnLesion[static_cast<size_t>(cls)] = overlaps(mask, box);
    }
    int bestRow = 0, bestCol = 0;
    for (int row = 0; row < r.camRows; ++row)
        for (int col = 0; col < r.camCols; ++col)
            if (r.saliencyAt(cls, row, col) > r.saliencyAt(cls, bestRow, bestCol)) {
                bestRow = row;
                bestCol = col;
            }
    out.saliencyMaxOnLesion[static_cast<size_t>(cls)] =
        overlaps(mask, view.geometry.cellToStoredRect(bestRow, bestCol));
}

QJsonValue optionalBool(const std::optional<bool>& v)
{
    return v ? QJsonValue(*v) : QJsonValue();
}

} // namespace

EvaluationReport ModelEvaluator::evaluate(const std::vector<LabelledExam>& exams,
                                          const std::function<void(int, int)>& onExam)
{
    EvaluationReport report;
    QElapsedTimer timer;
    timer.start();
    ExamAnalyzer analyzer(engine_);
    for (size_t e = 0; e < exams.size(); ++e) {
        const LabelledExam& labelled = exams[e];
        auto loaded = loadExams(labelled.folder);
        const bool examLoaded = loaded && !loaded.value().empty();
        ExamAnalysis analysis;
        if (examLoaded) {
            inference::RunControl control;
            analysis = analyzer.analyze(loaded.value().front(), control);
        }
        for (const LabelledImage& img : labelled.images) {
            ImageEvaluation ev;
            ev.examId = labelled.id;
            ev.view = img.view;
            ev.file = img.file;
            ev.labels = img.labels;
            const ViewAnalysis* view = examLoaded ? analysis.view(img.view) : nullptr;
            if (!view || !view->prediction) {
                ev.error = !examLoaded ? (loaded ? QStringLiteral("no images")
                                                 : loaded.error().message)
                           : view     ? view->error
                                      : QStringLiteral("view not loaded");
                ++report.failedImages;
                report.images.push_back(ev);
                continue;
            }
            ev.yFusion = view->prediction->yFusion;
            for (const core::GroundTruthMask& m : core::GroundTruthMasks::find(view->source)) {
                const int cls = m.kind == QLatin1String("malignant") ? 1 : 0;
                if (!img.labels[static_cast<size_t>(cls)])
                    continue;
                const cv::Mat mask = core::GroundTruthMasks::loadInStoredPixels(m, view->geometry);
                if (!mask.empty())
                    localise(*view, cls, mask, ev);
            }
            report.images.push_back(ev);
        }
        if (onExam)
            onExam(static_cast<int>(e + 1), static_cast<int>(exams.size()));
    }
    for (size_t c = 0; c < 2; ++c) {
        ClassEvaluation& ce = report.classes[c];
        std::vector<double> scores;
        std::vector<int> labels;
        for (const ImageEvaluation& ev : report.images) {
            if (!ev.error.isEmpty())
                continue;
            ++ce.images;
            ce.positives += ev.labels[c];
            scores.push_back(ev.yFusion[c]);
            labels.push_back(ev.labels[c]);
            if (ev.topPatchOnLesion[c] || ev.saliencyMaxOnLesion[c]) {
                ++ce.localised;
                ce.topPatchHits += ev.topPatchOnLesion[c].value_or(false);
                ce.saliencyHits += ev.saliencyMaxOnLesion[c].value_or(false);
            }
        }
        ce.auc = inference::rocAuc(scores, labels);
    }
    report.seconds = timer.elapsed() / 1000.0;
    return report;
}

QJsonObject EvaluationReport::toJson(const std::vector<inference::ModelIdentity>& models) const
{
    QJsonObject o;
    QJsonArray modelList;
    for (const auto& m : models)
        modelList.append(QJsonObject{{QStringLiteral("id"), QString::fromStdString(m.id)},
                                     {QStringLiteral("name"), QString::fromStdString(m.name)},
                                     {QStringLiteral("provenance"),
                                      QString::fromStdString(m.provenance)},
                                     {QStringLiteral("config"),
                                      QString::fromStdString(m.config.describe())}});
    o[QStringLiteral("models")] = modelList;
    for (size_t c = 0; c < 2; ++c) {
        const ClassEvaluation& ce = classes[c];
        o[QLatin1String(kClassNames[c])] = QJsonObject{
            {QStringLiteral("images"), ce.images},
            {QStringLiteral("positives"), ce.positives},
            {QStringLiteral("auc"), ce.auc ? QJsonValue(*ce.auc) : QJsonValue()},
            {QStringLiteral("localised_positives"), ce.localised},
            {QStringLiteral("top_patch_on_lesion"), ce.topPatchHits},
            {QStringLiteral("top_patch_on_lesion_rate"), ce.topPatchRate()},
            {QStringLiteral("saliency_max_on_lesion"), ce.saliencyHits},
            {QStringLiteral("saliency_max_on_lesion_rate"), ce.saliencyRate()}};
    }
    o[QStringLiteral("failed_images")] = failedImages;
    o[QStringLiteral("seconds")] = seconds;
    QJsonArray list;
    for (const ImageEvaluation& ev : images) {
        QJsonObject i{{QStringLiteral("exam_id"), ev.examId},
                      {QStringLiteral("view"), core::toString(ev.view)},
                      {QStringLiteral("file"), ev.file},
                      {QStringLiteral("labels"), QJsonArray{ev.labels[0], ev.labels[1]}}};
        if (!ev.error.isEmpty()) {
            i[QStringLiteral("error")] = ev.error;
        } else {
            i[QStringLiteral("y_fusion")] = QJsonArray{ev.yFusion[0], ev.yFusion[1]};
            i[QStringLiteral("top_patch_on_lesion")] =
                QJsonArray{optionalBool(ev.topPatchOnLesion[0]), optionalBool(ev.topPatchOnLesion[1])};
            i[QStringLiteral("saliency_max_on_lesion")] = QJsonArray{
                optionalBool(ev.saliencyMaxOnLesion[0]), optionalBool(ev.saliencyMaxOnLesion[1])};
        }
        list.append(i);
    }
    o[QStringLiteral("images")] = list;
    return o;
}

} // namespace mammolens::app
