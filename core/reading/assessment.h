#pragma once
// A reader's assessment of one exam in one reading session (issue 8). Value type; the store
// keys it by (session, exam key, phase) and fills in id, reader and the timestamps.

#include "core/reading/finding.h"

#include <QDateTime>
#include <QString>
#include <optional>
#include <vector>

namespace mammolens::core {

/// Blinded second reading keeps what the reader decided before seeing the model apart from what
/// they decided after, so that the model's influence can be measured.
enum class AssessmentPhase
{
    Initial, ///< before the model's results were shown (the only phase outside blinded reading)
    PostAi,  ///< after the reveal: a revised assessment, stored beside the initial one
};

/// "initial" or "post_ai" (the stored spelling).
QString toString(AssessmentPhase phase);
std::optional<AssessmentPhase> assessmentPhaseFromString(const QString& text);

/// BI-RADS breast composition.
enum class BreastDensity
{
    A,
    B,
    C,
    D
};

QString toString(BreastDensity density); ///< "A".."D"
std::optional<BreastDensity> breastDensityFromString(const QString& text);

struct Assessment
{
    qint64 id = 0; ///< set by the store
    qint64 sessionId = 0;
    /// What identifies the exam: the Study Instance UID, or the exam folder's or list's id.
    /// Never a patient name or ID.
    QString examKey;
    AssessmentPhase phase = AssessmentPhase::Initial;
    std::optional<int> biradsLeft;  ///< BI-RADS 0-6; none when the breast was not assessed
    std::optional<int> biradsRight; ///< BI-RADS 0-6
    bool recall = false;
    std::optional<BreastDensity> density;
    /// The reader's confidence that the exam is malignant, 0-100 (teaching: the AUC's score).
    std::optional<int> confidence;
    QString notes;                 ///< free text (no patient identifiers: the reader's duty)
    std::vector<Finding> findings; ///< in the order the reader marked them

    qint64 readerId = 0; ///< set by the store: the session's reader
    QDateTime createdAt; ///< UTC, set by the store at the first commit
    QDateTime updatedAt; ///< UTC, set by the store at the last commit that changed something

    /// Empty when the assessment can be stored, else what is wrong with it.
    QString validate() const;

    /// True when the reader's content (everything but id, reader and times) is equal.
    bool sameContent(const Assessment& o) const
    {
        return sessionId == o.sessionId && examKey == o.examKey && phase == o.phase &&
               biradsLeft == o.biradsLeft && biradsRight == o.biradsRight && recall == o.recall &&
               density == o.density && confidence == o.confidence && notes == o.notes &&
               findings == o.findings;
    }
};

} // namespace mammolens::core
