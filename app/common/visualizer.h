#pragma once
// Visualisation PNGs in the spirit of the reference's: per image the stored image, the patch map,
// the benign and the malignant saliency over the image, and the K patches labelled with their
// attention; per exam a four-view overview in the screening hanging. Everything is drawn on the
// stored image through InputGeometry (GMIC-SPEC 11), never on the model input.

#include "app/common/examanalysis.h"
#include "core/exam/exam.h"

#include <opencv2/core/mat.hpp>

#include <QString>

namespace mammolens::app {

class Visualizer
{
public:
    /// Writes <folder>/<VIEW>.png for every predicted view and <folder>/overview.png, atomically.
    static bool writeExamImages(const core::Exam& exam, const ExamAnalysis& analysis,
                                const QString& folder, QString* error);

    /// One class's saliency map resampled onto the stored image's pixel grid (CV_32FC1, stored
    /// size, 0 outside the crop). Cell-exact when `smooth` is false.
    static cv::Mat saliencyOnStored(const inference::GmicResult& result, int cls,
                                    const core::InputGeometry& geometry, bool smooth);

    static cv::Mat viewFigure(const core::MammogramImage& image, const ViewAnalysis& view);
    /// viewFigure() with the NOT FOR DIAGNOSIS banner of non-clinical models: what <VIEW>.png
    /// and the secondary capture show.
    static cv::Mat annotatedViewFigure(const core::MammogramImage& image, const ViewAnalysis& view,
                                       const ExamAnalysis& analysis);
    static cv::Mat overview(const core::Exam& exam, const ExamAnalysis& analysis);
};

} // namespace mammolens::app
