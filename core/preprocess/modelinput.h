#pragma once
// What preprocessing hands to the engine for one view, and everything needed to draw the
// engine's answer back onto the stored image.

#include "core/preprocess/cropinfo.h"
#include "core/preprocess/inputgeometry.h"

#include <QStringList>
#include <opencv2/core/mat.hpp>

namespace mammolens::core {

struct ModelInput
{
    cv::Mat input; ///< CV_32FC1, inputRows x inputCols (2944 x 1920 by default), GMIC-SPEC 10.5
    InputGeometry geometry; ///< GMIC-SPEC 11: stored pixel <-> input pixel <-> saliency cell
    CropInfo crop;          ///< the reference's own numbers, for parity checks and audit
    QStringList warnings;   ///< orientation doubts; never patient data
};

} // namespace mammolens::core
