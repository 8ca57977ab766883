// The model manager dialog: lists the models it is given, removes them, never offers more than
// an ensemble holds, and reports the engine choice (CUDA only where it exists).

#include "ui/dialogs/modelmanagerdialog.h"

#include <QComboBox>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QtTest>

using namespace mammolens::ui;

class TestModelManagerDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listsRemovesAndReports()
    {
        ModelManagerDialog d({{"/models/a.safetensors", "model A\n  id 1234"},
                              {"/models/b.p", "model B\n  id 5678"}},
                             {false, 3}, false);
        auto* list = d.findChild<QListWidget*>("modelList");
        QVERIFY(list);
        QCOMPARE(list->count(), 2);
        QCOMPARE(d.modelPaths(), (QStringList{"/models/a.safetensors", "/models/b.p"}));
        auto* remove = d.findChild<QPushButton*>("removeModelButton");
        QVERIFY(!remove->isEnabled()); // nothing selected
        list->item(0)->setSelected(true);
        QVERIFY(remove->isEnabled());
        remove->click();
        QCOMPARE(d.modelPaths(), QStringList{"/models/b.p"});
        QCOMPARE(d.engineChoice().threads, 3);
        QVERIFY(!d.engineChoice().cuda);
    }

    void cudaOnlyWhereAvailable()
    {
        ModelManagerDialog without({}, {true, 0}, false);
        auto* device = without.findChild<QComboBox*>("deviceCombo");
        auto* model = qobject_cast<QStandardItemModel*>(device->model());
        QVERIFY(model);
        QVERIFY(!model->item(1)->isEnabled());
        QVERIFY(!without.engineChoice().cuda); // asked for CUDA, none here: CPU

        ModelManagerDialog with({}, {true, 0}, true);
        QVERIFY(with.engineChoice().cuda);
    }

    void ensembleIsCappedAtFive()
    {
        QList<LoadedModelInfo> five;
        for (int i = 0; i < ModelManagerDialog::kMaxModels; ++i)
            five.push_back({QStringLiteral("/m/%1.p").arg(i), QString()});
        ModelManagerDialog d(five, {}, false);
        QVERIFY(!d.findChild<QPushButton*>("addModelButton")->isEnabled());
    }
};

QTEST_MAIN(TestModelManagerDialog)
#include "tst_modelmanagerdialog.moc"
