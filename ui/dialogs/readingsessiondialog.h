#pragma once
// Reading > Start Session: who reads, and how (clinical, blinded second reading, teaching).
// Only collects the choice; app/ starts the session in the reading store.

#include "core/reading/readingsession.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace mammolens::ui {

class ReadingSessionDialog : public QDialog
{
    Q_OBJECT
public:
    /// `login`/`name` prefill the form (the last reader on this workstation).
    ReadingSessionDialog(const QString& login, const QString& name, QWidget* parent = nullptr);

    QString login() const;
    QString displayName() const;
    core::ReadingMode mode() const;
    void setMode(core::ReadingMode mode);
    /// Teaching: the case set's name; otherwise a free label for the session.
    QString caseSet() const;

private:
    void validate();

    QLineEdit* login_ = nullptr;
    QLineEdit* name_ = nullptr;
    QComboBox* mode_ = nullptr;
    QLineEdit* caseSet_ = nullptr;
    QLabel* hint_ = nullptr;
    QDialogButtonBox* buttons_ = nullptr;
};

} // namespace mammolens::ui
