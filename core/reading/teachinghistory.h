#pragma once
// Teaching statistics of stored sessions (issue 8): one session's, and a reader's history across
// every teaching session on any case set. Reads the store; writes nothing.

#include "core/reading/readingstore.h"
#include "core/reading/teachingstatistics.h"
#include "core/util/outcome.h"

#include <QJsonObject>
#include <QString>
#include <optional>
#include <vector>

namespace mammolens::core {

class TeachingHistory
{
public:
    /// One teaching session with its statistics.
    struct Entry
    {
        ReadingSession session;
        Reader reader;
        /// From the Initial assessments (before the truth and the model were shown); absent
        /// only in a history whose session names a case set the store does not hold (problem).
        std::optional<TeachingStatistics> initial;
        /// From the PostAi assessments where the reader revised an exam after the reveal
        /// (others keep their Initial one); present when the session has any PostAi assessment.
        std::optional<TeachingStatistics> postAi;
        QString problem; ///< why there are no statistics, else empty

        QJsonObject toJson() const;
    };

    /// The statistics of a teaching session against its case set. Errors: reading.not_found
    /// (no such session, or its case set is not in the store), reading.invalid (not a teaching
    /// session), and the store's read errors.
    static Outcome<Entry> ofSession(const ReadingStore& store, qint64 sessionId);

    /// Every teaching session of the reader, on any case set, by start time (then id). A
    /// session whose case set is not in the store is listed with its problem and no statistics.
    /// Errors: reading.not_found (no reader of that login), and the store's read errors.
    static Outcome<std::vector<Entry>> ofReader(const ReadingStore& store, const QString& login);
};

} // namespace mammolens::core
