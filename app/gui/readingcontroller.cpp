#include "app/gui/readingcontroller.h"

#include "app/common/examreportwriter.h"
#include "app/gui/workstationcontroller.h"
#include "core/logging/log.h"
#include "ui/mainwindow/mainwindow.h"
#include "ui/panels/assessmentpanel.h"
#include "ui/panels/worklistmodel.h"
#include "ui/panels/worklistpanel.h"

#include <QDir>
#include <QRegularExpression>

namespace mammolens::app {

using Stage = ui::AssessmentPanel::Stage;

namespace {

/// The post-AI form starts from the initial assessment: the reader revises, not restarts.
core::Assessment asPostAi(core::Assessment a)
{
    a.id = 0;
    a.phase = core::AssessmentPhase::PostAi;
    a.createdAt = {};
    a.updatedAt = {};
    return a;
}

bool hidesModelFirst(core::ReadingMode mode)
{
    return mode == core::ReadingMode::Blinded || mode == core::ReadingMode::Teaching;
}

} // namespace

ReadingController::ReadingController(ui::MainWindow& window, WorkstationController& workstation,
                                     const QString& storePath, QObject* parent)
    : QObject(parent), window_(window), workstation_(workstation), store_(storePath)
{
    if (auto opened = store_.open(); !opened) {
        storeError_ = opened.error().message;
        core::log::get("reading")->error("reading store not opened: {} ({})",
                                         opened.error().code.toStdString(),
                                         opened.error().message.toStdString());
    }
    ui::AssessmentPanel* panel = window_.assessmentPanel();
    connect(panel, &ui::AssessmentPanel::commitRequested, this, &ReadingController::onCommit);
    connect(panel, &ui::AssessmentPanel::edited, this, &ReadingController::onEdited);
    connect(&workstation_, &WorkstationController::examShown, this, &ReadingController::onExamShown);
    connect(&workstation_, &WorkstationController::worklistChanged, this,
            &ReadingController::applySessionToWorklist);
    connect(&window_, &ui::MainWindow::readingSessionRequested, this,
            [this](const QString& login, const QString& name, int mode, const QString& caseSet) {
                auto started = startSession(login, name, core::ReadingMode(mode), caseSet);
                if (!started)
                    window_.showError(tr("Reading session not started"), started.error().message);
            });
    connect(&window_, &ui::MainWindow::endReadingSessionRequested, this,
            &ReadingController::endSession);
    connect(&window_, &ui::MainWindow::exportReportRequested, this, [this](const QString& folder) {
        auto written = exportReport(folder);
        if (!written)
            window_.showError(tr("Report not written"), written.error().message);
        else
            window_.showStatusMessage(tr("Report written: %1").arg(written.value().join(QStringLiteral(", "))));
    });
    if (!storeError_.isEmpty())
        panel->setUnavailable(tr("The reading store cannot be opened, so no assessment can be "
                                 "recorded: %1")
                                  .arg(storeError_));
}

ReadingController::~ReadingController() = default;

core::Outcome<core::ReadingSession> ReadingController::startSession(const QString& login,
                                                                    const QString& displayName,
                                                                    core::ReadingMode mode,
                                                                    const QString& caseSet)
{
    if (!store_.isOpen())
        return core::Error{QStringLiteral("reading.not_open"),
                           tr("The reading store is not open: %1").arg(storeError_), {}};
    auto known = store_.readerByLogin(login);
    if (!known)
        return known.error();
    core::Reader reader;
    if (known.value()) {
        reader = *known.value();
    } else {
        core::Reader fresh;
        fresh.login = login;
        fresh.displayName = displayName.isEmpty() ? login : displayName;
        auto added = store_.addReader(fresh, login);
        if (!added)
            return added.error();
        reader = added.value();
    }
    if (session_)
        endSession();
    auto started = store_.startSession(reader.id, mode, caseSet);
    if (!started)
        return started.error();
    reader_ = reader;
    session_ = started.value();
    drafts_.clear();
    core::log::get("reading")->info("reading session {} started ({})", session_->id,
                                    core::toString(mode).toStdString());
    window_.setReadingSession(sessionDescription());
    applySessionToWorklist();
    onExamShown(workstation_.examIndex()); // the exam on screen follows the new mode
    return started;
}

void ReadingController::endSession()
{
    if (!session_)
        return;
    if (auto ended = store_.endSession(session_->id); !ended)
        window_.showStatusMessage(tr("The session could not be closed in the store: %1")
                                      .arg(ended.error().message));
    session_.reset();
    reader_.reset();
    window_.setReadingSession({});
    applySessionToWorklist();
    onExamShown(workstation_.examIndex());
}

core::Outcome<QStringList> ReadingController::exportReport(const QString& folder)
{
    const int index = workstation_.examIndex();
    const QString key = workstation_.examKey(index);
    if (index < 0)
        return core::Error{QStringLiteral("export.no_exam"), tr("No exam is open."), {}};
    if (workstation_.resultsHidden())
        return core::Error{QStringLiteral("export.hidden"),
                           tr("The report shows the model's results, which are hidden until you "
                              "commit your assessment."),
                           {}};
    const std::optional<ExamAnalysis>& analysis = workstation_.shownAnalysis();
    if (!analysis)
        return core::Error{QStringLiteral("export.no_results"),
                           tr("The model has not finished this exam yet (or no model is loaded)."),
                           {}};
    // The reader's latest saved word on the exam in this session: post-AI over initial.
    std::optional<ExamReportWriter::ReaderAssessment> reader;
    if (session_ && reader_ && !key.isEmpty()) {
        for (core::AssessmentPhase phase :
             {core::AssessmentPhase::PostAi, core::AssessmentPhase::Initial}) {
            auto stored = store_.assessment(session_->id, key, phase);
            if (!stored)
                return stored.error();
            if (stored.value() && !reader) {
                reader = ExamReportWriter::ReaderAssessment{*stored.value(), reader_->displayName};
            }
        }
    }
    // One folder per exam, named by its key made safe for a file name (as the CLI's outputs).
    QString name = key.isEmpty() ? QStringLiteral("exam-%1").arg(index + 1) : key;
    name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]")), QStringLiteral("_"));
    const QString target = QDir(folder).filePath(name);
    if (!QDir().mkpath(target))
        return core::Error{QStringLiteral("export.write_failed"),
                           tr("Cannot create the folder %1.").arg(target), {}};
    const core::Exam& exam = workstation_.exams()[size_t(index)];
    return ExamReportWriter(exam, *analysis, reader ? &*reader : nullptr,
                            QDateTime::currentDateTimeUtc())
        .write(target);
}

void ReadingController::applySessionToWorklist()
{
    // Blinded and teaching sessions: no score in the worklist either, and no sorting by one,
    // which would tell the model's opinion as surely as the number.
    window_.worklistPanel()->model()->setScoresHidden(session_ && hidesModelFirst(session_->mode));
    for (const core::Exam& exam : workstation_.exams()) {
        ui::WorklistStatus status = ui::WorklistStatus::New;
        if (session_ && !exam.id.isEmpty()) {
            auto postAi = store_.assessment(session_->id, exam.id, core::AssessmentPhase::PostAi);
            auto initial = store_.assessment(session_->id, exam.id, core::AssessmentPhase::Initial);
            if (postAi && postAi.value())
                status = ui::WorklistStatus::Reviewed;
            else if (initial && initial.value())
                status = ui::WorklistStatus::Read;
        }
        workstation_.setReadStatus(exam.id, status);
    }
}

int ReadingController::unsavedDrafts() const
{
    return int(drafts_.size());
}

QString ReadingController::sessionDescription() const
{
    if (!session_ || !reader_)
        return {};
    QString mode;
    switch (session_->mode) {
    case core::ReadingMode::Clinical: mode = tr("Clinical reading"); break;
    case core::ReadingMode::Blinded: mode = tr("Blinded second reading"); break;
    case core::ReadingMode::Teaching: mode = tr("Teaching"); break;
    }
    return tr("%1 - %2").arg(mode, reader_->displayName);
}

QString ReadingController::modelIdentity() const
{
    const QStringList labels = workstation_.models().labels;
    return labels.isEmpty() ? tr("no model loaded") : labels.join(QStringLiteral(", "));
}

void ReadingController::onEdited()
{
    ui::AssessmentPanel* panel = window_.assessmentPanel();
    if (examKey_.isEmpty() || !session_)
        return;
    if (panel->isDirty())
        drafts_[examKey_] = panel->assessment();
    else
        drafts_.erase(examKey_);
}

void ReadingController::onExamShown(int index)
{
    ui::AssessmentPanel* panel = window_.assessmentPanel();
    examKey_ = workstation_.examKey(index);
    if (!session_ || !store_.isOpen()) {
        workstation_.setResultsHidden(false);
        if (!store_.isOpen())
            panel->setUnavailable(tr("The reading store cannot be opened, so no assessment can "
                                     "be recorded: %1")
                                      .arg(storeError_));
        else
            panel->setUnavailable(
                tr("Start a reading session (Reading > Start Session) to record assessments."));
        return;
    }
    const bool blinded = hidesModelFirst(session_->mode);
    if (examKey_.isEmpty()) {
        // Nothing to record against; in a blinded session nothing of the model shows either.
        workstation_.setResultsHidden(blinded, tr("Model results hidden (blinded reading)."));
        panel->setUnavailable(index < 0 ? tr("Open an exam to assess it.")
                                        : tr("This exam has no identifier to record it under."));
        return;
    }

    // The gate first: no result of this exam may reach the screen before the reader commits.
    auto reveal = store_.reveal(session_->id, examKey_);
    const bool revealed = reveal && reveal.value().has_value();
    if (blinded && !revealed)
        workstation_.setResultsHidden(
            true, session_->mode == core::ReadingMode::Teaching
                      ? tr("Teaching: the model's results and the truth are shown after you "
                           "commit your assessment.")
                      : tr("Blinded reading: the model's results are hidden until you commit "
                           "your initial assessment."));
    else
        workstation_.setResultsHidden(false);

    auto initial = store_.assessment(session_->id, examKey_, core::AssessmentPhase::Initial);
    auto postAi = store_.assessment(session_->id, examKey_, core::AssessmentPhase::PostAi);
    if (!initial || !postAi) {
        panel->setUnavailable(tr("The stored assessment cannot be read: %1")
                                  .arg((!initial ? initial.error() : postAi.error()).message));
        return;
    }
    const auto draft = drafts_.find(examKey_);
    core::Assessment fresh;
    fresh.sessionId = session_->id;
    fresh.examKey = examKey_;
    if (revealed) {
        // After the reveal only the post-AI assessment can change.
        std::optional<core::Assessment> saved = postAi.value();
        core::Assessment form = saved ? *saved
                                      : initial.value() ? asPostAi(*initial.value()) : fresh;
        form.phase = core::AssessmentPhase::PostAi;
        if (!saved && initial.value())
            saved = form; // unchanged from the initial one: nothing to save yet
        panel->edit(draft != drafts_.end() ? draft->second : form, Stage::PostAi, saved);
        return;
    }
    const Stage stage = !blinded ? Stage::Clinical
                        : session_->mode == core::ReadingMode::Teaching ? Stage::Teaching
                                                                        : Stage::Blinded;
    const std::optional<core::Assessment>& saved = initial.value();
    panel->edit(draft != drafts_.end() ? draft->second : saved ? *saved : fresh, stage, saved);
}

void ReadingController::onCommit(const core::Assessment& assessment)
{
    ui::AssessmentPanel* panel = window_.assessmentPanel();
    if (!session_ || examKey_.isEmpty())
        return;
    core::Assessment a = assessment;
    a.sessionId = session_->id;
    a.examKey = examKey_;
    auto saved = store_.saveAssessment(a);
    if (!saved) {
        // The form keeps what the reader entered; the draft too.
        panel->setSaveFailed(saved.error().message);
        core::log::get("reading")->error("assessment not saved: {}", saved.error().code.toStdString());
        return;
    }
    drafts_.erase(examKey_);
    workstation_.setReadStatus(examKey_, saved.value().phase == core::AssessmentPhase::PostAi
                                             ? ui::WorklistStatus::Reviewed
                                             : ui::WorklistStatus::Read);
    Q_EMIT assessmentSaved(saved.value());
    const bool initialOfBlinded =
        hidesModelFirst(session_->mode) && saved.value().phase == core::AssessmentPhase::Initial;
    if (!initialOfBlinded) {
        panel->setSaved(saved.value(), panel->stage());
        return;
    }
    // The initial assessment is durable: now, and only now, the model's results may be seen.
    auto reveal = store_.recordReveal(session_->id, examKey_, modelIdentity());
    if (!reveal) {
        panel->setSaved(saved.value(), panel->stage());
        panel->setSaveFailed(tr("the assessment is saved, but the reveal could not be recorded, so "
                                "the model stays hidden: %1")
                                 .arg(reveal.error().message));
        return;
    }
    const core::Assessment form = asPostAi(saved.value());
    panel->edit(form, Stage::PostAi, form);
    workstation_.setResultsHidden(false);
    window_.showStatusMessage(tr("Initial assessment committed; model results revealed."));
    Q_EMIT revealed(examKey_);
}

} // namespace mammolens::app
