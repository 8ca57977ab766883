#pragma once
// The local cache of studies retrieved from or pushed by a PACS (issue 9): one folder per study,
// a size limit with least-recently-used eviction, and a study is either complete or absent.

#include "core/util/outcome.h"

#include <QDateTime>
#include <QMutex>
#include <QString>
#include <QStringList>
#include <optional>
#include <vector>

namespace mammolens::core {

/// Layout under root():
///   incoming/              objects being received (`<n>.tmp`, renamed when complete)
///   staging/<n>/           a study being assembled; never read by anyone else
///   studies/<key>/         complete studies, key = SHA-1 of the Study Instance UID (hex)
///   index.json             per study: UID, key, bytes, files, last use (written atomically)
/// File and folder names are never made from received UIDs or descriptions: a received UID is
/// only ever hashed. Every method is thread-safe (one mutex); the storage SCP thread and
/// retrievals commit concurrently.
class DicomCache
{
public:
    struct Study
    {
        QString studyUid;
        QString key;    ///< SHA-1 of the Study Instance UID, hex: the folder name and log name
        QString folder; ///< absolute path of studies/<key>
        qint64 bytes = 0;
        int files = 0;
        QDateTime lastUsed;
        qint64 useOrder = 0; ///< increases with every use; the lowest is evicted first
    };

    enum class CommitMode
    {
        Replace, ///< the files are the whole study (a retrieval)
        Merge,   ///< the files add to (or replace same instances of) what is there (a push)
    };

    DicomCache(QString root, qint64 limitBytes);

    /// Creates the folders, reads the index, and removes what a crash left: everything in
    /// incoming/ and staging/, index entries without a folder, folders without an entry.
    /// Errors: pacs.cache_error.
    Outcome<bool> open();

    QString root() const { return root_; }
    QString incomingFolder() const;
    qint64 limitBytes() const { return limitBytes_; }
    qint64 totalBytes() const;

    /// A new empty folder under staging/. Errors: pacs.cache_error.
    Outcome<QString> newStagingFolder();
    /// A fresh `incoming/<n>.tmp` path (nothing is created); `sequence` gets <n>, for the final
    /// name (objectFileName()).
    QString newIncomingPath(qint64* sequence = nullptr);
    /// `<sequence>-<sha1 of the SOP Instance UID>.dcm`: the name a received object gets.
    static QString objectFileName(qint64 sequence, const QString& sopInstanceUid);
    static QString studyKey(const QString& studyUid);

    /// Moves `files` (anywhere on the cache's file system) into the study's folder in one step
    /// as seen by readers: a Replace swaps the whole folder, a Merge adds files. Then evicts
    /// least recently used studies, never this one, until the total fits the limit.
    /// On error the files are deleted. Errors: pacs.cache_error.
    Outcome<Study> commit(const QString& studyUid, const QStringList& files, CommitMode mode);
    /// Deletes files and folders of a failed transfer (missing ones are fine).
    void discard(const QStringList& paths);

    std::optional<Study> study(const QString& studyUid) const;
    /// Like study(), and marks the study as just used.
    std::optional<Study> use(const QString& studyUid);
    std::vector<Study> studies() const; ///< least recently used first
    bool remove(const QString& studyUid);

private:
    bool saveIndexLocked(QString* error);
    void evictLocked(const QString& keepKey);
    static qint64 folderBytes(const QString& folder, int* files);

    mutable QMutex mutex_;
    QString root_;
    qint64 limitBytes_;
    std::vector<Study> studies_;
    qint64 nextUseOrder_ = 1;
    qint64 nextSequence_ = 1;
};

} // namespace mammolens::core
