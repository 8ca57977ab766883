#include "app/cli/auditcommand.h"

#include "app/cli/cliargs.h"
#include "core/reading/readingstore.h"

#include <cstdio>

namespace mammolens::app {

namespace {

constexpr int kFailed = 1;
constexpr int kUsage = 2;

const char* const kUsageText =
    "usage: mammolens-cli audit verify [--db PATH]\n"
    "       mammolens-cli audit list   [--from SEQ] [--limit N] [--db PATH]\n"
    "--db: the reading store (default: the workstation's, in the user's data folder)\n";

int usage(const QString& why)
{
    std::fprintf(stderr, "mammolens-cli audit: %s\n%s", qPrintable(why), kUsageText);
    return kUsage;
}

int failed(const core::Error& e)
{
    std::fprintf(stderr, "mammolens-cli audit: %s [%s]\n", qPrintable(e.toString()),
                 qPrintable(e.code));
    return kFailed;
}

int verify(core::ReadingStore& store)
{
    const auto result = store.verifyAudit();
    if (!result)
        return failed(result.error());
    const core::AuditVerification& v = result.value();
    if (v.ok()) {
        std::printf("audit trail of %s: OK, %lld entries checked\n", qPrintable(store.path()),
                    static_cast<long long>(v.checked));
        std::printf("head: seq %lld sha256 %s\n", static_cast<long long>(v.headSeq),
                    qPrintable(v.headHash));
        return 0;
    }
    std::printf("audit trail of %s: BROKEN at seq %lld: %s: %s\n", qPrintable(store.path()),
                static_cast<long long>(v.brokenSeq), qPrintable(core::toString(v.problem)),
                qPrintable(v.detail));
    std::printf("%lld entries before it are intact (last intact: seq %lld sha256 %s)\n",
                static_cast<long long>(v.checked), static_cast<long long>(v.headSeq),
                qPrintable(v.headHash));
    return kFailed;
}

QString cell(const std::optional<QString>& v)
{
    if (!v)
        return QStringLiteral("-");
    QString s = *v;
    s.replace(QLatin1Char('\t'), QLatin1Char(' ')).replace(QLatin1Char('\n'), QLatin1Char(' '));
    return s;
}

int list(core::ReadingStore& store, qint64 from, qint64 limit)
{
    const auto entries = store.auditEntries(from, limit);
    if (!entries)
        return failed(entries.error());
    std::printf("seq\tat\treader\taction\tentity\tentity_key\tfield\told_value\tnew_value\n");
    for (const core::AuditEntry& e : entries.value())
        std::printf("%lld\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", static_cast<long long>(e.seq),
                    qPrintable(e.at), qPrintable(e.reader), qPrintable(e.action),
                    qPrintable(e.entity), qPrintable(cell(e.entityKey)), qPrintable(e.field),
                    qPrintable(cell(e.oldValue)), qPrintable(cell(e.newValue)));
    return 0;
}

} // namespace

int runAuditCommand(const QStringList& rawArgs)
{
    CliArgs args(rawArgs);
    const QString db =
        args.value(QStringLiteral("--db")).value_or(core::ReadingStore::defaultPath());
    bool ok = true;
    const int from = args.intValue(QStringLiteral("--from"), 1, &ok);
    const int limit = args.intValue(QStringLiteral("--limit"), -1, &ok);
    if (!args.error().isEmpty())
        return usage(args.error());
    const QStringList& rest = args.positional();
    if (rest.size() != 1 ||
        (rest[0] != QLatin1String("verify") && rest[0] != QLatin1String("list")))
        return usage(rest.isEmpty() ? QStringLiteral("which subcommand? (verify or list)")
                                    : QStringLiteral("unknown arguments: ") + rest.join(' '));
    if (rest[0] == QLatin1String("verify") && (from != 1 || limit != -1))
        return usage(QStringLiteral("verify checks the whole chain: no --from or --limit"));
    if (from < 1)
        return usage(QStringLiteral("--from takes a sequence number from 1"));

    // Read-only: checking the trail never changes the file, not even by migrating it.
    core::ReadingStore store(db);
    if (auto opened = store.open(core::ReadingStore::OpenMode::ReadOnly); !opened)
        return failed(opened.error());
    return rest[0] == QLatin1String("verify") ? verify(store) : list(store, from, limit);
}

} // namespace mammolens::app
