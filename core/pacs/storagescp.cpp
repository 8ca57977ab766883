#include "core/pacs/storagescp.h"

#include "core/logging/log.h"
#include "core/pacs/storagesopclasses.h"
#include "core/pacs/pacsnode.h"

#include <QFile>
#include <QFileInfo>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmnet/diutil.h>
#include <dcmtk/dcmnet/scp.h>
#include <map>
#include <mutex>

namespace mammolens::core {

struct StorageScp::State
{
    std::mutex mutex;
    std::condition_variable changed;
    struct Collection
    {
        QString studyUid;
        QStringList files;
    };
    std::map<int, Collection> collections;
    int nextCollection = 1;
    bool busy = false;
    std::atomic_bool stop{false};
    StudyHandler handler;
};

namespace {

/// Uncompressed first: a sender that offers both then sends what every reader reads.
const char* const kTransferSyntaxes[] = {
    UID_LittleEndianExplicitTransferSyntax, UID_LittleEndianImplicitTransferSyntax,
    UID_BigEndianExplicitTransferSyntax,    UID_DeflatedExplicitVRLittleEndianTransferSyntax,
    UID_JPEGProcess14SV1TransferSyntax,     UID_JPEGProcess14TransferSyntax,
    UID_JPEGLSLosslessTransferSyntax,       UID_JPEG2000LosslessOnlyTransferSyntax,
    UID_RLELosslessTransferSyntax,
};

QString trimmed(const OFString& s)
{
    return QString::fromLatin1(s.c_str()).trimmed();
}

} // namespace

class StorageScp::Service : public DcmSCP
{
public:
    Service(DicomCache& cache, const Options& options, std::shared_ptr<State> state)
        : cache_(cache), options_(options), state_(std::move(state))
    {}

protected:
    OFCondition handleIncomingCommand(T_DIMSE_Message* message,
                                      const DcmPresentationContextInfo& info) override
    {
        if (message->CommandField != DIMSE_C_STORE_RQ)
            return DcmSCP::handleIncomingCommand(message, info);
        T_DIMSE_C_StoreRQ& request = message->msg.CStoreRQ;
        qint64 sequence = 0;
        const QString tmp = cache_.newIncomingPath(&sequence);
        OFCondition cond = receiveSTORERequest(request, info.presentationContextID,
                                               OFString(QFile::encodeName(tmp).constData()));
        if (cond.bad()) {
            QFile::remove(tmp); // a transfer cut in the middle leaves nothing
            return cond;
        }
        const Uint16 status = accept(tmp, sequence, request);
        return sendSTOREResponse(info.presentationContextID, request, status);
    }

    OFBool checkCalledAETitleAccepted(const OFString& calledAE) override
    {
        return trimmed(calledAE) == options_.aeTitle;
    }

    OFBool checkCallingAETitleAccepted(const OFString& callingAE) override
    {
        return options_.allowedCallingAeTitles.isEmpty() ||
               options_.allowedCallingAeTitles.contains(trimmed(callingAE));
    }

    void notifyAssociationAcknowledge() override
    {
        std::lock_guard<std::mutex> lock(state_->mutex);
        state_->busy = true;
        released_ = false;
        callingAe_ = trimmed(getPeerAETitle());
        pushed_.clear();
    }

    void notifyReleaseRequest() override { released_ = true; }

    void notifyAssociationTermination() override
    {
        std::map<QString, QStringList> pushed;
        {
            std::lock_guard<std::mutex> lock(state_->mutex);
            pushed.swap(pushed_);
        }
        auto log = log::get("pacs");
        for (const auto& [studyUid, files] : pushed) {
            if (!released_) {
                log->warn("storage SCP: association from {} ended without release: {} received "
                          "objects of study {} discarded",
                          callingAe_.toStdString(), files.size(),
                          DicomCache::studyKey(studyUid).toStdString());
                cache_.discard(files);
                continue;
            }
            auto committed = cache_.commit(studyUid, files, DicomCache::CommitMode::Merge);
            if (!committed) {
                log->error("storage SCP: study {} not stored: {}",
                           DicomCache::studyKey(studyUid).toStdString(),
                           committed.error().toString().toStdString());
                continue;
            }
            ReceivedStudy received{studyUid, committed.value().key, committed.value().folder,
                                   int(files.size()), callingAe_};
            StudyHandler handler;
            {
                std::lock_guard<std::mutex> lock(state_->mutex);
                handler = state_->handler;
            }
            if (handler)
                handler(received);
        }
        std::lock_guard<std::mutex> lock(state_->mutex);
        state_->busy = false;
        state_->changed.notify_all();
    }

    OFBool stopAfterConnectionTimeout() override { return state_->stop.load(); }
    OFBool stopAfterCurrentAssociation() override { return state_->stop.load(); }

private:
    Uint16 accept(const QString& tmp, qint64 sequence, const T_DIMSE_C_StoreRQ& request)
    {
        auto log = log::get("pacs");
        DcmFileFormat file;
        // Large values (pixel data) stay on disk: only the header is needed here.
        OFCondition cond = file.loadFile(OFFilename(QFile::encodeName(tmp).constData()),
                                         EXS_Unknown, EGL_noChange, 1024);
        OFString studyUid, sopUid, sopClass;
        DcmDataset* ds = file.getDataset();
        if (cond.good()) {
            ds->findAndGetOFString(DCM_StudyInstanceUID, studyUid);
            ds->findAndGetOFString(DCM_SOPInstanceUID, sopUid);
            ds->findAndGetOFString(DCM_SOPClassUID, sopClass);
        }
        file.clear(); // closes the file before the rename
        const QString sop = trimmed(sopUid);
        if (cond.bad() || sop.isEmpty() || trimmed(studyUid).isEmpty() ||
            sop != QString::fromLatin1(request.AffectedSOPInstanceUID).trimmed() ||
            trimmed(sopClass) != QString::fromLatin1(request.AffectedSOPClassUID).trimmed()) {
            log->warn("storage SCP: object from {} refused: unreadable, without a study, or not "
                      "matching its C-STORE request",
                      callingAe_.toStdString());
            QFile::remove(tmp);
            return STATUS_STORE_Error_DataSetDoesNotMatchSOPClass;
        }
        const QString final = QFileInfo(tmp).absolutePath() + QLatin1Char('/') +
                              DicomCache::objectFileName(sequence, sop);
        if (!QFile::rename(tmp, final)) {
            QFile::remove(tmp);
            log->error("storage SCP: cannot rename a received object in {}",
                       cache_.incomingFolder().toStdString());
            return STATUS_STORE_Refused_OutOfResources;
        }
        const QString study = trimmed(studyUid);
        std::lock_guard<std::mutex> lock(state_->mutex);
        for (auto& [id, collection] : state_->collections)
            if (collection.studyUid == study) {
                collection.files << final;
                state_->changed.notify_all();
                return STATUS_Success;
            }
        pushed_[study] << final;
        return STATUS_Success;
    }

    DicomCache& cache_;
    const Options options_;
    std::shared_ptr<State> state_;
    bool released_ = false;
    QString callingAe_;
    std::map<QString, QStringList> pushed_; ///< study UID -> files of this association
};

StorageScp::StorageScp(DicomCache& cache, Options options)
    : cache_(cache), options_(std::move(options)), state_(std::make_shared<State>())
{}

StorageScp::~StorageScp()
{
    stop();
}

Outcome<bool> StorageScp::start()
{
    if (thread_.joinable())
        return true;
    if (!PacsNode::isValidAeTitle(options_.aeTitle) || options_.port == 0)
        return Error{QStringLiteral("pacs.invalid_node"),
                     QStringLiteral("the storage SCP needs a valid AE title and a port"),
                     {}};
    state_->stop = false;
    service_ = std::make_unique<Service>(cache_, options_, state_);
    service_->setAETitle(options_.aeTitle.toStdString().c_str());
    service_->setPort(options_.port);
    service_->setConnectionBlockingMode(DUL_NOBLOCK);
    service_->setConnectionTimeout(1); // how often the listen loop looks at the stop flag
    service_->setDIMSEBlockingMode(DIMSE_NONBLOCKING);
    service_->setDIMSETimeout(Uint32(options_.dimseTimeoutS));
    service_->setACSETimeout(Uint32(options_.acseTimeoutS));
    service_->setHostLookupEnabled(OFFalse);
    OFList<OFString> syntaxes;
    for (const char* ts : kTransferSyntaxes)
        syntaxes.push_back(ts);
    OFCondition cond = service_->setEnableVerification();
    for (const char* sopClass : kPacsStorageSopClasses)
        if (cond.good())
            cond = service_->addPresentationContext(sopClass, syntaxes);
    if (cond.good())
        cond = service_->openListenPort();
    if (cond.bad()) {
        service_.reset();
        return Error{QStringLiteral("pacs.scp_unavailable"),
                     QStringLiteral("cannot listen on port %1: %2")
                         .arg(options_.port)
                         .arg(QString::fromLatin1(cond.text())),
                     {}};
    }
    thread_ = std::thread([service = service_.get(), port = options_.port] {
        const OFCondition result = service->acceptAssociations();
        if (result.bad() && result != NET_EC_StopAfterConnectionTimeout &&
            result != NET_EC_StopAfterAssociation)
            log::get("pacs")->error("storage SCP on port {} stopped: {}", port, result.text());
    });
    log::get("pacs")->info("storage SCP {} listening on port {}", options_.aeTitle.toStdString(),
                           options_.port);
    return true;
}

void StorageScp::stop()
{
    if (!thread_.joinable())
        return;
    state_->stop = true;
    thread_.join();
    service_.reset();
    log::get("pacs")->info("storage SCP on port {} stopped", options_.port);
}

bool StorageScp::isRunning() const
{
    return thread_.joinable() && !state_->stop;
}

void StorageScp::setStudyReceivedHandler(StudyHandler handler)
{
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->handler = std::move(handler);
}

int StorageScp::beginCollecting(const QString& studyUid)
{
    std::lock_guard<std::mutex> lock(state_->mutex);
    const int id = state_->nextCollection++;
    state_->collections[id] = State::Collection{studyUid.trimmed(), {}};
    return id;
}

int StorageScp::collectedCount(int collection) const
{
    std::lock_guard<std::mutex> lock(state_->mutex);
    const auto it = state_->collections.find(collection);
    return it == state_->collections.end() ? 0 : int(it->second.files.size());
}

bool StorageScp::waitForObjects(int collection, int count, int timeoutMs,
                                const std::function<bool()>& cancelled)
{
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    std::unique_lock<std::mutex> lock(state_->mutex);
    for (;;) {
        const auto it = state_->collections.find(collection);
        if (it == state_->collections.end())
            return false;
        if (it->second.files.size() >= count)
            return true;
        if (std::chrono::steady_clock::now() >= deadline || (cancelled && cancelled()))
            return false;
        state_->changed.wait_for(lock, std::chrono::milliseconds(100));
    }
}

QStringList StorageScp::endCollecting(int collection)
{
    std::lock_guard<std::mutex> lock(state_->mutex);
    const auto it = state_->collections.find(collection);
    if (it == state_->collections.end())
        return {};
    QStringList files = it->second.files;
    state_->collections.erase(it);
    return files;
}

bool StorageScp::waitUntilIdle(int timeoutMs)
{
    std::unique_lock<std::mutex> lock(state_->mutex);
    return state_->changed.wait_for(lock, std::chrono::milliseconds(timeoutMs),
                                    [&] { return !state_->busy; });
}

} // namespace mammolens::core
