#pragma once
// A teaching case set (issue 8): named exams with their ground truth, imported into the reading
// store once (ReadingStore::importCaseSet) and read in teaching sessions, which name it by
// ReadingSession::caseSet. Value type; read from a file by CaseSetFile (docs/teaching.md).

#include "core/reading/casetruth.h"

#include <QDateTime>
#include <QString>
#include <vector>

namespace mammolens::core {

struct CaseSet
{
    qint64 id = 0; ///< set by the store
    /// Unique in the store; what a teaching session's case_set names. 1-128 characters.
    QString name;
    QString description;
    QString source;               ///< the case set file it was read from (absolute), if any
    QDateTime importedAt;         ///< UTC, set by the store
    std::vector<CaseTruth> cases; ///< in the file's order: the order a session presents them

    /// The case of that exam, or null.
    const CaseTruth* find(const QString& examKey) const
    {
        for (const CaseTruth& c : cases)
            if (c.examKey == examKey)
                return &c;
        return nullptr;
    }

    /// Empty when the set can be stored, else what is wrong with it (the name, a duplicate exam
    /// key, a case's problem).
    QString validate() const;
};

} // namespace mammolens::core
