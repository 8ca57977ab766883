#include "ui/panels/assessmentpanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QSpinBox>
#include <QVBoxLayout>

namespace mammolens::ui {

namespace {

constexpr core::FindingType kFindingTypes[] = {
    core::FindingType::Mass, core::FindingType::Calcification,
    core::FindingType::ArchitecturalDistortion, core::FindingType::Asymmetry};

QString findingTypeText(core::FindingType type)
{
    switch (type) {
    case core::FindingType::Mass: return AssessmentPanel::tr("Mass");
    case core::FindingType::Calcification: return AssessmentPanel::tr("Calcification");
    case core::FindingType::ArchitecturalDistortion: return AssessmentPanel::tr("Distortion");
    case core::FindingType::Asymmetry: return AssessmentPanel::tr("Asymmetry");
    }
    return {};
}

/// The finding's View Position code for a standard view ("CC", "MLO").
QString viewCode(core::StandardView view)
{
    return core::positionOf(view) == core::ViewPosition::CC ? QStringLiteral("CC")
                                                            : QStringLiteral("MLO");
}

QComboBox* biradsCombo(QWidget* parent, const QString& name)
{
    auto* combo = new QComboBox(parent);
    combo->setObjectName(name);
    combo->addItem(QStringLiteral("-"), -1); // not assessed yet
    // The context is the unqualified class name lupdate files tr() under (tools/update-translations
    // qualifies it afterwards, as tr() looks it up).
    const char* meaning[] = {
        QT_TRANSLATE_NOOP("AssessmentPanel", "incomplete"),
        QT_TRANSLATE_NOOP("AssessmentPanel", "negative"),
        QT_TRANSLATE_NOOP("AssessmentPanel", "benign"),
        QT_TRANSLATE_NOOP("AssessmentPanel", "probably benign"),
        QT_TRANSLATE_NOOP("AssessmentPanel", "suspicious"),
        QT_TRANSLATE_NOOP("AssessmentPanel", "highly suggestive"),
        QT_TRANSLATE_NOOP("AssessmentPanel", "known malignancy")};
    for (int b = 0; b <= 6; ++b)
        combo->addItem(QStringLiteral("%1 - %2").arg(b).arg(AssessmentPanel::tr(meaning[b])), b);
    return combo;
}

std::optional<int> comboValue(const QComboBox* combo)
{
    const int v = combo->currentData().toInt();
    return v < 0 ? std::nullopt : std::optional<int>(v);
}

void setComboValue(QComboBox* combo, std::optional<int> value)
{
    combo->setCurrentIndex(std::max(0, combo->findData(value.value_or(-1))));
}

} // namespace

AssessmentPanel::AssessmentPanel(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("assessmentPanel"));
    auto* layout = new QVBoxLayout(this);
    stageLabel_ = new QLabel(this);
    stageLabel_->setObjectName(QStringLiteral("assessmentStage"));
    stageLabel_->setWordWrap(true);
    layout->addWidget(stageLabel_);
    truthLabel_ = new QLabel(this);
    truthLabel_->setObjectName(QStringLiteral("truthLabel"));
    truthLabel_->setWordWrap(true);
    truthLabel_->setStyleSheet(
        QStringLiteral("background:#0b5d1e; color:white; font-weight:bold; padding:4px;"));
    truthLabel_->hide();
    layout->addWidget(truthLabel_);

    form_ = new QWidget(this);
    auto* form = new QFormLayout(form_);
    form->setContentsMargins(0, 0, 0, 0);
    // Right breast first, as in the hanging and the score panel.
    biradsRight_ = biradsCombo(form_, QStringLiteral("biradsRight"));
    biradsLeft_ = biradsCombo(form_, QStringLiteral("biradsLeft"));
    form->addRow(tr("BI-RADS right"), biradsRight_);
    form->addRow(tr("BI-RADS left"), biradsLeft_);
    density_ = new QComboBox(form_);
    density_->setObjectName(QStringLiteral("density"));
    density_->addItem(QStringLiteral("-"), QString());
    for (const char* d : {"A", "B", "C", "D"})
        density_->addItem(QString::fromLatin1(d), QString::fromLatin1(d));
    form->addRow(tr("Density"), density_);
    recall_ = new QCheckBox(tr("Recall for assessment"), form_);
    recall_->setObjectName(QStringLiteral("recall"));
    form->addRow(QString(), recall_);
    confidence_ = new QSpinBox(form_);
    confidence_->setObjectName(QStringLiteral("confidence"));
    confidence_->setRange(-1, 100);
    confidence_->setSpecialValueText(tr("not given")); // -1
    confidence_->setSuffix(QStringLiteral(" %"));
    confidence_->setToolTip(tr("Your confidence that the exam shows a malignancy (0-100)"));
    form->addRow(tr("Malignancy confidence"), confidence_);

    findings_ = new QListWidget(form_);
    findings_->setObjectName(QStringLiteral("findingList"));
    findings_->setMaximumHeight(110);
    form->addRow(tr("Findings"), findings_);
    auto* findingBar = new QHBoxLayout;
    findingType_ = new QComboBox(form_);
    findingType_->setObjectName(QStringLiteral("findingType"));
    for (core::FindingType t : kFindingTypes)
        findingType_->addItem(findingTypeText(t), int(t));
    mark_ = new QPushButton(tr("Mark (F)"), form_);
    mark_->setObjectName(QStringLiteral("markButton"));
    mark_->setCheckable(true);
    mark_->setToolTip(tr("Then click on an image to place a finding of the chosen type"));
    remove_ = new QPushButton(tr("Remove"), form_);
    remove_->setObjectName(QStringLiteral("removeFindingButton"));
    findingBar->addWidget(findingType_, 1);
    findingBar->addWidget(mark_);
    findingBar->addWidget(remove_);
    form->addRow(QString(), findingBar);

    notes_ = new QPlainTextEdit(form_);
    notes_->setObjectName(QStringLiteral("notes"));
    notes_->setPlaceholderText(tr("Notes (no patient identifiers)"));
    notes_->setMaximumHeight(80);
    form->addRow(tr("Notes"), notes_);
    layout->addWidget(form_);

    commit_ = new QPushButton(this);
    commit_->setObjectName(QStringLiteral("commitAssessmentButton"));
    layout->addWidget(commit_);
    statusLabel_ = new QLabel(this);
    statusLabel_->setObjectName(QStringLiteral("assessmentStatus"));
    statusLabel_->setWordWrap(true);
    layout->addWidget(statusLabel_);
    layout->addStretch(1);

    for (QComboBox* c : {biradsRight_, biradsLeft_, density_})
        connect(c, &QComboBox::currentIndexChanged, this, &AssessmentPanel::onEdited);
    connect(recall_, &QCheckBox::toggled, this, &AssessmentPanel::onEdited);
    connect(confidence_, &QSpinBox::valueChanged, this, &AssessmentPanel::onEdited);
    connect(notes_, &QPlainTextEdit::textChanged, this, &AssessmentPanel::onEdited);
    connect(mark_, &QPushButton::toggled, this, &AssessmentPanel::markingToggled);
    connect(remove_, &QPushButton::clicked, this, [this] { removeFinding(findings_->currentRow()); });
    connect(commit_, &QPushButton::clicked, this, &AssessmentPanel::requestCommit);
    // Commit (Ctrl+Enter) and Mark (F) are window-wide actions of the main window's Reading menu:
    // the reader's eyes and mouse are on the images, not on this panel.
    auto* deleteKey = new QShortcut(QKeySequence::Delete, findings_);
    deleteKey->setContext(Qt::WidgetShortcut);
    connect(deleteKey, &QShortcut::activated, this, [this] { removeFinding(findings_->currentRow()); });

    setUnavailable(tr("Start a reading session (Reading > Start Session) to record assessments."));
}

void AssessmentPanel::setUnavailable(const QString& message)
{
    stage_ = Stage::NoSession;
    hasBaseline_ = false;
    setTruth({});
    current_ = {};
    setMarking(false);
    setForm(current_);
    status_.clear();
    stageLabel_->setText(message);
    refreshState();
}

void AssessmentPanel::edit(const core::Assessment& form, Stage stage,
                           const std::optional<core::Assessment>& saved)
{
    stage_ = stage;
    current_ = form;
    hasBaseline_ = saved.has_value();
    setTruth({}); // app/ shows it again for a revealed teaching case
    if (saved)
        baseline_ = *saved;
    setForm(form);
    status_ = saved && saved->updatedAt.isValid()
                  ? tr("Saved %1").arg(saved->updatedAt.toLocalTime().toString(
                        QStringLiteral("yyyy-MM-dd HH:mm:ss")))
                  : QString();
    refreshState();
}

core::Assessment AssessmentPanel::assessment() const
{
    core::Assessment a = current_; // keys, phase and findings
    a.biradsRight = comboValue(biradsRight_);
    a.biradsLeft = comboValue(biradsLeft_);
    const QString density = density_->currentData().toString();
    a.density = density.isEmpty() ? std::nullopt : core::breastDensityFromString(density);
    a.recall = recall_->isChecked();
    a.confidence = confidence_->value() < 0 ? std::nullopt : std::optional<int>(confidence_->value());
    a.notes = notes_->toPlainText();
    return a;
}

bool AssessmentPanel::isDirty() const
{
    if (stage_ == Stage::NoSession)
        return false;
    const core::Assessment a = assessment();
    if (hasBaseline_)
        return !a.sameContent(baseline_);
    core::Assessment empty;
    empty.sessionId = a.sessionId;
    empty.examKey = a.examKey;
    empty.phase = a.phase;
    return !a.sameContent(empty);
}

void AssessmentPanel::setSaved(const core::Assessment& saved, Stage stage)
{
    const bool keepEdits = !saved.sameContent(assessment()) && saved.phase == current_.phase;
    stage_ = stage;
    baseline_ = saved;
    hasBaseline_ = true;
    if (!keepEdits) {
        current_ = saved;
        setForm(saved);
    }
    const QDateTime at = saved.updatedAt.isValid() ? saved.updatedAt : QDateTime::currentDateTimeUtc();
    status_ = tr("Saved %1 (%2)")
                  .arg(at.toLocalTime().toString(QStringLiteral("HH:mm:ss")),
                       saved.phase == core::AssessmentPhase::PostAi ? tr("post-AI assessment")
                                                                    : tr("initial assessment"));
    refreshState();
}

void AssessmentPanel::setSaveFailed(const QString& message)
{
    status_ = tr("NOT SAVED: %1").arg(message);
    refreshState();
}

void AssessmentPanel::addFinding(core::StandardView view, const QPointF& stored)
{
    if (stage_ == Stage::NoSession)
        return;
    core::Finding f;
    f.type = core::FindingType(findingType_->currentData().toInt());
    f.breast = core::lateralityOf(view);
    f.view = viewCode(view);
    f.x = stored.x();
    f.y = stored.y();
    current_.findings.push_back(f);
    refreshFindings();
    findings_->setCurrentRow(findings_->count() - 1);
    onEdited();
    Q_EMIT findingsChanged();
}

void AssessmentPanel::removeFinding(int index)
{
    if (index < 0 || index >= int(current_.findings.size()))
        return;
    current_.findings.erase(current_.findings.begin() + index);
    refreshFindings();
    onEdited();
    Q_EMIT findingsChanged();
}

std::vector<ReaderMark> AssessmentPanel::marks(core::StandardView view) const
{
    std::vector<ReaderMark> out;
    for (size_t i = 0; i < current_.findings.size(); ++i) {
        const core::Finding& f = current_.findings[i];
        if (f.breast != core::lateralityOf(view) || f.view != viewCode(view))
            continue;
        out.push_back({QPointF(f.x, f.y), f.radius.value_or(0.0),
                       QStringLiteral("%1 %2").arg(i + 1).arg(findingTypeText(f.type))});
    }
    return out;
}

bool AssessmentPanel::isMarking() const
{
    return mark_->isChecked();
}

void AssessmentPanel::setMarking(bool on)
{
    mark_->setChecked(on);
}

void AssessmentPanel::setTruth(const QString& text)
{
    truthLabel_->setText(text);
    truthLabel_->setVisible(!text.isEmpty());
}

QString AssessmentPanel::truthText() const
{
    return truthLabel_->text();
}

QString AssessmentPanel::statusText() const
{
    return statusLabel_->text();
}

void AssessmentPanel::setForm(const core::Assessment& a)
{
    loading_ = true;
    setComboValue(biradsRight_, a.biradsRight);
    setComboValue(biradsLeft_, a.biradsLeft);
    density_->setCurrentIndex(
        std::max(0, density_->findData(a.density ? core::toString(*a.density) : QString())));
    recall_->setChecked(a.recall);
    confidence_->setValue(a.confidence.value_or(-1));
    if (notes_->toPlainText() != a.notes)
        notes_->setPlainText(a.notes);
    loading_ = false;
    refreshFindings();
    Q_EMIT findingsChanged();
}

void AssessmentPanel::refreshFindings()
{
    findings_->clear();
    for (size_t i = 0; i < current_.findings.size(); ++i) {
        const core::Finding& f = current_.findings[i];
        findings_->addItem(QStringLiteral("%1. %2 - %3-%4 (%5, %6)")
                               .arg(i + 1)
                               .arg(findingTypeText(f.type), core::toString(f.breast), f.view)
                               .arg(f.x, 0, 'f', 0)
                               .arg(f.y, 0, 'f', 0));
    }
}

void AssessmentPanel::refreshState()
{
    const bool available = stage_ != Stage::NoSession;
    form_->setEnabled(available);
    commit_->setEnabled(available);
    switch (stage_) {
    case Stage::NoSession: commit_->setText(tr("Save assessment")); break;
    case Stage::Clinical:
        stageLabel_->setText(tr("Clinical reading: the model's results are shown."));
        commit_->setText(tr("Save assessment (Ctrl+Enter)"));
        break;
    case Stage::Blinded:
        stageLabel_->setText(tr("Blinded reading: the model's results stay hidden until you commit "
                                "your initial assessment."));
        commit_->setText(tr("Commit and reveal the model (Ctrl+Enter)"));
        break;
    case Stage::PostAi:
        stageLabel_->setText(tr("Model revealed. Your initial assessment is kept; changes are "
                                "saved as your post-AI assessment."));
        commit_->setText(tr("Save post-AI assessment (Ctrl+Enter)"));
        break;
    case Stage::Teaching:
        stageLabel_->setText(tr("Teaching case: mark and score, then commit to see the truth and "
                                "the model."));
        commit_->setText(tr("Commit and show the truth (Ctrl+Enter)"));
        break;
    }
    QString text = status_;
    if (available && isDirty())
        text = status_.isEmpty() ? tr("Not saved yet.") : status_ + tr(" - changed since");
    statusLabel_->setText(text);
}

void AssessmentPanel::onEdited()
{
    if (loading_)
        return;
    refreshState();
    Q_EMIT edited();
}

void AssessmentPanel::toggleMarking()
{
    if (form_->isEnabled())
        mark_->toggle();
}

void AssessmentPanel::requestCommit()
{
    if (stage_ == Stage::NoSession || !isEnabled())
        return;
    const core::Assessment a = assessment();
    // A committed screening assessment has a category for each breast; before the reveal this
    // is what the model's influence is measured against, so it cannot be left half done.
    if (!a.biradsRight || !a.biradsLeft) {
        setSaveFailed(tr("give a BI-RADS category for each breast"));
        return;
    }
    if (const QString problem = a.validate(); !problem.isEmpty()) {
        setSaveFailed(problem);
        return;
    }
    Q_EMIT commitRequested(a);
}

} // namespace mammolens::ui
