#include "app/cli/readingcommand.h"

#include "app/cli/cliargs.h"
#include "core/reading/readingstore.h"
#include "core/reading/sessioncsvwriter.h"

#include <QFileInfo>
#include <cstdio>

namespace mammolens::app {

namespace {

constexpr int kFailed = 1;
constexpr int kUsage = 2;

const char* const kUsageText =
    "usage: mammolens-cli reading sessions [--db PATH]\n"
    "       mammolens-cli reading export-csv --session ID --out FILE [--db PATH]\n"
    "--db: the reading store (default: the workstation's, in the user's data folder)\n";

int usage(const QString& why)
{
    std::fprintf(stderr, "mammolens-cli reading: %s\n%s", qPrintable(why), kUsageText);
    return kUsage;
}

int failed(const core::Error& e)
{
    std::fprintf(stderr, "mammolens-cli reading: %s [%s]\n", qPrintable(e.toString()),
                 qPrintable(e.code));
    return kFailed;
}

QString time(const QDateTime& t)
{
    return t.isValid() ? t.toString(Qt::ISODateWithMs) : QStringLiteral("-");
}

int listSessions(const core::ReadingStore& store)
{
    const auto sessions = store.sessions();
    if (!sessions)
        return failed(sessions.error());
    const auto readers = store.readers();
    if (!readers)
        return failed(readers.error());
    std::printf("id\treader\tmode\tcase_set\tstarted_at\tended_at\tassessments\n");
    for (const core::ReadingSession& s : sessions.value()) {
        QString login;
        for (const core::Reader& r : readers.value())
            if (r.id == s.readerId)
                login = r.login;
        const auto assessments = store.assessments(s.id);
        if (!assessments)
            return failed(assessments.error());
        std::printf("%lld\t%s\t%s\t%s\t%s\t%s\t%d\n", static_cast<long long>(s.id),
                    qPrintable(login), qPrintable(core::toString(s.mode)),
                    qPrintable(s.caseSet.isEmpty() ? QStringLiteral("-") : s.caseSet),
                    qPrintable(time(s.startedAt)), qPrintable(time(s.endedAt)),
                    int(assessments.value().size()));
    }
    return 0;
}

int exportCsv(const core::ReadingStore& store, qint64 sessionId, const QString& out)
{
    const auto results = store.sessionResults(sessionId);
    if (!results)
        return failed(results.error());
    const auto written = core::SessionCsvWriter::write(results.value(), out);
    if (!written)
        return failed(written.error());
    std::printf("session %lld: %d row(s) written to %s\n", static_cast<long long>(sessionId),
                written.value(), qPrintable(out));
    return 0;
}

} // namespace

int runReadingCommand(const QStringList& rawArgs)
{
    CliArgs args(rawArgs);
    const QString db =
        args.value(QStringLiteral("--db")).value_or(core::ReadingStore::defaultPath());
    const auto session = args.value(QStringLiteral("--session"));
    const auto out = args.value(QStringLiteral("--out"));
    if (!args.error().isEmpty())
        return usage(args.error());
    const QStringList& rest = args.positional();
    if (rest.size() != 1)
        return usage(rest.isEmpty() ? QStringLiteral("which subcommand? (sessions or export-csv)")
                                    : QStringLiteral("unknown arguments: ") + rest.join(' '));
    const QString command = rest[0];
    qint64 sessionId = 0;
    if (command == QLatin1String("export-csv")) {
        bool ok = false;
        sessionId = session ? session->toLongLong(&ok) : 0;
        if (!ok || sessionId <= 0)
            return usage(QStringLiteral("export-csv needs --session ID (a session number)"));
        if (!out || out->isEmpty())
            return usage(QStringLiteral("export-csv needs --out FILE"));
    } else if (command == QLatin1String("sessions")) {
        if (session || out)
            return usage(QStringLiteral("sessions takes only --db"));
    } else {
        return usage(QStringLiteral("unknown subcommand ") + command);
    }

    // An existing store is opened as the workstation opens it (an older schema is migrated);
    // a missing one is an error, not a new empty database.
    if (!QFileInfo::exists(db))
        return failed(core::Error{QStringLiteral("reading.open_failed"),
                                  QStringLiteral("No reading store here."), db});
    core::ReadingStore store(db);
    if (auto opened = store.open(); !opened)
        return failed(opened.error());
    return command == QLatin1String("sessions") ? listSessions(store)
                                                : exportCsv(store, sessionId, *out);
}

} // namespace mammolens::app
