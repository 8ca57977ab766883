#pragma once
// The worklist panel: the exams of a session with their status and the model's exam scores,
// filtered by label and status, sorted by any column (triage: highest malignant score first),
// driven from the keyboard. It owns its WorklistModel; app/ fills it and reacts to
// examActivated. Every row number in this interface is a row of model(), whatever the view's
// sorting and filtering make of it.
//
// Keyboard: Up/Down (and Home/End/PageUp/PageDown) move through the visible rows; Enter or
// Return (or a double-click) opens the exam; Ctrl+F or '/' goes to the filter; in the filter,
// Escape clears it and goes back to the table, Return or Down goes to the table keeping it.

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QModelIndex;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace mammolens::ui {

class WorklistModel;

class WorklistPanel : public QWidget
{
    Q_OBJECT
public:
    explicit WorklistPanel(QWidget* parent = nullptr);

    /// The exams, in app/'s order: setEntries, setEntry, setCurrentRow, setScoresHidden go here.
    WorklistModel* model() const { return model_; }

    /// Triage: sorts by the malignant score, highest first, unscored exams last. Does nothing
    /// while scores are hidden.
    void sortByMalignancy();

    /// The model row of the table's current row, or -1.
    int currentSourceRow() const;
    /// Makes a model row the table's current and selected row, scrolled into view. Returns false
    /// (and changes nothing) when the row is filtered out or does not exist.
    bool selectSourceRow(int sourceRow);
    /// The model row shown at a row of the table, or -1.
    int sourceRowAt(int viewRow) const;
    /// How many exams the filters let through.
    int visibleCount() const;

    // For tests.
    QTableView* view() const { return view_; }
    QLineEdit* filterEdit() const { return filterEdit_; }
    QComboBox* statusFilter() const { return statusFilter_; }
    QPushButton* triageButton() const { return triageButton_; }
    QString countText() const;

Q_SIGNALS:
    /// The reader asked to open this exam (Enter, Return or double-click). A model row.
    void examActivated(int sourceRow);
    /// The table's current row moved (selection, filtering); a model row, or -1.
    void currentExamChanged(int sourceRow);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    int sourceRowOf(const QModelIndex& viewIndex) const;
    QModelIndex viewIndexOf(int sourceRow) const;
    void applyStatusFilter();
    void focusFilter();
    void focusTable();
    void updateCount();
    void onScoresHiddenChanged(bool hidden);

    WorklistModel* model_ = nullptr;
    // Two stock proxies in a chain, because one QSortFilterProxyModel filters on one thing:
    // statusProxy_ keeps the rows of the chosen status, sortProxy_ matches the label text and
    // sorts. The table shows sortProxy_.
    QSortFilterProxyModel* statusProxy_ = nullptr;
    QSortFilterProxyModel* sortProxy_ = nullptr;
    QLineEdit* filterEdit_ = nullptr;
    QComboBox* statusFilter_ = nullptr;
    QTableView* view_ = nullptr;
    QLabel* countLabel_ = nullptr;
    QPushButton* triageButton_ = nullptr;
};

} // namespace mammolens::ui
