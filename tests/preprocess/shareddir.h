#pragma once
// Where the read-only fixtures live. A missing folder must fail the suite, never skip it: a parity
// test that silently does not run proves nothing.

#include <QString>

/// MAMMOLENS_SHARED_DIR from the environment (to point a run elsewhere), else the CMake value.
inline QString sharedDir()
{
    return qEnvironmentVariable("MAMMOLENS_SHARED_DIR", QStringLiteral(MAMMOLENS_SHARED_DIR));
}

inline QString sampleExamDir()
{
    return sharedDir() + QStringLiteral("/data/gmic-sample-exam");
}
