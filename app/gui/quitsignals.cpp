#include "app/gui/quitsignals.h"

#include <QSocketNotifier>

#include <array>
#include <atomic>
#include <cassert>
#include <csignal>
#include <fcntl.h>
#include <unistd.h>

namespace mammolens::app {

namespace {

constexpr std::array<int, 3> kSignals = {SIGTERM, SIGHUP, SIGINT};

// A signal handler can reach only globals; write() and lock-free atomics are safe in it.
std::array<int, 2> gPipe = {-1, -1};
std::atomic<bool> gReceived{false};
std::atomic<bool> gInstalled{false};
std::array<struct sigaction, kSignals.size()> gPrevious;

extern "C" void onQuitSignal(int sig)
{
    if (gReceived.exchange(true)) {
        // The second one: the default action, now.
        std::signal(sig, SIG_DFL);
        std::raise(sig);
        return;
    }
    const int saved = errno; // the interrupted code may be about to read errno
    const unsigned char byte = static_cast<unsigned char>(sig);
    [[maybe_unused]] const ssize_t n = ::write(gPipe[1], &byte, 1);
    errno = saved;
}

} // namespace

QuitSignals::QuitSignals(QObject* parent) : QObject(parent)
{
    [[maybe_unused]] const bool wasInstalled = gInstalled.exchange(true);
    assert(!wasInstalled && "one QuitSignals at a time");
    gReceived.store(false);
    if (::pipe2(gPipe.data(), O_CLOEXEC | O_NONBLOCK) != 0)
        return; // no pipe, no handlers: the default actions stay, as before
    notifier_ = new QSocketNotifier(gPipe[0], QSocketNotifier::Read, this);
    connect(notifier_, &QSocketNotifier::activated, this, &QuitSignals::onReadable);
    struct sigaction action = {};
    action.sa_handler = onQuitSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART; // the interrupted calls go on; the event loop does the work
    for (size_t i = 0; i < kSignals.size(); ++i)
        sigaction(kSignals[i], &action, &gPrevious[i]);
}

QuitSignals::~QuitSignals()
{
    if (notifier_) {
        for (size_t i = 0; i < kSignals.size(); ++i)
            sigaction(kSignals[i], &gPrevious[i], nullptr);
        delete notifier_;
        ::close(gPipe[0]);
        ::close(gPipe[1]);
        gPipe = {-1, -1};
    }
    gInstalled.store(false);
}

QString QuitSignals::name(int signal)
{
    switch (signal) {
    case SIGTERM: return QStringLiteral("SIGTERM");
    case SIGHUP: return QStringLiteral("SIGHUP");
    case SIGINT: return QStringLiteral("SIGINT");
    default: return QStringLiteral("signal %1").arg(signal);
    }
}

void QuitSignals::onReadable()
{
    unsigned char byte = 0;
    if (::read(gPipe[0], &byte, 1) != 1)
        return;
    notifier_->setEnabled(false); // only the first signal is handled here
    Q_EMIT received(int(byte));
}

} // namespace mammolens::app
