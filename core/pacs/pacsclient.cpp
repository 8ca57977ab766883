#include "core/pacs/pacsclient.h"

#include "core/logging/log.h"
#include "core/pacs/storagesopclasses.h"
#include "core/pacs/storagescp.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <algorithm>
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmnet/diutil.h>
#include <dcmtk/dcmnet/scu.h>
#include <memory>
#include <set>

namespace mammolens::core {

namespace {

OFList<OFString> uncompressedSyntaxes()
{
    OFList<OFString> ts;
    ts.push_back(UID_LittleEndianExplicitTransferSyntax);
    ts.push_back(UID_LittleEndianImplicitTransferSyntax);
    return ts;
}

/// What can arrive in a C-GET: uncompressed plus the lossless compressions we decode.
OFList<OFString> retrieveSyntaxes()
{
    OFList<OFString> ts = uncompressedSyntaxes();
    ts.push_back(UID_BigEndianExplicitTransferSyntax);
    ts.push_back(UID_JPEGProcess14SV1TransferSyntax);
    ts.push_back(UID_JPEGLSLosslessTransferSyntax);
    ts.push_back(UID_RLELosslessTransferSyntax);
    return ts;
}

QString text(const OFString& s)
{
    return QString::fromUtf8(s.c_str()).trimmed();
}

QString hex(Uint16 status)
{
    return QStringLiteral("0x%1").arg(status, 4, 16, QLatin1Char('0'));
}

enum class Phase
{
    Exchange, ///< echo, query, store
    Retrieve, ///< move, get
};

/// The DcmSCU with our progress, cancellation and C-GET storage.
class Scu : public DcmSCU
{
public:
    explicit Scu(const PacsClient::Options& options) : options_(options) {}

    bool cancelled() const { return options_.cancel && options_.cancel->load(); }
    bool cancelSent() const { return cancelSent_; }

    // C-GET storage: objects are written into `staging` and must belong to `studyUid`.
    QString staging;
    QString studyUid;
    QStringList received;
    int refused = 0;
    Error storeError;
    T_ASC_PresentationContextID retrievePresId = 0;

protected:
    OFCondition handleMOVEResponse(const T_ASC_PresentationContextID presID,
                                   RetrieveResponse* response, OFBool& wait) override
    {
        const OFCondition cond = DcmSCU::handleMOVEResponse(presID, response, wait);
        report(response, -1);
        cancelIfAsked(presID, wait);
        return cond;
    }

    OFCondition handleCGETResponse(const T_ASC_PresentationContextID presID,
                                   RetrieveResponse* response, OFBool& wait) override
    {
        const OFCondition cond = DcmSCU::handleCGETResponse(presID, response, wait);
        report(response, int(received.size()));
        cancelIfAsked(presID, wait);
        return cond;
    }

    OFCondition handleSTORERequest(const T_ASC_PresentationContextID /*presID*/,
                                   DcmDataset* incoming, OFBool& wait, Uint16& status) override
    {
        if (!incoming)
            return DIMSE_NULLKEY;
        DcmFileFormat file(incoming, OFFalse); // owns the dataset from here
        OFString study, sop;
        incoming->findAndGetOFString(DCM_StudyInstanceUID, study);
        incoming->findAndGetOFString(DCM_SOPInstanceUID, sop);
        if (text(sop).isEmpty() || text(study) != studyUid) {
            ++refused;
            status = STATUS_STORE_Error_DataSetDoesNotMatchSOPClass;
            return EC_Normal;
        }
        const qint64 sequence = received.size() + refused + 1;
        const QString tmp = staging + QStringLiteral("/%1.tmp").arg(sequence);
        const OFCondition saved = file.saveFile(OFFilename(QFile::encodeName(tmp).constData()));
        const QString final =
            staging + QLatin1Char('/') + DicomCache::objectFileName(sequence, text(sop));
        if (saved.bad() || !QFile::rename(tmp, final)) {
            QFile::remove(tmp);
            storeError = Error{QStringLiteral("pacs.cache_error"),
                               QStringLiteral("cannot write a received object: %1")
                                   .arg(QString::fromLatin1(saved.text())),
                               staging};
            status = STATUS_STORE_Refused_OutOfResources;
            wait = OFFalse;
            return saved.bad() ? saved : EC_IllegalCall;
        }
        received << final;
        status = STATUS_Success;
        if (options_.progress)
            options_.progress(int(received.size()), total_);
        if (retrievePresId)
            cancelIfAsked(retrievePresId, wait);
        return EC_Normal;
    }

private:
    void report(const RetrieveResponse* r, int done)
    {
        if (!r)
            return;
        if (r->m_status == STATUS_Pending ||
            r->m_status == STATUS_MOVE_Pending_SubOperationsAreContinuing)
            total_ = r->m_numberOfRemainingSubops + r->m_numberOfCompletedSubops +
                     r->m_numberOfFailedSubops + r->m_numberOfWarningSubops;
        if (done < 0)
            done = r->m_numberOfCompletedSubops + r->m_numberOfWarningSubops;
        if (options_.progress)
            options_.progress(done, total_);
    }

    void cancelIfAsked(T_ASC_PresentationContextID presID, OFBool wait)
    {
        if (wait && !cancelSent_ && cancelled()) {
            sendCANCELRequest(presID);
            cancelSent_ = true;
        }
    }

    const PacsClient::Options& options_;
    bool cancelSent_ = false;
    int total_ = -1;
};

struct Responses
{
    OFList<RetrieveResponse*> list;
    ~Responses()
    {
        for (RetrieveResponse* r : list)
            delete r;
    }
};

} // namespace

PacsClient::PacsClient(PacsNode peer, Options options)
    : peer_(std::move(peer)), options_(std::move(options))
{}

namespace {

QString peerText(const PacsNode& peer)
{
    return peer.toSpec();
}

Error errorFor(const OFCondition& cond, Phase phase, const PacsNode& peer,
               const PacsClient::Options& o)
{
    const QString what = QString::fromLatin1(cond.text());
    if (cond == DIMSE_NODATAAVAILABLE || cond == DUL_READTIMEOUT)
        return Error{QStringLiteral("pacs.timeout"),
                     QStringLiteral("%1 did not answer within %2 s")
                         .arg(peerText(peer))
                         .arg(o.dimseTimeoutS),
                     {}};
    if (phase == Phase::Retrieve)
        return Error{QStringLiteral("pacs.transfer_incomplete"),
                     QStringLiteral("the transfer from %1 broke off (%2); nothing was kept")
                         .arg(peerText(peer), what),
                     {}};
    return Error{QStringLiteral("pacs.connection_lost"),
                 QStringLiteral("the association with %1 broke (%2)").arg(peerText(peer), what),
                 {}};
}

Outcome<bool> connect(Scu& scu, const PacsNode& peer, const PacsClient::Options& o)
{
    if (scu.cancelled())
        return Error{QStringLiteral("pacs.cancelled"), QStringLiteral("cancelled"), {}};
    scu.setAETitle(o.localAeTitle.toStdString().c_str());
    scu.setPeerHostName(peer.host.toStdString().c_str());
    scu.setPeerAETitle(peer.aeTitle.toStdString().c_str());
    scu.setPeerPort(peer.port);
    scu.setConnectionTimeout(Sint32(o.connectTimeoutS));
    scu.setACSETimeout(Uint32(o.acseTimeoutS));
    scu.setDIMSEBlockingMode(DIMSE_NONBLOCKING);
    scu.setDIMSETimeout(Uint32(o.dimseTimeoutS));
    OFCondition cond = scu.initNetwork();
    if (cond.bad())
        return Error{QStringLiteral("pacs.network_error"),
                     QStringLiteral("cannot set up the association with %1: %2")
                         .arg(peerText(peer), QString::fromLatin1(cond.text())),
                     {}};
    cond = scu.negotiateAssociation();
    if (cond.good())
        return true;
    const QString what = QString::fromLatin1(cond.text());
    if (cond == DUL_ASSOCIATIONREJECTED)
        return Error{QStringLiteral("pacs.association_rejected"),
                     QStringLiteral("%1 rejected the association from %2: check that its AE title "
                                    "is '%3' and that it accepts '%2'")
                         .arg(peerText(peer), o.localAeTitle, peer.aeTitle),
                     {}};
    if (cond == NET_EC_NoAcceptablePresentationContexts)
        return Error{
            QStringLiteral("pacs.not_supported"),
            QStringLiteral("%1 accepts none of the services asked for").arg(peerText(peer)),
            {}};
    if (cond == DUL_READTIMEOUT || cond == DIMSE_NODATAAVAILABLE)
        return Error{QStringLiteral("pacs.timeout"),
                     QStringLiteral("%1 accepted the connection but did not answer the association "
                                    "request within %2 s")
                         .arg(peerText(peer))
                         .arg(o.acseTimeoutS),
                     {}};
    return Error{QStringLiteral("pacs.unreachable"),
                 QStringLiteral("cannot connect to %1 (%2)").arg(peerText(peer), what),
                 {}};
}

/// Ends the association: released after success, aborted after a failure, only freed when the
/// peer is already gone (`cond` says how the last exchange ended).
void close(Scu& scu, bool good, const OFCondition& cond = EC_Normal)
{
    if (!scu.isConnected())
        return;
    if (cond == DUL_PEERABORTEDASSOCIATION || cond == DUL_NETWORKCLOSED ||
        cond == DUL_READTIMEOUT || cond == DIMSE_READPDVFAILED || cond == DUL_PEERREQUESTEDRELEASE)
        scu.closeAssociation(DCMSCU_PEER_ABORTED_ASSOCIATION);
    else if (good)
        scu.releaseAssociation();
    else
        scu.abortAssociation();
}

void put(DcmDataset& ds, const DcmTagKey& tag, const QString& value)
{
    ds.putAndInsertString(tag, value.toUtf8().constData());
}

QString dateRange(const QDate& since, const QDate& until)
{
    if (!since.isValid() && !until.isValid())
        return {};
    const QString a = since.isValid() ? since.toString(QStringLiteral("yyyyMMdd")) : QString();
    const QString b = until.isValid() ? until.toString(QStringLiteral("yyyyMMdd")) : QString();
    return a == b ? a : a + QLatin1Char('-') + b;
}

int number(DcmDataset* ds, const DcmTagKey& tag)
{
    OFString s;
    if (ds->findAndGetOFString(tag, s).bad() || s.empty())
        return -1;
    bool ok = false;
    const int n = text(s).toInt(&ok);
    return ok ? n : -1;
}

QString string(DcmDataset* ds, const DcmTagKey& tag)
{
    OFString s;
    ds->findAndGetOFStringArray(tag, s);
    return text(s);
}

PacsRecord studyRecord(DcmDataset* ds)
{
    ds->convertToUTF8(); // leaves the dataset as it was when it cannot
    PacsRecord r;
    r.studyUid = string(ds, DCM_StudyInstanceUID);
    r.patientId = string(ds, DCM_PatientID);
    r.patientName = string(ds, DCM_PatientName);
    r.studyDate = QDate::fromString(string(ds, DCM_StudyDate), QStringLiteral("yyyyMMdd"));
    r.studyTime = string(ds, DCM_StudyTime);
    r.accessionNumber = string(ds, DCM_AccessionNumber);
    r.studyDescription = string(ds, DCM_StudyDescription);
    r.modalitiesInStudy =
        string(ds, DCM_ModalitiesInStudy).split(QLatin1Char('\\'), Qt::SkipEmptyParts);
    r.numberOfSeries = number(ds, DCM_NumberOfStudyRelatedSeries);
    r.numberOfInstances = number(ds, DCM_NumberOfStudyRelatedInstances);
    return r;
}

/// One C-FIND; the matches' datasets go to `match`. Error on a failure status.
Outcome<bool> findOnce(Scu& scu, T_ASC_PresentationContextID pc, DcmDataset& keys,
                       const PacsNode& peer, const PacsClient::Options& o,
                       const std::function<void(DcmDataset*)>& match)
{
    OFList<QRResponse*> responses;
    const OFCondition cond = scu.sendFINDRequest(pc, &keys, &responses);
    Uint16 status = STATUS_Success;
    for (QRResponse* r : responses) {
        if (r->m_dataset && DICOM_PENDING_STATUS(r->m_status))
            match(r->m_dataset);
        status = r->m_status;
        delete r;
    }
    if (cond.bad()) {
        close(scu, false, cond);
        return errorFor(cond, Phase::Exchange, peer, o);
    }
    if (status != STATUS_Success)
        return Error{
            QStringLiteral("pacs.query_failed"),
            QStringLiteral("%1 answered the query with status %2").arg(peerText(peer), hex(status)),
            {}};
    return true;
}

} // namespace

Outcome<bool> PacsClient::echo()
{
    Scu scu(options_);
    OFList<OFString> ts = uncompressedSyntaxes();
    scu.addPresentationContext(UID_VerificationSOPClass, ts);
    QElapsedTimer timer;
    timer.start();
    auto connected = connect(scu, peer_, options_);
    if (!connected)
        return connected.error();
    const OFCondition cond = scu.sendECHORequest(0);
    close(scu, cond.good(), cond);
    if (cond.bad())
        return errorFor(cond, Phase::Exchange, peer_, options_);
    log::get("pacs")->info("C-ECHO {}: ok in {} ms", peer_.toSpec().toStdString(), timer.elapsed());
    return true;
}

Outcome<std::vector<PacsRecord>> PacsClient::find(const PacsQuery& query)
{
    Scu scu(options_);
    scu.addPresentationContext(UID_FINDStudyRootQueryRetrieveInformationModel,
                               uncompressedSyntaxes());
    auto connected = connect(scu, peer_, options_);
    if (!connected)
        return connected.error();
    const T_ASC_PresentationContextID pc =
        scu.findAnyPresentationContextID(UID_FINDStudyRootQueryRetrieveInformationModel, "");

    DcmDataset keys;
    put(keys, DCM_QueryRetrieveLevel, QStringLiteral("STUDY"));
    put(keys, DCM_StudyInstanceUID, query.studyUid);
    put(keys, DCM_PatientID, query.patientId);
    put(keys, DCM_PatientName, query.patientName);
    put(keys, DCM_StudyDate, dateRange(query.since, query.until));
    put(keys, DCM_StudyTime, {});
    put(keys, DCM_AccessionNumber, query.accessionNumber);
    put(keys, DCM_ModalitiesInStudy, query.modality);
    put(keys, DCM_StudyDescription, {});
    put(keys, DCM_NumberOfStudyRelatedSeries, {});
    put(keys, DCM_NumberOfStudyRelatedInstances, {});
    std::vector<PacsRecord> studies;
    auto found = findOnce(scu, pc, keys, peer_, options_,
                          [&](DcmDataset* ds) { studies.push_back(studyRecord(ds)); });
    if (!found) {
        close(scu, false);
        return found.error();
    }
    if (query.level == PacsQuery::Level::Study) {
        close(scu, true);
        log::get("pacs")->info("C-FIND {} study level: {} matches", peer_.toSpec().toStdString(),
                               studies.size());
        return studies;
    }
    std::vector<PacsRecord> series;
    for (const PacsRecord& study : studies) {
        if (scu.cancelled()) {
            close(scu, false);
            return Error{QStringLiteral("pacs.cancelled"), QStringLiteral("cancelled"), {}};
        }
        DcmDataset seriesKeys;
        put(seriesKeys, DCM_QueryRetrieveLevel, QStringLiteral("SERIES"));
        put(seriesKeys, DCM_StudyInstanceUID, study.studyUid);
        put(seriesKeys, DCM_SeriesInstanceUID, {});
        put(seriesKeys, DCM_Modality, {});
        put(seriesKeys, DCM_SeriesDescription, {});
        put(seriesKeys, DCM_SeriesNumber, {});
        put(seriesKeys, DCM_NumberOfSeriesRelatedInstances, {});
        found = findOnce(scu, pc, seriesKeys, peer_, options_, [&](DcmDataset* ds) {
            ds->convertToUTF8();
            PacsRecord r = study;
            r.seriesUid = string(ds, DCM_SeriesInstanceUID);
            r.modality = string(ds, DCM_Modality);
            r.seriesDescription = string(ds, DCM_SeriesDescription);
            r.seriesNumber = number(ds, DCM_SeriesNumber);
            r.numberOfInstances = number(ds, DCM_NumberOfSeriesRelatedInstances);
            series.push_back(r);
        });
        if (!found) {
            close(scu, false);
            return found.error();
        }
    }
    close(scu, true);
    log::get("pacs")->info("C-FIND {} series level: {} series in {} studies",
                           peer_.toSpec().toStdString(), series.size(), studies.size());
    return series;
}

Outcome<PacsClient::RetrieveResult> PacsClient::move(const QString& studyUid, StorageScp& scp,
                                                     DicomCache& cache)
{
    auto log = log::get("pacs");
    const QString key = DicomCache::studyKey(studyUid);
    if (!scp.isRunning())
        return Error{
            QStringLiteral("pacs.scp_unavailable"),
            QStringLiteral("our storage SCP is not running: C-MOVE has nowhere to send to"),
            {}};
    Scu scu(options_);
    scu.addPresentationContext(UID_MOVEStudyRootQueryRetrieveInformationModel,
                               uncompressedSyntaxes());
    auto connected = connect(scu, peer_, options_);
    if (!connected)
        return connected.error();
    const T_ASC_PresentationContextID pc =
        scu.findAnyPresentationContextID(UID_MOVEStudyRootQueryRetrieveInformationModel, "");

    DcmDataset keys;
    put(keys, DCM_QueryRetrieveLevel, QStringLiteral("STUDY"));
    put(keys, DCM_StudyInstanceUID, studyUid.trimmed());
    const int collection = scp.beginCollecting(studyUid);
    OFCondition cond = EC_Normal;
    const auto fail = [&](Error e) {
        close(scu, false, cond);
        // An object may still be on its way in: let the SCP finish or drop it, then delete all.
        scp.waitUntilIdle(3000);
        cache.discard(scp.endCollecting(collection));
        log->warn("C-MOVE {} study {}: {} ({})", peer_.toSpec().toStdString(), key.toStdString(),
                  e.code.toStdString(), e.message.toStdString());
        return e;
    };
    Responses responses;
    cond = scu.sendMOVERequest(pc, scp.options().aeTitle.toStdString().c_str(), &keys,
                               &responses.list);
    if (cond.bad())
        return fail(errorFor(cond, Phase::Retrieve, peer_, options_));
    if (responses.list.empty())
        return fail(Error{QStringLiteral("pacs.transfer_incomplete"),
                          QStringLiteral("%1 sent no C-MOVE response").arg(peerText(peer_)),
                          {}});
    const RetrieveResponse* last = responses.list.back();
    if (scu.cancelSent() ||
        last->m_status == STATUS_MOVE_Cancel_SubOperationsTerminatedDueToCancelIndication)
        return fail(
            Error{QStringLiteral("pacs.cancelled"), QStringLiteral("retrieval cancelled"), {}});
    if (last->m_status == STATUS_MOVE_Failed_MoveDestinationUnknown)
        return fail(Error{QStringLiteral("pacs.move_destination_unknown"),
                          QStringLiteral("%1 does not know our AE title '%2' as a C-MOVE "
                                         "destination: add it (with our host and port %3) to the "
                                         "node's configuration")
                              .arg(peerText(peer_), scp.options().aeTitle)
                              .arg(scp.options().port),
                          {}});
    const int completed = last->m_numberOfCompletedSubops + last->m_numberOfWarningSubops;
    if (last->m_status != STATUS_Success && completed == 0 && last->m_numberOfFailedSubops == 0 &&
        scp.collectedCount(collection) == 0)
        return fail(Error{QStringLiteral("pacs.not_found"),
                          QStringLiteral("%1 has no object of the study (status %2)")
                              .arg(peerText(peer_), hex(last->m_status)),
                          studyUid});
    if (last->m_status != STATUS_Success || last->m_numberOfFailedSubops > 0)
        return fail(Error{QStringLiteral("pacs.transfer_incomplete"),
                          QStringLiteral("%1 ended the C-MOVE with status %2 (%3 sent, %4 failed); "
                                         "nothing was kept")
                              .arg(peerText(peer_), hex(last->m_status))
                              .arg(completed)
                              .arg(last->m_numberOfFailedSubops),
                          {}});
    close(scu, true);
    const int expected = std::max(completed, scp.collectedCount(collection));
    if (expected == 0)
        return fail(Error{QStringLiteral("pacs.not_found"),
                          QStringLiteral("%1 has no object of the study").arg(peerText(peer_)),
                          studyUid});
    if (!scp.waitForObjects(collection, expected, options_.dimseTimeoutS * 1000,
                            [&] { return scu.cancelled(); }))
        return fail(
            Error{QStringLiteral("pacs.transfer_incomplete"),
                  QStringLiteral("%1 reported %2 objects sent but %3 arrived; nothing was kept")
                      .arg(peerText(peer_))
                      .arg(expected)
                      .arg(scp.collectedCount(collection)),
                  {}});
    const QStringList files = scp.endCollecting(collection);
    auto committed = cache.commit(studyUid, files, DicomCache::CommitMode::Replace);
    if (!committed)
        return committed.error();
    log->info("C-MOVE {} study {}: {} objects", peer_.toSpec().toStdString(), key.toStdString(),
              files.size());
    return RetrieveResult{committed.value(), int(files.size())};
}

Outcome<PacsClient::RetrieveResult> PacsClient::get(const QString& studyUid, DicomCache& cache)
{
    auto log = log::get("pacs");
    const QString key = DicomCache::studyKey(studyUid);
    auto staging = cache.newStagingFolder();
    if (!staging)
        return staging.error();
    Scu scu(options_);
    scu.staging = staging.value();
    scu.studyUid = studyUid.trimmed();
    scu.setStorageDir(QFile::encodeName(staging.value()).constData());
    scu.addPresentationContext(UID_GETStudyRootQueryRetrieveInformationModel,
                               uncompressedSyntaxes());
    for (const char* sopClass : kPacsStorageSopClasses)
        scu.addPresentationContext(sopClass, retrieveSyntaxes(), ASC_SC_ROLE_SCP);
    OFCondition cond = EC_Normal;
    const auto fail = [&](Error e) {
        close(scu, false, cond);
        cache.discard({staging.value()});
        log->warn("C-GET {} study {}: {} ({})", peer_.toSpec().toStdString(), key.toStdString(),
                  e.code.toStdString(), e.message.toStdString());
        return e;
    };
    auto connected = connect(scu, peer_, options_);
    if (!connected)
        return fail(connected.error());
    const T_ASC_PresentationContextID pc =
        scu.findAnyPresentationContextID(UID_GETStudyRootQueryRetrieveInformationModel, "");
    if (pc == 0)
        return fail(Error{
            QStringLiteral("pacs.not_supported"),
            QStringLiteral("%1 does not support C-GET; retrieve with C-MOVE").arg(peerText(peer_)),
            {}});
    scu.retrievePresId = pc;
    DcmDataset keys;
    put(keys, DCM_QueryRetrieveLevel, QStringLiteral("STUDY"));
    put(keys, DCM_StudyInstanceUID, studyUid.trimmed());
    Responses responses;
    cond = scu.sendCGETRequest(pc, &keys, &responses.list);
    if (!scu.storeError.code.isEmpty())
        return fail(scu.storeError);
    if (cond.bad())
        return fail(errorFor(cond, Phase::Retrieve, peer_, options_));
    if (responses.list.empty())
        return fail(Error{QStringLiteral("pacs.transfer_incomplete"),
                          QStringLiteral("%1 sent no C-GET response").arg(peerText(peer_)),
                          {}});
    const RetrieveResponse* last = responses.list.back();
    if (scu.cancelSent() ||
        last->m_status == STATUS_GET_Cancel_SubOperationsTerminatedDueToCancelIndication)
        return fail(
            Error{QStringLiteral("pacs.cancelled"), QStringLiteral("retrieval cancelled"), {}});
    if (last->m_status != STATUS_Success && scu.received.isEmpty() &&
        last->m_numberOfFailedSubops == 0 && scu.refused == 0)
        return fail(Error{QStringLiteral("pacs.not_found"),
                          QStringLiteral("%1 has no object of the study (status %2)")
                              .arg(peerText(peer_), hex(last->m_status)),
                          studyUid});
    if (last->m_status != STATUS_Success || last->m_numberOfFailedSubops > 0 || scu.refused > 0)
        return fail(
            Error{QStringLiteral("pacs.transfer_incomplete"),
                  QStringLiteral("%1 ended the C-GET with status %2 (%3 received, %4 failed); "
                                 "nothing was kept")
                      .arg(peerText(peer_), hex(last->m_status))
                      .arg(scu.received.size())
                      .arg(last->m_numberOfFailedSubops + scu.refused),
                  {}});
    close(scu, true);
    if (scu.received.isEmpty())
        return fail(Error{QStringLiteral("pacs.not_found"),
                          QStringLiteral("%1 has no object of the study").arg(peerText(peer_)),
                          studyUid});
    auto committed = cache.commit(studyUid, scu.received, DicomCache::CommitMode::Replace);
    cache.discard({staging.value()});
    if (!committed)
        return committed.error();
    log->info("C-GET {} study {}: {} objects", peer_.toSpec().toStdString(), key.toStdString(),
              scu.received.size());
    return RetrieveResult{committed.value(), int(scu.received.size())};
}

Outcome<PacsClient::StoreResult> PacsClient::store(const QStringList& files)
{
    StoreResult result;
    QStringList readable;
    std::set<std::string> sopClasses;
    for (const QString& f : files) {
        DcmFileFormat file;
        OFString sopClass;
        const OFCondition cond = file.loadFile(OFFilename(QFile::encodeName(f).constData()),
                                               EXS_Unknown, EGL_noChange, 256);
        if (cond.bad() || file.getDataset()->findAndGetOFString(DCM_SOPClassUID, sopClass).bad()) {
            result.failures.push_back(Error{QStringLiteral("pacs.file_error"),
                                            QStringLiteral("not a readable DICOM file"), f});
            continue;
        }
        readable << f;
        sopClasses.insert(sopClass.c_str());
        // The file's own transfer syntax too, so that nothing needs converting.
        const char* own = DcmXfer(file.getDataset()->getOriginalXfer()).getXferID();
        sopClasses.insert(std::string(sopClass.c_str()) + '|' + own);
    }
    if (readable.isEmpty())
        return result.failures.empty()
                   ? Outcome<StoreResult>(result)
                   : Outcome<StoreResult>(Error{
                         QStringLiteral("pacs.file_error"),
                         QStringLiteral("none of the files is readable DICOM"), files.value(0)});
    Scu scu(options_);
    scu.setDatasetConversionMode(OFTrue);
    for (const std::string& entry : sopClasses) {
        const auto bar = entry.find('|');
        if (bar == std::string::npos) {
            scu.addPresentationContext(entry.c_str(), uncompressedSyntaxes());
        } else {
            OFList<OFString> own;
            own.push_back(entry.substr(bar + 1).c_str());
            scu.addPresentationContext(entry.substr(0, bar).c_str(), own);
        }
    }
    auto connected = connect(scu, peer_, options_);
    if (!connected)
        return connected.error();
    int done = 0;
    for (const QString& f : readable) {
        if (scu.cancelled()) {
            close(scu, false);
            return Error{
                QStringLiteral("pacs.cancelled"),
                QStringLiteral("cancelled after %1 of %2 files").arg(done).arg(readable.size()),
                {}};
        }
        Uint16 status = 0;
        const OFCondition cond =
            scu.sendSTORERequest(0, OFFilename(QFile::encodeName(f).constData()), nullptr, status);
        ++done;
        if (cond == DIMSE_NOVALIDPRESENTATIONCONTEXTID || cond == NET_EC_UnknownStorageSOPClass) {
            result.failures.push_back(Error{
                QStringLiteral("pacs.not_supported"),
                QStringLiteral("%1 does not accept this kind of object").arg(peerText(peer_)), f});
        } else if (cond.bad()) {
            close(scu, false, cond);
            return errorFor(cond, Phase::Exchange, peer_, options_);
        } else if (status == STATUS_Success || (status & 0xf000) == 0xb000) {
            ++result.stored;
        } else {
            result.failures.push_back(Error{QStringLiteral("pacs.store_failed"),
                                            QStringLiteral("%1 refused the object with status %2")
                                                .arg(peerText(peer_), hex(status)),
                                            f});
        }
        if (options_.progress)
            options_.progress(done, int(readable.size()));
    }
    close(scu, true);
    log::get("pacs")->info("C-STORE {}: {} stored, {} failed", peer_.toSpec().toStdString(),
                           result.stored, result.failures.size());
    return result;
}

} // namespace mammolens::core
