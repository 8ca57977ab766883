#include "ui/dialogs/readingsessiondialog.h"

#include "core/reading/reader.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace mammolens::ui {

ReadingSessionDialog::ReadingSessionDialog(const QString& login, const QString& name,
                                           QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Start Reading Session"));
    auto* form = new QFormLayout(this);
    login_ = new QLineEdit(login, this);
    login_->setObjectName(QStringLiteral("readerLogin"));
    login_->setPlaceholderText(tr("e.g. jdoe"));
    form->addRow(tr("Reader login"), login_);
    name_ = new QLineEdit(name, this);
    name_->setObjectName(QStringLiteral("readerName"));
    form->addRow(tr("Name shown"), name_);
    mode_ = new QComboBox(this);
    mode_->setObjectName(QStringLiteral("readingMode"));
    mode_->addItem(tr("Clinical: model results shown"), int(core::ReadingMode::Clinical));
    mode_->addItem(tr("Blinded second reading: model hidden until your assessment"),
                   int(core::ReadingMode::Blinded));
    mode_->addItem(tr("Teaching: truth and model after your assessment"),
                   int(core::ReadingMode::Teaching));
    form->addRow(tr("Mode"), mode_);
    caseSet_ = new QLineEdit(this);
    caseSet_->setObjectName(QStringLiteral("caseSet"));
    caseSet_->setPlaceholderText(tr("optional: worklist or case set name"));
    form->addRow(tr("Case set"), caseSet_);
    hint_ = new QLabel(this);
    hint_->setWordWrap(true);
    form->addRow(hint_);
    buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons_->button(QDialogButtonBox::Ok)->setText(tr("Start"));
    form->addRow(buttons_);
    connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(login_, &QLineEdit::textChanged, this, &ReadingSessionDialog::validate);
    validate();
}

QString ReadingSessionDialog::login() const
{
    return login_->text().trimmed();
}

QString ReadingSessionDialog::displayName() const
{
    return name_->text().trimmed().isEmpty() ? login() : name_->text().trimmed();
}

core::ReadingMode ReadingSessionDialog::mode() const
{
    return core::ReadingMode(mode_->currentData().toInt());
}

void ReadingSessionDialog::setMode(core::ReadingMode mode)
{
    mode_->setCurrentIndex(std::max(0, mode_->findData(int(mode))));
}

QString ReadingSessionDialog::caseSet() const
{
    return caseSet_->text().trimmed();
}

void ReadingSessionDialog::validate()
{
    // The login is what the audit trail records: the store's rule, said before it refuses.
    const bool ok = core::Reader::isValidLogin(login());
    hint_->setText(ok || login().isEmpty()
                       ? QString()
                       : tr("A login is 1-64 of A-Z, a-z, 0-9 and . _ - @ (no spaces)."));
    buttons_->button(QDialogButtonBox::Ok)->setEnabled(ok);
}

} // namespace mammolens::ui
