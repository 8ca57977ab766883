#include "core/pacs/pacsnodestore.h"

#include <QStandardPaths>
#include <algorithm>

namespace mammolens::core {

namespace {

const QString kNodes = QStringLiteral("pacs/nodes");
const QString kLocal = QStringLiteral("pacs/local");

} // namespace

PacsNodeStore::PacsNodeStore(std::shared_ptr<QSettings> settings)
    : settings_(settings ? std::move(settings) : std::make_shared<QSettings>())
{}

std::vector<PacsNode> PacsNodeStore::nodes() const
{
    std::vector<PacsNode> result;
    settings_->beginGroup(kNodes);
    const QStringList names = settings_->childGroups();
    for (const QString& name : names) {
        settings_->beginGroup(name);
        PacsNode n;
        n.name = name;
        n.aeTitle = settings_->value(QStringLiteral("aeTitle")).toString();
        n.host = settings_->value(QStringLiteral("host")).toString();
        n.port = quint16(settings_->value(QStringLiteral("port"), 104).toUInt());
        n.supportsGet = settings_->value(QStringLiteral("supportsGet"), false).toBool();
        n.isDefault = settings_->value(QStringLiteral("default"), false).toBool();
        settings_->endGroup();
        result.push_back(n);
    }
    settings_->endGroup();
    std::sort(result.begin(), result.end(),
              [](const PacsNode& a, const PacsNode& b) { return a.name < b.name; });
    return result;
}

std::optional<PacsNode> PacsNodeStore::node(const QString& name) const
{
    for (const PacsNode& n : nodes())
        if (n.name == name)
            return n;
    return std::nullopt;
}

std::optional<PacsNode> PacsNodeStore::defaultNode() const
{
    const std::vector<PacsNode> all = nodes();
    for (const PacsNode& n : all)
        if (n.isDefault)
            return n;
    if (!all.empty())
        return all.front();
    return std::nullopt;
}

Outcome<PacsNode> PacsNodeStore::add(PacsNode node)
{
    if (node.name.isEmpty())
        return Error{
            QStringLiteral("pacs.invalid_node"), QStringLiteral("a node needs a name"), {}};
    if (const QString why = node.validate(); !why.isEmpty())
        return Error{QStringLiteral("pacs.invalid_node"), why, node.name};
    const std::vector<PacsNode> existing = nodes();
    const bool noDefault = std::none_of(existing.begin(), existing.end(), [&](const PacsNode& n) {
        return n.isDefault && n.name != node.name;
    });
    node.isDefault = node.isDefault || noDefault;
    settings_->beginGroup(kNodes);
    if (node.isDefault)
        for (const PacsNode& n : existing)
            settings_->setValue(n.name + QStringLiteral("/default"), false);
    settings_->beginGroup(node.name);
    settings_->setValue(QStringLiteral("aeTitle"), node.aeTitle);
    settings_->setValue(QStringLiteral("host"), node.host);
    settings_->setValue(QStringLiteral("port"), uint(node.port));
    settings_->setValue(QStringLiteral("supportsGet"), node.supportsGet);
    settings_->setValue(QStringLiteral("default"), node.isDefault);
    settings_->endGroup();
    settings_->endGroup();
    settings_->sync();
    return node;
}

bool PacsNodeStore::remove(const QString& name)
{
    const std::optional<PacsNode> n = node(name);
    if (!n)
        return false;
    settings_->remove(kNodes + QLatin1Char('/') + name);
    if (n->isDefault) {
        const std::vector<PacsNode> rest = nodes();
        if (!rest.empty())
            settings_->setValue(
                kNodes + QLatin1Char('/') + rest.front().name + QStringLiteral("/default"), true);
    }
    settings_->sync();
    return true;
}

bool PacsNodeStore::setDefault(const QString& name)
{
    if (!node(name))
        return false;
    for (const PacsNode& n : nodes())
        settings_->setValue(kNodes + QLatin1Char('/') + n.name + QStringLiteral("/default"),
                            n.name == name);
    settings_->sync();
    return true;
}

PacsNodeStore::Local PacsNodeStore::local() const
{
    Local l;
    settings_->beginGroup(kLocal);
    l.aeTitle = settings_->value(QStringLiteral("aeTitle"), l.aeTitle).toString();
    l.port = quint16(settings_->value(QStringLiteral("port"), uint(l.port)).toUInt());
    l.allowedCallingAeTitles =
        settings_->value(QStringLiteral("allowedCallingAeTitles")).toStringList();
    l.cacheDirectory = settings_->value(QStringLiteral("cacheDirectory")).toString();
    l.cacheLimitBytes =
        settings_->value(QStringLiteral("cacheLimitBytes"), l.cacheLimitBytes).toLongLong();
    settings_->endGroup();
    if (l.cacheDirectory.isEmpty())
        l.cacheDirectory = defaultCacheDirectory();
    return l;
}

Outcome<PacsNodeStore::Local> PacsNodeStore::setLocal(const Local& local)
{
    if (!PacsNode::isValidAeTitle(local.aeTitle) || local.port == 0)
        return Error{
            QStringLiteral("pacs.invalid_node"),
            QStringLiteral("our AE title must be 1 to 16 printable characters and the port "
                           "1 to 65535"),
            {}};
    settings_->beginGroup(kLocal);
    settings_->setValue(QStringLiteral("aeTitle"), local.aeTitle);
    settings_->setValue(QStringLiteral("port"), uint(local.port));
    settings_->setValue(QStringLiteral("allowedCallingAeTitles"), local.allowedCallingAeTitles);
    settings_->setValue(QStringLiteral("cacheDirectory"), local.cacheDirectory);
    settings_->setValue(QStringLiteral("cacheLimitBytes"), local.cacheLimitBytes);
    settings_->endGroup();
    settings_->sync();
    return local;
}

QString PacsNodeStore::defaultCacheDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::CacheLocation) +
           QStringLiteral("/pacs");
}

} // namespace mammolens::core
