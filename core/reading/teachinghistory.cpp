#include "core/reading/teachinghistory.h"

#include <algorithm>
#include <map>

namespace mammolens::core {

namespace {

Error makeError(const char* code, const QString& message)
{
    return Error{QString::fromLatin1(code), message, {}};
}

QJsonValue timeJson(const QDateTime& t)
{
    return t.isValid() ? QJsonValue(t.toString(Qt::ISODateWithMs)) : QJsonValue();
}

/// The entry of a session whose results and case set are at hand.
TeachingHistory::Entry entryOf(const SessionResults& results, const CaseSet& caseSet)
{
    TeachingHistory::Entry e;
    e.session = results.session;
    e.reader = results.reader;
    e.initial = TeachingStatistics::compute(results, caseSet, AssessmentPhase::Initial);
    const bool revised =
        std::any_of(results.assessments.begin(), results.assessments.end(),
                    [](const Assessment& a) { return a.phase == AssessmentPhase::PostAi; });
    if (revised)
        e.postAi = TeachingStatistics::compute(results, caseSet, AssessmentPhase::PostAi);
    return e;
}

QString missingCaseSet(const ReadingSession& s)
{
    return QStringLiteral("Session %1 names case set '%2', which is not in the reading store "
                          "(import it with `mammolens-cli reading import-case-set`).")
        .arg(s.id)
        .arg(s.caseSet);
}

} // namespace

QJsonObject TeachingHistory::Entry::toJson() const
{
    QJsonObject o{
        {QStringLiteral("session"), session.id},
        {QStringLiteral("reader"), reader.login},
        {QStringLiteral("case_set"), session.caseSet},
        {QStringLiteral("started_at"), timeJson(session.startedAt)},
        {QStringLiteral("ended_at"), timeJson(session.endedAt)},
        {QStringLiteral("initial"), initial ? QJsonValue(initial->toJson()) : QJsonValue()},
        {QStringLiteral("post_ai"), postAi ? QJsonValue(postAi->toJson()) : QJsonValue()}};
    if (!problem.isEmpty())
        o.insert(QStringLiteral("problem"), problem);
    return o;
}

Outcome<TeachingHistory::Entry> TeachingHistory::ofSession(const ReadingStore& store,
                                                           qint64 sessionId)
{
    auto results = store.sessionResults(sessionId);
    if (!results)
        return results.error();
    const ReadingSession& s = results.value().session;
    if (s.mode != ReadingMode::Teaching)
        return makeError("reading.invalid",
                         QStringLiteral("Session %1 is a %2 session, not a teaching one.")
                             .arg(sessionId)
                             .arg(toString(s.mode)));
    auto caseSet = store.caseSet(s.caseSet);
    if (!caseSet)
        return caseSet.error();
    if (!caseSet.value())
        return makeError("reading.not_found", missingCaseSet(s));
    return entryOf(results.value(), *caseSet.value());
}

Outcome<std::vector<TeachingHistory::Entry>> TeachingHistory::ofReader(const ReadingStore& store,
                                                                       const QString& login)
{
    auto reader = store.readerByLogin(login);
    if (!reader)
        return reader.error();
    if (!reader.value())
        return makeError("reading.not_found", QStringLiteral("No reader '%1'.").arg(login));
    auto sessions = store.sessions();
    if (!sessions)
        return sessions.error();
    std::vector<ReadingSession> teaching;
    for (const ReadingSession& s : sessions.value())
        if (s.readerId == reader.value()->id && s.mode == ReadingMode::Teaching)
            teaching.push_back(s);
    std::stable_sort(
        teaching.begin(), teaching.end(), [](const ReadingSession& a, const ReadingSession& b) {
            return a.startedAt != b.startedAt ? a.startedAt < b.startedAt : a.id < b.id;
        });

    std::map<QString, std::optional<CaseSet>> caseSets; // each set read once
    std::vector<Entry> out;
    for (const ReadingSession& s : teaching) {
        if (caseSets.find(s.caseSet) == caseSets.end()) {
            auto found = store.caseSet(s.caseSet);
            if (!found)
                return found.error();
            caseSets[s.caseSet] = std::move(found.value());
        }
        const std::optional<CaseSet>& caseSet = caseSets[s.caseSet];
        if (!caseSet) {
            Entry e;
            e.session = s;
            e.reader = *reader.value();
            e.problem = missingCaseSet(s);
            out.push_back(std::move(e));
            continue;
        }
        auto results = store.sessionResults(s.id);
        if (!results)
            return results.error();
        out.push_back(entryOf(results.value(), *caseSet));
    }
    return out;
}

} // namespace mammolens::core
