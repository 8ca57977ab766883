#pragma once
// An assessment's reader content as JSON (issue 8): the findings as the audit trail records them,
// and the whole form as a draft keeps it (DraftStore). One place for both, so that the stored
// spelling of a finding is the same everywhere.

#include "core/reading/assessment.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace mammolens::core {

class AssessmentJson
{
public:
    /// One object per finding, in order: {"type","breast","view","x","y","radius"}.
    static QJsonArray fromFindings(const std::vector<Finding>& findings);
    /// The reader's content: phase, birads_left, birads_right, recall, density, confidence,
    /// notes, findings (null where there is no value). Not the ids, the session or the times.
    static QJsonObject fromContent(const Assessment& assessment);
    /// Fills the reader's content of `into` from fromContent()'s JSON. Returns what is wrong
    /// with it (and leaves `into` as it was), empty when it was read.
    static QString toContent(const QJsonObject& json, Assessment& into);
};

} // namespace mammolens::core
