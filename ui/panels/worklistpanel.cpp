#include "ui/panels/worklistpanel.h"

#include "ui/panels/worklistmodel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QShortcut>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace mammolens::ui {

namespace {

constexpr int kAllStatuses = -1;

} // namespace

WorklistPanel::WorklistPanel(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("worklistPanel"));
    model_ = new WorklistModel(this);

    statusProxy_ = new QSortFilterProxyModel(this);
    statusProxy_->setSourceModel(model_);
    statusProxy_->setFilterRole(WorklistModel::StatusRole);
    statusProxy_->setFilterKeyColumn(WorklistModel::StatusColumn);

    sortProxy_ = new QSortFilterProxyModel(this);
    sortProxy_->setSourceModel(statusProxy_);
    sortProxy_->setFilterKeyColumn(WorklistModel::ExamColumn);
    sortProxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);
    sortProxy_->setSortRole(WorklistModel::SortRole);
    sortProxy_->setSortCaseSensitivity(Qt::CaseInsensitive);
    sortProxy_->setSortLocaleAware(true);

    auto* layout = new QVBoxLayout(this);
    auto* filters = new QHBoxLayout;
    filterEdit_ = new QLineEdit(this);
    filterEdit_->setObjectName(QStringLiteral("worklistFilter"));
    filterEdit_->setPlaceholderText(tr("Filter exams (Ctrl+F)"));
    filterEdit_->setClearButtonEnabled(true);
    filterEdit_->installEventFilter(this);
    filters->addWidget(filterEdit_, 1);
    statusFilter_ = new QComboBox(this);
    statusFilter_->setObjectName(QStringLiteral("worklistStatusFilter"));
    statusFilter_->setToolTip(tr("Show only exams with this status"));
    statusFilter_->addItem(tr("All"), kAllStatuses);
    for (WorklistStatus s : {WorklistStatus::New, WorklistStatus::ModelDone, WorklistStatus::Read,
                             WorklistStatus::Reviewed})
        statusFilter_->addItem(worklistStatusText(s), int(s));
    filters->addWidget(statusFilter_);
    layout->addLayout(filters);

    view_ = new QTableView(this);
    view_->setObjectName(QStringLiteral("worklistTable"));
    view_->setModel(sortProxy_);
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->setSelectionMode(QAbstractItemView::SingleSelection);
    view_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    // Tab leaves the table for the next control instead of walking its cells.
    view_->setTabKeyNavigation(false);
    view_->setAlternatingRowColors(true);
    view_->setWordWrap(false);
    view_->verticalHeader()->setVisible(false);
    QHeaderView* header = view_->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(WorklistModel::ExamColumn, QHeaderView::Stretch);
    header->setHighlightSections(false);
    // Enabling sorting sorts at once by the header's indicator, which defaults to the first column
    // descending; start in worklist order instead.
    header->setSortIndicator(WorklistModel::NumberColumn, Qt::AscendingOrder);
    view_->setSortingEnabled(true);
    view_->installEventFilter(this);
    layout->addWidget(view_, 1);

    auto* footer = new QHBoxLayout;
    countLabel_ = new QLabel(this);
    countLabel_->setObjectName(QStringLiteral("worklistCount"));
    footer->addWidget(countLabel_, 1);
    triageButton_ = new QPushButton(tr("Triage: highest risk first"), this);
    triageButton_->setObjectName(QStringLiteral("worklistTriageButton"));
    footer->addWidget(triageButton_);
    layout->addLayout(footer);

    connect(filterEdit_, &QLineEdit::textChanged, this,
            [this](const QString& text) { sortProxy_->setFilterFixedString(text.trimmed()); });
    connect(statusFilter_, &QComboBox::currentIndexChanged, this,
            &WorklistPanel::applyStatusFilter);
    connect(triageButton_, &QPushButton::clicked, this, &WorklistPanel::sortByMalignancy);
    connect(view_, &QAbstractItemView::activated, this, [this](const QModelIndex& index) {
        const int row = sourceRowOf(index);
        if (row >= 0)
            Q_EMIT examActivated(row);
    });
    connect(
        view_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex& current) { Q_EMIT currentExamChanged(sourceRowOf(current)); });
    connect(model_, &WorklistModel::scoresHiddenChanged, this,
            &WorklistPanel::onScoresHiddenChanged);
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(sortProxy_, signal, this, &WorklistPanel::updateCount);
    connect(sortProxy_, &QAbstractItemModel::modelReset, this, &WorklistPanel::updateCount);
    connect(sortProxy_, &QAbstractItemModel::layoutChanged, this, &WorklistPanel::updateCount);

    // Only while the focus is inside the panel, so it does not take Ctrl+F from the rest of the
    // window; '/' is handled in eventFilter, where typing it into the filter still works.
    auto* find = new QShortcut(QKeySequence::Find, this, this, &WorklistPanel::focusFilter);
    find->setContext(Qt::WidgetWithChildrenShortcut);

    onScoresHiddenChanged(model_->scoresHidden());
    updateCount();
}

void WorklistPanel::sortByMalignancy()
{
    if (model_->scoresHidden())
        return;
    view_->sortByColumn(WorklistModel::MalignantColumn, Qt::DescendingOrder);
    view_->scrollToTop();
}

int WorklistPanel::currentSourceRow() const
{
    return sourceRowOf(view_->currentIndex());
}

bool WorklistPanel::selectSourceRow(int sourceRow)
{
    const QModelIndex index = viewIndexOf(sourceRow);
    if (!index.isValid())
        return false;
    view_->setCurrentIndex(index);
    view_->scrollTo(index);
    return true;
}

int WorklistPanel::sourceRowAt(int viewRow) const
{
    return sourceRowOf(sortProxy_->index(viewRow, 0));
}

int WorklistPanel::visibleCount() const
{
    return sortProxy_->rowCount();
}

QString WorklistPanel::countText() const
{
    return countLabel_->text();
}

bool WorklistPanel::eventFilter(QObject* watched, QEvent* event)
{
    const bool press = event->type() == QEvent::KeyPress;
    const bool shortcutOverride = event->type() == QEvent::ShortcutOverride;
    if (!press && !shortcutOverride)
        return QWidget::eventFilter(watched, event);
    auto* key = static_cast<QKeyEvent*>(event);

    if (watched == filterEdit_) {
        switch (key->key()) {
        case Qt::Key_Escape:
        case Qt::Key_Return:
        case Qt::Key_Enter:
        case Qt::Key_Down:
            if (key->modifiers() & ~Qt::KeypadModifier)
                break;
            if (shortcutOverride) {
                // Keep these keys from window shortcuts (a dialog's Escape, say) while the
                // reader types in the filter.
                event->accept();
                return true;
            }
            if (key->key() == Qt::Key_Escape)
                filterEdit_->clear();
            focusTable();
            return true;
        default:
            break;
        }
    } else if (watched == view_ && press && key->text() == QLatin1String("/") &&
               !(key->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier))) {
        focusFilter();
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

int WorklistPanel::sourceRowOf(const QModelIndex& viewIndex) const
{
    if (!viewIndex.isValid())
        return -1;
    return statusProxy_->mapToSource(sortProxy_->mapToSource(viewIndex)).row();
}

QModelIndex WorklistPanel::viewIndexOf(int sourceRow) const
{
    if (sourceRow < 0 || sourceRow >= model_->rowCount())
        return {};
    return sortProxy_->mapFromSource(statusProxy_->mapFromSource(model_->index(sourceRow, 0)));
}

void WorklistPanel::applyStatusFilter()
{
    const int status = statusFilter_->currentData().toInt();
    // StatusRole is an int; an anchored pattern so that one status never matches another.
    statusProxy_->setFilterRegularExpression(
        status == kAllStatuses ? QRegularExpression()
                               : QRegularExpression(QStringLiteral("^%1$").arg(status)));
}

void WorklistPanel::focusFilter()
{
    filterEdit_->setFocus(Qt::ShortcutFocusReason);
    filterEdit_->selectAll(); // typing replaces the old filter
}

void WorklistPanel::focusTable()
{
    // Give the table a selected current row, so that Enter opens something and Up/Down start
    // from a visible place.
    if (!view_->currentIndex().isValid() && sortProxy_->rowCount() > 0)
        view_->setCurrentIndex(sortProxy_->index(0, 0));
    view_->setFocus(Qt::OtherFocusReason);
}

void WorklistPanel::updateCount()
{
    const int total = model_->rowCount();
    const int visible = sortProxy_->rowCount();
    countLabel_->setText(total == 1 ? tr("%1 of 1 exam").arg(visible)
                                    : tr("%1 of %2 exams").arg(visible).arg(total));
}

void WorklistPanel::onScoresHiddenChanged(bool hidden)
{
    triageButton_->setEnabled(!hidden);
    triageButton_->setToolTip(hidden ? tr("Scores are hidden during blinded reading")
                                     : tr("Sort by the malignant score, highest first; exams "
                                          "the model has not scored come last"));
    // The model already gives hidden columns no sort key; leaving the header's indicator on a
    // score column would still suggest an order that is not there.
    if (hidden && WorklistModel::isScoreColumn(sortProxy_->sortColumn()))
        view_->sortByColumn(WorklistModel::NumberColumn, Qt::AscendingOrder);
}

} // namespace mammolens::ui
