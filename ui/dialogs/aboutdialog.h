#pragma once
// The About box: MammoLens and library versions, and the identity of every loaded model.

#include <QDialog>
#include <QList>
#include <QPair>
#include <QString>

class QLabel;
class QPushButton;

namespace mammolens::ui {

class AboutDialog : public QDialog
{
    Q_OBJECT
public:
    AboutDialog(const QList<QPair<QString, QString>>& versions, const QStringList& models,
                QWidget* parent = nullptr);

    /// Shows the outcome of the installation self-test (app/ runs it, off the GUI thread).
    void setSelfTestResult(const QString& report, bool passed);

Q_SIGNALS:
    void selfTestRequested();

private:
    QPushButton* selfTestButton_ = nullptr;
    QLabel* selfTestLabel_ = nullptr;
};

} // namespace mammolens::ui
