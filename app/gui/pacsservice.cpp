#include "app/gui/pacsservice.h"

#include "core/logging/log.h"
#include "core/pacs/pacsclient.h"
#include "core/pacs/storagescp.h"

#include <QElapsedTimer>
#include <QSettings>

namespace mammolens::app {

PacsService::Settings PacsService::loadSettings()
{
    Settings s;
    s.local = core::PacsNodeStore().local();
    s.receive = QSettings().value(receiveKey(), false).toBool();
    return s;
}

PacsService::PacsService(Settings settings) : settings_(std::move(settings))
{
    qRegisterMetaType<core::PacsNode>();
    qRegisterMetaType<core::PacsQuery>();
    qRegisterMetaType<core::Error>();
    qRegisterMetaType<std::vector<core::PacsRecord>>();
    qRegisterMetaType<Settings>();
}

PacsService::~PacsService()
{
    stopScp();
}

quint64 PacsService::issue()
{
    return ++issued_;
}

void PacsService::cancel()
{
    cancelledUpTo_ = issued_.load();
    cancel_ = true;
}

void PacsService::beginRequest(quint64 ticket)
{
    // A cancel that came while this request waited in the queue still counts.
    cancel_ = ticket <= cancelledUpTo_.load();
}

core::PacsClient::Options PacsService::clientOptions() const
{
    core::PacsClient::Options o;
    o.localAeTitle = settings_.local.aeTitle;
    o.connectTimeoutS = settings_.connectTimeoutS;
    o.acseTimeoutS = settings_.acseTimeoutS;
    o.dimseTimeoutS = settings_.dimseTimeoutS;
    o.cancel = &cancel_;
    return o;
}

core::Outcome<bool> PacsService::ensureCache()
{
    if (cacheOpen_)
        return true;
    if (!cache_)
        cache_ = std::make_unique<core::DicomCache>(settings_.local.cacheDirectory,
                                                    settings_.local.cacheLimitBytes);
    auto opened = cache_->open();
    if (!opened)
        return opened.error();
    cacheOpen_ = true;
    return true;
}

core::Outcome<bool> PacsService::ensureScp()
{
    if (scp_ && scp_->isRunning())
        return true;
    if (auto cache = ensureCache(); !cache)
        return cache.error();
    core::StorageScp::Options o;
    o.aeTitle = settings_.local.aeTitle;
    o.port = settings_.local.port;
    o.allowedCallingAeTitles = settings_.local.allowedCallingAeTitles;
    scp_ = std::make_unique<core::StorageScp>(*cache_, o);
    // Called on the SCP's thread: a signal is safe to emit from there (queued to its receivers).
    scp_->setStudyReceivedHandler([this](const core::StorageScp::ReceivedStudy& study) {
        Q_EMIT studyReceived(study.folder, study.studyUid);
    });
    auto started = scp_->start();
    if (!started) {
        scp_.reset();
        Q_EMIT receiverChanged(false, o.aeTitle, o.port, started.error());
        return started.error();
    }
    core::log::get("pacs")->info("storage SCP listening on port {}", o.port);
    Q_EMIT receiverChanged(true, o.aeTitle, o.port, {});
    return true;
}

void PacsService::stopScp()
{
    if (!scp_)
        return;
    scp_->stop();
    scp_.reset();
}

void PacsService::start()
{
    if (auto cache = ensureCache(); !cache) {
        Q_EMIT receiverChanged(false, settings_.local.aeTitle, settings_.local.port, cache.error());
        return;
    }
    if (settings_.receive)
        ensureScp();
}

void PacsService::reconfigure(const Settings& settings)
{
    const bool wasListening = scp_ && scp_->isRunning();
    const bool cacheMoved = settings.local.cacheDirectory != settings_.local.cacheDirectory ||
                            settings.local.cacheLimitBytes != settings_.local.cacheLimitBytes;
    stopScp();
    settings_ = settings;
    if (cacheMoved) {
        cache_.reset();
        cacheOpen_ = false;
    }
    if (settings_.receive)
        ensureScp();
    else if (wasListening)
        Q_EMIT receiverChanged(false, settings_.local.aeTitle, settings_.local.port, {});
}

void PacsService::stop()
{
    cancel();
    stopScp();
}

void PacsService::echo(quint64 ticket, const core::PacsNode& node)
{
    beginRequest(ticket);
    QElapsedTimer timer;
    timer.start();
    core::PacsClient client(node, clientOptions());
    auto answered = client.echo();
    Q_EMIT echoFinished(answered ? core::Error{} : answered.error(), int(timer.elapsed()));
}

void PacsService::query(quint64 ticket, const core::PacsNode& node, const core::PacsQuery& query)
{
    beginRequest(ticket);
    core::PacsClient client(node, clientOptions());
    auto found = client.find(query);
    if (found)
        Q_EMIT queryFinished(found.value());
    else
        Q_EMIT queryFailed(found.error());
}

void PacsService::retrieve(quint64 ticket, const core::PacsNode& node, const QStringList& studyUids)
{
    beginRequest(ticket);
    const int studies = int(studyUids.size());
    int retrieved = 0;
    core::Error firstError;
    if (auto cache = ensureCache(); !cache) {
        Q_EMIT retrieveFinished(0, studies, cache.error());
        return;
    }
    // C-MOVE needs our SCP; started here when receiving is off, and stopped again afterwards.
    const bool scpWasRunning = scp_ && scp_->isRunning();
    for (int i = 0; i < studies; ++i) {
        if (cancel_) {
            if (firstError.code.isEmpty())
                firstError = {
                    QStringLiteral("pacs.cancelled"), QStringLiteral("retrieval cancelled"), {}};
            break;
        }
        core::PacsClient::Options options = clientOptions();
        options.progress = [this, i, studies](int done, int total) {
            Q_EMIT retrieveProgress(i, studies, done, total);
        };
        Q_EMIT retrieveProgress(i, studies, 0, -1);
        core::PacsClient client(node, options);
        core::Outcome<core::PacsClient::RetrieveResult> result = core::Error{};
        if (node.supportsGet) {
            result = client.get(studyUids[i], *cache_);
        } else if (auto scp = ensureScp(); !scp) {
            result = scp.error();
        } else {
            result = client.move(studyUids[i], *scp_, *cache_);
        }
        if (!result) {
            if (firstError.code.isEmpty())
                firstError = result.error();
            // A node that is down or refuses us will not do better for the next study.
            const QString& code = result.error().code;
            if (code == QLatin1String("pacs.unreachable") ||
                code == QLatin1String("pacs.association_rejected") ||
                code == QLatin1String("pacs.cancelled") ||
                code == QLatin1String("pacs.scp_unavailable") ||
                code == QLatin1String("pacs.move_destination_unknown"))
                break;
            continue;
        }
        ++retrieved;
        Q_EMIT studyRetrieved(result.value().study.folder, studyUids[i]);
    }
    if (!scpWasRunning && !settings_.receive && scp_) {
        stopScp();
        Q_EMIT receiverChanged(false, settings_.local.aeTitle, settings_.local.port, {});
    }
    Q_EMIT retrieveFinished(retrieved, studies, firstError);
}

} // namespace mammolens::app
