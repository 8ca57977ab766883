#pragma once
// The ground truth of one case of a teaching case set (issue 8): per breast normal, benign or
// malignant, and the lesions as boxes in the stored image's pixels. Value type.

#include "core/exam/view.h"

#include <QString>
#include <optional>
#include <vector>

namespace mammolens::core {

/// What a breast of a teaching case truly has (biopsy or follow-up), worst finding first.
enum class BreastTruth
{
    Normal,
    Benign,
    Malignant,
};

/// "normal", "benign", "malignant" (the stored and the case set file's spelling).
QString toString(BreastTruth truth);
std::optional<BreastTruth> breastTruthFromString(const QString& text);

/// One lesion of a case: where it is on one image.
struct CaseLesion
{
    Laterality breast = Laterality::Left;
    /// "CC" or "MLO": the standard view the box is on (compared with Finding::view).
    QString view = QStringLiteral("CC");
    /// Benign or Malignant (a lesion is never Normal).
    BreastTruth pathology = BreastTruth::Malignant;
    /// The box in the stored (source) image's pixels, as Finding's coordinates are: columns
    /// [x, x + width), rows [y, y + height). From a mask: the bounding box of its non-zero pixels.
    int x = 0;
    int y = 0;
    int width = 0;
    int height = 0;
    /// The mask file the box was derived from (absolute path), empty when the box was given.
    QString mask;

    /// Empty when the lesion can be stored, else what is wrong with it.
    QString validate() const;

    bool operator==(const CaseLesion& o) const
    {
        return breast == o.breast && view == o.view && pathology == o.pathology && x == o.x &&
               y == o.y && width == o.width && height == o.height && mask == o.mask;
    }
    bool operator!=(const CaseLesion& o) const { return !(*this == o); }
};

struct CaseTruth
{
    /// The exam's key, as assessments name it: Exam::id (the Study Instance UID for DICOM, the
    /// folder's or exam list entry's id otherwise).
    QString examKey;
    /// Where the exam is (absolute): a folder, DICOMDIR, image file or exam list (.json) that
    /// the workstation opens; the exam with id examKey in it is the case.
    QString examPath;
    BreastTruth left = BreastTruth::Normal;
    BreastTruth right = BreastTruth::Normal;
    std::vector<CaseLesion> lesions; ///< in the case set file's order

    BreastTruth truth(Laterality breast) const { return breast == Laterality::Left ? left : right; }
    /// A malignant case: either breast is malignant (the positives of sensitivity and AUC).
    bool isMalignant() const
    {
        return left == BreastTruth::Malignant || right == BreastTruth::Malignant;
    }

    /// Empty when the case can be stored, else what is wrong with it: an empty exam key, a bad
    /// lesion, a lesion on a normal breast, a malignant lesion on a breast that is not malignant.
    QString validate() const;

    bool operator==(const CaseTruth& o) const
    {
        return examKey == o.examKey && examPath == o.examPath && left == o.left &&
               right == o.right && lesions == o.lesions;
    }
};

} // namespace mammolens::core
