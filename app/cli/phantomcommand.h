#pragma once
// `mammolens-cli phantom`: synthetic screening exams with lesion masks and labels (issue 7),
// written as DICOM mammography exams. Returns the process exit code (0 ok, 1 a write failed,
// 2 usage error).

#include <QStringList>

namespace mammolens::app {

int runPhantomCommand(const QStringList& args);

} // namespace mammolens::app
