#include "ui/dialogs/aboutdialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace mammolens::ui {

AboutDialog::AboutDialog(const QList<QPair<QString, QString>>& versions, const QStringList& models,
                         QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("About MammoLens"));
    setObjectName(QStringLiteral("aboutDialog"));
    auto* layout = new QVBoxLayout(this);
    auto* title = new QLabel(tr("<h2>MammoLens</h2><p>Screening mammography review workstation "
                                "with GMIC decision support.</p>"),
                             this);
    layout->addWidget(title);

    QString table = QStringLiteral("<table>");
    for (const auto& [name, version] : versions)
        table += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>")
                     .arg(name.toHtmlEscaped(), version.toHtmlEscaped());
    table += QStringLiteral("</table>");
    auto* libraries = new QLabel(table, this);
    libraries->setObjectName(QStringLiteral("versionsLabel"));
    libraries->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(libraries);

    auto* modelLabel = new QLabel(
        models.isEmpty() ? tr("No model loaded.")
                         : tr("Models:") + QStringLiteral("<br>") + models.join(QStringLiteral("<br>")),
        this);
    modelLabel->setObjectName(QStringLiteral("modelsLabel"));
    modelLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(modelLabel);

    selfTestLabel_ = new QLabel(this);
    selfTestLabel_->setObjectName(QStringLiteral("selfTestLabel"));
    selfTestLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    selfTestLabel_->setWordWrap(true);
    layout->addWidget(selfTestLabel_);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    selfTestButton_ = buttons->addButton(tr("Run Self-Test"), QDialogButtonBox::ActionRole);
    selfTestButton_->setObjectName(QStringLiteral("selfTestButton"));
    connect(selfTestButton_, &QPushButton::clicked, this, [this] {
        selfTestButton_->setEnabled(false);
        selfTestLabel_->setText(tr("Self-test running..."));
        Q_EMIT selfTestRequested();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

void AboutDialog::setSelfTestResult(const QString& report, bool passed)
{
    selfTestButton_->setEnabled(true);
    selfTestLabel_->setText((passed ? tr("<b>Self-test passed.</b>") : tr("<b>Self-test FAILED.</b>")) +
                            QStringLiteral("<br>") + report);
}

} // namespace mammolens::ui
