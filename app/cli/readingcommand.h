#pragma once
// `mammolens-cli reading`: the reading store's sessions, the CSV of a session's results, and
// teaching: importing a case set, a teaching session's statistics, a reader's history (issue 8).
// Returns the process exit code (0 ok, 1 failed, 2 usage error).

#include <QStringList>

namespace mammolens::app {

int runReadingCommand(const QStringList& args);

} // namespace mammolens::app
