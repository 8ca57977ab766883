#pragma once
// The reader's assessment of the exam on screen (issue 8): BI-RADS per breast, breast density,
// recall, confidence, free text and the findings marked on the images. It edits one
// core::Assessment and asks for it to be committed; app/ stores it (core/reading) and says how
// that went. It never decides what the model may show: the phase it is handed says whether this
// is the initial (before the model's results) or the post-AI assessment.

#include "core/exam/view.h"
#include "core/reading/assessment.h"
#include "ui/viewer/readermark.h"

#include <QWidget>
#include <optional>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace mammolens::ui {

class AssessmentPanel : public QWidget
{
    Q_OBJECT
public:
    /// How the commit relates to the model's results, for the wording the reader sees.
    enum class Stage
    {
        NoSession, ///< nothing can be recorded: the panel is disabled and says why
        Clinical,  ///< the model's results are on screen; saves edit the one assessment
        Blinded,   ///< initial assessment of a blinded reading: the commit reveals the model
        PostAi,    ///< after the reveal: saves go to the separate post-AI assessment
        Teaching,  ///< a teaching case: the commit shows the truth and the model
    };
    Q_ENUM(Stage)

    explicit AssessmentPanel(QWidget* parent = nullptr);

    /// No exam or no session: the form is cleared and disabled, `message` says why.
    void setUnavailable(const QString& message);
    /// Starts editing `form` (its examKey and phase are kept; one without content is a new,
    /// empty assessment). `saved` is what the store holds for it, if anything: the form may be
    /// an unsaved draft on top of it.
    void edit(const core::Assessment& form, Stage stage,
              const std::optional<core::Assessment>& saved);
    Stage stage() const { return stage_; }

    /// The form's content as an assessment (the one handed to edit() with the reader's changes).
    core::Assessment assessment() const;
    /// True when the form differs from what was last saved (or handed in as saved).
    bool isDirty() const;
    /// The store acknowledged `saved` (the commit is durable): it becomes the baseline.
    void setSaved(const core::Assessment& saved, Stage stage);
    /// The commit failed: the reader's entries stay, `message` says what went wrong.
    void setSaveFailed(const QString& message);

    /// A finding at `stored` (stored-image pixels) of `view`, of the type chosen in the panel.
    void addFinding(core::StandardView view, const QPointF& stored);
    void removeFinding(int index);
    /// The findings on `view` as the viewports draw them.
    std::vector<ReaderMark> marks(core::StandardView view) const;
    bool isMarking() const;
    void setMarking(bool on);

    /// Marking on/off when a form is open (the main window's F key).
    void toggleMarking();
    /// Checks the form and emits commitRequested, or says in the panel what is missing.
    void requestCommit();

    /// Teaching, after the commit: what the case truly has, shown above the form ("" hides it).
    void setTruth(const QString& text);
    QString truthText() const;

    QString statusText() const;
    QPushButton* commitButton() const { return commit_; }

Q_SIGNALS:
    void commitRequested(const mammolens::core::Assessment& assessment);
    void findingsChanged();
    void markingToggled(bool on);
    /// Any edit by the reader (app/ keeps drafts so that switching exams loses nothing).
    void edited();

private:
    void setForm(const core::Assessment& a);
    void refreshFindings();
    void refreshState();
    void onEdited();

    core::Assessment current_;  ///< examKey, phase, ids: what the form does not show
    core::Assessment baseline_; ///< the last saved content
    bool hasBaseline_ = false;
    Stage stage_ = Stage::NoSession;
    bool loading_ = false; ///< setForm in progress: no edited() signals
    QString status_;

    QLabel* stageLabel_ = nullptr;
    QLabel* truthLabel_ = nullptr;
    QComboBox* biradsRight_ = nullptr;
    QComboBox* biradsLeft_ = nullptr;
    QComboBox* density_ = nullptr;
    QCheckBox* recall_ = nullptr;
    QSpinBox* confidence_ = nullptr;
    QPlainTextEdit* notes_ = nullptr;
    QListWidget* findings_ = nullptr;
    QComboBox* findingType_ = nullptr;
    QPushButton* mark_ = nullptr;
    QPushButton* remove_ = nullptr;
    QPushButton* commit_ = nullptr;
    QLabel* statusLabel_ = nullptr;
    QWidget* form_ = nullptr;
};

} // namespace mammolens::ui
