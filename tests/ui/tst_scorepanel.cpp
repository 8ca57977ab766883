// The score panel as results arrive and exams change: every cell shows the state of now, never a
// number left over from an earlier exam, run or column layout (its cells are updated in place).

#include "ui/panels/scorepanel.h"

#include <QCheckBox>
#include <QtTest>

using mammolens::core::StandardView;
using mammolens::ui::ExamScores;
using mammolens::ui::ScorePanel;
using mammolens::ui::ViewScores;

class TestScorePanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void scoresOfAnEarlierRunNeverLinger();
    void detailColumnsComeAndGo();
};

namespace {

ViewScores scores(double benign, double malignant)
{
    ViewScores s;
    s.benign = benign;
    s.malignant = malignant;
    s.globalBenign = benign / 2;
    s.globalMalignant = malignant / 2;
    s.benignSpread = 0.01;
    s.malignantSpread = 0.02;
    return s;
}

ExamScores allFour()
{
    ExamScores e;
    e.models.labels = {QStringLiteral("model A")};
    e.views[StandardView::RCC] = scores(0.1, 0.2);
    e.views[StandardView::RMLO] = scores(0.3, 0.4);
    e.views[StandardView::LCC] = scores(0.5, 0.6);
    e.views[StandardView::LMLO] = scores(0.7, 0.8);
    return e;
}

const QStringList kRows = {QStringLiteral("R-CC"), QStringLiteral("R-MLO"), QStringLiteral("L-CC"),
                           QStringLiteral("L-MLO")};

} // namespace

void TestScorePanel::scoresOfAnEarlierRunNeverLinger()
{
    ScorePanel panel;
    panel.setScores(allFour());
    QCOMPARE(panel.cellText(QStringLiteral("R-CC"), 0), QStringLiteral("0.100"));
    QCOMPARE(panel.cellText(QStringLiteral("L-MLO"), 1), QStringLiteral("0.800"));
    QCOMPARE(panel.cellText(QStringLiteral("Exam"), 1), QStringLiteral("max 0.800"));

    // The next exam starts: no number of the last one anywhere.
    panel.setRunning({});
    for (const QString& row : kRows) {
        QCOMPARE(panel.cellText(row, 0), QStringLiteral("running..."));
        QCOMPARE(panel.cellText(row, 1), QString());
        QCOMPARE(panel.cellText(row, 2), QString());
    }
    QCOMPARE(panel.cellText(QStringLiteral("Exam"), 0), QStringLiteral("-"));
    QCOMPARE(panel.cellText(QStringLiteral("Exam"), 1), QString());

    // Its first view arrives: that one shows, the others are still running.
    ExamScores first;
    first.views[StandardView::LCC] = scores(0.25, 0.35);
    panel.setScores(first);
    QCOMPARE(panel.cellText(QStringLiteral("L-CC"), 1), QStringLiteral("0.350"));
    QCOMPARE(panel.cellText(QStringLiteral("R-CC"), 0), QStringLiteral("-"));
    QCOMPARE(panel.cellText(QStringLiteral("R-CC"), 1), QString());
    QCOMPARE(panel.cellText(QStringLiteral("Left breast"), 1),
             QStringLiteral("mean 0.350\nmax 0.350"));
    QCOMPARE(panel.cellText(QStringLiteral("Right breast"), 1), QString());

    // Blinded reading: not a single number.
    panel.setScores(allFour());
    panel.setHidden(QStringLiteral("hidden until committed"));
    for (const QString& row : kRows) {
        QCOMPARE(panel.cellText(row, 0), QStringLiteral("hidden"));
        QCOMPARE(panel.cellText(row, 1), QString());
        QCOMPARE(panel.cellText(row, 2), QString());
    }
}

void TestScorePanel::detailColumnsComeAndGo()
{
    ScorePanel panel;
    panel.setScores(allFour());
    auto* detail = panel.findChild<QCheckBox*>();
    QVERIFY(detail);
    QCOMPARE(panel.cellText(QStringLiteral("R-MLO"), 2), QStringLiteral("0.010 / 0.020"));
    detail->setChecked(true);
    QCOMPARE(panel.cellText(QStringLiteral("R-MLO"), 2), QStringLiteral("0.150")); // y_global B
    QCOMPARE(panel.cellText(QStringLiteral("R-MLO"), 6), QStringLiteral("0.010 / 0.020"));
    detail->setChecked(false);
    QCOMPARE(panel.cellText(QStringLiteral("R-MLO"), 2), QStringLiteral("0.010 / 0.020"));
    QCOMPARE(panel.cellText(QStringLiteral("R-MLO"), 6), QString());
}

QTEST_MAIN(TestScorePanel)
#include "tst_scorepanel.moc"
