#pragma once
// `mammolens-cli audit`: checks the reading store's hash-chained audit trail (issue 8).
// Returns the process exit code (0 intact, 1 broken or unreadable, 2 usage error).

#include <QStringList>

namespace mammolens::app {

int runAuditCommand(const QStringList& args);

} // namespace mammolens::app
