#pragma once
// The workload of the SIGKILL test, shared by the writer process and the test that checks what
// survived: assessment n (1..200) of the crash session, its content a function of n alone.

#include "core/reading/assessment.h"

#include <QString>

namespace mammolens::testing {

inline const QString kCrashReader = QStringLiteral("crash.reader");

inline QString crashExamKey(int n)
{
    return QStringLiteral("2.25.1000.%1").arg(n, 3, 10, QLatin1Char('0'));
}

inline core::Assessment crashAssessment(qint64 sessionId, int n)
{
    core::Assessment a;
    a.sessionId = sessionId;
    a.examKey = crashExamKey(n);
    a.biradsLeft = n % 7;
    a.biradsRight = (n / 7) % 7;
    a.recall = n % 3 == 0;
    a.density = core::BreastDensity(n % 4);
    a.confidence = n % 101;
    a.notes = QStringLiteral("assessment %1 of the crash test").arg(n);
    for (int i = 0; i < n % 4; ++i) {
        core::Finding f;
        f.type = core::FindingType(i % 4);
        f.breast = i % 2 ? core::Laterality::Right : core::Laterality::Left;
        f.view = i % 2 ? QStringLiteral("MLO") : QStringLiteral("CC");
        f.x = 100.5 + n;
        f.y = 2000.25 - n * i;
        if (i % 2 == 0)
            f.radius = 10 + i;
        a.findings.push_back(f);
    }
    return a;
}

} // namespace mammolens::testing
