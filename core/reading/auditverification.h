#pragma once
// The result of walking the audit chain (issue 8): OK, or the first entry that breaks it and
// why. Value type.

#include <QString>

namespace mammolens::core {

struct AuditVerification
{
    enum class Problem
    {
        None,
        HashMismatch,     ///< the entry's content no longer gives its stored hash: edited
        PrevHashMismatch, ///< the entry does not point at the previous entry's hash
        SeqGap,           ///< a sequence number is missing: entries were deleted
    };

    qint64 checked = 0; ///< entries found intact before the first broken one (all when OK)
    Problem problem = Problem::None;
    qint64 brokenSeq = 0; ///< the first broken entry (for a gap: the missing number)
    QString detail;       ///< one English sentence saying what was found
    qint64 headSeq = 0;   ///< the last intact entry: record it elsewhere to detect truncation
    QString headHash;     ///< ... and its hash (the genesis hash for an empty trail)

    bool ok() const { return problem == Problem::None; }
};

/// "hash mismatch", "prev_hash mismatch", "gap in seq", "ok".
QString toString(AuditVerification::Problem problem);

} // namespace mammolens::core
