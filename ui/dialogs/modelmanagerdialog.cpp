#include "ui/dialogs/modelmanagerdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QThread>
#include <QVBoxLayout>

namespace mammolens::ui {

namespace {

constexpr int kPathRole = Qt::UserRole + 1;

QListWidgetItem* makeItem(const QString& path, const QString& description)
{
    auto* item = new QListWidgetItem(description.isEmpty() ? path : description);
    item->setData(kPathRole, path);
    item->setToolTip(path);
    return item;
}

} // namespace

ModelManagerDialog::ModelManagerDialog(const QList<LoadedModelInfo>& models, EngineChoice engine,
                                       bool cudaAvailable, QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Model Manager"));
    setObjectName(QStringLiteral("modelManagerDialog"));
    resize(640, 420);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Models (their mean is the prediction; at most %1):")
                                     .arg(kMaxModels),
                                 this));
    list_ = new QListWidget(this);
    list_->setObjectName(QStringLiteral("modelList"));
    list_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    list_->setWordWrap(true);
    for (const LoadedModelInfo& m : models)
        list_->addItem(makeItem(m.path, m.description));
    layout->addWidget(list_, 1);

    auto* row = new QHBoxLayout;
    add_ = new QPushButton(tr("Add..."), this);
    add_->setObjectName(QStringLiteral("addModelButton"));
    remove_ = new QPushButton(tr("Remove"), this);
    remove_->setObjectName(QStringLiteral("removeModelButton"));
    row->addWidget(add_);
    row->addWidget(remove_);
    row->addStretch(1);
    layout->addLayout(row);
    connect(add_, &QPushButton::clicked, this, &ModelManagerDialog::addFiles);
    connect(remove_, &QPushButton::clicked, this, &ModelManagerDialog::removeSelected);
    connect(list_, &QListWidget::itemSelectionChanged, this, &ModelManagerDialog::updateButtons);

    auto* form = new QFormLayout;
    device_ = new QComboBox(this);
    device_->setObjectName(QStringLiteral("deviceCombo"));
    device_->addItem(tr("CPU"), false);
    device_->addItem(cudaAvailable ? tr("CUDA GPU") : tr("CUDA GPU (not available here)"), true);
    // Without CUDA the GPU entry stays visible but cannot be chosen (item flags 0 = disabled).
    if (!cudaAvailable)
        device_->setItemData(1, QVariant(0), Qt::UserRole - 1);
    device_->setCurrentIndex(engine.cuda && cudaAvailable ? 1 : 0);
    form->addRow(tr("Run on:"), device_);
    threads_ = new QSpinBox(this);
    threads_->setObjectName(QStringLiteral("threadsSpin"));
    threads_->setRange(0, std::max(1, QThread::idealThreadCount()) * 2);
    threads_->setSpecialValueText(tr("all cores (%1)").arg(QThread::idealThreadCount()));
    threads_->setValue(engine.threads);
    form->addRow(tr("CPU threads:"), threads_);
    layout->addLayout(form);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    updateButtons();
}

void ModelManagerDialog::addFiles()
{
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Add Model Files"), QString(),
        tr("Model files (*.safetensors *.pt *.pth *.p *.pkl);;All files (*)"));
    for (const QString& f : files) {
        if (list_->count() >= kMaxModels)
            break;
        list_->addItem(makeItem(QFileInfo(f).absoluteFilePath(),
                                tr("%1 (loaded when you press OK)").arg(QFileInfo(f).fileName())));
    }
    updateButtons();
}

void ModelManagerDialog::removeSelected()
{
    qDeleteAll(list_->selectedItems());
    updateButtons();
}

void ModelManagerDialog::updateButtons()
{
    add_->setEnabled(list_->count() < kMaxModels);
    remove_->setEnabled(!list_->selectedItems().isEmpty());
}

QStringList ModelManagerDialog::modelPaths() const
{
    QStringList paths;
    for (int i = 0; i < list_->count(); ++i)
        paths << list_->item(i)->data(kPathRole).toString();
    return paths;
}

EngineChoice ModelManagerDialog::engineChoice() const
{
    return {device_->currentData().toBool(), threads_->value()};
}

} // namespace mammolens::ui
