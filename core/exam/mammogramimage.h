#pragma once
// One stored mammogram as the loaders understood it: 16-bit pixels in the model's representation
// plus what identifies the view and how it was decided.

#include "core/exam/view.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <opencv2/core/mat.hpp>

#include <optional>
#include <vector>

namespace mammolens::core {

/// A VOI window or LUT the file offers, kept as a display preset.
///
/// DICOM loaders express center and width in the values of MammogramImage::pixels (which already
/// went through the default VOI transform), so a viewer applies them to the pixels it has: the
/// file's edges c - w/2 and c + w/2 are mapped through the transform that made the pixels. A VOI
/// LUT is offered as the window spanning its input range (fromLut = true).
struct DisplayWindow
{
    /// (0028,1056) VOI LUT Function
    enum class Function { Linear, LinearExact, Sigmoid };

    double center = 0.0;
    double width = 0.0;
    QString explanation; ///< from WindowCenterWidthExplanation / LUTExplanation, may be empty
    Function function = Function::Linear;
    bool fromLut = false; ///< approximates a VOI LUT Sequence item by its input range
};

/// Which source decided laterality or view position (issue 4: each decision records its source).
enum class DecisionSource {
    ImageLaterality,   ///< DICOM (0020,0062)
    Laterality,        ///< DICOM (0020,0060)
    ViewCodeSequence,  ///< DICOM (0054,0220)
    ViewPosition,      ///< DICOM (0018,5101)
    SeriesDescription, ///< DICOM (0008,103E)
    FileName,          ///< the file's name (PNG exams, or DICOM as a last resort)
    ExamList,          ///< an exam list file named the view explicitly
};
QString toString(DecisionSource source);

struct MammogramImage
{
    QString sourcePath;

    /// CV_16UC1, MONOCHROME2 (brighter = denser) after modality and VOI LUT, background exactly 0,
    /// stored orientation (never flipped here: preprocessing flips, InputGeometry records it).
    cv::Mat pixels;

    Laterality laterality = Laterality::Left;
    ViewPosition position = ViewPosition::Other;
    QString viewName;            ///< "CC", "MLO", "ML", "XCCL", "spot compression CC", ...
    DecisionSource lateralitySource = DecisionSource::FileName;
    DecisionSource viewSource = DecisionSource::FileName;

    std::optional<double> rowSpacingMm;    ///< true-size display, from (Imager) Pixel Spacing
    std::optional<double> columnSpacingMm; ///< corrected by the magnification factor if given
    std::vector<DisplayWindow> windows;    ///< every window / LUT the file offers
    QString patientOrientationRow;         ///< (0020,0020) first value, e.g. "A" or "P"; may be empty
    QString patientOrientationColumn;      ///< (0020,0020) second value, e.g. "R", "L", "F"

    // DICOM identity (empty for PNG). UIDs are identifiers, not patient data, but still never logged
    // together with patient attributes.
    QString studyInstanceUid;
    QString seriesInstanceUid;
    QString sopInstanceUid;
    QString transferSyntax;          ///< human-readable name of the transfer syntax
    QString photometricInterpretation;
    bool forPresentation = true;
    QDateTime acquisitionDateTime;

    QStringList warnings;

    /// The GMIC input view this image is, or nullopt for non-standard views (ML, XCCL, spot...).
    std::optional<StandardView> standardView() const;
};

} // namespace mammolens::core
