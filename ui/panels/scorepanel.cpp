#include "ui/panels/scorepanel.h"

#include <QCheckBox>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace mammolens::ui {

namespace {

QString score(double v)
{
    return QString::number(v, 'f', 3);
}

// Rebuilding the table's items and headers for each view's scores took 2-7 ms of the GUI thread
// while the model runs (docs/performance.md); only the texts that differ are set.
void setCellText(QTableWidget* table, int row, int column, const QString& text)
{
    QTableWidgetItem* item = table->item(row, column);
    if (!item)
        table->setItem(row, column, new QTableWidgetItem(text));
    else if (item->text() != text)
        item->setText(text);
}

void setHeaderTexts(QTableWidget* table, Qt::Orientation orientation, const QStringList& texts)
{
    for (int i = 0; i < texts.size(); ++i) {
        QTableWidgetItem* item = orientation == Qt::Horizontal ? table->horizontalHeaderItem(i)
                                                               : table->verticalHeaderItem(i);
        if (item && item->text() == texts[i])
            continue;
        if (orientation == Qt::Horizontal)
            table->setHorizontalHeaderItem(i, new QTableWidgetItem(texts[i]));
        else
            table->setVerticalHeaderItem(i, new QTableWidgetItem(texts[i]));
    }
}

} // namespace

ScorePanel::ScorePanel(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("scorePanel"));
    auto* layout = new QVBoxLayout(this);
    modelLabel_ = new QLabel(this);
    modelLabel_->setObjectName(QStringLiteral("scoreModelLabel"));
    modelLabel_->setWordWrap(true);
    layout->addWidget(modelLabel_);
    table_ = new QTableWidget(this);
    table_->setObjectName(QStringLiteral("scoreTable"));
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->verticalHeader()->setVisible(true);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->setWordWrap(true);
    layout->addWidget(table_, 1);
    detail_ = new QCheckBox(tr("Show global and local network scores"), this);
    detail_->setObjectName(QStringLiteral("scoreDetailToggle"));
    connect(detail_, &QCheckBox::toggled, this, &ScorePanel::rebuild);
    layout->addWidget(detail_);
    clear();
}

void ScorePanel::clear()
{
    state_ = State::Empty;
    scores_ = {};
    modelLabel_->setText(tr("No results. Open an exam and load a model."));
    rebuild();
}

void ScorePanel::setRunning(const ModelSummary& models)
{
    state_ = State::Running;
    scores_ = {};
    scores_.models = models;
    modelLabel_->setText(tr("Running: %1").arg(models.labels.join(QStringLiteral(", "))));
    rebuild();
}

void ScorePanel::setScores(const ExamScores& scores)
{
    state_ = State::Showing;
    scores_ = scores;
    modelLabel_->setText(tr("Scores by: %1").arg(scores.models.labels.join(QStringLiteral(", "))));
    rebuild();
}

void ScorePanel::setHidden(const QString& reason)
{
    state_ = State::Hidden;
    scores_ = {}; // nothing to leak through a rebuild (the detail toggle) either
    modelLabel_->setText(reason);
    rebuild();
}

void ScorePanel::rebuild()
{
    const bool detail = detail_->isChecked();
    QStringList columns = {tr("Benign"), tr("Malignant")};
    if (detail)
        columns << tr("Global B") << tr("Global M") << tr("Local B") << tr("Local M");
    columns << tr("Spread B/M");
    table_->setColumnCount(columns.size());
    setHeaderTexts(table_, Qt::Horizontal, columns);

    using V = core::StandardView;
    struct Row
    {
        QString label;
        std::optional<V> view;
        QString breast; // "R", "L" or "" (exam)
    };
    // Right breast first, as in the hanging.
    const std::vector<Row> rows = {{QStringLiteral("R-CC"), V::RCC, {}},
                                   {QStringLiteral("R-MLO"), V::RMLO, {}},
                                   {tr("Right breast"), std::nullopt, QStringLiteral("R")},
                                   {QStringLiteral("L-CC"), V::LCC, {}},
                                   {QStringLiteral("L-MLO"), V::LMLO, {}},
                                   {tr("Left breast"), std::nullopt, QStringLiteral("L")},
                                   {tr("Exam"), std::nullopt, QString()}};
    table_->setRowCount(int(rows.size()));
    QStringList labels;
    for (int r = 0; r < int(rows.size()); ++r) {
        const Row& row = rows[size_t(r)];
        labels << row.label;
        QStringList cells;
        if (row.view) {
            auto it = scores_.views.find(*row.view);
            auto err = scores_.errors.find(*row.view);
            if (it != scores_.views.end()) {
                const ViewScores& s = it->second;
                cells << score(s.benign) << score(s.malignant);
                if (detail)
                    cells << score(s.globalBenign) << score(s.globalMalignant) << score(s.localBenign)
                          << score(s.localMalignant);
                cells << score(s.benignSpread) + QStringLiteral(" / ") + score(s.malignantSpread);
            } else if (err != scores_.errors.end()) {
                cells << tr("failed");
            } else if (state_ == State::Hidden) {
                cells << tr("hidden");
            } else {
                cells << (state_ == State::Running ? tr("running...") : QStringLiteral("-"));
            }
        } else {
            // Breast: mean and max of its views; exam: max over all views (docs/cli.md).
            double sum[2] = {0, 0}, max[2] = {0, 0};
            int n = 0;
            for (const auto& [view, s] : scores_.views) {
                if (!row.breast.isEmpty() && core::toString(core::lateralityOf(view)) != row.breast)
                    continue;
                sum[0] += s.benign;
                sum[1] += s.malignant;
                max[0] = std::max(max[0], s.benign);
                max[1] = std::max(max[1], s.malignant);
                ++n;
            }
            if (n == 0)
                cells << (state_ == State::Hidden ? tr("hidden") : QStringLiteral("-"));
            else if (row.breast.isEmpty())
                cells << tr("max %1").arg(score(max[0])) << tr("max %1").arg(score(max[1]));
            else
                cells << tr("mean %1\nmax %2").arg(score(sum[0] / n), score(max[0]))
                      << tr("mean %1\nmax %2").arg(score(sum[1] / n), score(max[1]));
        }
        for (int c = 0; c < columns.size(); ++c) {
            if (c < cells.size())
                setCellText(table_, r, c, cells[c]);
            else
                delete table_->takeItem(r, c); // e.g. "running..." spans no further column
        }
    }
    setHeaderTexts(table_, Qt::Vertical, labels);
}

QString ScorePanel::cellText(const QString& row, int column) const
{
    for (int r = 0; r < table_->rowCount(); ++r) {
        if (table_->verticalHeaderItem(r) && table_->verticalHeaderItem(r)->text() == row) {
            const QTableWidgetItem* item = table_->item(r, column);
            return item ? item->text() : QString();
        }
    }
    return {};
}

} // namespace mammolens::ui
