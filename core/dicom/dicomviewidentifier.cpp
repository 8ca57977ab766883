#include "core/dicom/dicomviewidentifier.h"

#include <QRegularExpression>

namespace mammolens::core {

namespace {

struct ViewCodeEntry
{
    const char* srt;     ///< SNOMED-RT style code (scheme SRT, or SNM3 in old files)
    const char* sct;     ///< SNOMED CT concept id (scheme SCT)
    const char* meaning; ///< code meaning, lower case, letters only (fallback match)
    const char* abbreviation;
};

// DICOM PS3.16 CID 4014 "View for Mammography". CC and MLO are the GMIC inputs; the rest are
// kept as non-standard views. Files written before 2019 use the SRT codes, later ones SCT.
constexpr ViewCodeEntry kViewCodes[] = {
    {"R-10242", "399162004", "craniocaudal", "CC"},
    {"R-10226", "399368009", "mediolateraloblique", "MLO"},
    {"R-10224", "399260004", "mediolateral", "ML"},
    {"R-10228", "399352003", "lateromedial", "LM"},
    {"R-10230", "399099002", "lateromedialoblique", "LMO"},
    {"R-10244", "399196006", "caudocranialfrombelow", "FB"},
    {"R-102D0", "399188001", "superolateraltoinferomedialoblique", "SIO"},
    {"R-40AAA", "441555000", "inferomedialtosuperolateraloblique", "ISO"},
    {"R-1024A", "399192003", "craniocaudalexaggeratedlaterally", "XCCL"},
    {"R-1024B", "399101009", "craniocaudalexaggeratedmedially", "XCCM"},
    {"R-102CF", "399265009", "exaggeratedcraniocaudal", "XCC"},
};

struct ModifierEntry
{
    const char* meaning; ///< lower case, letters only
    const char* name;
};

// CID 4015 "View Modifier for Mammography", matched on the code meaning (the name is all we
// need: any modifier already makes the view non-standard).
constexpr ModifierEntry kModifiers[] = {
    {"spotcompression", "spot compression"},
    {"magnification", "magnification"},
    {"magnified", "magnification"},
    {"implantdisplaced", "implant displaced"},
    {"rolledlateral", "rolled lateral"},
    {"rolledmedial", "rolled medial"},
    {"rolledinferior", "rolled inferior"},
    {"rolledsuperior", "rolled superior"},
    {"cleavage", "cleavage"},
    {"axillarytail", "axillary tail"},
    {"tangential", "tangential"},
    {"nippleinprofile", "nipple in profile"},
};

// Code values of the modifiers that matter most, for files whose meanings are missing or
// localised: spot compression (R-102D2, 399055006), magnification (R-102D6), implant displaced
// (R-102D3).
struct ModifierCode
{
    const char* value;
    const char* name;
};
constexpr ModifierCode kModifierCodes[] = {
    {"R-102D2", "spot compression"},
    {"399055006", "spot compression"},
    {"R-102D6", "magnification"},
    {"R-102D3", "implant displaced"},
};

QString lettersOnly(const QString& text)
{
    QString out;
    for (QChar c : text)
        if (c.isLetter())
            out.append(c.toLower());
    return out;
}

std::optional<Laterality> lateralityFromCode(const QString& value)
{
    const QString v = value.trimmed().toUpper();
    if (v == QLatin1String("L"))
        return Laterality::Left;
    if (v == QLatin1String("R"))
        return Laterality::Right;
    return std::nullopt; // B (both), U (unpaired) or empty decide nothing
}

ViewPosition positionOfAbbreviation(const QString& abbreviation)
{
    if (abbreviation == QLatin1String("CC"))
        return ViewPosition::CC;
    if (abbreviation == QLatin1String("MLO"))
        return ViewPosition::MLO;
    return ViewPosition::Other;
}

QString modifierName(const DicomViewIdentifier::Code& code)
{
    for (const ModifierCode& entry : kModifierCodes)
        if (code.value.trimmed() == QLatin1String(entry.value))
            return QString::fromLatin1(entry.name);
    const QString meaning = lettersOnly(code.meaning);
    for (const ModifierEntry& entry : kModifiers)
        if (meaning == QLatin1String(entry.meaning))
            return QString::fromLatin1(entry.name);
    if (!code.meaning.trimmed().isEmpty())
        return code.meaning.trimmed().toLower();
    return QStringLiteral("modifier %1").arg(code.value.trimmed());
}

/// ViewPosition (0018,5101) as vendors write it: "CC", "MLO", "XCCL", sometimes with the side
/// ("RCC") or an implant-displaced suffix ("CCID", "MLO ID").
struct ParsedViewPosition
{
    QString abbreviation;
    bool implantDisplaced = false;
};

std::optional<ParsedViewPosition> parseViewPosition(const QString& stored)
{
    QString v = stored.trimmed().toUpper();
    v.remove(QLatin1Char(' '));
    v.remove(QLatin1Char('_'));
    v.remove(QLatin1Char('-'));
    if (v.isEmpty())
        return std::nullopt;
    ParsedViewPosition parsed;
    if (v.size() > 2 && v.endsWith(QLatin1String("ID"))) {
        parsed.implantDisplaced = true;
        v.chop(2);
    }
    static const QStringList kKnown = {
        QStringLiteral("CC"),   QStringLiteral("MLO"), QStringLiteral("ML"),
        QStringLiteral("LM"),   QStringLiteral("LMO"), QStringLiteral("XCCL"),
        QStringLiteral("XCCM"), QStringLiteral("XCC"), QStringLiteral("FB"),
        QStringLiteral("SIO"),  QStringLiteral("ISO"), QStringLiteral("AT"),
        QStringLiteral("CV")};
    if (!kKnown.contains(v) && (v.startsWith(QLatin1Char('L')) || v.startsWith(QLatin1Char('R'))) &&
        kKnown.contains(v.mid(1)))
        v = v.mid(1); // "RCC", "LMLO": the side is not ViewPosition's business, the view is
    parsed.abbreviation = v;
    return parsed;
}

} // namespace

QString DicomViewIdentifier::viewAbbreviation(const Code& code)
{
    const QString value = code.value.trimmed();
    for (const ViewCodeEntry& entry : kViewCodes)
        if (value == QLatin1String(entry.srt) || value == QLatin1String(entry.sct))
            return QString::fromLatin1(entry.abbreviation);
    const QString meaning = lettersOnly(code.meaning);
    for (const ViewCodeEntry& entry : kViewCodes)
        if (meaning == QLatin1String(entry.meaning))
            return QString::fromLatin1(entry.abbreviation);
    return {};
}

std::optional<DicomViewIdentifier::TextView> DicomViewIdentifier::parseText(const QString& text)
{
    // Longer alternatives first so "MLO" is not read as "ML" and "XCCL" not as "XCC". One
    // instance per thread: QRegularExpression is reentrant, not documented thread-safe.
    static thread_local const QRegularExpression pattern(
        QStringLiteral("(?<![A-Za-z])(LEFT|RIGHT|L|R)[\\s_.\\-]*"
                       "(XCCL|XCCM|XCC|MLO|LMO|CC|ML|LM)(?![A-Za-z])"),
        QRegularExpression::CaseInsensitiveOption);
    std::optional<TextView> found;
    auto it = pattern.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        TextView view;
        view.laterality = match.captured(1).at(0).toUpper() == QLatin1Char('L') ? Laterality::Left
                                                                                : Laterality::Right;
        view.view = match.captured(2).toUpper();
        if (found && (found->laterality != view.laterality || found->view != view.view))
            return std::nullopt; // names two different views: trust neither
        found = view;
    }
    return found;
}

Outcome<DicomViewIdentifier::Decision> DicomViewIdentifier::identify(const Evidence& evidence,
                                                                     const QString& source)
{
    Decision decision;
    const std::optional<TextView> fromSeries = parseText(evidence.seriesDescription);
    const std::optional<TextView> fromFile = parseText(evidence.fileName);

    // ---- laterality: every source that names a breast, in order of trust
    struct LateralityVote
    {
        DecisionSource source;
        Laterality laterality;
        QString label;
    };
    std::vector<LateralityVote> votes;
    if (auto l = lateralityFromCode(evidence.imageLaterality))
        votes.push_back({DecisionSource::ImageLaterality, *l,
                         QStringLiteral("ImageLaterality=%1").arg(toString(*l))});
    if (auto l = lateralityFromCode(evidence.laterality))
        votes.push_back(
            {DecisionSource::Laterality, *l, QStringLiteral("Laterality=%1").arg(toString(*l))});
    if (fromSeries)
        votes.push_back(
            {DecisionSource::SeriesDescription, fromSeries->laterality,
             QStringLiteral("SeriesDescription=%1").arg(toString(fromSeries->laterality))});
    if (fromFile)
        votes.push_back({DecisionSource::FileName, fromFile->laterality,
                         QStringLiteral("file name=%1").arg(toString(fromFile->laterality))});
    for (const LateralityVote& vote : votes)
        decision.lateralityEvidence << vote.label;

    if (votes.empty()) {
        QString detail;
        const QString il = evidence.imageLaterality.trimmed();
        if (!il.isEmpty())
            detail = QStringLiteral(" (ImageLaterality is \"%1\", which names no single breast)")
                         .arg(il);
        return Error{QStringLiteral("dicom.no_laterality"),
                     QStringLiteral("No source names the breast: ImageLaterality, Laterality, "
                                    "SeriesDescription and the file name are all silent%1.")
                         .arg(detail),
                     source};
    }
    for (const LateralityVote& vote : votes) {
        if (vote.laterality != votes.front().laterality)
            return Error{QStringLiteral("dicom.conflicting_laterality"),
                         QStringLiteral("The sources disagree on the breast: %1.")
                             .arg(decision.lateralityEvidence.join(QStringLiteral(", "))),
                         source};
    }
    decision.laterality = votes.front().laterality;
    decision.lateralitySource = votes.front().source;

    // ---- view: first source that names one decides; the others are cross-checked
    struct ViewVote
    {
        DecisionSource source;
        QString abbreviation;
        QString label;
    };
    std::vector<ViewVote> views;
    if (evidence.viewCode) {
        QString abbreviation = viewAbbreviation(*evidence.viewCode);
        const QString label =
            QStringLiteral("ViewCodeSequence=%1 %2 \"%3\"")
                .arg(evidence.viewCode->scheme.trimmed(), evidence.viewCode->value.trimmed(),
                     evidence.viewCode->meaning.trimmed());
        if (abbreviation.isEmpty()) {
            // An unknown code still names a view, just not one GMIC reads.
            abbreviation = evidence.viewCode->meaning.trimmed().isEmpty()
                               ? QStringLiteral("code %1").arg(evidence.viewCode->value.trimmed())
                               : evidence.viewCode->meaning.trimmed();
            decision.warnings << QStringLiteral("Unknown view code %1 (%2): kept as a "
                                                "non-standard view.")
                                     .arg(evidence.viewCode->value.trimmed(),
                                          evidence.viewCode->meaning.trimmed());
        }
        views.push_back({DecisionSource::ViewCodeSequence, abbreviation, label});
    }
    bool implantDisplaced = false;
    if (auto parsed = parseViewPosition(evidence.viewPosition)) {
        implantDisplaced = parsed->implantDisplaced;
        views.push_back({DecisionSource::ViewPosition, parsed->abbreviation,
                         QStringLiteral("ViewPosition=%1").arg(evidence.viewPosition.trimmed())});
    }
    if (fromSeries)
        views.push_back({DecisionSource::SeriesDescription, fromSeries->view,
                         QStringLiteral("SeriesDescription=%1").arg(fromSeries->view)});
    if (fromFile)
        views.push_back({DecisionSource::FileName, fromFile->view,
                         QStringLiteral("file name=%1").arg(fromFile->view)});
    for (const ViewVote& vote : views)
        decision.viewEvidence << vote.label;

    if (views.empty()) {
        decision.viewName = QStringLiteral("unknown");
        decision.position = ViewPosition::Other;
        decision.viewIdentified = false;
        decision.warnings << QStringLiteral("No source names the view (View Code Sequence, "
                                            "ViewPosition, SeriesDescription, file name): kept "
                                            "as a non-standard view.");
        return decision;
    }
    const ViewVote& chosen = views.front();
    for (const ViewVote& vote : views) {
        if (vote.abbreviation.compare(chosen.abbreviation, Qt::CaseInsensitive) != 0) {
            decision.warnings << QStringLiteral("The sources disagree on the view (%1); using %2.")
                                     .arg(decision.viewEvidence.join(QStringLiteral(", ")),
                                          toString(chosen.source));
            break;
        }
    }
    decision.viewIdentified = true;
    decision.viewSource = chosen.source;
    decision.position = positionOfAbbreviation(chosen.abbreviation);
    decision.viewName = chosen.abbreviation;

    QStringList modifiers;
    for (const Code& modifier : evidence.viewModifiers)
        modifiers << modifierName(modifier);
    if (implantDisplaced && !modifiers.contains(QStringLiteral("implant displaced")))
        modifiers << QStringLiteral("implant displaced");
    if (!modifiers.isEmpty()) {
        // A spot, magnified or implant-displaced view is a work-up image, never a GMIC input.
        decision.position = ViewPosition::Other;
        decision.viewName = modifiers.join(QLatin1Char(' ')) + QLatin1Char(' ') + decision.viewName;
    }
    return decision;
}

} // namespace mammolens::core
