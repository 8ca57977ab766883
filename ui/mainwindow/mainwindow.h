#pragma once
// The workstation's main window: the hanging (ui/viewer), the score panel and patch gallery, the
// overlay controls, a permanent not-for-diagnosis notice for any model that is not a validated
// clinical model, and progress with a cancel button. It shows what it is handed and asks for
// work through signals; app/ does the work (ui/ never sees the engine).

#include "core/exam/exam.h"
#include "ui/panels/patchgallery.h"
#include "ui/panels/scoretypes.h"
#include "ui/viewer/viewoverlay.h"

#include <QList>
#include <QMainWindow>
#include <QPair>

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QSlider;

namespace mammolens::ui {

class AboutDialog;
class AssessmentPanel;
class WorklistPanel;

class HangingView;
class PacsBrowserDialog;
class ScorePanel;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    /// `versions` are shown in the About box (app/ composes them).
    explicit MainWindow(QList<QPair<QString, QString>> versions, QWidget* parent = nullptr);
    ~MainWindow() override;

    /// The four views. A window of its own embedded in this one (see the constructor): not a
    /// child widget, so find its viewports through it, not through the main window.
    HangingView* hangingView() const { return hanging_; }
    ScorePanel* scorePanel() const { return scores_; }
    PatchGallery* patchGallery() const { return gallery_; }
    AssessmentPanel* assessmentPanel() const { return assessment_; }
    WorklistPanel* worklistPanel() const { return worklist_; }
    QLabel* notForDiagnosisBanner() const { return banner_; }
    /// The PACS browser (File > PACS...): non-modal, made once, app/ connects to its signals.
    PacsBrowserDialog* pacsBrowser() const { return pacsBrowser_; }

    void setModels(const ModelSummary& models, const QStringList& descriptions,
                   const QStringList& paths = {});
    /// Whether the engine could run on CUDA here (the model manager offers it only then).
    void setCudaAvailable(bool available) { cudaAvailable_ = available; }
    /// Model > Model Manager: edits the model list and where inference runs (QSettings
    /// engine/device and engine/threads), then asks for the models again.
    void showModelManager();
    /// Routes the self-test's outcome to the About box that asked for it (if still open).
    void showSelfTestResult(const QString& report, bool passed);
    /// The views show "Loading" (not the previous exam) until showExam() or showExamFailed().
    void showExamLoading(const QString& label);
    /// The exam's files could not be read: the views say why; no dialog, so stepping through an
    /// exam list goes on.
    void showExamFailed(const QString& label, const QString& position, const QString& message);
    /// `position` is "2 / 5" style text for the exam list, empty for a single exam.
    void showExam(const core::Exam& exam, const QString& label, const QString& position);
    /// New `position` text for the exam on screen (the exam list grew or shrank).
    void setExamPosition(const QString& label, const QString& position);
    void showError(const QString& title, const QString& message);
    /// A message box with rich text (session statistics).
    void showInformation(const QString& title, const QString& html);
    /// A passing note in the status bar (a study received, the PACS receiver's state).
    void showStatusMessage(const QString& text, int timeoutMs = 10000);
    void setViewResult(core::StandardView view, const ViewOverlay& overlay,
                       const std::vector<GalleryPatch>& patches);
    void setScores(const ExamScores& scores);
    /// Blinded reading: removes every model result from the screen (overlays, patches, scores,
    /// truth outlines) and says why in the score panel. Results come back through the normal
    /// setters once app/ delivers them again.
    void hideResults(const QString& reason);
    /// The reading session in the title bar and the Reading menu ("" = none).
    void setReadingSession(const QString& description);
    /// Exams whose assessment has edits that are not committed: closing the window then asks
    /// whether to keep them for later (the session stays open) or discard them.
    void setUnsavedAssessments(int exams) { unsavedAssessments_ = exams; }

    enum class ResumeChoice
    {
        Resume,   ///< go on with the unfinished session
        StartNew, ///< end it (losing its uncommitted changes) and start the one asked for
        Cancel,
    };
    /// Reading > Start Session found an unfinished session of the reader, described in `text`.
    ResumeChoice askResumeSession(const QString& text);
    void setRunning(bool running, const QString& text);
    void setRecentExams(const QStringList& paths);
    /// Fills View > Language; a choice emits languageRequested and applies at the next start.
    void setLanguages(const QStringList& codes, const QString& current);

    OverlaySettings overlaySettings() const;
    void setOverlaySettings(const OverlaySettings& settings);

public Q_SLOTS:
    void showAbout();
    void showShortcuts();
    void showPacsBrowser();
    void showReadingSessionDialog();

Q_SIGNALS:
    void openRequested(const QStringList& paths);
    void modelsRequested(const QStringList& paths);
    void selfTestRequested();
    void cancelRequested();
    void nextExamRequested();
    /// The reader opened an exam from the worklist (its index in app/'s exam list).
    void examRequested(int index);
    void previousExamRequested();
    void overlaySettingsChanged(const ui::OverlaySettings& settings);
    void languageRequested(const QString& code);
    /// Reading > Start Session: the dialog was accepted.
    void readingSessionRequested(const QString& login, const QString& displayName, int mode,
                                 const QString& caseSet);
    void endReadingSessionRequested();
    /// The window is closing (the close was not cancelled). `keepSession`: the reader chose to
    /// keep uncommitted changes for later, so the session stays open to be resumed; otherwise
    /// it ends.
    void closing(bool keepSession);
    /// Reading > Session Statistics.
    void statisticsRequested();
    /// File > Export Report: the chosen folder.
    void exportReportRequested(const QString& folder);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    void createActions();
    void createOverlayBar();
    void createDocks();
    void applyOverlayControls();
    void addShortcut(QAction* action, const QKeySequence& key, const QString& help);
    QString examText(const QString& label, const QString& position) const;

    QList<QPair<QString, QString>> versions_;
    core::Exam exam_; ///< the exam on screen (its pixels feed the patch gallery)
    int presetIndex_ = 0;
    bool trueSize_ = false;
    QStringList modelDescriptions_;
    QStringList modelPaths_;
    bool cudaAvailable_ = false;
    AboutDialog* about_ = nullptr; ///< while the About box is open
    QAction* endSession_ = nullptr;
    int unsavedAssessments_ = 0;
    QLabel* sessionLabel_ = nullptr;
    QList<QPair<QString, QString>> shortcutHelp_;

    HangingView* hanging_ = nullptr;
    QWidget* hangingHost_ = nullptr; // the container that embeds hanging_'s window
    ScorePanel* scores_ = nullptr;
    PatchGallery* gallery_ = nullptr;
    AssessmentPanel* assessment_ = nullptr;
    WorklistPanel* worklist_ = nullptr;
    QLabel* banner_ = nullptr;
    PacsBrowserDialog* pacsBrowser_ = nullptr;
    QLabel* examLabel_ = nullptr;
    QLabel* progressLabel_ = nullptr;
    QPushButton* cancelButton_ = nullptr;
    QMenu* recentMenu_ = nullptr;
    QMenu* languageMenu_ = nullptr;

    QCheckBox* showBenign_ = nullptr;
    QCheckBox* showMalignant_ = nullptr;
    QCheckBox* showPatches_ = nullptr;
    QSlider* opacity_ = nullptr;
    QSlider* threshold_ = nullptr;
    QComboBox* colourMap_ = nullptr;
    QCheckBox* smooth_ = nullptr;
    QComboBox* layout_ = nullptr;
};

} // namespace mammolens::ui
