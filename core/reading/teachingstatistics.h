#pragma once
// How well a reader read a teaching case set in one session (issue 8): sensitivity and
// specificity of the recall decision (per case and per breast), the ROC AUC of the reader's
// confidence, and localisation hits on the malignant lesions. Computed from the session's
// assessments and the case set's ground truth; nothing is stored. Definitions: docs/teaching.md.

#include "core/reading/assessment.h"
#include "core/reading/caseset.h"
#include "core/reading/sessionresults.h"

#include <QJsonObject>
#include <QString>
#include <optional>
#include <vector>

namespace mammolens::core {

struct TeachingStatistics
{
    /// A fraction and its parts; the value is absent when the denominator is 0.
    struct Ratio
    {
        int numerator = 0;
        int denominator = 0;
        std::optional<double> value() const
        {
            return denominator > 0 ? std::optional<double>(double(numerator) / denominator)
                                   : std::nullopt;
        }
    };

    /// One case of the set as this reader read it.
    struct CaseOutcome
    {
        QString examKey;
        BreastTruth left = BreastTruth::Normal;
        BreastTruth right = BreastTruth::Normal;
        bool read = false;       ///< the session has an assessment of the exam (in this phase)
        bool fromPostAi = false; ///< the PostAi assessment was used (PostAi statistics only)
        bool recalled = false;
        bool leftRecalled = false; ///< breast-level recall (docs/teaching.md)
        bool rightRecalled = false;
        std::optional<int> confidence;
        /// Per lesion of the case (CaseTruth::lesions order): hit by a finding. Benign lesions
        /// are listed (false unless hit) but only malignant ones are scored.
        std::vector<bool> lesionHit;
        int malignantLesions = 0;
        int malignantLesionsHit = 0;
        int marks = 0;          ///< the reader's findings on this exam
        int marksOffTarget = 0; ///< findings inside no malignant lesion's (grown) box
    };

    /// Initial: what the reader decided before the truth and the model were shown. PostAi: for
    /// each exam its PostAi assessment where there is one, else its Initial one.
    AssessmentPhase phase = AssessmentPhase::Initial;

    int cases = 0;    ///< in the set
    int read = 0;     ///< cases with an assessment
    int notRead = 0;  ///< cases without one (left out of every ratio below)
    int notInSet = 0; ///< exams assessed in the session that are not cases of the set
    int revised = 0;  ///< PostAi only: cases whose PostAi assessment was used

    Ratio sensitivity;       ///< malignant cases read: recalled / all
    Ratio specificity;       ///< non-malignant cases read: not recalled / all
    Ratio breastSensitivity; ///< malignant breasts of cases read: recalled / all
    Ratio breastSpecificity; ///< other breasts of cases read: not recalled / all

    /// Mann-Whitney AUC of the confidence (ties count one half): absent when no malignant or no
    /// non-malignant case was read with a confidence.
    std::optional<double> auc;
    int aucPositives = 0; ///< malignant cases read with a confidence
    int aucNegatives = 0; ///< non-malignant cases read with a confidence
    int readWithoutConfidence = 0;

    Ratio localisation; ///< malignant lesions of cases read: hit / all
    int marks = 0;
    int marksOffTarget = 0;

    std::vector<CaseOutcome> caseOutcomes; ///< in the case set's order

    /// The statistics of `results` (a session of any mode, normally a teaching one) against
    /// `caseSet`'s truth, from the assessments of `phase`.
    static TeachingStatistics compute(const SessionResults& results, const CaseSet& caseSet,
                                      AssessmentPhase phase = AssessmentPhase::Initial);

    /// The Mann-Whitney estimate of P(positive score > negative score) + P(equal) / 2; absent
    /// when either list is empty.
    static std::optional<double> mannWhitneyAuc(const std::vector<int>& positives,
                                                const std::vector<int>& negatives);
    /// True when (x, y) lies in the lesion's box grown by `radius` on every side (closed
    /// bounds: the box covers [x, x + width] x [y, y + height] in pixel coordinates).
    static bool hits(const CaseLesion& lesion, double x, double y, double radius);

    /// Everything above as JSON (docs/teaching.md gives the members).
    QJsonObject toJson() const;
};

} // namespace mammolens::core
