#pragma once
// Which breast and which view a DICOM mammogram shows, decided from the attributes in a fixed
// order of trust (issue 4), each decision recording its source so the reader can see why.

#include "core/exam/mammogramimage.h"
#include "core/exam/view.h"
#include "core/util/outcome.h"

#include <QString>
#include <QStringList>
#include <optional>
#include <vector>

namespace mammolens::core {

/// Pure decision logic over attribute values (no DCMTK), so every rule is testable on its own.
/// Stateless and thread-safe.
///
/// Laterality: ImageLaterality (0020,0062), then Laterality (0020,0060), then a view token in
/// SeriesDescription, then in the file name. Every source that names a breast must agree: a
/// disagreement is dicom.conflicting_laterality, none at all dicom.no_laterality (a mammogram of
/// unknown side must never be hung or fed to GMIC as if it were known).
///
/// View: the View Code Sequence (0054,0220) (CID 4014 codes, SRT or SNOMED CT, with the code
/// meaning as a fallback), then ViewPosition (0018,5101), then SeriesDescription, then the file
/// name. Sources that disagree give a warning, not an error: the view only decides the hanging
/// and whether GMIC sees the image, and the first source is the most formal one. Any View
/// Modifier (0054,0222) (spot compression, magnification, implant displaced, ...) makes the view
/// a non-standard one (position Other), as does every view other than CC and MLO.
class DicomViewIdentifier
{
public:
    struct Code
    {
        QString value;  ///< (0008,0100) or (0008,0119)
        QString scheme; ///< (0008,0102): "SRT", "SCT", "SNM3", ...
        QString meaning;
    };

    struct Evidence
    {
        QString imageLaterality; ///< (0020,0062) as stored
        QString laterality;      ///< (0020,0060) as stored
        std::optional<Code> viewCode;
        std::vector<Code> viewModifiers;
        QString viewPosition;      ///< (0018,5101) as stored
        QString seriesDescription; ///< (0008,103E)
        QString fileName;          ///< base name of the file
    };

    struct Decision
    {
        Laterality laterality = Laterality::Left;
        DecisionSource lateralitySource = DecisionSource::ImageLaterality;
        ViewPosition position = ViewPosition::Other;
        QString viewName; ///< "CC", "MLO", "XCCL", "spot compression CC", "unknown"
        DecisionSource viewSource = DecisionSource::FileName; ///< FileName when no source named one
        bool viewIdentified = false;
        QStringList lateralityEvidence; ///< every source that named a breast: "ImageLaterality=L"
        QStringList viewEvidence;       ///< every source that named a view
        QStringList warnings;
    };

    /// `source` is the file the evidence came from, for the Error.
    static Outcome<Decision> identify(const Evidence& evidence, const QString& source);

    /// A laterality and view named together in free text ("L CC", "R-MLO", "lcc", "Right MLO",
    /// "0_L-CC"): the token must not sit inside a longer word. Empty when the text names none or
    /// names two different ones.
    struct TextView
    {
        Laterality laterality = Laterality::Left;
        QString view; ///< upper case: "CC", "MLO", "ML", "LM", "XCCL", ...
    };
    static std::optional<TextView> parseText(const QString& text);

    /// CID 4014 "View for Mammography": the abbreviation ("CC", "MLO", "ML", ...) of a view code,
    /// or empty if the code is not one of them.
    static QString viewAbbreviation(const Code& code);
};

} // namespace mammolens::core
