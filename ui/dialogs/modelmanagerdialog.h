#pragma once
// The model manager: the models the engine holds (name, identity, provenance, configuration,
// file), adding and removing model files (an ensemble holds at most five), and where inference
// runs (CPU or CUDA, and the CPU threads). Plain values in and out: ui/ never sees the engine.

#include <QDialog>
#include <QString>
#include <QStringList>

class QComboBox;
class QListWidget;
class QPushButton;
class QSpinBox;

namespace mammolens::ui {

struct LoadedModelInfo
{
    QString path;        ///< the model file
    QString description; ///< name, id, configuration, file and format, several lines
};

struct EngineChoice
{
    bool cuda = false;
    int threads = 0; ///< 0: all cores
};

class ModelManagerDialog : public QDialog
{
    Q_OBJECT
public:
    static constexpr int kMaxModels = 5;

    ModelManagerDialog(const QList<LoadedModelInfo>& models, EngineChoice engine,
                       bool cudaAvailable, QWidget* parent = nullptr);

    QStringList modelPaths() const;
    EngineChoice engineChoice() const;

private:
    void addFiles();
    void removeSelected();
    void updateButtons();

    QListWidget* list_ = nullptr;
    QPushButton* add_ = nullptr;
    QPushButton* remove_ = nullptr;
    QComboBox* device_ = nullptr;
    QSpinBox* threads_ = nullptr;
};

} // namespace mammolens::ui
