#include "core/reading/auditverification.h"

namespace mammolens::core {

QString toString(AuditVerification::Problem problem)
{
    switch (problem) {
    case AuditVerification::Problem::None:
        return QStringLiteral("ok");
    case AuditVerification::Problem::HashMismatch:
        return QStringLiteral("hash mismatch");
    case AuditVerification::Problem::PrevHashMismatch:
        return QStringLiteral("prev_hash mismatch");
    case AuditVerification::Problem::SeqGap:
        return QStringLiteral("gap in seq");
    }
    return {};
}

} // namespace mammolens::core
