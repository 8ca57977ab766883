#include "core/reading/casesetstore.h"

#include "core/reading/audittrail.h"
#include "core/reading/readingsql.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <map>

namespace mammolens::core {

using namespace readingsql;

CaseSetStore::CaseSetStore(QString connectionName) : connectionName_(std::move(connectionName)) {}

QString CaseSetStore::truthText(const CaseSet& set)
{
    QJsonArray cases;
    for (const CaseTruth& c : set.cases) {
        QJsonArray lesions;
        for (const CaseLesion& l : c.lesions)
            lesions.append(QJsonObject{{QStringLiteral("breast"), toString(l.breast)},
                                       {QStringLiteral("view"), l.view},
                                       {QStringLiteral("class"), toString(l.pathology)},
                                       {QStringLiteral("x"), l.x},
                                       {QStringLiteral("y"), l.y},
                                       {QStringLiteral("width"), l.width},
                                       {QStringLiteral("height"), l.height}});
        cases.append(QJsonObject{{QStringLiteral("exam_key"), c.examKey},
                                 {QStringLiteral("left"), toString(c.left)},
                                 {QStringLiteral("right"), toString(c.right)},
                                 {QStringLiteral("lesions"), lesions}});
    }
    return QString::fromUtf8(QJsonDocument(cases).toJson(QJsonDocument::Compact));
}

Outcome<CaseSet> CaseSetStore::importCaseSet(const CaseSet& set, const QString& actor) const
{
    if (const QString problem = set.validate(); !problem.isEmpty())
        return makeError("reading.invalid", problem);
    const QSqlDatabase db = QSqlDatabase::database(connectionName_, false);
    WriteTransaction tx(db);
    if (auto r = tx.begin(); !r)
        return r.error();
    auto taken = scalar(db, QStringLiteral("SELECT id FROM case_sets WHERE name = ?"),
                        QStringLiteral("looking up the case set"), {set.name});
    if (!taken)
        return taken.error();
    if (taken.value().isValid())
        return makeError("reading.duplicate",
                         QStringLiteral("A case set named '%1' exists; a case set is never "
                                        "replaced: import the new one under another name.")
                             .arg(set.name));
    CaseSet stored = set;
    const QString at = nowText();
    Sql insert = prepare(db,
                         QStringLiteral("INSERT INTO case_sets (name, description, source, "
                                        "imported_at) VALUES (?, ?, ?, ?)"),
                         {set.name, text(set.description), text(set.source), at});
    if (auto r = insert.run(QStringLiteral("importing the case set")); !r)
        return r.error();
    stored.id = insert.query.lastInsertId().toLongLong();
    stored.importedAt = parseTime(at);

    Sql addCase = prepare(db, QStringLiteral("INSERT INTO case_truth (case_set_id, ordinal, "
                                             "exam_key, exam_path, truth_left, truth_right) "
                                             "VALUES (?, ?, ?, ?, ?, ?)"));
    Sql addLesion = prepare(db, QStringLiteral("INSERT INTO case_lesions (case_id, ordinal, "
                                               "breast, view, pathology, x, y, width, height, "
                                               "mask) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    for (size_t i = 0; i < set.cases.size(); ++i) {
        const CaseTruth& c = set.cases[i];
        for (const QVariant& v :
             {QVariant(stored.id), QVariant(qint64(i)), QVariant(c.examKey), text(c.examPath),
              QVariant(toString(c.left)), QVariant(toString(c.right))})
            addCase.query.addBindValue(v);
        if (auto r = addCase.run(QStringLiteral("writing case %1").arg(i + 1)); !r)
            return r.error();
        const qint64 caseId = addCase.query.lastInsertId().toLongLong();
        for (size_t j = 0; j < c.lesions.size(); ++j) {
            const CaseLesion& l = c.lesions[j];
            for (const QVariant& v :
                 {QVariant(caseId), QVariant(qint64(j)), QVariant(toString(l.breast)),
                  QVariant(l.view), QVariant(toString(l.pathology)), QVariant(l.x), QVariant(l.y),
                  QVariant(l.width), QVariant(l.height), text(l.mask)})
                addLesion.query.addBindValue(v);
            if (auto r = addLesion.run(
                    QStringLiteral("writing lesion %1 of case %2").arg(j + 1).arg(i + 1));
                !r)
                return r.error();
        }
    }

    const auto entries = AuditTrail::newValues(
        at, actor, QStringLiteral("import"), QStringLiteral("case_set"), QString::number(stored.id),
        {{QStringLiteral("name"), set.name},
         {QStringLiteral("description"), set.description},
         {QStringLiteral("source"), set.source},
         {QStringLiteral("cases"), truthText(set)}});
    if (auto r = AuditTrail(connectionName_).append(entries); !r)
        return r.error();
    if (auto r = tx.commit(); !r)
        return r.error();
    return stored;
}

Outcome<std::vector<CaseSet>> CaseSetStore::caseSets() const
{
    return load(QStringLiteral("1 = 1"), {});
}

Outcome<std::optional<CaseSet>> CaseSetStore::caseSet(const QString& name) const
{
    auto found = load(QStringLiteral("name = ?"), {name});
    if (!found)
        return found.error();
    if (found.value().empty())
        return std::optional<CaseSet>();
    return std::optional<CaseSet>(std::move(found.value().front()));
}

Outcome<std::vector<CaseSet>> CaseSetStore::load(const QString& where,
                                                 const QVariantList& binds) const
{
    const QSqlDatabase db = QSqlDatabase::database(connectionName_, false);
    Sql sets = prepare(db,
                       QStringLiteral("SELECT id, name, description, source, imported_at FROM "
                                      "case_sets WHERE ") +
                           where + QStringLiteral(" ORDER BY name"),
                       binds);
    if (auto r = sets.run(QStringLiteral("reading case sets")); !r)
        return r.error();
    std::vector<CaseSet> out;
    std::map<qint64, size_t> setIndex;
    while (sets.query.next()) {
        const QSqlQuery& q = sets.query;
        CaseSet s;
        s.id = q.value(0).toLongLong();
        s.name = q.value(1).toString();
        s.description = q.value(2).toString();
        s.source = q.value(3).toString();
        s.importedAt = parseTime(q.value(4));
        setIndex[s.id] = out.size();
        out.push_back(std::move(s));
    }
    if (out.empty())
        return out;

    const QString setIds =
        QStringLiteral("(SELECT id FROM case_sets WHERE ") + where + QLatin1Char(')');
    Sql cases = prepare(db,
                        QStringLiteral("SELECT id, case_set_id, exam_key, exam_path, truth_left,"
                                       " truth_right FROM case_truth WHERE case_set_id IN ") +
                            setIds + QStringLiteral(" ORDER BY case_set_id, ordinal"),
                        binds);
    if (auto r = cases.run(QStringLiteral("reading the cases")); !r)
        return r.error();
    std::map<qint64, std::pair<size_t, size_t>> caseIndex; // case id: (set, case)
    while (cases.query.next()) {
        const QSqlQuery& q = cases.query;
        const auto set = setIndex.find(q.value(1).toLongLong());
        if (set == setIndex.end())
            continue;
        CaseTruth c;
        c.examKey = q.value(2).toString();
        c.examPath = q.value(3).toString();
        c.left = breastTruthFromString(q.value(4).toString()).value_or(BreastTruth::Normal);
        c.right = breastTruthFromString(q.value(5).toString()).value_or(BreastTruth::Normal);
        std::vector<CaseTruth>& list = out[set->second].cases;
        caseIndex[q.value(0).toLongLong()] = {set->second, list.size()};
        list.push_back(std::move(c));
    }

    Sql lesions = prepare(db,
                          QStringLiteral("SELECT case_id, breast, view, pathology, x, y, width,"
                                         " height, mask FROM case_lesions WHERE case_id IN"
                                         " (SELECT id FROM case_truth WHERE case_set_id IN ") +
                              setIds + QStringLiteral(") ORDER BY case_id, ordinal"),
                          binds);
    if (auto r = lesions.run(QStringLiteral("reading the lesions")); !r)
        return r.error();
    while (lesions.query.next()) {
        const QSqlQuery& q = lesions.query;
        const auto c = caseIndex.find(q.value(0).toLongLong());
        if (c == caseIndex.end())
            continue;
        CaseLesion l;
        l.breast =
            q.value(1).toString() == QLatin1String("R") ? Laterality::Right : Laterality::Left;
        l.view = q.value(2).toString();
        l.pathology = breastTruthFromString(q.value(3).toString()).value_or(BreastTruth::Malignant);
        l.x = q.value(4).toInt();
        l.y = q.value(5).toInt();
        l.width = q.value(6).toInt();
        l.height = q.value(7).toInt();
        l.mask = q.value(8).toString();
        out[c->second.first].cases[c->second.second].lesions.push_back(std::move(l));
    }
    return out;
}

} // namespace mammolens::core
