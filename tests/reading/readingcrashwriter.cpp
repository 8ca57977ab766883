// The writer the SIGKILL test kills: opens the reading store at argv[1], and saves assessments
// 1..argv[2] of the crash session (resuming after the last one a previous run committed),
// printing "ack N" once each save has returned, i.e. once it is acknowledged. "done" at the end.

#include "core/reading/readingstore.h"
#include "crashworkload.h"

#include <QCoreApplication>
#include <cstdio>

using namespace mammolens::core;
using namespace mammolens::testing;

namespace {

int fail(const Error& e)
{
    std::printf("error %s\n", qPrintable(e.toString()));
    std::fflush(stdout);
    return 3;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 3) {
        std::fprintf(stderr, "usage: readingcrashwriter DB COUNT\n");
        return 2;
    }
    const int count = QString::fromLocal8Bit(argv[2]).toInt();
    ReadingStore store(QString::fromLocal8Bit(argv[1]));
    if (auto opened = store.open(); !opened)
        return fail(opened.error());

    auto reader = store.readerByLogin(kCrashReader);
    if (!reader)
        return fail(reader.error());
    Reader who;
    if (reader.value()) {
        who = *reader.value();
    } else {
        Reader r;
        r.login = kCrashReader;
        r.displayName = QStringLiteral("Crash Test");
        auto added = store.addReader(r);
        if (!added)
            return fail(added.error());
        who = added.value();
    }
    auto sessions = store.sessions();
    if (!sessions)
        return fail(sessions.error());
    qint64 sessionId = 0;
    for (const ReadingSession& s : sessions.value())
        if (s.readerId == who.id)
            sessionId = s.id;
    if (sessionId == 0) {
        auto started = store.startSession(who.id, ReadingMode::Clinical, QStringLiteral("crash"));
        if (!started)
            return fail(started.error());
        sessionId = started.value().id;
    }
    std::printf("ready session %lld\n", static_cast<long long>(sessionId));
    std::fflush(stdout);

    for (int n = 1; n <= count; ++n) {
        const Assessment wanted = crashAssessment(sessionId, n);
        auto stored = store.assessment(sessionId, wanted.examKey, AssessmentPhase::Initial);
        if (!stored)
            return fail(stored.error());
        if (stored.value() && stored.value()->sameContent(wanted))
            continue; // committed by an earlier run (acknowledged or not)
        auto saved = store.saveAssessment(wanted);
        if (!saved)
            return fail(saved.error());
        std::printf("ack %d\n", n);
        std::fflush(stdout);
    }
    std::printf("done\n");
    std::fflush(stdout);
    return 0;
}
