#include "ui/viewer/hangingprotocol.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <set>
#include <utility>

namespace mammolens::ui {

namespace {

core::Error error(const QString& code, const QString& message, const QString& source)
{
    return core::Error{code, message, source};
}

} // namespace

QString HangingProtocol::displayTitle() const
{
    const QByteArray utf8 = title.toUtf8();
    return QCoreApplication::translate("HangingProtocol", utf8.constData());
}

core::StandardView HangingProtocol::resolve(const Cell& cell, core::StandardView focused)
{
    const core::Laterality laterality = cell.laterality.value_or(core::lateralityOf(focused));
    const core::ViewPosition position = cell.position.value_or(core::positionOf(focused));
    // Both are CC or MLO here (fromJson accepts nothing else), so a standard view always exists.
    return core::standardView(laterality, position).value_or(focused);
}

core::Outcome<HangingProtocol> HangingProtocol::fromJson(const QByteArray& json,
                                                         const QString& source)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (doc.isNull() || !doc.isObject())
        return error(QStringLiteral("hanging.bad_json"),
                     QStringLiteral("not a JSON object: %1").arg(parseError.errorString()), source);
    const QJsonObject o = doc.object();

    HangingProtocol p;
    p.name = o.value(QStringLiteral("name")).toString();
    p.title = o.value(QStringLiteral("title")).toString(p.name);
    p.order = o.value(QStringLiteral("order")).toInt(0);
    p.rows = o.value(QStringLiteral("rows")).toInt(0);
    p.columns = o.value(QStringLiteral("columns")).toInt(0);
    if (p.name.isEmpty() || p.rows < 1 || p.columns < 1 || p.rows > 4 || p.columns > 4)
        return error(QStringLiteral("hanging.bad_json"),
                     QStringLiteral("needs a name and 1-4 rows and columns"), source);

    std::set<std::pair<int, int>> used;
    for (const QJsonValue& value : o.value(QStringLiteral("cells")).toArray()) {
        const QJsonObject c = value.toObject();
        Cell cell;
        cell.row = c.value(QStringLiteral("row")).toInt(-1);
        cell.column = c.value(QStringLiteral("column")).toInt(-1);
        const QString lat = c.value(QStringLiteral("laterality")).toString().toUpper();
        const QString view = c.value(QStringLiteral("view")).toString().toUpper();
        if (lat == QLatin1String("R"))
            cell.laterality = core::Laterality::Right;
        else if (lat == QLatin1String("L"))
            cell.laterality = core::Laterality::Left;
        else if (lat != QLatin1String("FOCUSED"))
            return error(QStringLiteral("hanging.bad_cell"),
                         QStringLiteral("laterality must be R, L or focused"), source);
        if (view == QLatin1String("CC"))
            cell.position = core::ViewPosition::CC;
        else if (view == QLatin1String("MLO"))
            cell.position = core::ViewPosition::MLO;
        else if (view != QLatin1String("FOCUSED"))
            return error(QStringLiteral("hanging.bad_cell"),
                         QStringLiteral("view must be CC, MLO or focused"), source);
        if (cell.row < 0 || cell.row >= p.rows || cell.column < 0 || cell.column >= p.columns ||
            !used.insert({cell.row, cell.column}).second)
            return error(QStringLiteral("hanging.bad_cell"),
                         QStringLiteral("cell outside the grid or used twice"), source);
        p.cells.push_back(cell);
    }
    if (p.cells.empty())
        return error(QStringLiteral("hanging.bad_cell"), QStringLiteral("no cells"), source);
    return p;
}

std::vector<HangingProtocol> HangingProtocol::loadAll(const QString& directory, QStringList* errors)
{
    std::vector<HangingProtocol> protocols;
    const QDir dir(directory);
    for (const QString& file : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
        QFile f(dir.filePath(file));
        if (!f.open(QIODevice::ReadOnly)) {
            if (errors)
                errors->append(f.fileName() + QStringLiteral(": cannot be read"));
            continue;
        }
        auto parsed = fromJson(f.readAll(), f.fileName());
        if (!parsed) {
            if (errors)
                errors->append(parsed.error().toString());
            continue;
        }
        // A later file with the same name would make layoutNames() ambiguous: first one wins.
        const bool duplicate =
            std::any_of(protocols.begin(), protocols.end(),
                        [&](const HangingProtocol& p) { return p.name == parsed.value().name; });
        if (duplicate) {
            if (errors)
                errors->append(f.fileName() + QStringLiteral(": duplicate name"));
            continue;
        }
        protocols.push_back(std::move(parsed).value());
    }
    std::stable_sort(protocols.begin(), protocols.end(),
                     [](const HangingProtocol& a, const HangingProtocol& b) {
                         return a.order != b.order ? a.order < b.order : a.name < b.name;
                     });
    return protocols;
}

HangingProtocol HangingProtocol::standardFourUp()
{
    HangingProtocol p;
    p.name = QStringLiteral("4-up");
    p.title = QStringLiteral("Four views");
    p.rows = 2;
    p.columns = 2;
    using core::Laterality;
    using core::ViewPosition;
    p.cells = {{0, 0, Laterality::Right, ViewPosition::CC},
               {0, 1, Laterality::Left, ViewPosition::CC},
               {1, 0, Laterality::Right, ViewPosition::MLO},
               {1, 1, Laterality::Left, ViewPosition::MLO}};
    return p;
}

} // namespace mammolens::ui
