// The worklist panel and its model: numeric sorting with unscored exams last, label and status
// filters together, a keyboard that reports model rows whatever the sorting and filtering, and
// blinded reading that leaks no score through the display, a tooltip or the sort order.

#include "ui/panels/worklistmodel.h"
#include "ui/panels/worklistpanel.h"

#include <QComboBox>
#include <QDir>
#include <QHeaderView>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QtTest>

using namespace mammolens::ui;

namespace {

using S = WorklistStatus;

WorklistEntry exam(const QString& label, int views, S status, std::optional<double> malignancy = {},
                   std::optional<double> benign = {}, const QString& error = {})
{
    WorklistEntry e;
    e.label = label;
    e.key = QStringLiteral("/exams/") + label;
    e.views = views;
    e.status = status;
    e.malignancy = malignancy;
    e.benign = benign;
    if (malignancy)
        e.model = QStringLiteral("gmic x5 [3f2a9c]");
    e.error = error;
    return e;
}

// The trailing numbers are the model rows the tests expect.
std::vector<WorklistEntry> sampleEntries()
{
    const QString failed = QStringLiteral("R-CC: truncated pixel data");
    return {
        exam(QStringLiteral("case-001 screening"), 4, S::New),                   // 0
        exam(QStringLiteral("case-002 screening"), 4, S::ModelDone, 0.12, 0.30), // 1
        exam(QStringLiteral("case-003 recall"), 4, S::ModelDone, 0.87, 0.10),    // 2
        exam(QStringLiteral("case-004 screening"), 10, S::Read, 0.45, 0.20),     // 3
        exam(QStringLiteral("case-005 recall"), 2, S::New),                      // 4
        exam(QStringLiteral("Case-006 Recall"), 4, S::Reviewed, 0.91, 0.05),     // 5
        exam(QStringLiteral("case-007 screening"), 4, S::New, {}, {}, failed),   // 6
        exam(QStringLiteral("case-008 recall"), 6, S::ModelDone, 0.05, 0.62),    // 7
    };
}

const QList<int> kWorklistOrder = {0, 1, 2, 3, 4, 5, 6, 7};
const QList<int> kTriageOrder = {5, 2, 3, 1, 7, 0, 4, 6}; // scored by malignancy, then unscored

QList<int> proxyOrder(const QSortFilterProxyModel& proxy)
{
    QList<int> rows;
    for (int r = 0; r < proxy.rowCount(); ++r)
        rows << proxy.mapToSource(proxy.index(r, 0)).row();
    return rows;
}

QList<int> panelOrder(const WorklistPanel& panel)
{
    QList<int> rows;
    for (int r = 0; r < panel.visibleCount(); ++r)
        rows << panel.sourceRowAt(r);
    return rows;
}

void setStatusFilter(WorklistPanel& panel, int status)
{
    const int index = panel.statusFilter()->findData(status);
    QVERIFY(index >= 0);
    panel.statusFilter()->setCurrentIndex(index);
}

void showActive(WorklistPanel& panel)
{
    panel.resize(640, 360);
    panel.show();
    panel.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&panel));
}

void clickHeader(QTableView* view, int column)
{
    QHeaderView* header = view->horizontalHeader();
    const QPoint at(header->sectionViewportPosition(column) + header->sectionSize(column) / 2,
                    header->height() / 2);
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, at);
}

} // namespace

class TestWorklistPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sortIsNumericWithUnscoredLast_data()
    {
        QTest::addColumn<int>("column");
        QTest::addColumn<Qt::SortOrder>("order");
        QTest::addColumn<QList<int>>("expected");
        QTest::newRow("malignant descending: triage")
            << int(WorklistModel::MalignantColumn) << Qt::DescendingOrder << kTriageOrder;
        QTest::newRow("benign descending")
            << int(WorklistModel::BenignColumn) << Qt::DescendingOrder
            << QList<int>{7, 1, 3, 2, 5, 0, 4, 6};
        // 10 views after 6: numbers, not text ("10" < "6").
        QTest::newRow("views ascending") << int(WorklistModel::ViewsColumn) << Qt::AscendingOrder
                                         << QList<int>{4, 0, 1, 2, 5, 6, 7, 3};
        // Workflow order, the failed exam first.
        QTest::newRow("status ascending") << int(WorklistModel::StatusColumn) << Qt::AscendingOrder
                                          << QList<int>{6, 0, 4, 1, 2, 7, 3, 5};
        QTest::newRow("number descending")
            << int(WorklistModel::NumberColumn) << Qt::DescendingOrder
            << QList<int>{7, 6, 5, 4, 3, 2, 1, 0};
    }

    void sortIsNumericWithUnscoredLast()
    {
        QFETCH(int, column);
        QFETCH(Qt::SortOrder, order);
        QFETCH(QList<int>, expected);
        WorklistModel model;
        model.setEntries(sampleEntries());
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setSortRole(WorklistModel::SortRole);
        proxy.sort(column, order);
        QCOMPARE(proxyOrder(proxy), expected);
    }

    void scoreSortKeysAreNumbers()
    {
        WorklistModel model;
        model.setEntries(sampleEntries());
        const QVariant scored =
            model.index(2, WorklistModel::MalignantColumn).data(WorklistModel::SortRole);
        QCOMPARE(scored.typeId(), int(QMetaType::Double));
        QCOMPARE(scored.toDouble(), 0.87);
        const QVariant unscored =
            model.index(0, WorklistModel::MalignantColumn).data(WorklistModel::SortRole);
        QCOMPARE(unscored.typeId(), int(QMetaType::Double));
        QVERIFY(unscored.toDouble() < 0.0);
        QCOMPARE(model.index(2, WorklistModel::MalignantColumn).data().toString(),
                 QStringLiteral("0.870"));
        QCOMPARE(model.index(0, WorklistModel::MalignantColumn).data().toString(),
                 QStringLiteral("-"));
    }

    void triageButtonSortsHighestRiskFirst()
    {
        WorklistPanel panel;
        panel.model()->setEntries(sampleEntries());
        QCOMPARE(panelOrder(panel), kWorklistOrder); // worklist order to begin with
        QVERIFY(panel.triageButton()->isEnabled());
        panel.triageButton()->click();
        QCOMPARE(panelOrder(panel), kTriageOrder);
        QHeaderView* header = panel.view()->horizontalHeader();
        QCOMPARE(header->sortIndicatorSection(), int(WorklistModel::MalignantColumn));
        QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);
    }

    void filtersByLabelAndStatusTogether_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("status");
        QTest::addColumn<QList<int>>("expected");
        QTest::addColumn<QString>("count");
        QTest::newRow("no filter")
            << QString() << -1 << kWorklistOrder << QStringLiteral("8 of 8 exams");
        QTest::newRow("label, any case") << QStringLiteral("RECALL") << -1 << QList<int>{2, 4, 5, 7}
                                         << QStringLiteral("4 of 8 exams");
        QTest::newRow("status alone")
            << QString() << int(S::New) << QList<int>{0, 4, 6} << QStringLiteral("3 of 8 exams");
        QTest::newRow("label and status") << QStringLiteral("recall") << int(S::ModelDone)
                                          << QList<int>{2, 7} << QStringLiteral("2 of 8 exams");
        QTest::newRow("status nobody has") << QStringLiteral("screening") << int(S::Reviewed)
                                           << QList<int>{} << QStringLiteral("0 of 8 exams");
        QTest::newRow("label nobody has")
            << QStringLiteral("R-MLO") << -1 << QList<int>{} << QStringLiteral("0 of 8 exams");
    }

    void filtersByLabelAndStatusTogether()
    {
        QFETCH(QString, text);
        QFETCH(int, status);
        QFETCH(QList<int>, expected);
        QFETCH(QString, count);
        WorklistPanel panel;
        panel.model()->setEntries(sampleEntries());
        panel.filterEdit()->setText(text);
        setStatusFilter(panel, status);
        QCOMPARE(panelOrder(panel), expected);
        QCOMPARE(panel.countText(), count);
        // Back to everything: both filters release their rows.
        panel.filterEdit()->clear();
        setStatusFilter(panel, -1);
        QCOMPARE(panelOrder(panel), kWorklistOrder);
        QCOMPARE(panel.countText(), QStringLiteral("8 of 8 exams"));
    }

    void keyboardReportsModelRowsAfterSortAndFilter()
    {
        WorklistPanel panel;
        panel.model()->setEntries(sampleEntries());
        showActive(panel);
        QSignalSpy activated(&panel, &WorklistPanel::examActivated);
        panel.sortByMalignancy();
        setStatusFilter(panel, int(S::ModelDone));
        QCOMPARE(panelOrder(panel), (QList<int>{2, 1, 7}));

        QTableView* view = panel.view();
        view->setFocus();
        QVERIFY(panel.selectSourceRow(2));
        QCOMPARE(view->currentIndex().row(), 0);
        QTest::keyClick(view, Qt::Key_Down);
        QCOMPARE(panel.currentSourceRow(), 1);
        QTest::keyClick(view, Qt::Key_Return);
        QTest::keyClick(view, Qt::Key_Down);
        QTest::keyClick(view, Qt::Key_Down); // already on the last visible row: stays
        QCOMPARE(panel.currentSourceRow(), 7);
        QTest::keyClick(view, Qt::Key_Enter, Qt::KeypadModifier);
        QTest::keyClick(view, Qt::Key_Up);
        QCOMPARE(panel.currentSourceRow(), 1);
        QCOMPARE(activated.count(), 2);
        QCOMPARE(activated.at(0).at(0).toInt(), 1);
        QCOMPARE(activated.at(1).at(0).toInt(), 7);
        // Rows filtered out cannot be selected.
        QVERIFY(!panel.selectSourceRow(0));
        QCOMPARE(panel.currentSourceRow(), 1);
    }

    void doubleClickOpensTheClickedExam()
    {
        WorklistPanel panel;
        panel.model()->setEntries(sampleEntries());
        showActive(panel);
        panel.sortByMalignancy();
        QSignalSpy activated(&panel, &WorklistPanel::examActivated);
        QTableView* view = panel.view();
        const QRect second = view->visualRect(view->model()->index(1, WorklistModel::ExamColumn));
        // The sequence a real double-click delivers: QTest's mouseDClick alone sends only the
        // second press, which an item view takes as a first one.
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, second.center());
        QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, second.center());
        QTest::mouseRelease(view->viewport(), Qt::LeftButton, {}, second.center());
        QCOMPARE(activated.count(), 1);
        QCOMPARE(activated.at(0).at(0).toInt(), kTriageOrder[1]);
    }

    void ctrlFAndSlashGoToTheFilter()
    {
        WorklistPanel panel;
        panel.model()->setEntries(sampleEntries());
        showActive(panel);
        QTableView* view = panel.view();
        view->setFocus();
        QTRY_VERIFY(view->hasFocus());
        QTest::keyClick(view, Qt::Key_F, Qt::ControlModifier);
        QTRY_VERIFY(panel.filterEdit()->hasFocus());

        view->setFocus();
        QTRY_VERIFY(view->hasFocus());
        QTest::keyClick(view, '/');
        QTRY_VERIFY(panel.filterEdit()->hasFocus());
        QVERIFY(panel.filterEdit()->text().isEmpty()); // '/' moved the focus, it was not typed
        QTest::keyClick(panel.filterEdit(), '/');      // in the filter it is a character
        QCOMPARE(panel.filterEdit()->text(), QStringLiteral("/"));
    }

    void escapeInTheFilterClearsItAndReturnsToTheTable()
    {
        WorklistPanel panel;
        panel.model()->setEntries(sampleEntries());
        showActive(panel);
        QSignalSpy activated(&panel, &WorklistPanel::examActivated);
        QLineEdit* filter = panel.filterEdit();
        filter->setFocus();
        QTRY_VERIFY(filter->hasFocus());
        QTest::keyClicks(filter, QStringLiteral("recall"));
        QCOMPARE(panel.visibleCount(), 4);
        QCOMPARE(panel.countText(), QStringLiteral("4 of 8 exams"));
        QTest::keyClick(filter, Qt::Key_Escape);
        QVERIFY(filter->text().isEmpty());
        QCOMPARE(panel.visibleCount(), 8);
        QTRY_VERIFY(panel.view()->hasFocus());
        QCOMPARE(panel.currentSourceRow(), 0); // a current row to move from
        QCOMPARE(activated.count(), 0);        // leaving the filter opens nothing

        // Return in the filter keeps the filter and goes to its first match.
        filter->setFocus();
        QTRY_VERIFY(filter->hasFocus());
        QTest::keyClicks(filter, QStringLiteral("006"));
        QTest::keyClick(filter, Qt::Key_Return);
        QCOMPARE(filter->text(), QStringLiteral("006"));
        QTRY_VERIFY(panel.view()->hasFocus());
        QCOMPARE(panel.currentSourceRow(), 5);
        QCOMPARE(activated.count(), 0);
        QTest::keyClick(panel.view(), Qt::Key_Return);
        QCOMPARE(activated.count(), 1);
        QCOMPARE(activated.at(0).at(0).toInt(), 5);
    }

    void setEntryChangesOneRowAndKeepsTheSort()
    {
        WorklistPanel panel;
        WorklistModel* model = panel.model();
        model->setEntries(sampleEntries());
        panel.sortByMalignancy();
        QSignalSpy changed(model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(model, &QAbstractItemModel::modelReset);

        WorklistEntry scored = model->entry(4);
        scored.status = S::ModelDone;
        scored.malignancy = 0.77;
        scored.benign = 0.15;
        scored.model = QStringLiteral("gmic x5 [3f2a9c]");
        model->setEntry(4, scored);

        QCOMPARE(changed.count(), 1);
        const auto topLeft = changed.at(0).at(0).value<QModelIndex>();
        const auto bottomRight = changed.at(0).at(1).value<QModelIndex>();
        QCOMPARE(topLeft.row(), 4);
        QCOMPARE(bottomRight.row(), 4);
        QCOMPARE(topLeft.column(), 0);
        QCOMPARE(bottomRight.column(), WorklistModel::ColumnCount - 1);
        QCOMPARE(reset.count(), 0);
        QCOMPARE(model->index(4, WorklistModel::MalignantColumn).data().toString(),
                 QStringLiteral("0.770"));
        QCOMPARE(model->index(4, WorklistModel::StatusColumn).data().toString(),
                 worklistStatusText(S::ModelDone));
        QCOMPARE(model->index(3, WorklistModel::MalignantColumn).data().toString(),
                 QStringLiteral("0.450")); // its neighbours untouched
        QCOMPARE(panelOrder(panel), (QList<int>{5, 2, 4, 3, 1, 7, 0, 6}));

        model->setEntry(8, scored); // no such row: ignored
        model->setEntry(-1, scored);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(model->rowOfKey(scored.key), 4);
        QCOMPARE(model->rowOfKey(QStringLiteral("/exams/none")), -1);
    }

    void currentExamIsBold()
    {
        WorklistModel model;
        model.setEntries(sampleEntries());
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setCurrentRow(2);
        QCOMPARE(changed.count(), 1);
        for (int c = 0; c < WorklistModel::ColumnCount; ++c)
            QVERIFY(model.index(2, c).data(Qt::FontRole).value<QFont>().bold());
        QVERIFY(!model.index(1, 0).data(Qt::FontRole).value<QFont>().bold());
        model.setCurrentRow(3); // the old row loses its bold, the new one gains it
        QCOMPARE(changed.count(), 3);
        QCOMPARE(changed.at(1).at(0).value<QModelIndex>().row(), 2);
        QCOMPARE(changed.at(2).at(0).value<QModelIndex>().row(), 3);
        QVERIFY(!model.index(2, 0).data(Qt::FontRole).value<QFont>().bold());
        model.setEntries(sampleEntries());
        QCOMPARE(model.currentRow(), -1);
    }

    void failedExamShowsWhy()
    {
        WorklistModel model;
        model.setEntries(sampleEntries());
        const QModelIndex status = model.index(6, WorklistModel::StatusColumn);
        QCOMPARE(status.data().toString(), QStringLiteral("failed"));
        QCOMPARE(status.data(Qt::ToolTipRole).toString(),
                 QStringLiteral("R-CC: truncated pixel data"));
        QVERIFY(model.index(6, WorklistModel::MalignantColumn)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("truncated")));
        QVERIFY(model.index(0, WorklistModel::StatusColumn).data(Qt::ToolTipRole).isNull());
    }

    void hiddenScoresRevealNothing_data()
    {
        QTest::addColumn<int>("column");
        QTest::newRow("malignant") << int(WorklistModel::MalignantColumn);
        QTest::newRow("benign") << int(WorklistModel::BenignColumn);
    }

    void hiddenScoresRevealNothing()
    {
        QFETCH(int, column);
        WorklistModel model;
        model.setEntries(sampleEntries());
        QSignalSpy hiddenChanged(&model, &WorklistModel::scoresHiddenChanged);
        model.setScoresHidden(true);
        QCOMPARE(hiddenChanged.count(), 1);
        for (int r = 0; r < model.rowCount(); ++r) {
            const WorklistEntry& e = model.entry(r);
            const std::optional<double> score =
                column == WorklistModel::MalignantColumn ? e.malignancy : e.benign;
            const QModelIndex index = model.index(r, column);
            QCOMPARE(index.data().toString(), QStringLiteral("hidden"));
            QVERIFY(!index.data(WorklistModel::SortRole).isValid());
            // Every role, standard and ours: no number, no score text, no model identity, no
            // difference between scored and unscored exams.
            for (int role = 0; role <= WorklistModel::KeyRole + 16; ++role) {
                if (role == WorklistModel::StatusRole || role == WorklistModel::KeyRole)
                    continue; // row-wide, carry no score
                const QVariant v = index.data(role);
                QCOMPARE(v, model.index(0, column).data(role));
                QVERIFY2(v.typeId() != QMetaType::Double, qPrintable(QString::number(role)));
                const QString text = v.toString();
                if (score)
                    QVERIFY(!text.contains(QString::number(*score, 'f', 3)));
                QVERIFY(!text.contains(QStringLiteral("gmic")));
            }
        }
        model.setScoresHidden(false);
        QCOMPARE(hiddenChanged.count(), 2);
        QCOMPARE(model.index(2, column).data().toString(), column == WorklistModel::MalignantColumn
                                                               ? QStringLiteral("0.870")
                                                               : QStringLiteral("0.100"));
    }

    void hiddenScoresDoNotSort()
    {
        WorklistModel model;
        model.setEntries(sampleEntries());
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setSortRole(WorklistModel::SortRole);

        model.setScoresHidden(true);
        proxy.sort(WorklistModel::MalignantColumn, Qt::DescendingOrder);
        QCOMPARE(proxyOrder(proxy), kWorklistOrder);
        proxy.sort(WorklistModel::BenignColumn, Qt::AscendingOrder);
        QCOMPARE(proxyOrder(proxy), kWorklistOrder);

        // Sorted by score while shown, then hidden: the order must not keep what it knew.
        model.setScoresHidden(false);
        proxy.sort(WorklistModel::MalignantColumn, Qt::DescendingOrder);
        QCOMPARE(proxyOrder(proxy), kTriageOrder);
        model.setScoresHidden(true);
        QCOMPARE(proxyOrder(proxy), kWorklistOrder);
        // A row changing while hidden does not move by its new score either.
        WorklistEntry e = model.entry(0);
        e.malignancy = 0.99;
        model.setEntry(0, e);
        QCOMPARE(proxyOrder(proxy), kWorklistOrder);
        model.setScoresHidden(false);
        QCOMPARE(proxyOrder(proxy), (QList<int>{0, 5, 2, 3, 1, 7, 4, 6}));
    }

    void triageIsDisabledWhileScoresAreHidden()
    {
        WorklistPanel panel;
        panel.model()->setEntries(sampleEntries());
        showActive(panel);
        panel.sortByMalignancy();
        QCOMPARE(panelOrder(panel), kTriageOrder);

        panel.model()->setScoresHidden(true);
        QVERIFY(!panel.triageButton()->isEnabled());
        QCOMPARE(panelOrder(panel), kWorklistOrder);
        QCOMPARE(panel.view()->horizontalHeader()->sortIndicatorSection(),
                 int(WorklistModel::NumberColumn));
        panel.sortByMalignancy();
        QCOMPARE(panelOrder(panel), kWorklistOrder);
        // The reader clicks the score headers anyway (twice: both directions).
        for (int column : {WorklistModel::MalignantColumn, WorklistModel::BenignColumn}) {
            for (int click = 0; click < 2; ++click) {
                clickHeader(panel.view(), column);
                QCOMPARE(panel.view()->horizontalHeader()->sortIndicatorSection(), column);
                QCOMPARE(panelOrder(panel), kWorklistOrder);
            }
        }
        const QModelIndex shown = panel.view()->model()->index(0, WorklistModel::MalignantColumn);
        QCOMPARE(shown.data().toString(), QStringLiteral("hidden"));

        panel.model()->setScoresHidden(false);
        QVERIFY(panel.triageButton()->isEnabled());
        panel.triageButton()->click();
        QCOMPARE(panelOrder(panel), kTriageOrder);
    }

    void screenshot()
    {
        WorklistPanel panel;
        panel.model()->setEntries(sampleEntries());
        panel.model()->setCurrentRow(2);
        showActive(panel);
        panel.sortByMalignancy();
        QVERIFY(panel.selectSourceRow(3));
        panel.view()->setFocus();
        QDir().mkpath(QStringLiteral(MAMMOLENS_SCREENSHOT_DIR));
        QVERIFY(panel.grab().save(QStringLiteral(MAMMOLENS_SCREENSHOT_DIR "/worklistpanel.png")));
        panel.model()->setScoresHidden(true);
        QVERIFY(panel.grab().save(
            QStringLiteral(MAMMOLENS_SCREENSHOT_DIR "/worklistpanel-blinded.png")));
    }
};

QTEST_MAIN(TestWorklistPanel)
#include "tst_worklistpanel.moc"
