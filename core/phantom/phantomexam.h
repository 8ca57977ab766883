#pragma once
// One generated phantom exam in memory: four stored views with their lesion masks and labels.

#include "core/exam/view.h"
#include "core/phantom/lesionmodel.h"

#include <QString>
#include <cstdint>
#include <opencv2/core/mat.hpp>
#include <vector>

namespace mammolens::core {

struct PhantomLesionRecord
{
    LesionType type = LesionType::CircumscribedMass;
    bool malignant = false;
    cv::Rect box; ///< bounding box of its mask in stored pixels (empty if it left no pixel)
};

struct PhantomView
{
    StandardView view = StandardView::LCC;
    cv::Mat pixels; ///< CV_16UC1, 12-bit values, 0 exactly outside the breast, stored orientation
    cv::Mat benignMask;    ///< CV_8UC1, 255 on benign findings, stored-image size
    cv::Mat malignantMask; ///< CV_8UC1, 255 on malignant findings
    std::vector<PhantomLesionRecord> lesions;

    bool benign() const { return cv::countNonZero(benignMask) > 0; }
    bool malignant() const { return cv::countNonZero(malignantMask) > 0; }
};

struct PhantomExam
{
    QString id;
    std::uint64_t seed = 0;
    int index = 0;
    QChar density;                  ///< BI-RADS breast density category A-D
    double spacingMm = 0;           ///< square pixels
    std::vector<PhantomView> views; ///< in kStandardViews order
};

} // namespace mammolens::core
