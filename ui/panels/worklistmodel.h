#pragma once
// The worklist as a table model: one row per exam, in the order app/ hands them over (the "#"
// column keeps that order visible whatever the view sorts by).
//
// Blinded reading: while scores are hidden, the score columns answer every role with nothing
// that carries the model's result (no number, no tooltip, no sort key), so neither a view, a
// sorting proxy nor a filter built on this model can leak it. Everything in this class runs on
// the GUI thread.

#include "ui/panels/worklisttypes.h"

#include <QAbstractTableModel>
#include <vector>

namespace mammolens::ui {

class WorklistModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        NumberColumn,
        ExamColumn,
        ViewsColumn,
        StatusColumn,
        MalignantColumn,
        BenignColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role
    {
        /// What proxies sort by: numbers for the numeric columns. A missing score is -1, below
        /// every probability, so unscored exams come after all scored ones in descending (triage)
        /// order. Nothing while scores are hidden.
        SortRole = Qt::UserRole + 1,
        /// The entry's WorklistStatus as an int, on every column, for status filters.
        StatusRole,
        /// The entry's key, on every column.
        KeyRole
    };
    Q_ENUM(Role)

    explicit WorklistModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;

    /// Replaces the whole list (a model reset); the current row is cleared.
    void setEntries(std::vector<WorklistEntry> entries);
    const std::vector<WorklistEntry>& entries() const { return entries_; }
    /// Replaces one exam (new status, scores arriving); dataChanged covers that row only.
    /// Out-of-range rows are ignored.
    void setEntry(int row, const WorklistEntry& entry);
    /// Precondition: 0 <= row < rowCount().
    const WorklistEntry& entry(int row) const;
    /// The row whose entry has this key, or -1.
    int rowOfKey(const QString& key) const;

    /// The exam open in the viewer, shown bold; -1 for none.
    void setCurrentRow(int row);
    int currentRow() const { return currentRow_; }

    /// Blinded reading: hides (or shows again) the malignant and benign columns.
    void setScoresHidden(bool hidden);
    bool scoresHidden() const { return scoresHidden_; }

    static bool isScoreColumn(int column)
    {
        return column == MalignantColumn || column == BenignColumn;
    }

Q_SIGNALS:
    void scoresHiddenChanged(bool hidden);

private:
    QVariant entryData(const WorklistEntry& entry, int row, int column, int role) const;
    QVariant hiddenScoreData(int row, int role) const;
    void emitRowChanged(int row, const QList<int>& roles = {});

    std::vector<WorklistEntry> entries_;
    int currentRow_ = -1;
    bool scoresHidden_ = false;
};

} // namespace mammolens::ui
