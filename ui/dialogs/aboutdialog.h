#pragma once
// The About box: MammoLens and library versions, and the identity of every loaded model.

#include <QDialog>
#include <QList>
#include <QPair>
#include <QString>

namespace mammolens::ui {

class AboutDialog : public QDialog
{
    Q_OBJECT
public:
    AboutDialog(const QList<QPair<QString, QString>>& versions, const QStringList& models,
                QWidget* parent = nullptr);
};

} // namespace mammolens::ui
