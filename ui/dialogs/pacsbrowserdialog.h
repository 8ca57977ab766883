#pragma once
// The PACS browser (issue 9): choose a node (and check it with an echo), search its studies,
// retrieve the selected ones into the worklist with progress and cancel, and edit the nodes.
// Widgets only: it asks for network work through signals and shows what app/ hands back.

#include "core/pacs/pacsnode.h"
#include "core/pacs/pacsquery.h"
#include "core/pacs/pacsrecord.h"
#include "core/util/outcome.h"

#include <QDialog>
#include <QStringList>
#include <optional>
#include <vector>

class QCheckBox;
class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QTabWidget;

namespace mammolens::ui {

/// Non-modal. All methods run on the GUI thread.
class PacsBrowserDialog : public QDialog
{
    Q_OBJECT
public:
    /// What the dialog is waiting for; drives which buttons are enabled.
    enum class State
    {
        Idle,
        Echoing,
        Querying,
        Retrieving,
        Cancelling,
    };
    Q_ENUM(State)

    explicit PacsBrowserDialog(QWidget* parent = nullptr);

    State state() const { return state_; }

    /// The configured nodes; the default one is chosen unless the current one is still there.
    void setNodes(const std::vector<core::PacsNode>& nodes);
    /// Our own identity and whether the storage SCP runs while the workstation does.
    void setLocal(const QString& aeTitle, quint16 port, bool receive);
    std::optional<core::PacsNode> currentNode() const;
    core::PacsQuery queryFromForm() const;
    QStringList selectedStudyUids() const;
    QString statusText() const;

    /// Replies from app/ (error.code empty: success).
    void showEchoResult(const core::Error& error, int milliseconds);
    void showResults(const std::vector<core::PacsRecord>& records);
    void showQueryFailed(const core::Error& error);
    void showRetrieveProgress(int study, int studies, int done, int total);
    void showRetrieveFinished(int retrieved, int requested, const core::Error& error);
    /// A node or local setting that could not be saved.
    void showSettingsError(const QString& message);

    /// User-facing wording of a core/pacs error code, about `node`.
    static QString describe(const core::Error& error, const QString& node);

Q_SIGNALS:
    void echoRequested(const mammolens::core::PacsNode& node);
    void queryRequested(const mammolens::core::PacsNode& node,
                        const mammolens::core::PacsQuery& query);
    void retrieveRequested(const mammolens::core::PacsNode& node, const QStringList& studyUids);
    void cancelRequested();
    void nodeSaved(const mammolens::core::PacsNode& node);
    void nodeRemoved(const QString& name);
    void localChanged(const QString& aeTitle, quint16 port, bool receive);

private:
    QWidget* createQueryPage();
    QWidget* createNodesPage();
    void setState(State state);
    void setStatus(const QString& text, const QString& detail = {}, bool error = false);
    void startQuery();
    void startRetrieve();
    void fillNodeEditor(int row);
    void saveNode();
    void removeNode();

    State state_ = State::Idle;
    std::vector<core::PacsNode> nodes_;

    QTabWidget* tabs_ = nullptr;
    QComboBox* nodeCombo_ = nullptr;
    QPushButton* echoButton_ = nullptr;
    QLabel* echoLabel_ = nullptr;
    QLineEdit* patientId_ = nullptr;
    QLineEdit* patientName_ = nullptr;
    QDateEdit* since_ = nullptr;
    QDateEdit* until_ = nullptr;
    QLineEdit* accession_ = nullptr;
    QComboBox* modality_ = nullptr;
    QPushButton* queryButton_ = nullptr;
    QTableWidget* results_ = nullptr;
    QPushButton* retrieveButton_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QPushButton* cancelButton_ = nullptr;
    QLabel* status_ = nullptr;

    QTableWidget* nodesTable_ = nullptr;
    QLineEdit* nodeName_ = nullptr;
    QLineEdit* nodeAeTitle_ = nullptr;
    QLineEdit* nodeHost_ = nullptr;
    QSpinBox* nodePort_ = nullptr;
    QCheckBox* nodeGet_ = nullptr;
    QCheckBox* nodeDefault_ = nullptr;
    QLineEdit* localAeTitle_ = nullptr;
    QSpinBox* localPort_ = nullptr;
    QCheckBox* localReceive_ = nullptr;
    QLabel* nodesStatus_ = nullptr;
};

} // namespace mammolens::ui
