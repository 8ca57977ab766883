#pragma once
// SIGTERM (a logout, a shutdown, a service manager), SIGHUP (the terminal went away) and SIGINT
// (Ctrl+C where the workstation was started from a shell) for the workstation. The default
// action killed it at once: the reader's last edits were lost and the reading session was left
// unended without a word. Now the first signal reaches the event loop as received(), where the
// workstation keeps the reader's uncommitted changes and leaves; a second signal ends the process
// at once (the default action), in case the first one's handling hangs.

#include <QObject>
#include <QString>

class QSocketNotifier;

namespace mammolens::app {

/// One instance at a time, on the GUI thread. The handler only writes the signal's number into
/// a pipe (async-signal-safe); a QSocketNotifier turns it into a Qt signal.
class QuitSignals : public QObject
{
    Q_OBJECT
public:
    explicit QuitSignals(QObject* parent = nullptr);
    /// Restores the handlers that were there before.
    ~QuitSignals() override;

    /// "SIGTERM", "SIGHUP", "SIGINT".
    static QString name(int signal);

Q_SIGNALS:
    /// In the event loop, once, for the first signal. 128 + `signal` is the exit code a shell
    /// expects.
    void received(int signal);

private:
    void onReadable();
    QSocketNotifier* notifier_ = nullptr;
};

} // namespace mammolens::app
