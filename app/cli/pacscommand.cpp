#include "app/cli/pacscommand.h"

#include "core/logging/log.h"
#include "core/pacs/dicomcache.h"
#include "core/pacs/pacsclient.h"
#include "core/pacs/pacsnodestore.h"
#include "core/pacs/storagescp.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cstdio>
#include <optional>

namespace mammolens::app {

namespace {

using core::Error;
using core::Outcome;
using core::PacsNode;

constexpr int kFailed = 1;
constexpr int kUsage = 2;

const char* const kUsageText =
    "usage: mammolens-cli pacs echo     [PEER]\n"
    "       mammolens-cli pacs query    [PEER] [--patient-id X] [--patient-name X]\n"
    "                                   [--since YYYYMMDD] [--until YYYYMMDD] [--accession X]\n"
    "                                   [--modality MG|any] [--level study|series] [--json]\n"
    "       mammolens-cli pacs retrieve [PEER] --study UID [--method move|get] [--out DIR]\n"
    "                                   [--port N] [--cache DIR]\n"
    "       mammolens-cli pacs push     [PEER] FILE|DIR...\n"
    "       mammolens-cli pacs nodes    list [--json] | add NAME AET@HOST:PORT [--get] "
    "[--default]\n"
    "                                   | remove NAME | default NAME\n"
    "PEER: --peer AET@HOST:PORT | --node NAME (else the default node); --aet OUR_AET;\n"
    "      --timeout SECONDS (connect and association; transfers wait up to 4x as long)\n";

int usage(const QString& why)
{
    std::fprintf(stderr, "mammolens-cli pacs: %s\n%s", qPrintable(why), kUsageText);
    return kUsage;
}

int failed(const Error& e)
{
    std::fprintf(stderr, "mammolens-cli pacs: %s [%s]\n", qPrintable(e.toString()),
                 qPrintable(e.code));
    return kFailed;
}

/// Options shared by the subcommands; parse() takes them out of the argument list.
struct Common
{
    QString peer;
    QString node;
    QString aet;
    int timeoutS = 0;
    std::optional<quint16> port;
    QString cache;
    bool json = false;
};

bool takeValue(QStringList& args, int i, QString* value, QString* error)
{
    if (i + 1 >= args.size()) {
        *error = args[i] + QStringLiteral(" needs a value");
        return false;
    }
    *value = args[i + 1];
    args.remove(i, 2);
    return true;
}

/// Removes the common options from `args`; what remains is the subcommand's own.
bool parseCommon(QStringList& args, Common& c, QString* error)
{
    for (int i = 0; i < args.size();) {
        const QString& a = args[i];
        QString v;
        if (a == QLatin1String("--peer")) {
            if (!takeValue(args, i, &c.peer, error))
                return false;
        } else if (a == QLatin1String("--node")) {
            if (!takeValue(args, i, &c.node, error))
                return false;
        } else if (a == QLatin1String("--aet")) {
            if (!takeValue(args, i, &c.aet, error))
                return false;
            if (!PacsNode::isValidAeTitle(c.aet)) {
                *error = QStringLiteral("--aet takes 1 to 16 printable characters");
                return false;
            }
        } else if (a == QLatin1String("--timeout")) {
            if (!takeValue(args, i, &v, error))
                return false;
            c.timeoutS = v.toInt();
            if (c.timeoutS <= 0) {
                *error = QStringLiteral("--timeout takes a positive number of seconds");
                return false;
            }
        } else if (a == QLatin1String("--port")) {
            if (!takeValue(args, i, &v, error))
                return false;
            const uint p = v.toUInt();
            if (p == 0 || p > 65535) {
                *error = QStringLiteral("--port takes 1 to 65535");
                return false;
            }
            c.port = quint16(p);
        } else if (a == QLatin1String("--cache")) {
            if (!takeValue(args, i, &c.cache, error))
                return false;
        } else if (a == QLatin1String("--json")) {
            c.json = true;
            args.removeAt(i);
        } else {
            ++i;
        }
    }
    if (!c.peer.isEmpty() && !c.node.isEmpty()) {
        *error = QStringLiteral("give --peer or --node, not both");
        return false;
    }
    return true;
}

Outcome<PacsNode> resolvePeer(const Common& c, const core::PacsNodeStore& store)
{
    if (!c.peer.isEmpty())
        return PacsNode::parse(c.peer);
    if (!c.node.isEmpty()) {
        if (auto n = store.node(c.node))
            return *n;
        // A node name that looks like a peer is taken as one (infer --pacs AET@HOST:PORT).
        if (c.node.contains(QLatin1Char('@')))
            return PacsNode::parse(c.node);
        return Error{
            QStringLiteral("pacs.unknown_node"),
            QStringLiteral("no node named '%1' (see 'mammolens-cli pacs nodes list')").arg(c.node),
            {}};
    }
    if (auto n = store.defaultNode())
        return *n;
    return Error{QStringLiteral("pacs.unknown_node"),
                 QStringLiteral("no --peer, no --node and no configured node"),
                 {}};
}

core::PacsClient::Options clientOptions(const Common& c, const core::PacsNodeStore::Local& local)
{
    core::PacsClient::Options o;
    o.localAeTitle = c.aet.isEmpty() ? local.aeTitle : c.aet;
    if (c.timeoutS > 0) {
        o.connectTimeoutS = c.timeoutS;
        o.acseTimeoutS = c.timeoutS;
        o.dimseTimeoutS = 4 * c.timeoutS;
    }
    return o;
}

QJsonObject toJson(const core::PacsRecord& r, bool series)
{
    QJsonObject o{
        {QStringLiteral("studyInstanceUid"), r.studyUid},
        {QStringLiteral("patientId"), r.patientId},
        {QStringLiteral("patientName"), r.patientName},
        {QStringLiteral("studyDate"),
         r.studyDate.isValid() ? r.studyDate.toString(QStringLiteral("yyyyMMdd")) : QString()},
        {QStringLiteral("studyTime"), r.studyTime},
        {QStringLiteral("accessionNumber"), r.accessionNumber},
        {QStringLiteral("studyDescription"), r.studyDescription},
        {QStringLiteral("modalitiesInStudy"), QJsonArray::fromStringList(r.modalitiesInStudy)},
        {QStringLiteral("numberOfInstances"), r.numberOfInstances}};
    if (series) {
        o[QStringLiteral("seriesInstanceUid")] = r.seriesUid;
        o[QStringLiteral("modality")] = r.modality;
        o[QStringLiteral("seriesDescription")] = r.seriesDescription;
        o[QStringLiteral("seriesNumber")] = r.seriesNumber;
    } else {
        o[QStringLiteral("numberOfSeries")] = r.numberOfSeries;
    }
    return o;
}

QDate parseDate(const QString& s)
{
    return QDate::fromString(s, QStringLiteral("yyyyMMdd"));
}

int runEcho(QStringList args, const Common& c, core::PacsNodeStore& store)
{
    if (!args.isEmpty())
        return usage(QStringLiteral("unexpected argument ") + args.first());
    auto peer = resolvePeer(c, store);
    if (!peer)
        return failed(peer.error());
    core::PacsClient client(peer.value(), clientOptions(c, store.local()));
    auto echoed = client.echo();
    if (!echoed)
        return failed(echoed.error());
    std::printf("C-ECHO %s: ok\n", qPrintable(peer.value().toSpec()));
    return 0;
}

int runQuery(QStringList args, const Common& c, core::PacsNodeStore& store)
{
    core::PacsQuery q;
    QString error;
    while (!args.isEmpty()) {
        const QString a = args.takeFirst();
        if (args.isEmpty() || !a.startsWith(QLatin1String("--")))
            return usage(a.startsWith(QLatin1String("--"))
                             ? a + QStringLiteral(" needs a value")
                             : QStringLiteral("unexpected argument ") + a);
        const QString v = args.takeFirst();
        if (a == QLatin1String("--patient-id"))
            q.patientId = v;
        else if (a == QLatin1String("--patient-name"))
            q.patientName = v;
        else if (a == QLatin1String("--accession"))
            q.accessionNumber = v;
        else if (a == QLatin1String("--study"))
            q.studyUid = v;
        else if (a == QLatin1String("--modality"))
            q.modality = v == QLatin1String("any") ? QString() : v;
        else if (a == QLatin1String("--since") || a == QLatin1String("--until")) {
            const QDate d = parseDate(v);
            if (!d.isValid())
                return usage(a + QStringLiteral(" takes a date as YYYYMMDD"));
            (a == QLatin1String("--since") ? q.since : q.until) = d;
        } else if (a == QLatin1String("--level")) {
            if (v == QLatin1String("series"))
                q.level = core::PacsQuery::Level::Series;
            else if (v != QLatin1String("study"))
                return usage(QStringLiteral("--level is study or series"));
        } else {
            return usage(QStringLiteral("unknown option ") + a);
        }
    }
    auto peer = resolvePeer(c, store);
    if (!peer)
        return failed(peer.error());
    core::PacsClient client(peer.value(), clientOptions(c, store.local()));
    auto found = client.find(q);
    if (!found)
        return failed(found.error());
    const bool series = q.level == core::PacsQuery::Level::Series;
    if (c.json) {
        QJsonArray list;
        for (const core::PacsRecord& r : found.value())
            list.append(toJson(r, series));
        std::printf("%s\n", QJsonDocument(list).toJson(QJsonDocument::Indented).constData());
        return 0;
    }
    for (const core::PacsRecord& r : found.value()) {
        QStringList cols{r.studyDate.toString(QStringLiteral("yyyy-MM-dd")), r.patientId,
                         r.patientName, r.accessionNumber, r.studyUid};
        if (series)
            cols << r.modality << QString::number(r.seriesNumber) << r.seriesUid;
        cols << QString::number(r.numberOfInstances);
        std::printf("%s\n", cols.join(QLatin1Char('\t')).toUtf8().constData());
    }
    std::fprintf(stderr, "%d %s\n", int(found.value().size()), series ? "series" : "studies");
    return 0;
}

core::DicomCache makeCache(const Common& c, const core::PacsNodeStore::Local& local)
{
    return core::DicomCache(c.cache.isEmpty() ? local.cacheDirectory : c.cache,
                            local.cacheLimitBytes);
}

/// Retrieves one study into `cache` (C-GET or C-MOVE through `scp`, started on first need).
Outcome<core::PacsClient::RetrieveResult>
retrieveStudy(const PacsNode& peer, bool useGet, const QString& studyUid,
              const core::PacsClient::Options& options, core::DicomCache& cache,
              std::unique_ptr<core::StorageScp>& scp, const core::StorageScp::Options& scpOptions)
{
    core::PacsClient client(peer, options);
    if (useGet)
        return client.get(studyUid, cache);
    if (!scp) {
        scp = std::make_unique<core::StorageScp>(cache, scpOptions);
        auto started = scp->start();
        if (!started) {
            scp.reset();
            return started.error();
        }
    }
    return client.move(studyUid, *scp, cache);
}

int runRetrieve(QStringList args, const Common& c, core::PacsNodeStore& store)
{
    QString studyUid, method, out;
    while (!args.isEmpty()) {
        const QString a = args.takeFirst();
        if (args.isEmpty())
            return usage(a.startsWith(QLatin1String("--"))
                             ? a + QStringLiteral(" needs a value")
                             : QStringLiteral("unexpected argument ") + a);
        if (a == QLatin1String("--study"))
            studyUid = args.takeFirst();
        else if (a == QLatin1String("--method"))
            method = args.takeFirst();
        else if (a == QLatin1String("--out"))
            out = args.takeFirst();
        else
            return usage(QStringLiteral("unknown option ") + a);
    }
    if (studyUid.isEmpty())
        return usage(QStringLiteral("--study UID is required"));
    if (!method.isEmpty() && method != QLatin1String("move") && method != QLatin1String("get"))
        return usage(QStringLiteral("--method is move or get"));
    auto peer = resolvePeer(c, store);
    if (!peer)
        return failed(peer.error());
    const core::PacsNodeStore::Local local = store.local();
    core::DicomCache cache = makeCache(c, local);
    if (auto opened = cache.open(); !opened)
        return failed(opened.error());
    const bool useGet =
        method.isEmpty() ? peer.value().supportsGet : method == QLatin1String("get");
    core::PacsClient::Options options = clientOptions(c, local);
    options.progress = [](int done, int total) {
        if (total > 0)
            std::fprintf(stderr, "\r%d/%d objects", done, total);
        else
            std::fprintf(stderr, "\r%d objects", done);
    };
    core::StorageScp::Options scpOptions;
    scpOptions.aeTitle = options.localAeTitle;
    scpOptions.port = c.port.value_or(local.port);
    scpOptions.allowedCallingAeTitles = local.allowedCallingAeTitles;
    std::unique_ptr<core::StorageScp> scp;
    auto retrieved = retrieveStudy(peer.value(), useGet, studyUid, options, cache, scp, scpOptions);
    std::fprintf(stderr, "\n");
    if (scp)
        scp->stop();
    if (!retrieved)
        return failed(retrieved.error());
    const core::DicomCache::Study& study = retrieved.value().study;
    QString folder = study.folder;
    if (!out.isEmpty()) {
        if (!QDir().mkpath(out))
            return failed(Error{QStringLiteral("pacs.file_error"),
                                QStringLiteral("cannot create the folder"), out});
        const QStringList files = QDir(study.folder).entryList(QDir::Files);
        for (const QString& f : files) {
            const QString target = QDir(out).filePath(f);
            QFile::remove(target);
            if (!QFile::copy(QDir(study.folder).filePath(f), target))
                return failed(Error{QStringLiteral("pacs.file_error"),
                                    QStringLiteral("cannot copy into the folder"), out});
        }
        folder = QDir(out).absolutePath();
    }
    std::printf("%d objects of study %s (%s) in %s\n", retrieved.value().objects,
                qPrintable(studyUid), useGet ? "C-GET" : "C-MOVE", qPrintable(folder));
    return 0;
}

QStringList expandFiles(const QStringList& inputs)
{
    QStringList files;
    for (const QString& in : inputs) {
        if (QFileInfo(in).isDir()) {
            QDirIterator it(in, QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext())
                files << it.next();
        } else {
            files << in;
        }
    }
    files.sort();
    return files;
}

int runPush(QStringList args, const Common& c, core::PacsNodeStore& store)
{
    for (const QString& a : args)
        if (a.startsWith(QLatin1String("--")))
            return usage(QStringLiteral("unknown option ") + a);
    if (args.isEmpty())
        return usage(QStringLiteral("no FILE given"));
    auto peer = resolvePeer(c, store);
    if (!peer)
        return failed(peer.error());
    core::PacsClient client(peer.value(), clientOptions(c, store.local()));
    auto stored = client.store(expandFiles(args));
    if (!stored)
        return failed(stored.error());
    for (const Error& e : stored.value().failures)
        std::fprintf(stderr, "mammolens-cli pacs: %s [%s]\n", qPrintable(e.toString()),
                     qPrintable(e.code));
    std::printf("%d stored, %d failed\n", stored.value().stored,
                int(stored.value().failures.size()));
    return stored.value().failures.empty() ? 0 : kFailed;
}

int runNodes(QStringList args, const Common& c, core::PacsNodeStore& store)
{
    const QString what = args.isEmpty() ? QStringLiteral("list") : args.takeFirst();
    if (what == QLatin1String("list")) {
        const auto nodes = store.nodes();
        if (c.json) {
            QJsonArray list;
            for (const PacsNode& n : nodes)
                list.append(QJsonObject{{QStringLiteral("name"), n.name},
                                        {QStringLiteral("aeTitle"), n.aeTitle},
                                        {QStringLiteral("host"), n.host},
                                        {QStringLiteral("port"), int(n.port)},
                                        {QStringLiteral("supportsGet"), n.supportsGet},
                                        {QStringLiteral("default"), n.isDefault}});
            std::printf("%s\n", QJsonDocument(list).toJson().constData());
        } else {
            for (const PacsNode& n : nodes)
                std::printf("%s%s\t%s%s\n", n.isDefault ? "* " : "  ", qPrintable(n.name),
                            qPrintable(n.toSpec()), n.supportsGet ? "\tC-GET" : "");
        }
        return 0;
    }
    if (what == QLatin1String("add")) {
        bool get = args.removeAll(QStringLiteral("--get")) > 0;
        bool isDefault = args.removeAll(QStringLiteral("--default")) > 0;
        if (args.size() != 2)
            return usage(QStringLiteral("nodes add NAME AET@HOST:PORT [--get] [--default]"));
        auto node = PacsNode::parse(args[1]);
        if (!node)
            return failed(node.error());
        node.value().name = args[0];
        node.value().supportsGet = get;
        node.value().isDefault = isDefault;
        auto added = store.add(node.value());
        if (!added)
            return failed(added.error());
        std::printf("node %s: %s%s\n", qPrintable(added.value().name),
                    qPrintable(added.value().toSpec()),
                    added.value().isDefault ? " (default)" : "");
        return 0;
    }
    if (what == QLatin1String("remove") || what == QLatin1String("default")) {
        if (args.size() != 1)
            return usage(QStringLiteral("nodes %1 NAME").arg(what));
        const bool ok =
            what == QLatin1String("remove") ? store.remove(args[0]) : store.setDefault(args[0]);
        if (!ok)
            return failed(Error{QStringLiteral("pacs.unknown_node"),
                                QStringLiteral("no node named '%1'").arg(args[0]),
                                {}});
        return 0;
    }
    return usage(QStringLiteral("unknown nodes command ") + what);
}

} // namespace

int runPacsCommand(const QStringList& rawArgs)
{
    QStringList args = rawArgs;
    if (args.isEmpty())
        return usage(QStringLiteral("no subcommand"));
    const QString sub = args.takeFirst();
    Common c;
    QString error;
    if (!parseCommon(args, c, &error))
        return usage(error);
    core::PacsNodeStore store;
    if (sub == QLatin1String("echo"))
        return runEcho(args, c, store);
    if (sub == QLatin1String("query"))
        return runQuery(args, c, store);
    if (sub == QLatin1String("retrieve"))
        return runRetrieve(args, c, store);
    if (sub == QLatin1String("push"))
        return runPush(args, c, store);
    if (sub == QLatin1String("nodes"))
        return runNodes(args, c, store);
    return usage(QStringLiteral("unknown subcommand ") + sub);
}

QStringList retrieveForInference(const PacsInferSource& source, QString* error, bool* someFailed)
{
    core::PacsNodeStore store;
    Common c;
    c.node = source.node;
    c.aet = source.localAeTitle;
    auto peer = resolvePeer(c, store);
    if (!peer) {
        *error = peer.error().toString();
        return {};
    }
    const core::PacsNodeStore::Local local = store.local();
    core::DicomCache cache = makeCache(c, local);
    if (auto opened = cache.open(); !opened) {
        *error = opened.error().toString();
        return {};
    }
    const core::PacsClient::Options options = clientOptions(c, local);
    QStringList studies = source.studyUids;
    if (studies.isEmpty()) {
        core::PacsQuery q;
        q.since = source.since;
        core::PacsClient client(peer.value(), options);
        auto found = client.find(q);
        if (!found) {
            *error = found.error().toString();
            return {};
        }
        for (const core::PacsRecord& r : found.value())
            studies << r.studyUid;
    }
    core::StorageScp::Options scpOptions;
    scpOptions.aeTitle = options.localAeTitle;
    scpOptions.port = source.localPort != 0 ? source.localPort : local.port;
    scpOptions.allowedCallingAeTitles = local.allowedCallingAeTitles;
    std::unique_ptr<core::StorageScp> scp;
    QStringList folders;
    for (const QString& uid : studies) {
        auto retrieved = retrieveStudy(peer.value(), peer.value().supportsGet, uid, options, cache,
                                       scp, scpOptions);
        if (!retrieved) {
            std::fprintf(stderr, "mammolens-cli infer: study %s not retrieved: %s [%s]\n",
                         qPrintable(core::DicomCache::studyKey(uid)),
                         qPrintable(retrieved.error().toString()),
                         qPrintable(retrieved.error().code));
            *someFailed = true;
            continue;
        }
        folders << retrieved.value().study.folder;
    }
    if (scp)
        scp->stop();
    if (folders.isEmpty() && error->isEmpty())
        *error = studies.isEmpty() ? QStringLiteral("no study matched on the node")
                                   : QStringLiteral("no study could be retrieved");
    return folders;
}

bool storeInferenceResultsToPacs(const PacsInferSource& source, const QStringList& files)
{
    if (files.isEmpty())
        return true; // nothing to store (no exam, or only PNG exams)
    core::PacsNodeStore store;
    Common c;
    c.node = source.node;
    c.aet = source.localAeTitle;
    auto peer = resolvePeer(c, store);
    if (!peer) {
        failed(peer.error());
        return false;
    }
    core::PacsClient client(peer.value(), clientOptions(c, store.local()));
    auto stored = client.store(files);
    if (!stored) {
        failed(stored.error());
        return false;
    }
    for (const Error& e : stored.value().failures)
        std::fprintf(stderr, "mammolens-cli infer: %s [%s]\n", qPrintable(e.toString()),
                     qPrintable(e.code));
    return stored.value().failures.empty();
}

} // namespace mammolens::app
