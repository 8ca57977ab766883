#include "core/pacs/dicomcache.h"

#include "core/logging/log.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutexLocker>
#include <QSaveFile>
#include <algorithm>
#include <map>

namespace mammolens::core {

namespace {

Error cacheError(const QString& message, const QString& source = {})
{
    return Error{QStringLiteral("pacs.cache_error"), message, source};
}

QString sha1(const QString& text)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha1).toHex());
}

/// The SHA-1 part of an object file name (what identifies the instance within a study).
QString instancePart(const QString& fileName)
{
    const int dash = fileName.indexOf(QLatin1Char('-'));
    return dash < 0 ? fileName : fileName.mid(dash + 1);
}

} // namespace

DicomCache::DicomCache(QString root, qint64 limitBytes)
    : root_(QDir(root).absolutePath()), limitBytes_(limitBytes)
{}

QString DicomCache::incomingFolder() const
{
    return root_ + QStringLiteral("/incoming");
}

QString DicomCache::studyKey(const QString& studyUid)
{
    return sha1(studyUid.trimmed());
}

QString DicomCache::objectFileName(qint64 sequence, const QString& sopInstanceUid)
{
    return QStringLiteral("%1-%2.dcm")
        .arg(sequence, 8, 10, QLatin1Char('0'))
        .arg(sha1(sopInstanceUid.trimmed()));
}

qint64 DicomCache::folderBytes(const QString& folder, int* files)
{
    qint64 bytes = 0;
    int count = 0;
    QDirIterator it(folder, QDir::Files);
    while (it.hasNext()) {
        it.next();
        bytes += it.fileInfo().size();
        ++count;
    }
    if (files)
        *files = count;
    return bytes;
}

Outcome<bool> DicomCache::open()
{
    QMutexLocker lock(&mutex_);
    for (const char* sub : {"incoming", "staging", "studies"}) {
        QDir dir(root_ + QLatin1Char('/') + QLatin1String(sub));
        // Leftovers of a crash or a kill are partial by definition.
        if (qstrcmp(sub, "studies") != 0 && dir.exists() && !dir.removeRecursively())
            return cacheError(QStringLiteral("cannot clear %1").arg(dir.path()));
        if (!QDir().mkpath(dir.path()))
            return cacheError(QStringLiteral("cannot create %1").arg(dir.path()));
    }
    studies_.clear();
    QFile index(root_ + QStringLiteral("/index.json"));
    if (index.exists() && index.open(QIODevice::ReadOnly)) {
        const QJsonObject o = QJsonDocument::fromJson(index.readAll()).object();
        for (const QJsonValue& v : o.value(QStringLiteral("studies")).toArray()) {
            const QJsonObject s = v.toObject();
            Study study;
            study.studyUid = s.value(QStringLiteral("studyUid")).toString();
            study.key = studyKey(study.studyUid);
            study.folder = root_ + QStringLiteral("/studies/") + study.key;
            study.lastUsed = QDateTime::fromString(s.value(QStringLiteral("lastUsed")).toString(),
                                                   Qt::ISODateWithMs);
            study.useOrder = qint64(s.value(QStringLiteral("useOrder")).toDouble());
            if (study.studyUid.isEmpty() || !QFileInfo(study.folder).isDir())
                continue;
            study.bytes = folderBytes(study.folder, &study.files);
            nextUseOrder_ = std::max(nextUseOrder_, study.useOrder + 1);
            studies_.push_back(study);
        }
        nextSequence_ = std::max<qint64>(
            nextSequence_, qint64(o.value(QStringLiteral("nextSequence")).toDouble()));
    }
    // Folders the index does not know (a crash between the rename and the index write) cannot be
    // trusted to be complete.
    const QStringList folders =
        QDir(root_ + QStringLiteral("/studies")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString& f : folders)
        if (std::none_of(studies_.begin(), studies_.end(),
                         [&](const Study& s) { return s.key == f; }))
            QDir(root_ + QStringLiteral("/studies/") + f).removeRecursively();
    QString error;
    if (!saveIndexLocked(&error))
        return cacheError(error);
    return true;
}

qint64 DicomCache::totalBytes() const
{
    QMutexLocker lock(&mutex_);
    qint64 total = 0;
    for (const Study& s : studies_)
        total += s.bytes;
    return total;
}

Outcome<QString> DicomCache::newStagingFolder()
{
    QMutexLocker lock(&mutex_);
    const QString folder = root_ + QStringLiteral("/staging/") + QString::number(nextSequence_++);
    if (!QDir().mkpath(folder))
        return cacheError(QStringLiteral("cannot create %1").arg(folder));
    return folder;
}

QString DicomCache::newIncomingPath(qint64* sequence)
{
    QMutexLocker lock(&mutex_);
    const qint64 n = nextSequence_++;
    if (sequence)
        *sequence = n;
    return incomingFolder() + QLatin1Char('/') + QString::number(n) + QStringLiteral(".tmp");
}

void DicomCache::discard(const QStringList& paths)
{
    for (const QString& p : paths) {
        const QFileInfo info(p);
        if (info.isDir())
            QDir(p).removeRecursively();
        else if (info.exists())
            QFile::remove(p);
    }
}

Outcome<DicomCache::Study> DicomCache::commit(const QString& studyUid, const QStringList& files,
                                              CommitMode mode)
{
    if (studyUid.trimmed().isEmpty()) {
        discard(files);
        return cacheError(QStringLiteral("no Study Instance UID"));
    }
    auto staging = newStagingFolder();
    if (!staging) {
        discard(files);
        return staging.error();
    }
    const QString stage = staging.value();
    // One file per instance: a later copy of the same instance replaces an earlier one.
    std::map<QString, QString> byInstance;
    for (const QString& f : files)
        byInstance[instancePart(QFileInfo(f).fileName())] = f;
    for (const QString& f : files) {
        const QString name = QFileInfo(f).fileName();
        if (byInstance[instancePart(name)] != f) {
            QFile::remove(f);
            continue;
        }
        if (!QFile::rename(f, stage + QLatin1Char('/') + name)) {
            discard(files);
            discard({stage});
            return cacheError(QStringLiteral("cannot move a received object into the cache"), f);
        }
    }

    QMutexLocker lock(&mutex_);
    const QString key = studyKey(studyUid);
    const QString target = root_ + QStringLiteral("/studies/") + key;
    auto it = std::find_if(studies_.begin(), studies_.end(),
                           [&](const Study& s) { return s.key == key; });
    const bool exists = it != studies_.end() && QFileInfo(target).isDir();
    if (exists && mode == CommitMode::Merge) {
        const QStringList incoming = QDir(stage).entryList(QDir::Files);
        const QStringList present = QDir(target).entryList(QDir::Files);
        for (const QString& name : incoming) {
            for (const QString& old : present)
                if (instancePart(old) == instancePart(name))
                    QFile::remove(target + QLatin1Char('/') + old);
            if (!QFile::rename(stage + QLatin1Char('/') + name, target + QLatin1Char('/') + name)) {
                QDir(stage).removeRecursively();
                return cacheError(QStringLiteral("cannot move a received object into the cache"),
                                  key);
            }
        }
        QDir(stage).removeRecursively();
    } else {
        // Readers see the old folder or the new one, never a mix: rename the old one away first.
        QString old;
        if (QFileInfo(target).exists()) {
            old = root_ + QStringLiteral("/staging/") + QString::number(nextSequence_++) +
                  QStringLiteral("-old");
            if (!QFile::rename(target, old)) {
                QDir(stage).removeRecursively();
                return cacheError(QStringLiteral("cannot replace the cached study"), key);
            }
        }
        if (!QFile::rename(stage, target)) {
            QDir(stage).removeRecursively();
            if (!old.isEmpty())
                QFile::rename(old, target);
            return cacheError(QStringLiteral("cannot move the study into the cache"), key);
        }
        if (!old.isEmpty())
            QDir(old).removeRecursively();
    }
    if (it == studies_.end()) {
        studies_.push_back(Study{});
        it = std::prev(studies_.end());
    }
    it->studyUid = studyUid.trimmed();
    it->key = key;
    it->folder = target;
    it->bytes = folderBytes(target, &it->files);
    it->lastUsed = QDateTime::currentDateTimeUtc();
    it->useOrder = nextUseOrder_++;
    const Study committed = *it;
    evictLocked(key);
    QString error;
    if (!saveIndexLocked(&error))
        log::get("pacs")->warn("cache index not written: {}", error.toStdString());
    log::get("pacs")->info("cache: study {} stored ({} files, {} bytes)", key.toStdString(),
                           committed.files, committed.bytes);
    return committed;
}

void DicomCache::evictLocked(const QString& keepKey)
{
    qint64 total = 0;
    for (const Study& s : studies_)
        total += s.bytes;
    while (total > limitBytes_) {
        auto victim = studies_.end();
        for (auto it = studies_.begin(); it != studies_.end(); ++it)
            if (it->key != keepKey && (victim == studies_.end() || it->useOrder < victim->useOrder))
                victim = it;
        if (victim == studies_.end())
            break; // only the study just stored is left: it stays even when larger than the limit
        log::get("pacs")->info("cache: evicting study {} ({} bytes, least recently used)",
                               victim->key.toStdString(), victim->bytes);
        QDir(victim->folder).removeRecursively();
        total -= victim->bytes;
        studies_.erase(victim);
    }
}

bool DicomCache::saveIndexLocked(QString* error)
{
    QJsonArray list;
    for (const Study& s : studies_)
        list.append(
            QJsonObject{{QStringLiteral("studyUid"), s.studyUid},
                        {QStringLiteral("bytes"), double(s.bytes)},
                        {QStringLiteral("files"), s.files},
                        {QStringLiteral("lastUsed"), s.lastUsed.toString(Qt::ISODateWithMs)},
                        {QStringLiteral("useOrder"), double(s.useOrder)}});
    const QJsonObject o{{QStringLiteral("version"), 1},
                        {QStringLiteral("nextSequence"), double(nextSequence_)},
                        {QStringLiteral("studies"), list}};
    QSaveFile file(root_ + QStringLiteral("/index.json"));
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(o).toJson()) < 0 ||
        !file.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(file.fileName(), file.errorString());
        return false;
    }
    return true;
}

std::optional<DicomCache::Study> DicomCache::study(const QString& studyUid) const
{
    QMutexLocker lock(&mutex_);
    const QString key = studyKey(studyUid);
    for (const Study& s : studies_)
        if (s.key == key)
            return s;
    return std::nullopt;
}

std::optional<DicomCache::Study> DicomCache::use(const QString& studyUid)
{
    QMutexLocker lock(&mutex_);
    const QString key = studyKey(studyUid);
    for (Study& s : studies_)
        if (s.key == key) {
            s.lastUsed = QDateTime::currentDateTimeUtc();
            s.useOrder = nextUseOrder_++;
            QString error;
            saveIndexLocked(&error);
            return s;
        }
    return std::nullopt;
}

std::vector<DicomCache::Study> DicomCache::studies() const
{
    QMutexLocker lock(&mutex_);
    std::vector<Study> result = studies_;
    std::sort(result.begin(), result.end(),
              [](const Study& a, const Study& b) { return a.useOrder < b.useOrder; });
    return result;
}

bool DicomCache::remove(const QString& studyUid)
{
    QMutexLocker lock(&mutex_);
    const QString key = studyKey(studyUid);
    auto it = std::find_if(studies_.begin(), studies_.end(),
                           [&](const Study& s) { return s.key == key; });
    if (it == studies_.end())
        return false;
    QDir(it->folder).removeRecursively();
    studies_.erase(it);
    QString error;
    saveIndexLocked(&error);
    return true;
}

} // namespace mammolens::core
