#pragma once
// The score panel: per view benign and malignant (y_fusion; y_global and y_local on request), per
// breast (mean and max of CC and MLO), per exam (max), the ensemble's spread, and which model
// produced the numbers. States are explicit: Empty, Running, Showing, Hidden (blinded reading).

#include "ui/panels/scoretypes.h"

#include <QWidget>

class QCheckBox;
class QLabel;
class QTableWidget;

namespace mammolens::ui {

class ScorePanel : public QWidget
{
    Q_OBJECT
public:
    enum class State { Empty, Running, Showing, Hidden };
    Q_ENUM(State)

    explicit ScorePanel(QWidget* parent = nullptr);

    void clear();
    void setRunning(const ModelSummary& models);
    void setScores(const ExamScores& scores); ///< may be called again as views arrive
    /// Blinded reading: no number at all, only `reason`; the next setScores shows them again.
    void setHidden(const QString& reason);
    State state() const { return state_; }
    /// The text shown in a cell, for tests: row label ("R-CC", "Right breast", "Exam"), column 0/1.
    QString cellText(const QString& row, int column) const;

private:
    void rebuild();

    State state_ = State::Empty;
    ExamScores scores_;
    QLabel* modelLabel_ = nullptr;
    QTableWidget* table_ = nullptr;
    QCheckBox* detail_ = nullptr;
};

} // namespace mammolens::ui
