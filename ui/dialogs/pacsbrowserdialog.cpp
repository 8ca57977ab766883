#include "ui/dialogs/pacsbrowserdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>

namespace mammolens::ui {

namespace {

/// The date edits show nothing (an open end of the range) at this value.
const QDate kNoDate(1900, 1, 1);

enum ResultColumn
{
    PatientColumn,
    PatientIdColumn,
    DateColumn,
    DescriptionColumn,
    AccessionColumn,
    ImagesColumn,
    ResultColumns
};

QDateEdit* dateEdit(QWidget* parent, const char* name)
{
    auto* edit = new QDateEdit(parent);
    edit->setObjectName(QLatin1String(name));
    edit->setCalendarPopup(true);
    edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    edit->setMinimumDate(kNoDate);
    edit->setSpecialValueText(QStringLiteral(" "));
    edit->setDate(kNoDate);
    return edit;
}

/// DICOM PN "FAMILY^GIVEN^MIDDLE" as "FAMILY, GIVEN MIDDLE".
QString personName(const QString& pn)
{
    QStringList parts = pn.split(QLatin1Char('^'));
    while (!parts.isEmpty() && parts.last().trimmed().isEmpty())
        parts.removeLast();
    if (parts.size() <= 1)
        return pn;
    const QString family = parts.takeFirst();
    return family + QStringLiteral(", ") + parts.join(QLatin1Char(' ')).simplified();
}

QTableWidgetItem* item(const QVariant& value)
{
    auto* it = new QTableWidgetItem;
    it->setData(Qt::DisplayRole, value);
    it->setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled);
    return it;
}

} // namespace

PacsBrowserDialog::PacsBrowserDialog(QWidget* parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("pacsBrowser"));
    setWindowTitle(tr("PACS"));
    setModal(false);
    auto* column = new QVBoxLayout(this);
    tabs_ = new QTabWidget(this);
    tabs_->setObjectName(QStringLiteral("pacsTabs"));
    tabs_->addTab(createQueryPage(), tr("&Search"));
    tabs_->addTab(createNodesPage(), tr("&Nodes"));
    column->addWidget(tabs_, 1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::hide);
    column->addWidget(buttons);
    resize(980, 640);
    setState(State::Idle);
    setStatus(tr("Choose a node and search its studies."));
}

QWidget* PacsBrowserDialog::createQueryPage()
{
    auto* page = new QWidget(this);
    auto* column = new QVBoxLayout(page);

    auto* nodeRow = new QHBoxLayout;
    nodeRow->addWidget(new QLabel(tr("Node:"), page));
    nodeCombo_ = new QComboBox(page);
    nodeCombo_->setObjectName(QStringLiteral("nodeCombo"));
    nodeCombo_->setMinimumWidth(280);
    nodeRow->addWidget(nodeCombo_);
    echoButton_ = new QPushButton(tr("&Echo"), page);
    echoButton_->setObjectName(QStringLiteral("echoButton"));
    echoButton_->setToolTip(tr("Check that the node answers (C-ECHO)"));
    nodeRow->addWidget(echoButton_);
    echoLabel_ = new QLabel(page);
    echoLabel_->setObjectName(QStringLiteral("echoLabel"));
    nodeRow->addWidget(echoLabel_, 1);
    column->addLayout(nodeRow);

    auto* form = new QGroupBox(tr("Search"), page);
    auto* grid = new QGridLayout(form);
    patientId_ = new QLineEdit(form);
    patientId_->setObjectName(QStringLiteral("patientIdEdit"));
    patientName_ = new QLineEdit(form);
    patientName_->setObjectName(QStringLiteral("patientNameEdit"));
    patientName_->setPlaceholderText(tr("FAMILY^GIVEN, * and ? allowed"));
    accession_ = new QLineEdit(form);
    accession_->setObjectName(QStringLiteral("accessionEdit"));
    since_ = dateEdit(form, "sinceEdit");
    until_ = dateEdit(form, "untilEdit");
    modality_ = new QComboBox(form);
    modality_->setObjectName(QStringLiteral("modalityCombo"));
    modality_->addItem(tr("Mammography (MG)"), QStringLiteral("MG"));
    modality_->addItem(tr("Any"), QString());
    queryButton_ = new QPushButton(tr("&Query"), form);
    queryButton_->setObjectName(QStringLiteral("queryButton"));
    queryButton_->setDefault(true);
    grid->addWidget(new QLabel(tr("Patient ID:"), form), 0, 0);
    grid->addWidget(patientId_, 0, 1);
    grid->addWidget(new QLabel(tr("Patient name:"), form), 0, 2);
    grid->addWidget(patientName_, 0, 3);
    grid->addWidget(new QLabel(tr("Accession number:"), form), 0, 4);
    grid->addWidget(accession_, 0, 5);
    grid->addWidget(new QLabel(tr("Study date from:"), form), 1, 0);
    grid->addWidget(since_, 1, 1);
    grid->addWidget(new QLabel(tr("to:"), form), 1, 2);
    grid->addWidget(until_, 1, 3);
    grid->addWidget(new QLabel(tr("Modality:"), form), 1, 4);
    grid->addWidget(modality_, 1, 5);
    grid->addWidget(queryButton_, 1, 6);
    column->addWidget(form);

    results_ = new QTableWidget(0, ResultColumns, page);
    results_->setObjectName(QStringLiteral("resultsTable"));
    results_->setHorizontalHeaderLabels({tr("Patient"), tr("Patient ID"), tr("Study date"),
                                         tr("Description"), tr("Accession"), tr("Images")});
    results_->setSelectionBehavior(QAbstractItemView::SelectRows);
    results_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    results_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    results_->setSortingEnabled(true);
    results_->verticalHeader()->hide();
    results_->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    results_->horizontalHeader()->setStretchLastSection(true);
    column->addWidget(results_, 1);

    auto* retrieveRow = new QHBoxLayout;
    retrieveButton_ = new QPushButton(tr("&Retrieve"), page);
    retrieveButton_->setObjectName(QStringLiteral("retrieveButton"));
    retrieveButton_->setToolTip(tr("Retrieve the selected studies into the worklist"));
    progress_ = new QProgressBar(page);
    progress_->setObjectName(QStringLiteral("pacsProgressBar"));
    progress_->setRange(0, 1);
    progress_->setValue(0);
    progress_->setTextVisible(true);
    cancelButton_ = new QPushButton(tr("Cancel"), page);
    cancelButton_->setObjectName(QStringLiteral("pacsCancelButton"));
    retrieveRow->addWidget(retrieveButton_);
    retrieveRow->addWidget(progress_, 1);
    retrieveRow->addWidget(cancelButton_);
    column->addLayout(retrieveRow);

    status_ = new QLabel(page);
    status_->setObjectName(QStringLiteral("pacsStatusLabel"));
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    column->addWidget(status_);

    connect(echoButton_, &QPushButton::clicked, this, [this] {
        const auto node = currentNode();
        if (!node)
            return;
        setState(State::Echoing);
        echoLabel_->setText(tr("Echo..."));
        Q_EMIT echoRequested(*node);
    });
    connect(queryButton_, &QPushButton::clicked, this, &PacsBrowserDialog::startQuery);
    for (QLineEdit* edit : {patientId_, patientName_, accession_})
        connect(edit, &QLineEdit::returnPressed, this, &PacsBrowserDialog::startQuery);
    connect(retrieveButton_, &QPushButton::clicked, this, &PacsBrowserDialog::startRetrieve);
    connect(results_, &QTableWidget::itemDoubleClicked, this, &PacsBrowserDialog::startRetrieve);
    connect(results_, &QTableWidget::itemSelectionChanged, this, [this] { setState(state_); });
    connect(cancelButton_, &QPushButton::clicked, this, [this] {
        if (state_ == State::Idle || state_ == State::Cancelling)
            return;
        setState(State::Cancelling);
        setStatus(tr("Cancelling..."));
        Q_EMIT cancelRequested();
    });
    connect(nodeCombo_, &QComboBox::currentIndexChanged, this, [this] { echoLabel_->clear(); });
    return page;
}

QWidget* PacsBrowserDialog::createNodesPage()
{
    auto* page = new QWidget(this);
    auto* column = new QVBoxLayout(page);
    nodesTable_ = new QTableWidget(0, 6, page);
    nodesTable_->setObjectName(QStringLiteral("nodesTable"));
    nodesTable_->setHorizontalHeaderLabels(
        {tr("Name"), tr("AE title"), tr("Host"), tr("Port"), tr("C-GET"), tr("Default")});
    nodesTable_->setSelectionBehavior(QAbstractItemView::SelectRows);
    nodesTable_->setSelectionMode(QAbstractItemView::SingleSelection);
    nodesTable_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    nodesTable_->verticalHeader()->hide();
    nodesTable_->horizontalHeader()->setStretchLastSection(true);
    column->addWidget(nodesTable_, 1);

    auto* editor = new QGroupBox(tr("Node"), page);
    auto* form = new QFormLayout(editor);
    nodeName_ = new QLineEdit(editor);
    nodeName_->setObjectName(QStringLiteral("nodeNameEdit"));
    nodeAeTitle_ = new QLineEdit(editor);
    nodeAeTitle_->setObjectName(QStringLiteral("nodeAeTitleEdit"));
    nodeAeTitle_->setMaxLength(16);
    nodeHost_ = new QLineEdit(editor);
    nodeHost_->setObjectName(QStringLiteral("nodeHostEdit"));
    nodePort_ = new QSpinBox(editor);
    nodePort_->setObjectName(QStringLiteral("nodePortSpin"));
    nodePort_->setRange(1, 65535);
    nodePort_->setValue(104);
    nodeGet_ = new QCheckBox(tr("Retrieve with C-GET (else C-MOVE to our storage SCP)"), editor);
    nodeGet_->setObjectName(QStringLiteral("nodeGetCheck"));
    nodeDefault_ = new QCheckBox(tr("Default node"), editor);
    nodeDefault_->setObjectName(QStringLiteral("nodeDefaultCheck"));
    form->addRow(tr("Name:"), nodeName_);
    form->addRow(tr("AE title:"), nodeAeTitle_);
    form->addRow(tr("Host:"), nodeHost_);
    form->addRow(tr("Port:"), nodePort_);
    form->addRow(nodeGet_);
    form->addRow(nodeDefault_);
    auto* nodeButtons = new QHBoxLayout;
    auto* newNode = new QPushButton(tr("New"), editor);
    newNode->setObjectName(QStringLiteral("newNodeButton"));
    auto* save = new QPushButton(tr("Save Node"), editor);
    save->setObjectName(QStringLiteral("saveNodeButton"));
    auto* remove = new QPushButton(tr("Remove Node"), editor);
    remove->setObjectName(QStringLiteral("removeNodeButton"));
    nodeButtons->addWidget(newNode);
    nodeButtons->addWidget(save);
    nodeButtons->addWidget(remove);
    nodeButtons->addStretch(1);
    form->addRow(nodeButtons);
    column->addWidget(editor);

    auto* local = new QGroupBox(tr("This workstation"), page);
    auto* localForm = new QFormLayout(local);
    localAeTitle_ = new QLineEdit(local);
    localAeTitle_->setObjectName(QStringLiteral("localAeTitleEdit"));
    localAeTitle_->setMaxLength(16);
    localPort_ = new QSpinBox(local);
    localPort_->setObjectName(QStringLiteral("localPortSpin"));
    localPort_->setRange(1, 65535);
    localReceive_ =
        new QCheckBox(tr("Receive studies pushed to this workstation while it runs"), local);
    localReceive_->setObjectName(QStringLiteral("localReceiveCheck"));
    auto* apply = new QPushButton(tr("Apply"), local);
    apply->setObjectName(QStringLiteral("applyLocalButton"));
    localForm->addRow(tr("Our AE title:"), localAeTitle_);
    localForm->addRow(tr("Storage SCP port:"), localPort_);
    localForm->addRow(localReceive_);
    localForm->addRow(apply);
    column->addWidget(local);

    nodesStatus_ = new QLabel(page);
    nodesStatus_->setObjectName(QStringLiteral("nodesStatusLabel"));
    nodesStatus_->setWordWrap(true);
    column->addWidget(nodesStatus_);

    connect(nodesTable_, &QTableWidget::currentCellChanged, this,
            [this](int row) { fillNodeEditor(row); });
    connect(newNode, &QPushButton::clicked, this, [this] {
        nodesTable_->clearSelection();
        fillNodeEditor(-1);
    });
    connect(save, &QPushButton::clicked, this, &PacsBrowserDialog::saveNode);
    connect(remove, &QPushButton::clicked, this, &PacsBrowserDialog::removeNode);
    connect(apply, &QPushButton::clicked, this, [this] {
        const QString ae = localAeTitle_->text().trimmed();
        if (!core::PacsNode::isValidAeTitle(ae)) {
            showSettingsError(tr("Our AE title must be 1 to 16 characters."));
            return;
        }
        nodesStatus_->clear();
        Q_EMIT localChanged(ae, quint16(localPort_->value()), localReceive_->isChecked());
    });
    return page;
}

void PacsBrowserDialog::setNodes(const std::vector<core::PacsNode>& nodes)
{
    const QString current = nodeCombo_->currentData().toString();
    nodes_ = nodes;
    {
        const QSignalBlocker blocker(nodeCombo_);
        nodeCombo_->clear();
        int chosen = -1;
        for (size_t i = 0; i < nodes_.size(); ++i) {
            const core::PacsNode& n = nodes_[i];
            nodeCombo_->addItem(QStringLiteral("%1 (%2)").arg(n.name, n.toSpec()), n.name);
            if (n.name == current || (chosen < 0 && n.isDefault))
                chosen = int(i);
        }
        if (chosen >= 0)
            nodeCombo_->setCurrentIndex(chosen);
    }
    nodesTable_->setRowCount(int(nodes_.size()));
    for (size_t i = 0; i < nodes_.size(); ++i) {
        const core::PacsNode& n = nodes_[i];
        const int r = int(i);
        nodesTable_->setItem(r, 0, item(n.name));
        nodesTable_->setItem(r, 1, item(n.aeTitle));
        nodesTable_->setItem(r, 2, item(n.host));
        nodesTable_->setItem(r, 3, item(int(n.port)));
        nodesTable_->setItem(r, 4, item(n.supportsGet ? tr("yes") : tr("no")));
        nodesTable_->setItem(r, 5, item(n.isDefault ? tr("yes") : QString()));
    }
    nodesTable_->resizeColumnsToContents();
    if (nodes_.empty())
        setStatus(tr("No PACS node is configured: add one on the Nodes page."));
    setState(state_);
}

void PacsBrowserDialog::setLocal(const QString& aeTitle, quint16 port, bool receive)
{
    localAeTitle_->setText(aeTitle);
    localPort_->setValue(port);
    localReceive_->setChecked(receive);
}

std::optional<core::PacsNode> PacsBrowserDialog::currentNode() const
{
    const QString name = nodeCombo_->currentData().toString();
    for (const core::PacsNode& n : nodes_)
        if (n.name == name)
            return n;
    return std::nullopt;
}

core::PacsQuery PacsBrowserDialog::queryFromForm() const
{
    core::PacsQuery q;
    q.patientId = patientId_->text().trimmed();
    q.patientName = patientName_->text().trimmed();
    q.accessionNumber = accession_->text().trimmed();
    if (since_->date() != kNoDate)
        q.since = since_->date();
    if (until_->date() != kNoDate)
        q.until = until_->date();
    q.modality = modality_->currentData().toString();
    return q;
}

QStringList PacsBrowserDialog::selectedStudyUids() const
{
    QStringList uids;
    // Top to bottom as shown (the user's sort order decides which study opens first).
    QList<int> rows;
    for (const QModelIndex& index : results_->selectionModel()->selectedRows())
        rows << index.row();
    std::sort(rows.begin(), rows.end());
    for (int r : rows)
        uids << results_->item(r, PatientColumn)->data(Qt::UserRole).toString();
    return uids;
}

QString PacsBrowserDialog::statusText() const
{
    return status_->text();
}

void PacsBrowserDialog::setState(State state)
{
    state_ = state;
    const bool idle = state == State::Idle;
    const bool haveNode = !nodes_.empty();
    echoButton_->setEnabled(idle && haveNode);
    queryButton_->setEnabled(idle && haveNode);
    nodeCombo_->setEnabled(idle);
    retrieveButton_->setEnabled(idle && haveNode && results_->selectionModel()->hasSelection());
    cancelButton_->setEnabled(state == State::Querying || state == State::Retrieving);
    progress_->setTextVisible(state == State::Retrieving);
    if (state == State::Querying || state == State::Echoing) {
        progress_->setRange(0, 0); // busy, no count to show
    } else if (idle && progress_->maximum() == 0) {
        progress_->setRange(0, 1);
        progress_->setValue(0);
    }
}

void PacsBrowserDialog::setStatus(const QString& text, const QString& detail, bool error)
{
    status_->setText(text);
    status_->setToolTip(detail);
    status_->setStyleSheet(error ? QStringLiteral("color:#b00000;") : QString());
}

void PacsBrowserDialog::startQuery()
{
    const auto node = currentNode();
    if (!node || state_ != State::Idle)
        return;
    setState(State::Querying);
    setStatus(tr("Searching %1...").arg(node->name));
    Q_EMIT queryRequested(*node, queryFromForm());
}

void PacsBrowserDialog::startRetrieve()
{
    const auto node = currentNode();
    const QStringList uids = selectedStudyUids();
    if (!node || uids.isEmpty() || state_ != State::Idle)
        return;
    setState(State::Retrieving);
    progress_->setRange(0, 0);
    setStatus(tr("Retrieving %1 studies from %2...").arg(uids.size()).arg(node->name));
    Q_EMIT retrieveRequested(*node, uids);
}

void PacsBrowserDialog::showEchoResult(const core::Error& error, int milliseconds)
{
    const QString node = currentNode() ? currentNode()->name : QString();
    setState(State::Idle);
    if (error.code.isEmpty()) {
        echoLabel_->setText(tr("%1 answers (%2 ms)").arg(node).arg(milliseconds));
        echoLabel_->setStyleSheet(QStringLiteral("color:#006000;"));
        echoLabel_->setToolTip({});
        setStatus(tr("Echo: %1 answers.").arg(node));
    } else {
        echoLabel_->setText(tr("Echo failed"));
        echoLabel_->setStyleSheet(QStringLiteral("color:#b00000;"));
        echoLabel_->setToolTip(error.message);
        setStatus(describe(error, node), error.message, true);
    }
}

void PacsBrowserDialog::showResults(const std::vector<core::PacsRecord>& records)
{
    results_->setSortingEnabled(false);
    results_->clearContents();
    results_->setRowCount(int(records.size()));
    for (size_t i = 0; i < records.size(); ++i) {
        const core::PacsRecord& r = records[i];
        const int row = int(i);
        QTableWidgetItem* patient = item(personName(r.patientName));
        patient->setData(Qt::UserRole, r.studyUid);
        results_->setItem(row, PatientColumn, patient);
        results_->setItem(row, PatientIdColumn, item(r.patientId));
        results_->setItem(
            row, DateColumn,
            item(r.studyDate.isValid() ? QVariant(r.studyDate) : QVariant(QString())));
        results_->setItem(row, DescriptionColumn, item(r.studyDescription));
        results_->setItem(row, AccessionColumn, item(r.accessionNumber));
        results_->setItem(
            row, ImagesColumn,
            item(r.numberOfInstances >= 0 ? QVariant(r.numberOfInstances) : QVariant(QString())));
    }
    results_->setSortingEnabled(true);
    results_->resizeColumnsToContents();
    setState(State::Idle);
    setStatus(records.empty() ? tr("No study matches.")
                              : tr("Studies found: %1. Select and retrieve them into the "
                                   "worklist.")
                                    .arg(records.size()));
}

void PacsBrowserDialog::showQueryFailed(const core::Error& error)
{
    setState(State::Idle);
    setStatus(describe(error, currentNode() ? currentNode()->name : QString()), error.message,
              true);
}

void PacsBrowserDialog::showRetrieveProgress(int study, int studies, int done, int total)
{
    if (state_ != State::Retrieving)
        return;
    if (total > 0) {
        progress_->setRange(0, total);
        progress_->setValue(done);
        progress_->setFormat(tr("Study %1 of %2: %v of %m images").arg(study + 1).arg(studies));
    } else {
        progress_->setRange(0, 0);
    }
    setStatus(tr("Retrieving study %1 of %2...").arg(study + 1).arg(studies));
}

void PacsBrowserDialog::showRetrieveFinished(int retrieved, int requested, const core::Error& error)
{
    progress_->setRange(0, 1);
    progress_->setValue(error.code.isEmpty() ? 1 : 0);
    progress_->setFormat(QStringLiteral("%p%"));
    setState(State::Idle);
    const QString node = currentNode() ? currentNode()->name : QString();
    if (error.code.isEmpty()) {
        setStatus(
            tr("Retrieved into the worklist: %1 of %2 studies.").arg(retrieved).arg(requested));
    } else if (error.code == QLatin1String("pacs.cancelled")) {
        setStatus(
            tr("Retrieval cancelled: %1 of %2 studies retrieved.").arg(retrieved).arg(requested));
    } else {
        setStatus(tr("%1 of %2 studies retrieved. %3")
                      .arg(retrieved)
                      .arg(requested)
                      .arg(describe(error, node)),
                  error.message, true);
    }
}

void PacsBrowserDialog::showSettingsError(const QString& message)
{
    nodesStatus_->setText(message);
    nodesStatus_->setStyleSheet(QStringLiteral("color:#b00000;"));
}

QString PacsBrowserDialog::describe(const core::Error& error, const QString& node)
{
    const QString& c = error.code;
    if (c == QLatin1String("pacs.unreachable"))
        return tr("%1 is not reachable: nothing answers at its host and port. Is the node "
                  "running, and are host and port right?")
            .arg(node);
    if (c == QLatin1String("pacs.association_rejected"))
        return tr("%1 rejected the association: check its AE title and that it knows our AE "
                  "title.")
            .arg(node);
    if (c == QLatin1String("pacs.not_supported"))
        return tr("%1 does not support this request (C-GET?): retrieve with C-MOVE instead.")
            .arg(node);
    if (c == QLatin1String("pacs.timeout"))
        return tr("Timeout: %1 stopped answering.").arg(node);
    if (c == QLatin1String("pacs.connection_lost"))
        return tr("The connection to %1 was lost.").arg(node);
    if (c == QLatin1String("pacs.transfer_incomplete"))
        return tr("The retrieval from %1 was incomplete; nothing of the study was kept.").arg(node);
    if (c == QLatin1String("pacs.move_destination_unknown"))
        return tr("%1 does not know our AE title as a C-MOVE destination: add this workstation "
                  "to the node's configuration, or retrieve with C-GET.")
            .arg(node);
    if (c == QLatin1String("pacs.not_found"))
        return tr("%1 has no images of the study.").arg(node);
    if (c == QLatin1String("pacs.query_failed"))
        return tr("%1 could not answer the search.").arg(node);
    if (c == QLatin1String("pacs.store_failed"))
        return tr("%1 did not store the images.").arg(node);
    if (c == QLatin1String("pacs.cancelled"))
        return tr("Cancelled.");
    if (c == QLatin1String("pacs.scp_unavailable"))
        return tr("Our storage SCP is not running (is its port in use?): retrieval by C-MOVE "
                  "needs it.");
    if (c == QLatin1String("pacs.cache_error") || c == QLatin1String("pacs.file_error"))
        return tr("The local PACS cache cannot be written.");
    if (c == QLatin1String("pacs.invalid_node") || c == QLatin1String("pacs.invalid_peer"))
        return tr("The node's settings are not valid.");
    return tr("PACS error.");
}

void PacsBrowserDialog::fillNodeEditor(int row)
{
    core::PacsNode n;
    if (row >= 0 && row < int(nodes_.size())) {
        const QString name = nodesTable_->item(row, 0)->text();
        for (const core::PacsNode& candidate : nodes_)
            if (candidate.name == name)
                n = candidate;
    }
    nodeName_->setText(n.name);
    nodeAeTitle_->setText(n.aeTitle);
    nodeHost_->setText(n.host);
    nodePort_->setValue(n.port);
    nodeGet_->setChecked(n.supportsGet);
    nodeDefault_->setChecked(n.isDefault);
    nodesStatus_->clear();
}

void PacsBrowserDialog::saveNode()
{
    core::PacsNode n;
    n.name = nodeName_->text().trimmed();
    n.aeTitle = nodeAeTitle_->text().trimmed();
    n.host = nodeHost_->text().trimmed();
    n.port = quint16(nodePort_->value());
    n.supportsGet = nodeGet_->isChecked();
    n.isDefault = nodeDefault_->isChecked();
    if (!core::PacsNode::isValidName(n.name)) {
        showSettingsError(tr("A node name is 1 to 64 letters, digits, '.', '_' or '-'."));
        return;
    }
    if (!core::PacsNode::isValidAeTitle(n.aeTitle)) {
        showSettingsError(tr("An AE title is 1 to 16 characters, no backslash."));
        return;
    }
    if (n.host.isEmpty()) {
        showSettingsError(tr("The node needs a host name or address."));
        return;
    }
    nodesStatus_->clear();
    Q_EMIT nodeSaved(n);
}

void PacsBrowserDialog::removeNode()
{
    const QString name = nodeName_->text().trimmed();
    if (name.isEmpty())
        return;
    Q_EMIT nodeRemoved(name);
    fillNodeEditor(-1);
}

} // namespace mammolens::ui
