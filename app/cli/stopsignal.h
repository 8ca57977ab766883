#pragma once
// Ctrl+C, or a service manager's SIGTERM, during a batch. The first signal asks the command to
// stop: the exam in progress stops at the engine's next stage boundary and is dropped (a rerun
// redoes it), everything already written stays, and the command exits with 128 + the signal
// number, as a shell expects. A second signal ends the process at once (the default action).
// Without this, the default action killed the process mid-write and left temporary files.

#include <QString>

#include <atomic>

namespace mammolens::app {

class StopSignal
{
public:
    /// Installs the handlers for SIGINT and SIGTERM; one instance at a time.
    StopSignal();
    /// Restores the handlers that were there before.
    ~StopSignal();
    StopSignal(const StopSignal&) = delete;
    StopSignal& operator=(const StopSignal&) = delete;

    bool requested() const { return flag()->load(); }
    /// For the engine's and the loader's cancel checks.
    const std::atomic<bool>* flag() const;
    /// "SIGINT" or "SIGTERM"; empty while none came.
    QString name() const;
    /// 128 + the signal number (130 for SIGINT, 143 for SIGTERM).
    int exitCode() const;
};

} // namespace mammolens::app
