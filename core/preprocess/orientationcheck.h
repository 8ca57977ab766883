#pragma once
// Not part of GMIC: a plausibility check of GMIC-SPEC 10.1. A wrong laterality or horizontal_flip
// makes the model look at a mirrored breast and maps its heatmap onto the wrong side, so the
// pixels and (for DICOM) PatientOrientation are asked independently where the chest wall is.

#include "core/exam/mammogramimage.h"

#include <QStringList>
#include <opencv2/core/mat.hpp>

namespace mammolens::core {

/// Stateless; thread-safe.
class OrientationCheck
{
public:
    enum class Side
    {
        Left,
        Right,
        Unknown
    };

    /// The stored image's edge the chest wall lies on, judged from the breast mask (10.2 step 4):
    /// the edge column with more breast pixels. Unknown when both are equal (typically both 0: the
    /// breast touches neither edge, which distance_from_starting_side reports on its own).
    static Side chestWallSide(const cv::Mat& breastMask);

    /// The chest-wall side PatientOrientation (0020,0020) implies: its first value is the direction
    /// of increasing column index, "A" (towards the nipple: chest wall left) or "P" (chest wall
    /// right). Unknown when absent or neither.
    static Side chestWallSide(const QString& patientOrientationRow);

    /// Warnings when the pixels or PatientOrientation disagree with `expected`, the side the
    /// laterality and horizontal_flip imply (left for a breast facing right).
    static QStringList check(const cv::Mat& breastMask, const MammogramImage& image,
                             bool horizontalFlip, Side expected);

    static QString toString(Side side);
};

} // namespace mammolens::core
