#pragma once
// Our storage SCP (issue 9): the C-MOVE destination of retrievals, and the receiver of studies a
// PACS or modality pushes while the workstation runs.

#include "core/pacs/dicomcache.h"
#include "core/util/outcome.h"

#include <QString>
#include <QStringList>
#include <functional>
#include <memory>
#include <thread>

namespace mammolens::core {

/// Listens on its own thread (a DcmSCP; one association at a time). Accepts C-ECHO and C-STORE
/// of MG, DX, CR, Secondary Capture and SR objects called with our AE title, from any calling AE
/// unless Options::allowedCallingAeTitles lists some.
///
/// Every object is received into `<cache>/incoming/<n>.tmp`, checked (its SOP Instance and Class
/// UIDs match the request, it names a study), then renamed to `<n>-<SHA-1 of its SOP Instance
/// UID>.dcm`. Where it goes next:
/// - objects of a study a retrieval is collecting (beginCollecting()) are handed to that
///   retrieval, which commits the study or discards it;
/// - other objects are a push: when the association is released normally, each study it carried
///   is merged into the cache and reported through the study-received handler; when it is
///   aborted or breaks, its objects are deleted.
///
/// All public methods are thread-safe. The handler is called on the SCP thread.
class StorageScp
{
public:
    struct Options
    {
        QString aeTitle = QStringLiteral("MAMMOLENS");
        quint16 port = 11112;
        QStringList allowedCallingAeTitles; ///< empty: any calling AE
        int acseTimeoutS = 30;
        int dimseTimeoutS = 30;
    };

    struct ReceivedStudy
    {
        QString studyUid;
        QString studyKey; ///< DicomCache::studyKey(): log this, not the UID
        QString folder;
        int objects = 0; ///< received in this association
        QString callingAeTitle;
    };
    using StudyHandler = std::function<void(const ReceivedStudy&)>;

    StorageScp(DicomCache& cache, Options options);
    ~StorageScp(); ///< stop()s
    StorageScp(const StorageScp&) = delete;
    StorageScp& operator=(const StorageScp&) = delete;

    /// Opens the port and starts the thread. Errors: pacs.scp_unavailable (port in use, no
    /// permission), pacs.invalid_node (bad AE title).
    Outcome<bool> start();
    /// Returns within about a second when no association is open; an open one is finished
    /// first (bounded by the DIMSE timeout).
    void stop();
    bool isRunning() const;
    const Options& options() const { return options_; }

    void setStudyReceivedHandler(StudyHandler handler);

    /// Routes the objects of `studyUid` to the returned collection until endCollecting().
    int beginCollecting(const QString& studyUid);
    /// Waits until the collection holds `count` objects; false on timeout or when `cancelled`
    /// says so (checked every 100 ms).
    bool waitForObjects(int collection, int count, int timeoutMs,
                        const std::function<bool()>& cancelled = {});
    int collectedCount(int collection) const;
    /// Ends the collection and hands over its files (in incoming/; the caller commits or
    /// discards them).
    QStringList endCollecting(int collection);
    /// Waits until no association is open; false on timeout.
    bool waitUntilIdle(int timeoutMs);

    struct State;
    class Service;

private:
    DicomCache& cache_;
    Options options_;
    std::shared_ptr<State> state_;
    std::unique_ptr<Service> service_;
    std::thread thread_;
};

} // namespace mammolens::core
