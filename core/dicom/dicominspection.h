#pragma once
// What DicomImageReader understood of one file, decision by decision, for `mammolens-cli inspect`
// and for the exam loader (which needs a failed file's study to file its error). Holds no patient
// attributes: names, IDs and birth dates are never read into it.

#include "core/exam/mammogramimage.h"
#include "core/exam/view.h"
#include "core/util/outcome.h"

#include <QDateTime>
#include <QString>
#include <QStringList>
#include <optional>
#include <vector>

namespace mammolens::core {

struct DicomInspection
{
    QString path;

    // Structure (DicomStructureScanner) and encoding.
    bool hasMetaHeader = false;
    int maxSequenceDepth = 0;
    QString transferSyntaxUid;
    QString transferSyntaxName;

    // Identity.
    QString sopClassUid;
    QString sopClassName;
    QString modality;
    QString presentationIntentType;
    bool forPresentation = true;
    QString studyInstanceUid;
    QString seriesInstanceUid;
    QString sopInstanceUid;
    QDateTime acquisitionDateTime;

    // Pixel description as stored.
    int rows = 0;
    int columns = 0;
    int frames = 1;
    int samplesPerPixel = 1;
    int bitsAllocated = 0;
    int bitsStored = 0;
    int highBit = 0;
    bool signedPixels = false;
    QString photometricInterpretation;
    QString presentationLutShape;
    double rescaleSlope = 1.0;
    double rescaleIntercept = 0.0;
    bool hasModalityLut = false;
    std::vector<DisplayWindow> fileWindows; ///< windows and VOI LUT ranges in the file's values
    QString pixelMapping;                   ///< DicomPixelMapping::description()
    std::vector<DisplayWindow> presets;     ///< the same, in output pixel values

    // Geometry.
    std::optional<double> rowSpacingMm;
    std::optional<double> columnSpacingMm;
    QString spacingSource; ///< "Pixel Spacing", "Imager Pixel Spacing / 1.08", ...
    QString patientOrientation;

    // View identification (valid when viewDecided).
    bool viewDecided = false;
    Laterality laterality = Laterality::Left;
    DecisionSource lateralitySource = DecisionSource::ImageLaterality;
    ViewPosition position = ViewPosition::Other;
    QString viewName;
    DecisionSource viewSource = DecisionSource::FileName;
    QStringList lateralityEvidence;
    QStringList viewEvidence;

    // Outcome.
    bool decoded = false;
    int minimumValue = 0; ///< of the output pixels, when decoded
    int maximumValue = 0;
    QStringList warnings;
    std::optional<Error> error;
};

} // namespace mammolens::core
