#pragma once
// Talks to one PACS node as a DICOM SCU (issue 9): C-ECHO, C-FIND, C-MOVE, C-GET and C-STORE.

#include "core/pacs/dicomcache.h"
#include "core/pacs/pacsnode.h"
#include "core/pacs/pacsquery.h"
#include "core/pacs/pacsrecord.h"
#include "core/util/outcome.h"

#include <QString>
#include <QStringList>
#include <atomic>
#include <functional>
#include <vector>

namespace mammolens::core {

class StorageScp;

/// Each call opens its own association and closes it before returning, so a failed call leaves
/// nothing behind and the next one starts clean. Calls block; run them off the GUI thread. One
/// PacsClient may be used from one thread at a time; several clients may run at once (DCMTK's
/// connection timeout is a process-wide setting: the last client to connect sets it).
///
/// Errors (Error::code):
/// - pacs.unreachable: nothing answers at host:port (refused, no route, connect timeout)
/// - pacs.association_rejected: the node refused us (unknown called or calling AE title)
/// - pacs.not_supported: the node accepts none of the needed presentation contexts (C-GET on a
///   node without it)
/// - pacs.timeout: the node stopped answering within the ACSE or DIMSE timeout
/// - pacs.connection_lost: the association broke during an echo, query or store
/// - pacs.transfer_incomplete: a retrieval broke or some objects failed; nothing was cached
/// - pacs.move_destination_unknown: the node does not know our AE title as a C-MOVE destination
/// - pacs.not_found: the node has no object of the study
/// - pacs.query_failed, pacs.store_failed: the node answered with a failure status
/// - pacs.cancelled, pacs.scp_unavailable, pacs.cache_error, pacs.file_error
class PacsClient
{
public:
    struct Options
    {
        QString localAeTitle = QStringLiteral("MAMMOLENS");
        int connectTimeoutS = 10;
        int acseTimeoutS = 30;
        int dimseTimeoutS = 60;
        /// Checked before connecting and between responses and objects; a retrieval in flight
        /// sends C-CANCEL.
        const std::atomic_bool* cancel = nullptr;
        /// (done, total) objects or files; total -1 while unknown. Called on the calling thread.
        std::function<void(int, int)> progress;
    };

    struct RetrieveResult
    {
        DicomCache::Study study;
        int objects = 0;
    };

    struct StoreResult
    {
        int stored = 0;
        std::vector<Error> failures; ///< per file (source = the file), the rest was stored
    };

    PacsClient(PacsNode peer, Options options);

    Outcome<bool> echo();
    /// Study level, or series level (every series of each matching study).
    Outcome<std::vector<PacsRecord>> find(const PacsQuery& query);
    /// C-MOVE of the whole study to `scp` (running, and known to the node under its AE title),
    /// committed to `cache` only when every object arrived.
    Outcome<RetrieveResult> move(const QString& studyUid, StorageScp& scp, DicomCache& cache);
    /// C-GET of the whole study on our association, committed only when every object arrived.
    Outcome<RetrieveResult> get(const QString& studyUid, DicomCache& cache);
    /// C-STORE of each file (any storage SOP class the node accepts).
    Outcome<StoreResult> store(const QStringList& files);

    const PacsNode& peer() const { return peer_; }

private:
    PacsNode peer_;
    Options options_;
};

} // namespace mammolens::core
