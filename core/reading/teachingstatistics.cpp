#include "core/reading/teachingstatistics.h"

#include <QJsonArray>
#include <map>

namespace mammolens::core {

namespace {

/// A breast the reader recalled: the exam is recalled and the reader pointed at that breast:
/// its BI-RADS asks for work-up (0, 3, 4, 5, 6), or it has no BI-RADS and a mark on it.
bool breastRecalled(const Assessment& a, Laterality breast)
{
    if (!a.recall)
        return false;
    const std::optional<int> birads = breast == Laterality::Left ? a.biradsLeft : a.biradsRight;
    if (birads)
        return *birads != 1 && *birads != 2;
    for (const Finding& f : a.findings)
        if (f.breast == breast)
            return true;
    return false;
}

QJsonValue optionalNumber(const std::optional<double>& v)
{
    return v ? QJsonValue(*v) : QJsonValue();
}

QJsonObject ratioJson(const TeachingStatistics::Ratio& r)
{
    return QJsonObject{{QStringLiteral("value"), optionalNumber(r.value())},
                       {QStringLiteral("numerator"), r.numerator},
                       {QStringLiteral("denominator"), r.denominator}};
}

} // namespace

std::optional<double> TeachingStatistics::mannWhitneyAuc(const std::vector<int>& positives,
                                                         const std::vector<int>& negatives)
{
    if (positives.empty() || negatives.empty())
        return std::nullopt;
    // Counted in halves so that the sum stays an exact integer.
    qint64 halves = 0;
    for (int p : positives)
        for (int n : negatives)
            halves += p > n ? 2 : (p == n ? 1 : 0);
    return double(halves) / (2.0 * double(positives.size()) * double(negatives.size()));
}

bool TeachingStatistics::hits(const CaseLesion& lesion, double x, double y, double radius)
{
    const double r = radius > 0 ? radius : 0.0;
    return x >= lesion.x - r && x <= lesion.x + lesion.width + r && y >= lesion.y - r &&
           y <= lesion.y + lesion.height + r;
}

TeachingStatistics TeachingStatistics::compute(const SessionResults& results,
                                               const CaseSet& caseSet, AssessmentPhase phase)
{
    TeachingStatistics s;
    s.phase = phase;
    s.cases = int(caseSet.cases.size());

    // The assessment that counts per exam: the Initial one, replaced by the PostAi one when
    // PostAi statistics are asked for and the reader revised the exam.
    std::map<QString, const Assessment*> chosen;
    for (const Assessment& a : results.assessments)
        if (a.phase == AssessmentPhase::Initial)
            chosen[a.examKey] = &a;
    if (phase == AssessmentPhase::PostAi)
        for (const Assessment& a : results.assessments)
            if (a.phase == AssessmentPhase::PostAi)
                chosen[a.examKey] = &a;
    for (const auto& [key, a] : chosen)
        if (!caseSet.find(key))
            ++s.notInSet;

    std::vector<int> positives, negatives;
    for (const CaseTruth& c : caseSet.cases) {
        CaseOutcome o;
        o.examKey = c.examKey;
        o.left = c.left;
        o.right = c.right;
        o.lesionHit.assign(c.lesions.size(), false);
        for (const CaseLesion& l : c.lesions)
            o.malignantLesions += l.pathology == BreastTruth::Malignant ? 1 : 0;
        const auto found = chosen.find(c.examKey);
        if (found == chosen.end()) {
            ++s.notRead;
            s.caseOutcomes.push_back(std::move(o));
            continue;
        }
        const Assessment& a = *found->second;
        ++s.read;
        o.read = true;
        o.fromPostAi = a.phase == AssessmentPhase::PostAi;
        s.revised += o.fromPostAi ? 1 : 0;
        o.recalled = a.recall;
        o.leftRecalled = breastRecalled(a, Laterality::Left);
        o.rightRecalled = breastRecalled(a, Laterality::Right);
        o.confidence = a.confidence;

        const bool malignant = c.isMalignant();
        Ratio& caseRatio = malignant ? s.sensitivity : s.specificity;
        ++caseRatio.denominator;
        caseRatio.numerator += (a.recall == malignant) ? 1 : 0;
        for (const auto& [truth, recalled] :
             {std::pair{c.left, o.leftRecalled}, std::pair{c.right, o.rightRecalled}}) {
            const bool positive = truth == BreastTruth::Malignant;
            Ratio& breastRatio = positive ? s.breastSensitivity : s.breastSpecificity;
            ++breastRatio.denominator;
            breastRatio.numerator += (recalled == positive) ? 1 : 0;
        }
        if (a.confidence)
            (malignant ? positives : negatives).push_back(*a.confidence);
        else
            ++s.readWithoutConfidence;

        // Localisation: a mark on the lesion's breast and view inside its box grown by the
        // mark's radius. Marks count whether or not the exam was recalled.
        std::vector<bool> markOnTarget(a.findings.size(), false);
        for (size_t j = 0; j < c.lesions.size(); ++j) {
            const CaseLesion& l = c.lesions[j];
            for (size_t k = 0; k < a.findings.size(); ++k) {
                const Finding& f = a.findings[k];
                if (f.breast != l.breast || f.view != l.view ||
                    !hits(l, f.x, f.y, f.radius.value_or(0.0)))
                    continue;
                o.lesionHit[j] = true;
                if (l.pathology == BreastTruth::Malignant)
                    markOnTarget[k] = true;
            }
            if (l.pathology == BreastTruth::Malignant && o.lesionHit[j])
                ++o.malignantLesionsHit;
        }
        o.marks = int(a.findings.size());
        for (bool onTarget : markOnTarget)
            o.marksOffTarget += onTarget ? 0 : 1;
        s.localisation.denominator += o.malignantLesions;
        s.localisation.numerator += o.malignantLesionsHit;
        s.marks += o.marks;
        s.marksOffTarget += o.marksOffTarget;
        s.caseOutcomes.push_back(std::move(o));
    }
    s.aucPositives = int(positives.size());
    s.aucNegatives = int(negatives.size());
    s.auc = mannWhitneyAuc(positives, negatives);
    return s;
}

QJsonObject TeachingStatistics::toJson() const
{
    QJsonArray outcomes;
    for (const CaseOutcome& o : caseOutcomes) {
        QJsonArray hit;
        for (bool h : o.lesionHit)
            hit.append(h);
        outcomes.append(QJsonObject{
            {QStringLiteral("exam_key"), o.examKey},
            {QStringLiteral("truth_left"), toString(o.left)},
            {QStringLiteral("truth_right"), toString(o.right)},
            {QStringLiteral("read"), o.read},
            {QStringLiteral("from_post_ai"), o.fromPostAi},
            {QStringLiteral("recalled"), o.recalled},
            {QStringLiteral("left_recalled"), o.leftRecalled},
            {QStringLiteral("right_recalled"), o.rightRecalled},
            {QStringLiteral("confidence"), o.confidence ? QJsonValue(*o.confidence) : QJsonValue()},
            {QStringLiteral("lesion_hit"), hit},
            {QStringLiteral("malignant_lesions"), o.malignantLesions},
            {QStringLiteral("malignant_lesions_hit"), o.malignantLesionsHit},
            {QStringLiteral("marks"), o.marks},
            {QStringLiteral("marks_off_target"), o.marksOffTarget},
        });
    }
    return QJsonObject{
        {QStringLiteral("phase"), toString(phase)},
        {QStringLiteral("cases"), cases},
        {QStringLiteral("read"), read},
        {QStringLiteral("not_read"), notRead},
        {QStringLiteral("not_in_set"), notInSet},
        {QStringLiteral("revised"), revised},
        {QStringLiteral("sensitivity"), ratioJson(sensitivity)},
        {QStringLiteral("specificity"), ratioJson(specificity)},
        {QStringLiteral("breast_sensitivity"), ratioJson(breastSensitivity)},
        {QStringLiteral("breast_specificity"), ratioJson(breastSpecificity)},
        {QStringLiteral("auc"), optionalNumber(auc)},
        {QStringLiteral("auc_positives"), aucPositives},
        {QStringLiteral("auc_negatives"), aucNegatives},
        {QStringLiteral("read_without_confidence"), readWithoutConfidence},
        {QStringLiteral("localisation"), ratioJson(localisation)},
        {QStringLiteral("marks"), marks},
        {QStringLiteral("marks_off_target"), marksOffTarget},
        {QStringLiteral("case_outcomes"), outcomes},
    };
}

} // namespace mammolens::core
