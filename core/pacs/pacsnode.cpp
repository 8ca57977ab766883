#include "core/pacs/pacsnode.h"

#include <QRegularExpression>

namespace mammolens::core {

bool PacsNode::isValidAeTitle(const QString& aeTitle)
{
    if (aeTitle.isEmpty() || aeTitle.size() > 16 || aeTitle.trimmed().isEmpty())
        return false;
    for (QChar c : aeTitle)
        if (c.unicode() < 0x20 || c.unicode() > 0x7e || c == QLatin1Char('\\'))
            return false;
    return true;
}

bool PacsNode::isValidName(const QString& name)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9_.-]{1,64}$"));
    return pattern.match(name).hasMatch();
}

QString PacsNode::validate() const
{
    if (!name.isEmpty() && !isValidName(name))
        return QStringLiteral("node name '%1' is not 1 to 64 of A-Z, a-z, 0-9, '_', '.', '-'")
            .arg(name);
    if (!isValidAeTitle(aeTitle))
        return QStringLiteral(
                   "AE title '%1' is not 1 to 16 printable characters without a backslash")
            .arg(aeTitle);
    if (host.trimmed().isEmpty())
        return QStringLiteral("no host");
    if (port == 0)
        return QStringLiteral("port 0");
    return {};
}

Outcome<PacsNode> PacsNode::parse(const QString& spec)
{
    const auto invalid = [&](const QString& why) {
        return Error{QStringLiteral("pacs.invalid_peer"),
                     QStringLiteral("'%1' is not AET@HOST:PORT: %2").arg(spec, why),
                     {}};
    };
    // The AE title may itself contain '@' (rare but legal), the host never: split at the last.
    const int at = spec.lastIndexOf(QLatin1Char('@'));
    const int colon = spec.lastIndexOf(QLatin1Char(':'));
    if (at <= 0)
        return invalid(QStringLiteral("no AE title before '@'"));
    if (colon < at)
        return invalid(QStringLiteral("no ':PORT'"));
    PacsNode node;
    node.aeTitle = spec.left(at);
    node.host = spec.mid(at + 1, colon - at - 1);
    if (node.host.startsWith(QLatin1Char('[')) && node.host.endsWith(QLatin1Char(']')))
        node.host = node.host.mid(1, node.host.size() - 2); // [::1]
    bool ok = false;
    const uint port = spec.mid(colon + 1).toUInt(&ok);
    if (!ok || port == 0 || port > 65535)
        return invalid(QStringLiteral("port is not a number from 1 to 65535"));
    node.port = quint16(port);
    if (const QString why = node.validate(); !why.isEmpty())
        return invalid(why);
    return node;
}

} // namespace mammolens::core
