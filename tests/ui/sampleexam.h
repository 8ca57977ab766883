#pragma once
// The GMIC sample exam as the viewer tests and the viewport benchmark use it: read straight from
// ../shared with OpenCV (the viewer must not depend on the exam loaders), preprocessed for real
// geometry, and synthetic saliency maps with one hot cell placed where a mistake shows.

#include "core/exam/exam.h"
#include "core/preprocess/preprocessor.h"
#include "ui/viewer/viewoverlay.h"

#include <QString>
#include <algorithm>
#include <cmath>
#include <map>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <optional>

namespace sample {

using namespace mammolens;

/// MAMMOLENS_SHARED_DIR from the environment (to point a run elsewhere), else the CMake value.
inline QString examDir()
{
    return qEnvironmentVariable("MAMMOLENS_SHARED_DIR", QStringLiteral(MAMMOLENS_SHARED_DIR)) +
           QStringLiteral("/data/gmic-sample-exam");
}

inline core::MammogramImage loadView(core::StandardView view)
{
    core::MammogramImage image;
    image.sourcePath =
        examDir() + QStringLiteral("/0_") + core::toString(view) + QStringLiteral(".png");
    image.pixels = cv::imread(image.sourcePath.toStdString(), cv::IMREAD_UNCHANGED);
    image.laterality = core::lateralityOf(view);
    image.position = core::positionOf(view);
    image.viewName =
        image.position == core::ViewPosition::CC ? QStringLiteral("CC") : QStringLiteral("MLO");
    return image;
}

/// Empty views when ../shared is missing: the tests then fail on the pixels, never skip.
inline core::Exam loadExam()
{
    core::Exam exam;
    exam.id = QStringLiteral("0");
    for (core::StandardView view : core::kStandardViews)
        exam.views[view] = loadView(view);
    return exam;
}

inline std::map<core::StandardView, core::InputGeometry> geometries(const core::Exam& exam)
{
    std::map<core::StandardView, core::InputGeometry> out;
    const core::Preprocessor preprocessor;
    for (const auto& [view, image] : exam.views) {
        auto input = preprocessor.process(image, exam.horizontalFlip);
        if (input)
            out[view] = input.value().geometry;
    }
    return out;
}

/// A cell whose 64 x 64 stored pixels are all breast, two cells or more inside the crop window,
/// as far from the crop's vertical midline as possible: a mirrored or shifted overlay would then
/// land visibly elsewhere, and the spot is not hidden at a viewport's edge.
inline std::optional<cv::Point> hotCell(const core::InputGeometry& g, const cv::Mat& pixels)
{
    const int margin = 2 * int(g.cellCols());
    const cv::Rect crop(g.cropWindow().x + margin, g.cropWindow().y + margin,
                        g.cropWindow().width - 2 * margin, g.cropWindow().height - 2 * margin);
    const double midline = crop.x + crop.width / 2.0;
    std::optional<cv::Point> best;
    double bestDistance = -1.0;
    for (int i = 0; i < g.camSize().height; ++i) {
        for (int j = 0; j < g.camSize().width; ++j) {
            const cv::Rect r = g.cellToStoredRect(i, j);
            if ((r & crop) != r)
                continue;
            if (cv::countNonZero(pixels(r)) < r.area())
                continue;
            const double distance = std::abs(r.x + r.width / 2.0 - midline);
            if (distance > bestDistance) {
                bestDistance = distance;
                best = cv::Point(j, i);
            }
        }
    }
    return best;
}

/// Maps of `low` everywhere and `high` in one cell (x = column, y = row) for malignant, three rows
/// above it for benign, so the two maps never coincide.
inline ui::ViewOverlay overlay(const core::InputGeometry& g, cv::Point cell, float low = 0.02f,
                               float high = 0.98f)
{
    ui::ViewOverlay o;
    o.geometry = g;
    o.malignant = cv::Mat(g.camSize(), CV_32FC1, cv::Scalar(low));
    o.malignant.at<float>(cell.y, cell.x) = high;
    o.benign = cv::Mat(g.camSize(), CV_32FC1, cv::Scalar(low));
    o.benign.at<float>(std::max(0, cell.y - 3), cell.x) = high;
    o.modelLabel = QStringLiteral("synthetic test maps");
    return o;
}

} // namespace sample
