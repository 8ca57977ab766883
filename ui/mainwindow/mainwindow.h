#pragma once
// The workstation's main window. The four viewports follow the standard screening hanging:
// right-breast views on the left half, left-breast views on the right, chest walls meeting in the
// middle (R-CC | L-CC above R-MLO | L-MLO).

#include <QList>
#include <QMainWindow>
#include <QPair>

class QLabel;

namespace mammolens::ui {

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    /// `versions` are shown in the About box (app/ composes them; ui/ never sees LibTorch).
    explicit MainWindow(QList<QPair<QString, QString>> versions, QWidget* parent = nullptr);

public Q_SLOTS:
    void showAbout();

private:
    void createMenus();
    QWidget* createHanging();

    QList<QPair<QString, QString>> versions_;
    QStringList modelLabels_;
};

} // namespace mammolens::ui
