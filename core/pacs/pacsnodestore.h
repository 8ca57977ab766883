#pragma once
// The configured PACS nodes and our own DICOM identity, persisted with QSettings (issue 9).

#include "core/pacs/pacsnode.h"
#include "core/util/outcome.h"

#include <QSettings>
#include <QString>
#include <QStringList>
#include <memory>
#include <optional>
#include <vector>

namespace mammolens::core {

/// Settings layout: group `pacs/nodes/<name>` holds aeTitle, host, port, supportsGet, default
/// (exactly one node is the default when there are any); group `pacs/local` holds our aeTitle,
/// the storage SCP's port, the allowed calling AE titles (empty: any), the cache folder and its
/// size limit. Not thread-safe: use one store per thread (QSettings itself is).
class PacsNodeStore
{
public:
    struct Local
    {
        QString aeTitle = QStringLiteral("MAMMOLENS");
        quint16 port = 11112;               ///< our storage SCP (the C-MOVE destination)
        QStringList allowedCallingAeTitles; ///< empty: accept storage from any calling AE
        QString cacheDirectory;             ///< empty: <cache location>/pacs
        qint64 cacheLimitBytes = 20LL * 1024 * 1024 * 1024;
    };

    /// Uses `settings`, or the application's default QSettings when null.
    explicit PacsNodeStore(std::shared_ptr<QSettings> settings = nullptr);

    std::vector<PacsNode> nodes() const; ///< sorted by name
    std::optional<PacsNode> node(const QString& name) const;
    std::optional<PacsNode> defaultNode() const;

    /// Adds or replaces the node of that name; the first node becomes the default, and a node
    /// added with isDefault takes the flag from the others. Errors: pacs.invalid_node.
    Outcome<PacsNode> add(PacsNode node);
    /// False when there is no such node. Removing the default makes the first remaining one the
    /// default.
    bool remove(const QString& name);
    bool setDefault(const QString& name);

    Local local() const;
    /// Errors: pacs.invalid_node (a bad AE title or port 0).
    Outcome<Local> setLocal(const Local& local);

    /// <QStandardPaths::CacheLocation>/pacs
    static QString defaultCacheDirectory();

private:
    std::shared_ptr<QSettings> settings_;
};

} // namespace mammolens::core
