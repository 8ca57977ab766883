#include "app/common/visualizer.h"

#include "app/common/batchoutputdir.h"
#include "core/exam/groundtruthmasks.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <vector>

namespace mammolens::app {

namespace {

constexpr int kPanelHeight = 800;

/// 16-bit stored pixels to 8-bit grey, windowed to the breast's range (background stays black).
cv::Mat toGrey(const cv::Mat& pixels)
{
    double lo = 0, hi = 0;
    cv::minMaxLoc(pixels, &lo, &hi, nullptr, nullptr, pixels > 0);
    cv::Mat grey;
    const double scale = hi > lo ? 255.0 / (hi - lo) : 1.0;
    pixels.convertTo(grey, CV_8U, scale, -lo * scale);
    grey.setTo(0, pixels == 0);
    cv::Mat bgr;
    cv::cvtColor(grey, bgr, cv::COLOR_GRAY2BGR);
    return bgr;
}

/// Blends a [0,1] map over `bgr` in one colour, opacity proportional to the value (the
/// reference's transparency ramps: green for benign, red for malignant).
void blend(cv::Mat& bgr, const cv::Mat& map, const cv::Vec3b& colour)
{
    for (int r = 0; r < bgr.rows; ++r) {
        auto* px = bgr.ptr<cv::Vec3b>(r);
        const float* m = map.ptr<float>(r);
        for (int c = 0; c < bgr.cols; ++c) {
            const float a = std::clamp(m[c], 0.0f, 1.0f) * 0.7f;
            for (int k = 0; k < 3; ++k)
                px[c][k] = cv::saturate_cast<uchar>(px[c][k] * (1 - a) + colour[k] * a);
        }
    }
}

cv::Mat scaledTo(const cv::Mat& m, int height)
{
    cv::Mat out;
    const double f = double(height) / m.rows;
    cv::resize(m, out, cv::Size(std::max(1, int(m.cols * f)), height), 0, 0, cv::INTER_AREA);
    return out;
}

void label(cv::Mat& img, const std::string& text, cv::Point at, double scale = 0.7)
{
    const int weight = std::max(1, int(scale));
    cv::putText(img, text, at, cv::FONT_HERSHEY_SIMPLEX, scale, cv::Scalar(0, 0, 0), 3 * weight + 1,
                cv::LINE_AA);
    cv::putText(img, text, at, cv::FONT_HERSHEY_SIMPLEX, scale, cv::Scalar(255, 255, 255), weight,
                cv::LINE_AA);
}

cv::Mat hconcat(const std::vector<cv::Mat>& panels, int gap = 6)
{
    int width = 0, height = 0;
    for (const cv::Mat& p : panels) {
        width += p.cols + gap;
        height = std::max(height, p.rows);
    }
    cv::Mat out(height, std::max(1, width - gap), CV_8UC3, cv::Scalar(40, 40, 40));
    int x = 0;
    for (const cv::Mat& p : panels) {
        p.copyTo(out(cv::Rect(x, 0, p.cols, p.rows)));
        x += p.cols + gap;
    }
    return out;
}

/// Ground-truth contours (teaching and test exams): benign green, malignant red.
void drawGroundTruth(cv::Mat& bgr, const core::MammogramImage& image,
                     const core::InputGeometry& geometry)
{
    const int thickness = std::max(2, image.pixels.cols / 250);
    for (const core::GroundTruthMask& m : core::GroundTruthMasks::find(image.sourcePath)) {
        const cv::Mat mask = core::GroundTruthMasks::loadInStoredPixels(m, geometry);
        if (mask.empty())
            continue;
        std::vector<std::vector<cv::Point>> contours;
        cv::findContours(mask, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
        const cv::Scalar colour = m.kind == QLatin1String("benign") ? cv::Scalar(80, 255, 80)
                                                                     : cv::Scalar(60, 60, 255);
        cv::drawContours(bgr, contours, -1, colour, thickness, cv::LINE_AA);
    }
}

/// Safety: numbers from random, demo or unknown weights are never shown as a diagnosis.
void notForDiagnosisBanner(cv::Mat& canvas, const ExamAnalysis& analysis)
{
    std::string why;
    for (const auto& m : analysis.models)
        if (!m.clinical())
            why = m.provenance == "demo"
                      ? "NOT FOR DIAGNOSIS: demonstration model trained on synthetic data"
                      : "NOT FOR DIAGNOSIS: " + m.provenance + " weights (" + m.name + ")";
    if (why.empty())
        return;
    cv::rectangle(canvas, cv::Rect(0, canvas.rows - 44, canvas.cols, 44), cv::Scalar(0, 0, 160), cv::FILLED);
    cv::putText(canvas, why, {10, canvas.rows - 14}, cv::FONT_HERSHEY_SIMPLEX, 0.8,
                cv::Scalar(255, 255, 255), 2, cv::LINE_AA);
}

/// Saliency only where there is breast: the background carries no finding.
cv::Mat onBreast(cv::Mat map, const cv::Mat& pixels)
{
    map.setTo(0, pixels == 0);
    return map;
}

bool writePng(const QString& path, const cv::Mat& image, QString* error)
{
    std::vector<uchar> bytes;
    if (!cv::imencode(".png", image, bytes)) {
        *error = QStringLiteral("cannot encode %1").arg(path);
        return false;
    }
    return BatchOutputDir::writeFileAtomically(
        path, QByteArray(reinterpret_cast<const char*>(bytes.data()), int(bytes.size())), error);
}

} // namespace

cv::Mat Visualizer::saliencyOnStored(const inference::GmicResult& r, int cls,
                                     const core::InputGeometry& geometry, bool smooth)
{
    cv::Mat cam(r.camRows, r.camCols, CV_32FC1,
                const_cast<float*>(r.saliency.data() + size_t(cls) * r.camRows * r.camCols));
    const auto& s = geometry.steps();
    cv::Mat out(s.storedRows, s.storedCols, CV_32FC1, cv::Scalar(0));
    // cell coordinates -> stored coordinates, both with pixel centres at integer + 0.5.
    const cv::Matx23d m = core::InputGeometry::toPixelCentreConvention(geometry.cellToStoredTransform());
    cv::warpAffine(cam, out, cv::Mat(m), out.size(),
                   (smooth ? cv::INTER_LINEAR : cv::INTER_NEAREST), cv::BORDER_CONSTANT, 0);
    // Only the stored pixels the model actually saw carry saliency.
    cv::Mat mask(out.size(), CV_8U, cv::Scalar(0));
    mask(geometry.cropWindow() & cv::Rect(0, 0, s.storedCols, s.storedRows)).setTo(255);
    out.setTo(0, mask == 0);
    return out;
}

cv::Mat Visualizer::viewFigure(const core::MammogramImage& image, const ViewAnalysis& view)
{
    const inference::GmicResult& r = view.prediction->perModel.front();
    const cv::Mat grey = toGrey(image.pixels);
    cv::Mat patchMap = grey.clone();
    cv::Mat benign = grey.clone();
    cv::Mat malignant = grey.clone();
    blend(benign, onBreast(saliencyOnStored(r, 0, view.geometry, true), image.pixels),
          cv::Vec3b(0, 200, 0));
    blend(malignant, onBreast(saliencyOnStored(r, 1, view.geometry, true), image.pixels),
          cv::Vec3b(0, 0, 255));
    const int thickness = std::max(2, image.pixels.cols / 300);
    for (size_t k = 0; k < r.patches.size(); ++k) {
        const auto& p = r.patches[k];
        const cv::Rect box = view.geometry.inputRectToStoredClipped(
            cv::Rect(p.col, p.row, r.cropCols, r.cropRows));
        if (box.empty())
            continue;
        cv::rectangle(patchMap, box, cv::Scalar(0, 220, 255), thickness);
        // Drawn at full resolution, then scaled down with the panel: size the text to survive.
        const double textScale = std::max(1.4, image.pixels.cols / 300.0);
        label(patchMap, std::to_string(k + 1), box.tl() + cv::Point(8, int(30 * textScale)),
              textScale);
    }
    for (cv::Mat* panel : {&patchMap, &benign, &malignant})
        drawGroundTruth(*panel, image, view.geometry);
    std::vector<cv::Mat> panels;
    const char* titles[] = {"image", "patches", "benign", "malignant"};
    int i = 0;
    for (cv::Mat m : {grey, patchMap, benign, malignant}) {
        cv::Mat s = scaledTo(m, kPanelHeight);
        label(s, titles[i++], {10, 28});
        panels.push_back(s);
    }
    cv::Mat top = hconcat(panels);

    // The K patches at model-input resolution, min-max windowed, labelled rank: attention.
    std::vector<cv::Mat> tiles;
    for (size_t k = 0; k < r.patches.size(); ++k) {
        cv::Mat patch(r.cropRows, r.cropCols, CV_32FC1,
                      const_cast<float*>(r.patchPixels.data() + k * size_t(r.cropRows * r.cropCols)));
        cv::Mat grey8;
        cv::normalize(patch, grey8, 0, 255, cv::NORM_MINMAX, CV_8U);
        cv::Mat tile;
        cv::cvtColor(grey8, tile, cv::COLOR_GRAY2BGR);
        char text[32];
        std::snprintf(text, sizeof text, "%zu: %.3f", k + 1, double(r.patches[k].attention));
        label(tile, text, {6, 22}, 0.6);
        tiles.push_back(tile);
    }
    cv::Mat bottom = hconcat(tiles);
    if (bottom.cols > top.cols)
        bottom = scaledTo(bottom, bottom.rows * top.cols / bottom.cols);
    cv::Mat canvas(top.rows + bottom.rows + 100, top.cols, CV_8UC3, cv::Scalar(40, 40, 40));
    top.copyTo(canvas(cv::Rect(0, 0, top.cols, top.rows)));
    bottom.copyTo(canvas(cv::Rect(0, top.rows + 50, bottom.cols, bottom.rows)));
    char scores[160];
    std::snprintf(scores, sizeof scores, "%s  benign %.3f  malignant %.3f  (model %s)",
                  core::toString(view.view).toUtf8().constData(), double(view.prediction->yFusion[0]),
                  double(view.prediction->yFusion[1]), r.modelId.substr(0, 12).c_str());
    label(canvas, scores, {10, top.rows + 35}, 0.8);
    return canvas;
}

cv::Mat Visualizer::annotatedViewFigure(const core::MammogramImage& image,
                                        const ViewAnalysis& view, const ExamAnalysis& analysis)
{
    cv::Mat figure = viewFigure(image, view);
    notForDiagnosisBanner(figure, analysis);
    return figure;
}

cv::Mat Visualizer::overview(const core::Exam& exam, const ExamAnalysis& analysis)
{
    // Screening hanging: right breast on the viewer's left, chest walls meeting in the middle.
    using V = core::StandardView;
    const V order[2][2] = {{V::RCC, V::LCC}, {V::RMLO, V::LMLO}};
    std::vector<cv::Mat> rows;
    for (const auto& row : order) {
        std::vector<cv::Mat> cells;
        for (V v : row) {
            cv::Mat cell(kPanelHeight, kPanelHeight * 2 / 3, CV_8UC3, cv::Scalar(0, 0, 0));
            const ViewAnalysis* va = analysis.view(v);
            auto image = exam.views.find(v);
            if (image != exam.views.end()) {
                cell = toGrey(image->second.pixels);
                if (va && va->prediction)
                    blend(cell,
                          onBreast(saliencyOnStored(va->prediction->perModel.front(), 1,
                                                    va->geometry, true),
                                   image->second.pixels),
                          cv::Vec3b(0, 0, 255));
                if (va)
                    drawGroundTruth(cell, image->second, va->geometry);
                cell = scaledTo(cell, kPanelHeight);
            }
            std::string text = core::toString(v).toStdString();
            if (va && va->prediction) {
                char s[64];
                std::snprintf(s, sizeof s, "  B %.3f  M %.3f", double(va->prediction->yFusion[0]),
                              double(va->prediction->yFusion[1]));
                text += s;
            } else if (va) {
                text += "  failed";
            } else {
                text += "  missing";
            }
            label(cell, text, {10, 30});
            cells.push_back(cell);
        }
        rows.push_back(hconcat(cells, 4));
    }
    const int width = std::max(rows[0].cols, rows[1].cols);
    cv::Mat canvas(rows[0].rows + rows[1].rows + 4, width, CV_8UC3, cv::Scalar(40, 40, 40));
    rows[0].copyTo(canvas(cv::Rect(0, 0, rows[0].cols, rows[0].rows)));
    rows[1].copyTo(canvas(cv::Rect(0, rows[0].rows + 4, rows[1].cols, rows[1].rows)));
    return canvas;
}

bool Visualizer::writeExamImages(const core::Exam& exam, const ExamAnalysis& analysis,
                                 const QString& folder, QString* error)
{
    for (const ViewAnalysis& v : analysis.views) {
        auto image = exam.views.find(v.view);
        if (!v.prediction || image == exam.views.end())
            continue;
        if (!writePng(folder + QLatin1Char('/') + core::toString(v.view) + QStringLiteral(".png"),
                      annotatedViewFigure(image->second, v, analysis), error))
            return false;
    }
    cv::Mat all = overview(exam, analysis);
    cv::Mat framed(all.rows + 50, all.cols, CV_8UC3, cv::Scalar(40, 40, 40));
    all.copyTo(framed(cv::Rect(0, 0, all.cols, all.rows)));
    notForDiagnosisBanner(framed, analysis);
    return writePng(folder + QStringLiteral("/overview.png"), framed, error);
}

} // namespace mammolens::app
