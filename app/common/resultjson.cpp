#include "app/common/resultjson.h"

#include <QJsonArray>

namespace mammolens::app {

namespace {

QJsonArray pair(const std::array<float, 2>& v)
{
    return QJsonArray{double(v[0]), double(v[1])};
}

QJsonArray strings(const QStringList& list)
{
    return QJsonArray::fromStringList(list);
}

/// One class map as rows of numbers.
QJsonArray saliencyRows(const inference::GmicResult& r, int cls)
{
    QJsonArray rows;
    for (int i = 0; i < r.camRows; ++i) {
        QJsonArray row;
        for (int j = 0; j < r.camCols; ++j)
            row.append(double(r.saliencyAt(cls, i, j)));
        rows.append(row);
    }
    return rows;
}

QJsonArray patchesToJson(const inference::GmicResult& r, const core::InputGeometry& geometry)
{
    QJsonArray patches;
    for (const inference::GmicPatch& p : r.patches) {
        // The stored pixels the patch shows (padding removed), GMIC-SPEC 11.
        const cv::Rect box =
            geometry.inputRectToStoredClipped(cv::Rect(p.col, p.row, r.cropCols, r.cropRows));
        QJsonObject o{{QStringLiteral("row"), p.row},
                      {QStringLiteral("col"), p.col},
                      {QStringLiteral("attention"), double(p.attention)}};
        o[QStringLiteral("stored_box")] =
            box.empty() ? QJsonValue()
                        : QJsonValue(QJsonArray{box.y, box.x, box.y + box.height, box.x + box.width});
        patches.append(o);
    }
    return patches;
}

QJsonObject modelResult(const inference::GmicResult& r, const core::InputGeometry& geometry)
{
    return {{QStringLiteral("model_id"), QString::fromStdString(r.modelId)},
            {QStringLiteral("y_fusion"), pair(r.yFusion)},
            {QStringLiteral("y_global"), pair(r.yGlobal)},
            {QStringLiteral("y_local"), pair(r.yLocal)},
            {QStringLiteral("patches"), patchesToJson(r, geometry)}};
}

QJsonObject preprocessingToJson(const ViewAnalysis& v)
{
    const auto& s = v.geometry.steps();
    const core::CropInfo& c = v.crop;
    return {{QStringLiteral("crop_window"), QJsonArray{c.top, c.bottom, c.left, c.right}},
            {QStringLiteral("best_center"), QJsonArray{c.bestCenterRow, c.bestCenterCol}},
            {QStringLiteral("flipped"), c.flipped},
            {QStringLiteral("distance_from_starting_side"), c.distanceFromStartingSide},
            {QStringLiteral("padding"), QJsonObject{{QStringLiteral("top"), s.padTop},
                                                    {QStringLiteral("bottom"), s.padBottom},
                                                    {QStringLiteral("right"), s.padRight}}},
            {QStringLiteral("window_offset"), QJsonArray{s.windowTop, s.windowLeft}},
            {QStringLiteral("stored_size"), QJsonArray{s.storedRows, s.storedCols}},
            {QStringLiteral("input_size"), QJsonArray{s.inputRows, s.inputCols}}};
}

} // namespace

QJsonObject modelToJson(const inference::ModelIdentity& m)
{
    return {{QStringLiteral("id"), QString::fromStdString(m.id)},
            {QStringLiteral("name"), QString::fromStdString(m.name)},
            {QStringLiteral("provenance"), QString::fromStdString(m.provenance)},
            {QStringLiteral("clinical"), m.clinical()},
            {QStringLiteral("config"), QString::fromStdString(m.config.describe())},
            {QStringLiteral("format"), QString::fromStdString(m.format)}};
}

QJsonObject examToJson(const ExamAnalysis& exam)
{
    QJsonObject views;
    for (const ViewAnalysis& v : exam.views) {
        QJsonObject o{{QStringLiteral("source"), v.source},
                      {QStringLiteral("warnings"), strings(v.warnings)}};
        if (!v.prediction) {
            o[QStringLiteral("error")] = v.error;
            views[core::toString(v.view)] = o;
            continue;
        }
        const inference::ViewPrediction& p = *v.prediction;
        // Top level: the ensemble mean for the scores; the first model's saliency and patches
        // (maps of different models are not averaged: each model's patches come from its own).
        const inference::GmicResult& first = p.perModel.front();
        o[QStringLiteral("y_fusion")] = pair(p.yFusion);
        o[QStringLiteral("y_global")] = pair(p.yGlobal);
        o[QStringLiteral("y_local")] = pair(p.yLocal);
        o[QStringLiteral("y_fusion_spread")] = pair(p.fusionSpread);
        o[QStringLiteral("patches")] = patchesToJson(first, v.geometry);
        o[QStringLiteral("saliency")] =
            QJsonObject{{QStringLiteral("benign"), saliencyRows(first, 0)},
                        {QStringLiteral("malignant"), saliencyRows(first, 1)}};
        o[QStringLiteral("preprocessing")] = preprocessingToJson(v);
        o[QStringLiteral("model")] = QString::fromStdString(first.modelId);
        o[QStringLiteral("device")] = QString::fromStdString(p.device);
        if (p.perModel.size() > 1) {
            QJsonArray perModel;
            for (const inference::GmicResult& r : p.perModel)
                perModel.append(modelResult(r, v.geometry));
            o[QStringLiteral("per_model")] = perModel;
        }
        views[core::toString(v.view)] = o;
    }
    QJsonArray models;
    for (const auto& m : exam.models)
        models.append(modelToJson(m));
    return {{QStringLiteral("id"), exam.examId},
            {QStringLiteral("complete"), exam.complete()},
            {QStringLiteral("views"), views},
            {QStringLiteral("models"), models},
            {QStringLiteral("device"), exam.device},
            {QStringLiteral("precision"), exam.precision},
            {QStringLiteral("warnings"), strings(exam.warnings)},
            {QStringLiteral("errors"), strings(exam.errors)}};
}

} // namespace mammolens::app
