#include "ui/panels/worklistmodel.h"

#include <QColor>
#include <QFont>

namespace mammolens::ui {

namespace {

// Below every probability, so that in descending (triage) order an exam the model has not scored
// never sits above a high-risk one.
constexpr double kUnscoredSortKey = -1.0;

// A failed exam sorts before New in ascending status order: it needs someone's attention first.
constexpr int kFailedStatusSortKey = -1;

QString scoreText(double v)
{
    return QString::number(v, 'f', 3); // as in the score panel
}

} // namespace

WorklistModel::WorklistModel(QObject* parent) : QAbstractTableModel(parent) {}

int WorklistModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(entries_.size());
}

int WorklistModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

Qt::ItemFlags WorklistModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

QVariant WorklistModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    const WorklistEntry& e = entries_[size_t(row)];
    // Row-wide roles first: they carry nothing of the scores.
    if (role == StatusRole)
        return int(e.status);
    if (role == KeyRole)
        return e.key;
    // The blinding check comes before any per-column answer, so no role can slip past it.
    if (scoresHidden_ && isScoreColumn(index.column()))
        return hiddenScoreData(row, role);
    return entryData(e, row, index.column(), role);
}

QVariant WorklistModel::entryData(const WorklistEntry& e, int row, int column, int role) const
{
    const bool failed = !e.error.isEmpty();
    const std::optional<double>& score = column == MalignantColumn ? e.malignancy : e.benign;
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case NumberColumn:
            return row + 1;
        case ExamColumn:
            return e.label;
        case ViewsColumn:
            return e.views < 0 ? QVariant() : QVariant(e.views); // not read yet: not known
        case StatusColumn:
            if (failed)
                return tr("failed");
            return e.uncommitted ? worklistStatusText(e.status) + QStringLiteral(" *")
                                 : worklistStatusText(e.status);
        case MalignantColumn:
        case BenignColumn:
            return score ? scoreText(*score) : QStringLiteral("-");
        }
        break;
    case SortRole:
        switch (column) {
        case NumberColumn:
            return row;
        case ExamColumn:
            return e.label;
        case ViewsColumn:
            return e.views;
        case StatusColumn:
            return failed ? kFailedStatusSortKey : int(e.status);
        case MalignantColumn:
        case BenignColumn:
            return score.value_or(kUnscoredSortKey);
        }
        break;
    case Qt::ToolTipRole:
        if (column == ExamColumn)
            return e.label; // the column may elide a long folder name
        if (column == StatusColumn && failed)
            return e.error;
        if (column == StatusColumn && e.uncommitted)
            return tr("* The assessment has changes that are not committed.");
        if (isScoreColumn(column) && score && !e.model.isEmpty())
            return tr("Scores by %1").arg(e.model);
        if (isScoreColumn(column) && !score)
            return failed ? tr("No score: %1").arg(e.error) : tr("The model has not run yet");
        break;
    case Qt::FontRole:
        if (row == currentRow_ || (column == StatusColumn && e.uncommitted)) {
            QFont font;
            font.setBold(row == currentRow_);
            font.setItalic(column == StatusColumn && e.uncommitted);
            return font;
        }
        break;
    case Qt::ForegroundRole:
        if (column == StatusColumn && failed)
            return QColor(176, 0, 32);
        break;
    case Qt::TextAlignmentRole:
        if (column == ExamColumn || column == StatusColumn)
            return int(Qt::AlignLeft | Qt::AlignVCenter);
        return int(Qt::AlignRight | Qt::AlignVCenter);
    }
    return {};
}

QVariant WorklistModel::hiddenScoreData(int row, int role) const
{
    // Only presentation: the word "hidden", the same for every row. No sort key at all, so a
    // sort by this column leaves the rows where they are. Italic rather than a grey colour, which
    // would be hard to read on the selected row.
    switch (role) {
    case Qt::DisplayRole:
        return tr("hidden");
    case Qt::ToolTipRole:
        return tr("Hidden during blinded reading");
    case Qt::FontRole: {
        QFont font;
        font.setItalic(true);
        font.setBold(row == currentRow_);
        return font;
    }
    case Qt::TextAlignmentRole:
        return int(Qt::AlignCenter);
    }
    return {};
}

QVariant WorklistModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case NumberColumn:
            return tr("#");
        case ExamColumn:
            return tr("Exam");
        case ViewsColumn:
            return tr("Views");
        case StatusColumn:
            return tr("Status");
        case MalignantColumn:
            return tr("Malignant");
        case BenignColumn:
            return tr("Benign");
        }
    } else if (role == Qt::ToolTipRole) {
        switch (section) {
        case NumberColumn:
            return tr("Position in the worklist as loaded");
        case MalignantColumn:
            return tr("Exam malignant score: the highest over its views");
        case BenignColumn:
            return tr("Exam benign score: the highest over its views");
        }
    }
    return {};
}

void WorklistModel::setEntries(std::vector<WorklistEntry> entries)
{
    beginResetModel();
    entries_ = std::move(entries);
    currentRow_ = -1;
    endResetModel();
}

void WorklistModel::setEntry(int row, const WorklistEntry& entry)
{
    if (row < 0 || row >= rowCount())
        return;
    entries_[size_t(row)] = entry;
    emitRowChanged(row);
}

const WorklistEntry& WorklistModel::entry(int row) const
{
    Q_ASSERT(row >= 0 && row < rowCount());
    return entries_[size_t(row)];
}

int WorklistModel::rowOfKey(const QString& key) const
{
    for (size_t r = 0; r < entries_.size(); ++r) {
        if (entries_[r].key == key)
            return int(r);
    }
    return -1;
}

void WorklistModel::setCurrentRow(int row)
{
    if (row < -1 || row >= rowCount())
        row = -1;
    if (row == currentRow_)
        return;
    const int previous = currentRow_;
    currentRow_ = row;
    if (previous >= 0)
        emitRowChanged(previous, {Qt::FontRole});
    if (row >= 0)
        emitRowChanged(row, {Qt::FontRole});
}

void WorklistModel::setScoresHidden(bool hidden)
{
    if (hidden == scoresHidden_)
        return;
    // A layout change rather than dataChanged alone: sorting proxies then rebuild their order
    // from the source order. With dataChanged alone they would keep the order they had, and an
    // order sorted by score before hiding would still show who scored highest.
    Q_EMIT layoutAboutToBeChanged();
    scoresHidden_ = hidden;
    Q_EMIT layoutChanged();
    if (!entries_.empty())
        Q_EMIT dataChanged(index(0, MalignantColumn), index(rowCount() - 1, BenignColumn));
    Q_EMIT scoresHiddenChanged(hidden);
}

void WorklistModel::emitRowChanged(int row, const QList<int>& roles)
{
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1), roles);
}

} // namespace mammolens::ui
