#include "app/cli/stopsignal.h"

#include <cassert>
#include <csignal>

namespace mammolens::app {

namespace {

// A signal handler can reach only globals; lock-free atomics are safe to use from it.
std::atomic<bool> gStop{false};
std::atomic<int> gSignal{0};
std::atomic<bool> gInstalled{false};
struct sigaction gPreviousInt;
struct sigaction gPreviousTerm;

extern "C" void onStopSignal(int sig)
{
    if (gStop.exchange(true)) {
        // The second one: the user means it. Default action, now (both are async-signal-safe).
        std::signal(sig, SIG_DFL);
        std::raise(sig);
        return;
    }
    gSignal.store(sig);
}

} // namespace

StopSignal::StopSignal()
{
    [[maybe_unused]] const bool wasInstalled = gInstalled.exchange(true);
    assert(!wasInstalled && "one StopSignal at a time");
    gStop.store(false);
    gSignal.store(0);
    struct sigaction action = {};
    action.sa_handler = onStopSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART; // file and socket calls go on; the flag is polled
    sigaction(SIGINT, &action, &gPreviousInt);
    sigaction(SIGTERM, &action, &gPreviousTerm);
}

StopSignal::~StopSignal()
{
    sigaction(SIGINT, &gPreviousInt, nullptr);
    sigaction(SIGTERM, &gPreviousTerm, nullptr);
    gInstalled.store(false);
}

const std::atomic<bool>* StopSignal::flag() const
{
    return &gStop;
}

QString StopSignal::name() const
{
    switch (gSignal.load()) {
    case SIGINT: return QStringLiteral("SIGINT");
    case SIGTERM: return QStringLiteral("SIGTERM");
    default: return {};
    }
}

int StopSignal::exitCode() const
{
    return 128 + gSignal.load();
}

} // namespace mammolens::app
