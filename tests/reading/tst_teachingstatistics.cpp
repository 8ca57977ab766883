// TeachingStatistics: sensitivity, specificity (per case and per breast), the confidence's AUC
// with ties and empty classes, localisation hits, on hand-built sessions whose answers are known.

#include "core/reading/teachingstatistics.h"

#include <QJsonArray>
#include <QtTest>

using namespace mammolens::core;

namespace {

CaseLesion lesion(Laterality breast, const char* view, int x, int y, int w, int h,
                  BreastTruth pathology = BreastTruth::Malignant)
{
    CaseLesion l;
    l.breast = breast;
    l.view = QLatin1String(view);
    l.pathology = pathology;
    l.x = x;
    l.y = y;
    l.width = w;
    l.height = h;
    return l;
}

CaseTruth truth(const char* key, BreastTruth left, BreastTruth right,
                std::vector<CaseLesion> lesions = {})
{
    CaseTruth c;
    c.examKey = QLatin1String(key);
    c.examPath = QStringLiteral("/cases/") + c.examKey;
    c.left = left;
    c.right = right;
    c.lesions = std::move(lesions);
    return c;
}

Finding mark(Laterality breast, const char* view, double x, double y,
             std::optional<double> radius = std::nullopt)
{
    Finding f;
    f.breast = breast;
    f.view = QLatin1String(view);
    f.x = x;
    f.y = y;
    f.radius = radius;
    return f;
}

Assessment read(const char* key, bool recall, std::optional<int> confidence,
                std::optional<int> biradsLeft = std::nullopt,
                std::optional<int> biradsRight = std::nullopt, std::vector<Finding> findings = {})
{
    Assessment a;
    a.sessionId = 1;
    a.examKey = QLatin1String(key);
    a.recall = recall;
    a.confidence = confidence;
    a.biradsLeft = biradsLeft;
    a.biradsRight = biradsRight;
    a.findings = std::move(findings);
    return a;
}

constexpr auto L = Laterality::Left;
constexpr auto R = Laterality::Right;
constexpr auto N = BreastTruth::Normal;
constexpr auto B = BreastTruth::Benign;
constexpr auto M = BreastTruth::Malignant;

/// Eight cases: four malignant (c8 not read), four not (c7 not read).
CaseSet eightCases()
{
    CaseSet set;
    set.name = QStringLiteral("Set A");
    set.cases = {
        truth("c1", N, M, {lesion(R, "CC", 100, 100, 50, 50), lesion(R, "MLO", 200, 300, 40, 40)}),
        truth("c2", M, N, {lesion(L, "CC", 10, 10, 20, 20)}),
        truth("c3", M, B, {lesion(R, "CC", 500, 500, 30, 30, B)}),
        truth("c4", B, N, {lesion(L, "MLO", 50, 50, 10, 10, B)}),
        truth("c5", N, N),
        truth("c6", N, N),
        truth("c7", N, N),
        truth("c8", N, M, {lesion(R, "CC", 0, 0, 10, 10)}),
    };
    return set;
}

/// The reader's initial assessments of c1-c6 and of one exam not in the set.
SessionResults sixRead()
{
    SessionResults r;
    r.session.id = 1;
    r.session.mode = ReadingMode::Teaching;
    r.session.caseSet = QStringLiteral("Set A");
    r.assessments = {
        // Recalled, right breast BI-RADS 4; one mark hits the CC lesion (inside the box grown by
        // its radius 15), one misses the MLO lesion (20 px right of it, no radius).
        read("c1", true, 90, 1, 4, {mark(R, "CC", 160, 120, 15.0), mark(R, "MLO", 260, 300)}),
        // Missed: not recalled, no mark.
        read("c2", false, 40, 2, 1),
        // Recalled on the left (BI-RADS 0); its mark is on a breast with no lesion listed.
        read("c3", true, 70, 0, std::nullopt, {mark(L, "CC", 5, 5)}),
        // A false positive: recalled, the mark on the benign lesion (not a malignant one).
        read("c4", true, 70, std::nullopt, std::nullopt, {mark(L, "MLO", 55, 55)}),
        read("c5", false, 10, 1, 1),
        read("c6", false, 70, 1, 1),
        read("not-a-case", true, 99, 4, 1),
    };
    return r;
}

} // namespace

class TestTeachingStatistics : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void compute_knownSession_givesExactValues()
    {
        const TeachingStatistics s = TeachingStatistics::compute(sixRead(), eightCases());
        QVERIFY(s.phase == AssessmentPhase::Initial);
        QCOMPARE(s.cases, 8);
        QCOMPARE(s.read, 6);
        QCOMPARE(s.notRead, 2);
        QCOMPARE(s.notInSet, 1);
        QCOMPARE(s.revised, 0);

        // Malignant read: c1 (recalled), c2 (not), c3 (recalled). Other: c4 (recalled), c5, c6.
        QCOMPARE(s.sensitivity.numerator, 2);
        QCOMPARE(s.sensitivity.denominator, 3);
        QCOMPARE(*s.sensitivity.value(), 2.0 / 3.0);
        QCOMPARE(s.specificity.numerator, 2);
        QCOMPARE(s.specificity.denominator, 3);

        // Breasts: malignant c1 R (BI-RADS 4: recalled), c2 L (not), c3 L (BI-RADS 0: recalled);
        // others: c1 L (BI-RADS 1), c2 R, c3 R (no BI-RADS, no mark), c4 L (no BI-RADS, a mark:
        // recalled), c4 R, c5 and c6 both: 8 of 9 not recalled.
        QCOMPARE(s.breastSensitivity.numerator, 2);
        QCOMPARE(s.breastSensitivity.denominator, 3);
        QCOMPARE(s.breastSpecificity.numerator, 8);
        QCOMPARE(s.breastSpecificity.denominator, 9);

        // AUC: positives 90, 40, 70; negatives 70, 10, 70. Pairs won: 90 beats all three (3);
        // 40 beats 10 (1); 70 beats 10 (1) and ties twice (2 x 0.5): 6 of 9.
        QCOMPARE(s.aucPositives, 3);
        QCOMPARE(s.aucNegatives, 3);
        QCOMPARE(s.readWithoutConfidence, 0);
        QVERIFY(s.auc.has_value());
        QCOMPARE(*s.auc, 6.0 / 9.0);

        // Localisation: malignant lesions of cases read: c1 CC (hit), c1 MLO, c2 CC: 1 of 3
        // (c8's lesion is not read). Marks: 4, of which 3 are on no malignant lesion.
        QCOMPARE(s.localisation.numerator, 1);
        QCOMPARE(s.localisation.denominator, 3);
        QCOMPARE(s.marks, 4);
        QCOMPARE(s.marksOffTarget, 3);

        QCOMPARE(int(s.caseOutcomes.size()), 8);
        const auto& c1 = s.caseOutcomes[0];
        QCOMPARE(c1.examKey, QStringLiteral("c1"));
        QVERIFY(c1.read && c1.recalled && c1.rightRecalled && !c1.leftRecalled);
        QVERIFY(c1.lesionHit == (std::vector<bool>{true, false}));
        QCOMPARE(c1.malignantLesions, 2);
        QCOMPARE(c1.malignantLesionsHit, 1);
        QCOMPARE(c1.marksOffTarget, 1);
        const auto& c4 = s.caseOutcomes[3];
        QVERIFY(c4.lesionHit == std::vector<bool>{true}); // the benign lesion, found
        QCOMPARE(c4.malignantLesions, 0);
        QCOMPARE(c4.marksOffTarget, 1);
        const auto& c8 = s.caseOutcomes[7];
        QVERIFY(!c8.read && !c8.recalled);
        QCOMPARE(c8.malignantLesions, 1);
        QVERIFY(!c8.confidence.has_value());

        const QJsonObject json = s.toJson();
        QCOMPARE(json.value(QStringLiteral("phase")).toString(), QStringLiteral("initial"));
        QCOMPARE(json.value(QStringLiteral("auc")).toDouble(), 6.0 / 9.0);
        QCOMPARE(json.value(QStringLiteral("sensitivity"))
                     .toObject()
                     .value(QStringLiteral("denominator"))
                     .toInt(),
                 3);
        QCOMPARE(json.value(QStringLiteral("case_outcomes")).toArray().size(), 8);
    }

    void compute_postAi_usesRevisionsAndKeepsTheRest()
    {
        SessionResults r = sixRead();
        // After the reveal the reader recalls c2 and marks its lesion.
        Assessment revised = read("c2", true, 85, 4, 1, {mark(L, "CC", 20, 20)});
        revised.phase = AssessmentPhase::PostAi;
        r.assessments.push_back(revised);

        const TeachingStatistics initial = TeachingStatistics::compute(r, eightCases());
        QCOMPARE(initial.sensitivity.numerator, 2); // the PostAi row changes nothing here
        QCOMPARE(initial.revised, 0);

        const TeachingStatistics post =
            TeachingStatistics::compute(r, eightCases(), AssessmentPhase::PostAi);
        QVERIFY(post.phase == AssessmentPhase::PostAi);
        QCOMPARE(post.revised, 1);
        QCOMPARE(post.read, 6);
        QCOMPARE(post.sensitivity.numerator, 3);
        QCOMPARE(post.sensitivity.denominator, 3);
        QCOMPARE(post.localisation.numerator, 2);
        // Positives 90, 85, 70 against 70, 10, 70: 3 + 3 + (1 + 2 x 0.5) = 8 of 9.
        QCOMPARE(*post.auc, 8.0 / 9.0);
        QVERIFY(post.caseOutcomes[1].fromPostAi);
        QVERIFY(!post.caseOutcomes[0].fromPostAi);
    }

    void compute_oneClassOrNothingRead_leavesRatiosUndefined()
    {
        // Nothing read: every ratio and the AUC are undefined, not 0.
        const TeachingStatistics none = TeachingStatistics::compute(SessionResults{}, eightCases());
        QCOMPARE(none.read, 0);
        QCOMPARE(none.notRead, 8);
        QVERIFY(!none.sensitivity.value() && !none.specificity.value());
        QVERIFY(!none.breastSensitivity.value() && !none.localisation.value());
        QVERIFY(!none.auc.has_value());
        QVERIFY(none.toJson().value(QStringLiteral("auc")).isNull());

        // Only malignant cases read: sensitivity defined, specificity and AUC not.
        SessionResults r;
        r.assessments = {read("c1", true, 80), read("c2", false, 20),
                         read("c8", true, std::nullopt)};
        const TeachingStatistics s = TeachingStatistics::compute(r, eightCases());
        QCOMPARE(*s.sensitivity.value(), 2.0 / 3.0);
        QVERIFY(!s.specificity.value());
        QCOMPARE(s.aucPositives, 2);
        QCOMPARE(s.aucNegatives, 0);
        QCOMPARE(s.readWithoutConfidence, 1);
        QVERIFY(!s.auc.has_value());
    }

    void mannWhitneyAuc_tiesCountHalf_data()
    {
        QTest::addColumn<std::vector<int>>("positives");
        QTest::addColumn<std::vector<int>>("negatives");
        QTest::addColumn<double>("auc"); ///< negative: undefined
        QTest::newRow("perfect") << std::vector<int>{90, 80} << std::vector<int>{10, 20} << 1.0;
        QTest::newRow("inverted") << std::vector<int>{10, 20} << std::vector<int>{90, 80} << 0.0;
        QTest::newRow("all tied") << std::vector<int>{50, 50} << std::vector<int>{50} << 0.5;
        QTest::newRow("some tied") << std::vector<int>{70, 70} << std::vector<int>{70, 10} << 0.75;
        QTest::newRow("extremes") << std::vector<int>{100} << std::vector<int>{0, 100, 100}
                                  << 4.0 / 6.0;
        QTest::newRow("no negatives") << std::vector<int>{50} << std::vector<int>{} << -1.0;
        QTest::newRow("no positives") << std::vector<int>{} << std::vector<int>{50} << -1.0;
    }

    void mannWhitneyAuc_tiesCountHalf()
    {
        QFETCH(std::vector<int>, positives);
        QFETCH(std::vector<int>, negatives);
        QFETCH(double, auc);
        const auto value = TeachingStatistics::mannWhitneyAuc(positives, negatives);
        if (auc < 0) {
            QVERIFY(!value.has_value());
            return;
        }
        QVERIFY(value.has_value());
        QCOMPARE(*value, auc);
    }

    void hits_boxGrownByTheRadius_data()
    {
        // The lesion: x 100..150, y 200..240.
        QTest::addColumn<double>("x");
        QTest::addColumn<double>("y");
        QTest::addColumn<double>("radius");
        QTest::addColumn<bool>("hit");
        QTest::newRow("centre") << 125.0 << 220.0 << 0.0 << true;
        QTest::newRow("on the right edge") << 150.0 << 220.0 << 0.0 << true;
        QTest::newRow("on the top-left corner") << 100.0 << 200.0 << 0.0 << true;
        QTest::newRow("just right of it") << 150.5 << 220.0 << 0.0 << false;
        QTest::newRow("above it") << 125.0 << 190.0 << 0.0 << false;
        QTest::newRow("above it, radius reaches") << 125.0 << 190.0 << 10.0 << true;
        QTest::newRow("above it, radius short") << 125.0 << 190.0 << 9.5 << false;
        QTest::newRow("diagonal beyond a corner, grown box") << 95.0 << 195.0 << 5.0 << true;
        QTest::newRow("negative radius counts as none") << 95.0 << 220.0 << -10.0 << false;
    }

    void hits_boxGrownByTheRadius()
    {
        QFETCH(double, x);
        QFETCH(double, y);
        QFETCH(double, radius);
        QFETCH(bool, hit);
        const CaseLesion l = lesion(L, "CC", 100, 200, 50, 40);
        QCOMPARE(TeachingStatistics::hits(l, x, y, radius), hit);
    }

    void compute_markOnOtherViewOrBreast_isNoHit()
    {
        CaseSet set;
        set.cases = {truth("c", M, N, {lesion(L, "CC", 0, 0, 100, 100)})};
        SessionResults r;
        r.assessments = {
            read("c", true, 50, 4, 1,
                 {mark(L, "MLO", 50, 50), mark(R, "CC", 50, 50), mark(L, "XCCL", 50, 50)})};
        const TeachingStatistics s = TeachingStatistics::compute(r, set);
        QCOMPARE(s.localisation.numerator, 0);
        QCOMPARE(s.localisation.denominator, 1);
        QCOMPARE(s.marksOffTarget, 3);
        r.assessments[0].findings.push_back(mark(L, "CC", 50, 50));
        QCOMPARE(TeachingStatistics::compute(r, set).localisation.numerator, 1);
    }
};

QTEST_GUILESS_MAIN(TestTeachingStatistics)
#include "tst_teachingstatistics.moc"
