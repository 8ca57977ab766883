#include "core/reading/assessmentjson.h"

namespace mammolens::core {

namespace {

QJsonValue optionalValue(const std::optional<int>& v)
{
    return v ? QJsonValue(*v) : QJsonValue();
}

/// An integer field or null; false when it is something else.
bool readOptionalInt(const QJsonObject& json, const QString& key, std::optional<int>& out)
{
    const QJsonValue v = json.value(key);
    if (v.isNull() || v.isUndefined()) {
        out.reset();
        return true;
    }
    if (!v.isDouble() || v.toDouble() != double(v.toInt()))
        return false;
    out = v.toInt();
    return true;
}

} // namespace

QJsonArray AssessmentJson::fromFindings(const std::vector<Finding>& findings)
{
    QJsonArray array;
    for (const Finding& f : findings) {
        QJsonObject o;
        o.insert(QStringLiteral("type"), toString(f.type));
        o.insert(QStringLiteral("breast"), toString(f.breast));
        o.insert(QStringLiteral("view"), f.view);
        o.insert(QStringLiteral("x"), f.x);
        o.insert(QStringLiteral("y"), f.y);
        o.insert(QStringLiteral("radius"), f.radius ? QJsonValue(*f.radius) : QJsonValue());
        array.append(o);
    }
    return array;
}

QJsonObject AssessmentJson::fromContent(const Assessment& a)
{
    return QJsonObject{
        {QStringLiteral("phase"), toString(a.phase)},
        {QStringLiteral("birads_left"), optionalValue(a.biradsLeft)},
        {QStringLiteral("birads_right"), optionalValue(a.biradsRight)},
        {QStringLiteral("recall"), a.recall},
        {QStringLiteral("density"), a.density ? QJsonValue(toString(*a.density)) : QJsonValue()},
        {QStringLiteral("confidence"), optionalValue(a.confidence)},
        {QStringLiteral("notes"), a.notes},
        {QStringLiteral("findings"), fromFindings(a.findings)},
    };
}

QString AssessmentJson::toContent(const QJsonObject& json, Assessment& into)
{
    Assessment a = into;
    const auto phase = assessmentPhaseFromString(json.value(QStringLiteral("phase")).toString());
    if (!phase)
        return QStringLiteral("no valid phase");
    a.phase = *phase;
    if (!readOptionalInt(json, QStringLiteral("birads_left"), a.biradsLeft) ||
        !readOptionalInt(json, QStringLiteral("birads_right"), a.biradsRight) ||
        !readOptionalInt(json, QStringLiteral("confidence"), a.confidence))
        return QStringLiteral("a BI-RADS category or the confidence is not a whole number");
    a.recall = json.value(QStringLiteral("recall")).toBool();
    const QJsonValue density = json.value(QStringLiteral("density"));
    a.density.reset();
    if (!density.isNull() && !density.isUndefined()) {
        a.density = breastDensityFromString(density.toString());
        if (!a.density)
            return QStringLiteral("density '%1' is not A-D").arg(density.toString());
    }
    a.notes = json.value(QStringLiteral("notes")).toString();
    a.findings.clear();
    for (const QJsonValue& v : json.value(QStringLiteral("findings")).toArray()) {
        const QJsonObject o = v.toObject();
        Finding f;
        const auto type = findingTypeFromString(o.value(QStringLiteral("type")).toString());
        const QString breast = o.value(QStringLiteral("breast")).toString();
        if (!type || (breast != QLatin1String("L") && breast != QLatin1String("R")))
            return QStringLiteral("finding %1 has no valid type or breast").arg(a.findings.size() + 1);
        f.type = *type;
        f.breast = breast == QLatin1String("R") ? Laterality::Right : Laterality::Left;
        f.view = o.value(QStringLiteral("view")).toString();
        f.x = o.value(QStringLiteral("x")).toDouble(-1.0);
        f.y = o.value(QStringLiteral("y")).toDouble(-1.0);
        const QJsonValue radius = o.value(QStringLiteral("radius"));
        if (radius.isDouble())
            f.radius = radius.toDouble();
        a.findings.push_back(f);
    }
    if (const QString problem = a.validate(); !problem.isEmpty())
        return problem;
    into = a;
    return {};
}

} // namespace mammolens::core
