#include "ui/dialogs/aboutdialog.h"

#include <QDialogButtonBox>
#include <QLabel>
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

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

} // namespace mammolens::ui
