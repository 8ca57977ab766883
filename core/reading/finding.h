#pragma once
// One finding a reader marks on an image (issue 8): what it is, where it is. Value type.

#include "core/exam/view.h"

#include <QString>
#include <optional>

namespace mammolens::core {

/// The BI-RADS mammography finding categories a reader marks.
enum class FindingType
{
    Mass,
    Calcification,
    ArchitecturalDistortion,
    Asymmetry
};

/// "mass", "calcification", "architectural_distortion", "asymmetry" (the stored spelling).
QString toString(FindingType type);
std::optional<FindingType> findingTypeFromString(const QString& text);

struct Finding
{
    FindingType type = FindingType::Mass;
    Laterality breast = Laterality::Left;
    /// The image's View Position code (0018,5101) as the viewer names it: "CC", "MLO", "ML",
    /// "XCCL"...; 1 to 16 of A-Z, 0-9 and '_'.
    QString view = QStringLiteral("CC");
    /// Centre of the mark in the stored (source) image's pixel coordinates: x = column, y = row,
    /// not in model-input pixels, so that a mark survives a change of preprocessing.
    double x = 0.0;
    double y = 0.0;
    std::optional<double> radius; ///< in the same pixels; none for a point mark

    /// Empty when the finding can be stored, else what is wrong with it.
    QString validate() const;

    bool operator==(const Finding& o) const
    {
        return type == o.type && breast == o.breast && view == o.view && x == o.x && y == o.y &&
               radius == o.radius;
    }
    bool operator!=(const Finding& o) const { return !(*this == o); }
};

} // namespace mammolens::core
