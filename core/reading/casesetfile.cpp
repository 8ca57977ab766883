#include "core/reading/casesetfile.h"

#include "core/exam/examlistfile.h"
#include "core/exam/examloader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QSet>
#include <cmath>
#include <initializer_list>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <optional>

namespace mammolens::core {

namespace {

Error fail(const char* code, const QString& where, const QString& what, const QString& source)
{
    return Error{QString::fromLatin1(code),
                 where.isEmpty() ? what : where + QStringLiteral(": ") + what, source};
}

/// An error of a mask or an exam, placed at its member of the case set file.
Error placed(const Error& e, const QString& where, const QString& source)
{
    return Error{e.code, where + QStringLiteral(": ") + e.toString(), source};
}

QString typeName(const QJsonValue& v)
{
    switch (v.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("a boolean");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("missing");
}

/// Parses one JSON document's members with their locations; the first problem is kept.
class Parser
{
public:
    explicit Parser(QString source) : source_(std::move(source)) {}

    bool failed() const { return error_.has_value(); }
    const Error& error() const { return *error_; }

    void schema(const QString& where, const QString& what)
    {
        if (!error_)
            error_ = fail("teaching.schema", where, what, source_);
    }
    void set(Error e)
    {
        if (!error_)
            error_ = std::move(e);
    }

    /// False (and an error) when `o` has a member not in `allowed`: a typo must not pass
    /// silently as a missing optional member.
    bool onlyKnown(const QJsonObject& o, const QString& where,
                   std::initializer_list<const char*> allowed)
    {
        for (auto it = o.begin(); it != o.end(); ++it) {
            bool known = false;
            for (const char* a : allowed)
                known = known || it.key() == QLatin1String(a);
            if (!known) {
                QStringList names;
                for (const char* a : allowed)
                    names << QLatin1String(a);
                schema(join(where, it.key()), QStringLiteral("unknown member (expected one of: %1)")
                                                  .arg(names.join(QStringLiteral(", "))));
                return false;
            }
        }
        return true;
    }

    std::optional<QJsonObject> object(const QJsonValue& v, const QString& where)
    {
        if (v.isObject())
            return v.toObject();
        schema(where, QStringLiteral("expected an object, found %1").arg(typeName(v)));
        return std::nullopt;
    }

    /// A string member; `required` false: absent gives an empty optional without error.
    std::optional<QString> string(const QJsonObject& o, const QString& where, const char* key,
                                  bool required, bool allowEmpty = false)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        const QString at = join(where, QLatin1String(key));
        if (v.isUndefined()) {
            if (required)
                schema(at, QStringLiteral("missing"));
            return std::nullopt;
        }
        if (!v.isString()) {
            schema(at, QStringLiteral("expected a string, found %1").arg(typeName(v)));
            return std::nullopt;
        }
        if (!allowEmpty && v.toString().trimmed().isEmpty()) {
            schema(at, QStringLiteral("is empty"));
            return std::nullopt;
        }
        return v.toString();
    }

    std::optional<int> integer(const QJsonObject& o, const QString& where, const char* key, int min,
                               int max)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        const QString at = join(where, QLatin1String(key));
        if (v.isUndefined()) {
            schema(at, QStringLiteral("missing"));
            return std::nullopt;
        }
        const double d = v.toDouble(std::nan(""));
        if (!v.isDouble() || !std::isfinite(d) || d != std::floor(d)) {
            schema(at, QStringLiteral("expected a whole number, found %1")
                           .arg(v.isDouble() ? QString::number(d) : typeName(v)));
            return std::nullopt;
        }
        if (d < min || d > max) {
            schema(at, QStringLiteral("%1 is not in %2..%3").arg(d).arg(min).arg(max));
            return std::nullopt;
        }
        return int(d);
    }

    static QString join(const QString& where, const QString& key)
    {
        return where.isEmpty() ? key : where + QLatin1Char('.') + key;
    }

private:
    QString source_;
    std::optional<Error> error_;
};

/// A lesion as the file gives it, before its mask is read and its class defaulted.
struct LesionEntry
{
    CaseLesion lesion;
    bool classGiven = false;
    QString where;
};

struct CaseEntry
{
    CaseTruth truth;
    std::vector<LesionEntry> lesions;
    QString where;
};

QString absolute(const QString& baseDir, const QString& path)
{
    return QDir::cleanPath(QDir(baseDir).absoluteFilePath(path));
}

std::optional<LesionEntry> parseLesion(Parser& p, const QJsonValue& value, const QString& where,
                                       const QString& baseDir)
{
    const auto o = p.object(value, where);
    if (!o || !p.onlyKnown(*o, where, {"breast", "view", "class", "mask", "box"}))
        return std::nullopt;
    LesionEntry entry;
    entry.where = where;
    CaseLesion& l = entry.lesion;
    const auto breast = p.string(*o, where, "breast", true);
    if (!breast)
        return std::nullopt;
    if (*breast == QLatin1String("L"))
        l.breast = Laterality::Left;
    else if (*breast == QLatin1String("R"))
        l.breast = Laterality::Right;
    else {
        p.schema(Parser::join(where, QStringLiteral("breast")),
                 QStringLiteral("expected \"L\" or \"R\", found \"%1\"").arg(*breast));
        return std::nullopt;
    }
    const auto view = p.string(*o, where, "view", true);
    if (!view)
        return std::nullopt;
    if (*view != QLatin1String("CC") && *view != QLatin1String("MLO")) {
        p.schema(Parser::join(where, QStringLiteral("view")),
                 QStringLiteral("expected \"CC\" or \"MLO\", found \"%1\"").arg(*view));
        return std::nullopt;
    }
    l.view = *view;
    if (o->contains(QLatin1String("class"))) {
        const auto kind = p.string(*o, where, "class", true);
        if (!kind)
            return std::nullopt;
        const auto truth = breastTruthFromString(*kind);
        if (!truth || *truth == BreastTruth::Normal) {
            p.schema(
                Parser::join(where, QStringLiteral("class")),
                QStringLiteral("expected \"benign\" or \"malignant\", found \"%1\"").arg(*kind));
            return std::nullopt;
        }
        l.pathology = *truth;
        entry.classGiven = true;
    }
    const bool hasMask = o->contains(QLatin1String("mask"));
    const bool hasBox = o->contains(QLatin1String("box"));
    if (hasMask == hasBox) {
        p.schema(where, hasMask ? QStringLiteral("give either \"mask\" or \"box\", not both")
                                : QStringLiteral("needs a \"mask\" or a \"box\""));
        return std::nullopt;
    }
    if (hasMask) {
        const auto mask = p.string(*o, where, "mask", true);
        if (!mask)
            return std::nullopt;
        l.mask = absolute(baseDir, *mask);
        return entry;
    }
    const QString boxWhere = Parser::join(where, QStringLiteral("box"));
    const auto box = p.object(o->value(QLatin1String("box")), boxWhere);
    if (!box || !p.onlyKnown(*box, boxWhere, {"x", "y", "width", "height"}))
        return std::nullopt;
    constexpr int kMax = 1 << 20; // far beyond any detector; keeps x + width in an int
    const auto x = p.integer(*box, boxWhere, "x", 0, kMax);
    const auto y = p.integer(*box, boxWhere, "y", 0, kMax);
    const auto width = p.integer(*box, boxWhere, "width", 1, kMax);
    const auto height = p.integer(*box, boxWhere, "height", 1, kMax);
    if (!x || !y || !width || !height)
        return std::nullopt;
    l.x = *x;
    l.y = *y;
    l.width = *width;
    l.height = *height;
    return entry;
}

std::optional<CaseEntry> parseCase(Parser& p, const QJsonValue& value, const QString& where,
                                   const QString& baseDir, const CaseSetFile::Options& options)
{
    const auto o = p.object(value, where);
    if (!o || !p.onlyKnown(*o, where, {"exam", "exam_key", "truth", "lesions"}))
        return std::nullopt;
    CaseEntry entry;
    entry.where = where;
    const auto exam = p.string(*o, where, "exam", true);
    if (!exam)
        return std::nullopt;
    entry.truth.examPath = absolute(baseDir, *exam);
    if (o->contains(QLatin1String("exam_key"))) {
        const auto key = p.string(*o, where, "exam_key", true);
        if (!key)
            return std::nullopt;
        if (key->size() > 256) {
            p.schema(Parser::join(where, QStringLiteral("exam_key")),
                     QStringLiteral("longer than 256 characters"));
            return std::nullopt;
        }
        entry.truth.examKey = *key;
    } else if (!options.checkExams) {
        p.schema(Parser::join(where, QStringLiteral("exam_key")),
                 QStringLiteral("missing (needed when exams are not checked)"));
        return std::nullopt;
    }

    const QString truthWhere = Parser::join(where, QStringLiteral("truth"));
    if (!o->contains(QLatin1String("truth"))) {
        p.schema(truthWhere, QStringLiteral("missing"));
        return std::nullopt;
    }
    const auto truth = p.object(o->value(QLatin1String("truth")), truthWhere);
    if (!truth || !p.onlyKnown(*truth, truthWhere, {"left", "right"}))
        return std::nullopt;
    for (const char* side : {"left", "right"}) {
        const auto text = p.string(*truth, truthWhere, side, true);
        if (!text)
            return std::nullopt;
        const auto value = breastTruthFromString(*text);
        if (!value) {
            p.schema(Parser::join(truthWhere, QLatin1String(side)),
                     QStringLiteral("expected \"normal\", \"benign\" or \"malignant\", found "
                                    "\"%1\"")
                         .arg(*text));
            return std::nullopt;
        }
        (side[0] == 'l' ? entry.truth.left : entry.truth.right) = *value;
    }

    const QJsonValue lesions = o->value(QLatin1String("lesions"));
    const QString lesionsWhere = Parser::join(where, QStringLiteral("lesions"));
    if (!lesions.isUndefined() && !lesions.isArray()) {
        p.schema(lesionsWhere,
                 QStringLiteral("expected an array, found %1").arg(typeName(lesions)));
        return std::nullopt;
    }
    const QJsonArray list = lesions.toArray();
    for (int i = 0; i < list.size(); ++i) {
        const QString at = lesionsWhere + QStringLiteral("[%1]").arg(i);
        auto lesion = parseLesion(p, list[i], at, baseDir);
        if (!lesion)
            return std::nullopt;
        // Without a class, a lesion has its breast's truth; on a normal breast it has none.
        const BreastTruth breast = entry.truth.truth(lesion->lesion.breast);
        const QString side = lesion->lesion.breast == Laterality::Left ? QStringLiteral("left")
                                                                       : QStringLiteral("right");
        if (breast == BreastTruth::Normal) {
            p.set(fail("teaching.truth_conflict", at,
                       QStringLiteral("a lesion on the %1 breast, whose truth is normal").arg(side),
                       QString()));
            return std::nullopt;
        }
        if (!lesion->classGiven)
            lesion->lesion.pathology = breast;
        else if (lesion->lesion.pathology == BreastTruth::Malignant &&
                 breast != BreastTruth::Malignant) {
            p.set(fail("teaching.truth_conflict", at,
                       QStringLiteral("a malignant lesion on the %1 breast, whose truth is %2")
                           .arg(side, toString(breast)),
                       QString()));
            return std::nullopt;
        }
        entry.lesions.push_back(std::move(*lesion));
    }
    return entry;
}

} // namespace

Outcome<CaseSet> CaseSetFile::read(const QString& path, const Options& options)
{
    const QFileInfo info(path);
    if (!info.exists())
        return Error{QStringLiteral("teaching.not_found"), QStringLiteral("No such file."), path};
    QFile file(path);
    if (!info.isFile() || !file.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("teaching.unreadable"),
                     info.isFile() ? file.errorString() : QStringLiteral("Not a file."), path};
    const QByteArray content = file.readAll();
    auto set = parse(content, info.absolutePath(), info.absoluteFilePath(), options);
    if (set)
        set.value().source = info.absoluteFilePath();
    return set;
}

Outcome<CaseSet> CaseSetFile::parse(const QByteArray& json, const QString& baseDir,
                                    const QString& source, const Options& options)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return Error{QStringLiteral("teaching.invalid_json"),
                     QStringLiteral("Not valid JSON at offset %1: %2")
                         .arg(parseError.offset)
                         .arg(parseError.errorString()),
                     source};
    Parser p(source);
    if (!doc.isObject())
        return fail("teaching.schema", QString(),
                    QStringLiteral("the file must hold one JSON object (name, description, "
                                   "cases)"),
                    source);
    const QJsonObject top = doc.object();
    if (!p.onlyKnown(top, QString(), {"format", "name", "description", "cases"}))
        return p.error();
    if (top.contains(QLatin1String("format"))) {
        const auto format = p.string(top, QString(), "format", true);
        if (format && *format != QLatin1String(kFormat))
            p.schema(QStringLiteral("format"),
                     QStringLiteral("\"%1\" is not \"%2\"").arg(*format, QLatin1String(kFormat)));
    }
    CaseSet set;
    const auto name = p.string(top, QString(), "name", true);
    const auto description = p.string(top, QString(), "description", false, true);
    if (p.failed())
        return p.error();
    set.name = *name;
    if (set.name.size() > 128)
        return fail("teaching.schema", QStringLiteral("name"),
                    QStringLiteral("longer than 128 characters"), source);
    set.description = description.value_or(QString());
    const QJsonValue cases = top.value(QLatin1String("cases"));
    if (!cases.isArray() || cases.toArray().isEmpty())
        return fail(
            "teaching.schema", QStringLiteral("cases"),
            cases.isArray()
                ? QStringLiteral("is empty")
                : QStringLiteral("expected an array of cases, found %1").arg(typeName(cases)),
            source);

    // First the whole structure (cheap: a typo in the last case is found at once), then the
    // masks and the exams (slow: files to read).
    std::vector<CaseEntry> entries;
    const QJsonArray list = cases.toArray();
    for (int i = 0; i < list.size(); ++i) {
        auto entry = parseCase(p, list[i], QStringLiteral("cases[%1]").arg(i), baseDir, options);
        if (!entry) {
            Error e = p.error();
            e.source = source;
            return e;
        }
        entries.push_back(std::move(*entry));
    }

    QSet<QString> keys;
    for (CaseEntry& entry : entries) {
        CaseTruth& truth = entry.truth;
        for (LesionEntry& l : entry.lesions) {
            if (!l.lesion.mask.isEmpty()) {
                const auto box = boxOfMask(l.lesion.mask);
                if (!box)
                    return placed(box.error(), Parser::join(l.where, QStringLiteral("mask")),
                                  source);
                l.lesion.x = box.value().x;
                l.lesion.y = box.value().y;
                l.lesion.width = box.value().width;
                l.lesion.height = box.value().height;
            }
            truth.lesions.push_back(l.lesion);
        }
        if (options.checkExams) {
            const auto key = examKeyAt(truth.examPath, truth.examKey);
            if (!key)
                return placed(key.error(), Parser::join(entry.where, QStringLiteral("exam")),
                              source);
            truth.examKey = key.value();
        }
        if (keys.contains(truth.examKey))
            return fail("teaching.duplicate_exam", entry.where,
                        QStringLiteral("exam %1 is already a case of the set").arg(truth.examKey),
                        source);
        keys.insert(truth.examKey);
        set.cases.push_back(truth);
    }
    // What the store checks again; parsing has covered each point with a location already.
    if (const QString problem = set.validate(); !problem.isEmpty())
        return fail("teaching.schema", QString(), problem, source);
    return set;
}

Outcome<CaseLesion> CaseSetFile::boxOfMask(const QString& path)
{
    if (!QFileInfo(path).isFile())
        return Error{QStringLiteral("teaching.mask_unreadable"), QStringLiteral("No such file."),
                     path};
    cv::Mat mask;
    try {
        mask = cv::imread(QFile::encodeName(path).toStdString(), cv::IMREAD_UNCHANGED);
    } catch (const cv::Exception&) {
        mask.release();
    }
    if (mask.empty() || mask.dims != 2)
        return Error{QStringLiteral("teaching.mask_unreadable"),
                     QStringLiteral("Not an image OpenCV can read (a PNG mask is expected)."),
                     path};
    cv::Mat lesion;
    if (mask.channels() == 1) {
        lesion = mask != 0;
    } else {
        std::vector<cv::Mat> planes;
        cv::split(mask, planes);
        lesion = cv::Mat::zeros(mask.size(), CV_8UC1);
        for (int c = 0; c < std::min(3, int(planes.size())); ++c)
            lesion |= planes[size_t(c)] != 0; // colour channels only: alpha is not the lesion
    }
    if (cv::countNonZero(lesion) == 0)
        return Error{QStringLiteral("teaching.mask_empty"),
                     QStringLiteral("The mask has no non-zero pixel: no lesion."), path};
    const cv::Rect r = cv::boundingRect(lesion);
    CaseLesion l;
    l.x = r.x;
    l.y = r.y;
    l.width = r.width;
    l.height = r.height;
    l.mask = path;
    return l;
}

Outcome<QString> CaseSetFile::examKeyAt(const QString& examPath, const QString& wanted)
{
    const QFileInfo info(examPath);
    if (!info.exists())
        return Error{QStringLiteral("teaching.exam_not_found"),
                     QStringLiteral("No such file or folder."), examPath};
    // The ids the workstation gives these exams (app/common/examsource.cpp planExams()): an
    // exam list's entries, else the exam loader's plan; Exam::id is what assessments call the
    // exam key.
    QStringList ids;
    if (info.isFile() && info.suffix().compare(QLatin1String("json"), Qt::CaseInsensitive) == 0) {
        const auto entries = ExamListFile::readEntries(examPath);
        if (!entries)
            return Error{QStringLiteral("teaching.exam_unreadable"), entries.error().toString(),
                         examPath};
        for (const ExamListEntry& e : entries.value())
            ids << e.id;
    } else {
        const auto planned = ExamLoader().plan(examPath);
        if (!planned)
            return Error{QStringLiteral("teaching.exam_unreadable"), planned.error().message,
                         examPath};
        for (const PlannedExam& e : planned.value())
            ids << e.id;
    }
    const auto listed = [&ids] {
        const int shown = std::min(int(ids.size()), 5);
        QString text = ids.mid(0, shown).join(QStringLiteral(", "));
        if (ids.size() > shown)
            text += QStringLiteral(", ...");
        return text;
    };
    if (!wanted.isEmpty()) {
        if (ids.contains(wanted))
            return wanted;
        return Error{QStringLiteral("teaching.exam_key"),
                     QStringLiteral("Holds no exam %1 (it holds %2: %3).")
                         .arg(wanted)
                         .arg(ids.size())
                         .arg(listed()),
                     examPath};
    }
    if (ids.size() == 1)
        return ids.front();
    return Error{QStringLiteral("teaching.exam_key"),
                 QStringLiteral("Holds %1 exams (%2): say which with exam_key.")
                     .arg(ids.size())
                     .arg(listed()),
                 examPath};
}

QByteArray CaseSetFile::toJson(const CaseSet& set, const QString& baseDir)
{
    const QDir base(baseDir);
    const auto relative = [&base](const QString& path) {
        return path.isEmpty() ? path : base.relativeFilePath(path);
    };
    QJsonArray cases;
    for (const CaseTruth& c : set.cases) {
        QJsonArray lesions;
        for (const CaseLesion& l : c.lesions)
            lesions.append(QJsonObject{
                {QStringLiteral("breast"), toString(l.breast)},
                {QStringLiteral("view"), l.view},
                {QStringLiteral("class"), toString(l.pathology)},
                {QStringLiteral("box"), QJsonObject{{QStringLiteral("x"), l.x},
                                                    {QStringLiteral("y"), l.y},
                                                    {QStringLiteral("width"), l.width},
                                                    {QStringLiteral("height"), l.height}}}});
        QJsonObject o{
            {QStringLiteral("exam"), relative(c.examPath)},
            {QStringLiteral("exam_key"), c.examKey},
            {QStringLiteral("truth"), QJsonObject{{QStringLiteral("left"), toString(c.left)},
                                                  {QStringLiteral("right"), toString(c.right)}}}};
        if (!lesions.isEmpty())
            o.insert(QStringLiteral("lesions"), lesions);
        cases.append(o);
    }
    const QJsonObject top{{QStringLiteral("format"), QLatin1String(kFormat)},
                          {QStringLiteral("name"), set.name},
                          {QStringLiteral("description"), set.description},
                          {QStringLiteral("cases"), cases}};
    return QJsonDocument(top).toJson(QJsonDocument::Indented);
}

Outcome<bool> CaseSetFile::write(const CaseSet& set, const QString& path)
{
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath()))
        return Error{QStringLiteral("teaching.write_failed"),
                     QStringLiteral("Cannot create its folder."), path};
    QSaveFile file(path);
    const QByteArray content = toJson(set, info.absolutePath());
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size() || !file.commit())
        return Error{QStringLiteral("teaching.write_failed"), file.errorString(), path};
    return true;
}

} // namespace mammolens::core
