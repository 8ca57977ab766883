#pragma once
// The workstation's PACS work off the GUI thread (issue 9): echo, query and retrieve against the
// configured nodes, the local cache retrieved studies land in, and the storage SCP that receives
// studies pushed while the workstation runs.

#include "core/pacs/dicomcache.h"
#include "core/pacs/pacsclient.h"
#include "core/pacs/pacsnode.h"
#include "core/pacs/pacsnodestore.h"
#include "core/pacs/pacsquery.h"
#include "core/pacs/pacsrecord.h"
#include "core/util/outcome.h"

#include <QObject>
#include <QString>
#include <QStringList>
#include <atomic>
#include <memory>
#include <vector>

namespace mammolens::core {
class StorageScp;
} // namespace mammolens::core

namespace mammolens::app {

/// A parentless QObject moved to its own QThread (Qt's worker pattern). Its slots block while
/// the network works; a PacsClient is made per request. Results go back as queued signals.
///
/// Thread-safety: issue() and cancel() may be called from any thread (the GUI thread calls them
/// while a request runs); everything else runs on the service's thread.
class PacsService : public QObject
{
    Q_OBJECT
public:
    struct Settings
    {
        core::PacsNodeStore::Local local;
        bool receive = false; ///< `pacs/local/enabled`: run the storage SCP all the time
        int connectTimeoutS = 10;
        int acseTimeoutS = 30;
        int dimseTimeoutS = 60;
    };

    /// QSettings key of `Settings::receive` (the node store keeps the rest of `pacs/local`).
    static QString receiveKey() { return QStringLiteral("pacs/local/enabled"); }
    /// The current settings from the application's QSettings.
    static Settings loadSettings();

    explicit PacsService(Settings settings);
    ~PacsService() override; ///< stops the storage SCP

    /// A ticket for the next request: cancel() cancels every request ticketed before it.
    quint64 issue();
    /// Cancels the running request and every request already issued. Thread-safe.
    void cancel();

public Q_SLOTS:
    /// Opens the cache and, when Settings::receive says so, starts the storage SCP.
    void start();
    /// New settings (our AE title, port, receiving): restarts the SCP accordingly.
    void reconfigure(const mammolens::app::PacsService::Settings& settings);
    void stop();

    void echo(quint64 ticket, const mammolens::core::PacsNode& node);
    void query(quint64 ticket, const mammolens::core::PacsNode& node,
               const mammolens::core::PacsQuery& query);
    /// Studies one after the other (C-GET where the node supports it, else C-MOVE to our SCP);
    /// studyRetrieved for each one that arrived, then retrieveFinished.
    void retrieve(quint64 ticket, const mammolens::core::PacsNode& node,
                  const QStringList& studyUids);

Q_SIGNALS:
    /// error.code is empty when the node answered.
    void echoFinished(const mammolens::core::Error& error, int milliseconds);
    void queryFinished(const std::vector<mammolens::core::PacsRecord>& records);
    void queryFailed(const mammolens::core::Error& error);
    /// `study` of `studies` (from 0); (done, total) objects of it, total -1 while unknown.
    void retrieveProgress(int study, int studies, int done, int total);
    void studyRetrieved(const QString& folder, const QString& studyUid);
    /// error.code is empty when every study arrived; else the first failure (pacs.cancelled
    /// after a cancel).
    void retrieveFinished(int retrieved, int requested, const mammolens::core::Error& error);
    /// A pushed study, complete in the cache. Emitted on the SCP's thread.
    void studyReceived(const QString& folder, const QString& studyUid);
    /// The storage SCP listens (receive or C-MOVE) or failed to (error.code not empty).
    void receiverChanged(bool listening, const QString& aeTitle, quint16 port,
                         const mammolens::core::Error& error);

private:
    core::PacsClient::Options clientOptions() const;
    /// Starts the SCP if it is not running. Errors: pacs.scp_unavailable, pacs.cache_error.
    core::Outcome<bool> ensureScp();
    void stopScp();
    core::Outcome<bool> ensureCache();
    void beginRequest(quint64 ticket);

    Settings settings_;
    std::unique_ptr<core::DicomCache> cache_; ///< outlives scp_ (the SCP writes into it)
    bool cacheOpen_ = false;
    std::unique_ptr<core::StorageScp> scp_;
    std::atomic_bool cancel_{false};
    std::atomic<quint64> issued_{0};
    std::atomic<quint64> cancelledUpTo_{0};
};

} // namespace mammolens::app
