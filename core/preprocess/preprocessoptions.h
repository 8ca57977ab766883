#pragma once
// The numbers of GMIC preprocessing (GMIC-SPEC 1 and 10) as one configurable value, so that a
// model trained at another input size preprocesses with its own sizes.

namespace mammolens::core {

struct PreprocessOptions
{
    int inputRows = 2944; ///< GMIC-SPEC 1: model input 2944 x 1920 (rows x cols)
    int inputCols = 1920;
    int camRows = 46; ///< GMIC-SPEC 1: saliency map 46 x 30; InputGeometry maps its cells
    int camCols = 30;
    int morphologyIterations = 100; ///< GMIC-SPEC 10.2 steps 2 and 4
    int bufferSize = 50;            ///< GMIC-SPEC 10.2 step 7
    bool checkOrientation = true;   ///< warn when the pixels disagree with laterality (not in GMIC)
    /// Not in GMIC: when the breast pixels put the chest wall on the other edge than laterality
    /// and horizontal_flip imply (a vendor that stores mirrored), follow the pixels, so that the
    /// model always sees the breast facing right and the geometry maps results back correctly.
    bool correctOrientation = true;
};

} // namespace mammolens::core
