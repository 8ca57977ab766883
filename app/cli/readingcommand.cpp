#include "app/cli/readingcommand.h"

#include "app/cli/cliargs.h"
#include "core/reading/casesetfile.h"
#include "core/reading/readingstore.h"
#include "core/reading/sessioncsvwriter.h"
#include "core/reading/teachinghistory.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <cstdio>
#include <initializer_list>
#include <utility>

namespace mammolens::app {

namespace {

constexpr int kFailed = 1;
constexpr int kUsage = 2;

const char* const kUsageText =
    "usage: mammolens-cli reading sessions [--db PATH]\n"
    "       mammolens-cli reading export-csv --session ID --out FILE [--db PATH]\n"
    "       mammolens-cli reading import-case-set FILE [--actor LOGIN] [--db PATH]\n"
    "       mammolens-cli reading teaching-stats --session ID [--json] [--db PATH]\n"
    "       mammolens-cli reading history --reader LOGIN [--json] [--db PATH]\n"
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

int importCaseSet(core::ReadingStore& store, const QString& file, const QString& actor)
{
    const auto set = core::CaseSetFile::read(file);
    if (!set)
        return failed(set.error());
    const auto imported = store.importCaseSet(set.value(), actor);
    if (!imported)
        return failed(imported.error());
    const core::CaseSet& c = imported.value();
    int malignant = 0, lesions = 0, fromMasks = 0;
    for (const core::CaseTruth& t : c.cases) {
        malignant += t.isMalignant() ? 1 : 0;
        lesions += int(t.lesions.size());
        for (const core::CaseLesion& l : t.lesions)
            fromMasks += l.mask.isEmpty() ? 0 : 1;
    }
    std::printf("case set \"%s\" imported as case set %lld: %d case(s), %d malignant; %d lesion "
                "box(es), %d from masks\n",
                qPrintable(c.name), static_cast<long long>(c.id), int(c.cases.size()), malignant,
                lesions, fromMasks);
    return 0;
}

QString ratioText(const core::TeachingStatistics::Ratio& r)
{
    const auto v = r.value();
    return v ? QString::number(*v, 'f', 3) : QStringLiteral("-");
}

void printStatistics(const core::TeachingStatistics& s)
{
    const auto line = [](const char* what, const core::TeachingStatistics::Ratio& r,
                         const char* of) {
        std::printf("  %-20s %s (%d/%d %s)\n", what, qPrintable(ratioText(r)), r.numerator,
                    r.denominator, of);
    };
    std::printf("  %-20s %d of %d (%d not read; %d assessed exam(s) not in the set)\n",
                "cases read:", s.read, s.cases, s.notRead, s.notInSet);
    line("sensitivity:", s.sensitivity, "malignant cases recalled");
    line("specificity:", s.specificity, "other cases not recalled");
    line("breast sensitivity:", s.breastSensitivity, "malignant breasts recalled");
    line("breast specificity:", s.breastSpecificity, "other breasts not recalled");
    std::printf("  %-20s %s (%d malignant, %d other cases with a confidence; %d read without "
                "one)\n",
                "AUC (confidence):", s.auc ? qPrintable(QString::number(*s.auc, 'f', 3)) : "-",
                s.aucPositives, s.aucNegatives, s.readWithoutConfidence);
    std::printf("  %-20s %s (%d/%d malignant lesions hit; %d of %d mark(s) on no malignant "
                "lesion)\n",
                "localisation:", qPrintable(ratioText(s.localisation)), s.localisation.numerator,
                s.localisation.denominator, s.marksOffTarget, s.marks);
    std::printf("  exam_key\ttruth_left\ttruth_right\tread\trecalled\tconfidence\t"
                "lesions_hit\n");
    for (const core::TeachingStatistics::CaseOutcome& o : s.caseOutcomes)
        std::printf("  %s\t%s\t%s\t%s\t%s\t%s\t%d/%d\n", qPrintable(o.examKey),
                    qPrintable(core::toString(o.left)), qPrintable(core::toString(o.right)),
                    o.read ? "yes" : "no", o.read ? (o.recalled ? "yes" : "no") : "-",
                    o.confidence ? qPrintable(QString::number(*o.confidence)) : "-",
                    o.malignantLesionsHit, o.malignantLesions);
}

void printJson(const QJsonObject& o)
{
    std::printf("%s", QJsonDocument(o).toJson(QJsonDocument::Indented).constData());
}

int teachingStats(const core::ReadingStore& store, qint64 sessionId, bool json)
{
    const auto entry = core::TeachingHistory::ofSession(store, sessionId);
    if (!entry)
        return failed(entry.error());
    const core::TeachingHistory::Entry& e = entry.value();
    if (json) {
        printJson(e.toJson());
        return 0;
    }
    std::printf("session %lld: reader %s, case set \"%s\", started %s, ended %s\n",
                static_cast<long long>(e.session.id), qPrintable(e.reader.login),
                qPrintable(e.session.caseSet), qPrintable(time(e.session.startedAt)),
                qPrintable(time(e.session.endedAt)));
    std::printf("initial assessments (before the truth and the model were shown):\n");
    printStatistics(*e.initial);
    if (e.postAi) {
        std::printf("post-AI assessments (%d exam(s) revised after the reveal, the others as "
                    "first read):\n",
                    e.postAi->revised);
        printStatistics(*e.postAi);
    }
    return 0;
}

int history(const core::ReadingStore& store, const QString& login, bool json)
{
    const auto entries = core::TeachingHistory::ofReader(store, login);
    if (!entries)
        return failed(entries.error());
    if (json) {
        QJsonArray sessions;
        for (const core::TeachingHistory::Entry& e : entries.value())
            sessions.append(e.toJson());
        printJson(
            QJsonObject{{QStringLiteral("reader"), login}, {QStringLiteral("sessions"), sessions}});
        return 0;
    }
    std::printf("session\tcase_set\tstarted_at\tended_at\tread\tsensitivity\tspecificity\t"
                "auc\tlocalisation\n");
    for (const core::TeachingHistory::Entry& e : entries.value()) {
        const QString head =
            QStringLiteral("%1\t%2\t%3\t%4")
                .arg(e.session.id)
                .arg(e.session.caseSet, time(e.session.startedAt), time(e.session.endedAt));
        if (!e.initial) {
            std::printf("%s\t-\t-\t-\t-\t-\n", qPrintable(head));
            std::fprintf(stderr, "mammolens-cli reading: %s\n", qPrintable(e.problem));
            continue;
        }
        const core::TeachingStatistics& s = *e.initial;
        std::printf("%s\t%d/%d\t%s\t%s\t%s\t%s\n", qPrintable(head), s.read, s.cases,
                    qPrintable(ratioText(s.sensitivity)), qPrintable(ratioText(s.specificity)),
                    s.auc ? qPrintable(QString::number(*s.auc, 'f', 3)) : "-",
                    qPrintable(ratioText(s.localisation)));
    }
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
    const auto reader = args.value(QStringLiteral("--reader"));
    const auto actor = args.value(QStringLiteral("--actor"));
    const bool json = args.flag(QStringLiteral("--json"));
    if (!args.error().isEmpty())
        return usage(args.error());
    const QStringList& rest = args.positional();
    if (rest.isEmpty())
        return usage(QStringLiteral("which subcommand? (sessions, export-csv, import-case-set, "
                                    "teaching-stats or history)"));
    const QString command = rest[0];
    const int positional = command == QLatin1String("import-case-set") ? 2 : 1;
    if (command == QLatin1String("import-case-set") && rest.size() < 2)
        return usage(QStringLiteral("import-case-set needs the case set FILE"));
    if (rest.size() > positional)
        return usage(QStringLiteral("unknown arguments: ") + rest.mid(positional).join(' '));
    // Which options each subcommand takes; any other is a usage error, not silently ignored.
    const auto only = [&](std::initializer_list<const char*> allowed) -> QString {
        const std::pair<const char*, bool> given[] = {{"--session", session.has_value()},
                                                      {"--out", out.has_value()},
                                                      {"--reader", reader.has_value()},
                                                      {"--actor", actor.has_value()},
                                                      {"--json", json}};
        for (const auto& [name, present] : given) {
            bool ok = !present;
            for (const char* a : allowed)
                ok = ok || qstrcmp(a, name) == 0;
            if (!ok)
                return command + QStringLiteral(" does not take ") + QLatin1String(name);
        }
        return {};
    };
    QString problem;
    qint64 sessionId = 0;
    const auto needSession = [&] {
        bool ok = false;
        sessionId = session ? session->toLongLong(&ok) : 0;
        if (!ok || sessionId <= 0)
            problem = command + QStringLiteral(" needs --session ID (a session number)");
    };
    if (command == QLatin1String("export-csv")) {
        problem = only({"--session", "--out"});
        if (problem.isEmpty())
            needSession();
        if (problem.isEmpty() && (!out || out->isEmpty()))
            problem = QStringLiteral("export-csv needs --out FILE");
    } else if (command == QLatin1String("sessions")) {
        if (session || out || reader || actor || json)
            problem = QStringLiteral("sessions takes only --db");
    } else if (command == QLatin1String("import-case-set")) {
        problem = only({"--actor"});
        if (problem.isEmpty() && actor && !core::Reader::isValidLogin(*actor))
            problem = QStringLiteral("--actor takes a login (1-64 of A-Z, a-z, 0-9, . _ - @)");
    } else if (command == QLatin1String("teaching-stats")) {
        problem = only({"--session", "--json"});
        if (problem.isEmpty())
            needSession();
    } else if (command == QLatin1String("history")) {
        problem = only({"--reader", "--json"});
        if (problem.isEmpty() && (!reader || reader->isEmpty()))
            problem = QStringLiteral("history needs --reader LOGIN");
    } else {
        problem = QStringLiteral("unknown subcommand ") + command;
    }
    if (!problem.isEmpty())
        return usage(problem);

    // An existing store is opened as the workstation opens it (an older schema is migrated);
    // a missing one is an error, not a new empty database.
    if (!QFileInfo::exists(db))
        return failed(core::Error{QStringLiteral("reading.open_failed"),
                                  QStringLiteral("No reading store here."), db});
    core::ReadingStore store(db);
    if (auto opened = store.open(); !opened)
        return failed(opened.error());
    if (command == QLatin1String("sessions"))
        return listSessions(store);
    if (command == QLatin1String("export-csv"))
        return exportCsv(store, sessionId, *out);
    if (command == QLatin1String("import-case-set"))
        return importCaseSet(store, rest[1], actor.value_or(QStringLiteral("system")));
    if (command == QLatin1String("teaching-stats"))
        return teachingStats(store, sessionId, json);
    return history(store, *reader, json);
}

} // namespace mammolens::app
