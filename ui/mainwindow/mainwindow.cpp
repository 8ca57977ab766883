#include "ui/mainwindow/mainwindow.h"

#include "ui/dialogs/aboutdialog.h"
#include "ui/dialogs/modelmanagerdialog.h"
#include "ui/dialogs/pacsbrowserdialog.h"
#include "ui/dialogs/readingsessiondialog.h"
#include "ui/panels/assessmentpanel.h"
#include "ui/panels/scorepanel.h"
#include "ui/panels/worklistpanel.h"
#include "ui/viewer/hangingview.h"

#include <QActionGroup>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDockWidget>
#include <QCloseEvent>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QSettings>
#include <QSlider>
#include <QStatusBar>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>
#include <QWindow>
#include <utility>

namespace mammolens::ui {

namespace {
/// The status bar's progress text is this many average characters wide ("Triage, exam 12:
/// R-MLO, local network" fits; longer texts are elided, in full in the tooltip).
constexpr int kProgressChars = 44;
} // namespace

MainWindow::MainWindow(QList<QPair<QString, QString>> versions, QWidget* parent)
    : QMainWindow(parent), versions_(std::move(versions))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("MammoLens"));
    setAcceptDrops(true);

    auto* central = new QWidget(this);
    auto* column = new QVBoxLayout(central);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(0);
    // Permanent while any loaded model is not a validated clinical model: such numbers must never
    // be taken for a diagnosis.
    banner_ = new QLabel(central);
    banner_->setObjectName(QStringLiteral("notForDiagnosisBanner"));
    banner_->setAlignment(Qt::AlignCenter);
    banner_->setWordWrap(true);
    banner_->setStyleSheet(QStringLiteral(
        "background:#b00000; color:white; font-weight:bold; font-size:15px; padding:6px;"));
    banner_->hide();
    column->addWidget(banner_);
    // The views are a window of their own, embedded here, not a child widget. Qt composes a
    // window that holds QOpenGLWidgets by drawing each of their textures and the blended backing
    // store over the whole window at every repaint of any widget in it: with Mesa's software
    // OpenGL that is 25-35 ms per repaint at 1920 x 1080, paid for each progress text, score or
    // gallery update while the model runs. In a window of their own only a change to the views
    // costs that; the rest of the main window is flushed like any raster window. With the
    // overlays coloured off the GUI thread (VtkViewport::setOverlay) this took the longest
    // GUI-thread stall while the model runs from a median of 65 to 44 ms, and a window/level
    // frame from 31-34 to 24-25 ms (docs/performance.md).
    hanging_ = new HangingView;
    hanging_->setAcceptDrops(true); // an exam dropped onto the views opens, as anywhere else
    hanging_->installEventFilter(this);
    hanging_->winId(); // creates the window the container takes
    hanging_->windowHandle()->installEventFilter(this); // clicks: see eventFilter()
    hangingHost_ = QWidget::createWindowContainer(hanging_->windowHandle(), central);
    hangingHost_->setObjectName(QStringLiteral("hangingHost"));
    hangingHost_->setFocusPolicy(Qt::ClickFocus);
    column->addWidget(hangingHost_, 1);
    setCentralWidget(central);

    pacsBrowser_ = new PacsBrowserDialog(this);

    createDocks();
    createOverlayBar();
    createActions();

    examLabel_ = new QLabel(tr("No exam open"), this);
    examLabel_->setObjectName(QStringLiteral("examLabel"));
    progressLabel_ = new QLabel(this);
    progressLabel_->setObjectName(QStringLiteral("progressLabel"));
    // A fixed size: the text changes a dozen times a view while the model runs, and a label
    // that resized with it would move its neighbours and re-lay out the whole window (docks
    // included) each time, on top of the repaint.
    progressLabel_->setFixedSize(progressLabel_->fontMetrics().averageCharWidth() * kProgressChars,
                                 progressLabel_->sizeHint().height());
    cancelButton_ = new QPushButton(tr("Cancel"), this);
    cancelButton_->setObjectName(QStringLiteral("cancelButton"));
    cancelButton_->setEnabled(false);
    connect(cancelButton_, &QPushButton::clicked, this, &MainWindow::cancelRequested);
    sessionLabel_ = new QLabel(this);
    sessionLabel_->setObjectName(QStringLiteral("sessionLabel"));
    statusBar()->addWidget(examLabel_, 1);
    statusBar()->addPermanentWidget(sessionLabel_);
    statusBar()->addPermanentWidget(progressLabel_);
    statusBar()->addPermanentWidget(cancelButton_);
    resize(1600, 1000);
}

void MainWindow::addShortcut(QAction* action, const QKeySequence& key, const QString& help)
{
    action->setShortcut(key);
    addAction(action); // active even while the menu bar is hidden in full screen
    shortcutHelp_.append({key.toString(QKeySequence::NativeText), help});
}

void MainWindow::createActions()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* openFolder = file->addAction(tr("Open Exam &Folder..."), this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Open exam folder"));
        if (!dir.isEmpty())
            Q_EMIT openRequested({dir});
    });
    addShortcut(openFolder, QKeySequence::Open, tr("Open an exam folder"));
    file->addAction(tr("Open &Files..."), this, [this] {
        const QStringList files = QFileDialog::getOpenFileNames(
            this, tr("Open exam files"), {},
            tr("Exams (*.dcm *.dicom *.png *.json DICOMDIR);;All files (*)"));
        if (!files.isEmpty())
            Q_EMIT openRequested(files);
    });
    recentMenu_ = file->addMenu(tr("&Recent Exams"));
    QAction* pacs = file->addAction(tr("P&ACS..."), this, &MainWindow::showPacsBrowser);
    addShortcut(pacs, QKeySequence(Qt::CTRL | Qt::Key_P),
                tr("PACS browser: search, retrieve into the worklist"));
    file->addSeparator();
    QAction* next = file->addAction(tr("&Next Exam"), this, &MainWindow::nextExamRequested);
    addShortcut(next, QKeySequence(Qt::Key_PageDown), tr("Next exam in the list"));
    QAction* previous = file->addAction(tr("&Previous Exam"), this, &MainWindow::previousExamRequested);
    addShortcut(previous, QKeySequence(Qt::Key_PageUp), tr("Previous exam in the list"));
    QAction* worklist = file->addAction(tr("&Worklist"), this, [this] {
        worklist_->view()->setFocus();
    });
    addShortcut(worklist, QKeySequence(Qt::CTRL | Qt::Key_L),
                tr("Worklist: arrows move, Enter opens, / filters"));
    QAction* report = file->addAction(tr("&Export Report..."), this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Export the exam report to"));
        if (!dir.isEmpty())
            Q_EMIT exportReportRequested(dir);
    });
    addShortcut(report, QKeySequence(Qt::CTRL | Qt::Key_E),
                tr("Export the exam report (PDF and PNG)"));
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* model = menuBar()->addMenu(tr("&Model"));
    model->addAction(tr("&Load Model Files..."), this, [this] {
        const QStringList files = QFileDialog::getOpenFileNames(
            this, tr("Load GMIC model files (up to five make an ensemble)"), {},
            tr("Model files (*.safetensors *.pt *.pth *.p);;All files (*)"));
        if (!files.isEmpty())
            Q_EMIT modelsRequested(files);
    });
    model->addAction(tr("Model &Manager..."), this, &MainWindow::showModelManager);
    QAction* cancel = model->addAction(tr("&Cancel Inference"), this, &MainWindow::cancelRequested);
    addShortcut(cancel, QKeySequence(Qt::Key_Escape), tr("Cancel the running inference"));

    QMenu* view = menuBar()->addMenu(tr("&View"));
    auto toggle = [&](QCheckBox* box, const QString& text, const QKeySequence& key) {
        QAction* a = view->addAction(text, box, &QCheckBox::toggle);
        addShortcut(a, key, text);
    };
    toggle(showBenign_, tr("Toggle Benign Overlay"), QKeySequence(Qt::Key_B));
    toggle(showMalignant_, tr("Toggle Malignant Overlay"), QKeySequence(Qt::Key_M));
    toggle(showPatches_, tr("Toggle ROI Patches"), QKeySequence(Qt::Key_X));
    QAction* more = view->addAction(tr("Increase Overlay Opacity"), this,
                                    [this] { opacity_->setValue(opacity_->value() + 10); });
    addShortcut(more, QKeySequence(Qt::Key_BracketRight), tr("Increase overlay opacity"));
    QAction* less = view->addAction(tr("Decrease Overlay Opacity"), this,
                                    [this] { opacity_->setValue(opacity_->value() - 10); });
    addShortcut(less, QKeySequence(Qt::Key_BracketLeft), tr("Decrease overlay opacity"));
    view->addSeparator();
    QAction* reset = view->addAction(tr("&Reset Views"), this, [this] { hanging_->resetAll(); });
    addShortcut(reset, QKeySequence(Qt::Key_R), tr("Reset zoom, pan and window/level"));
    QAction* autoWl =
        view->addAction(tr("&Auto Window/Level"), this, [this] { hanging_->applyAutoWindowLevel(); });
    addShortcut(autoWl, QKeySequence(Qt::Key_A), tr("Automatic window/level"));
    QAction* preset = view->addAction(tr("Next DICOM &Preset"), this,
                                      [this] { hanging_->applyPreset(presetIndex_++ % 8); });
    addShortcut(preset, QKeySequence(Qt::Key_W), tr("Next window/level preset of the images"));
    QAction* loupe = view->addAction(tr("&Magnifier"), this,
                                     [this] { hanging_->setLoupeEnabled(!hanging_->isLoupeEnabled()); });
    addShortcut(loupe, QKeySequence(Qt::Key_L), tr("Magnifier loupe on/off"));
    QAction* trueSize = view->addAction(tr("&True Size"), this, [this] {
        trueSize_ = !trueSize_;
        if (!hanging_->setTrueSize(trueSize_))
            trueSize_ = false;
    });
    addShortcut(trueSize, QKeySequence(Qt::Key_T), tr("True-size display from the pixel spacing"));
    QAction* full = view->addAction(tr("&Full Screen"), this, [this] {
        isFullScreen() ? showNormal() : showFullScreen();
    });
    addShortcut(full, QKeySequence(Qt::Key_F11), tr("Full screen"));
    view->addSeparator();
    languageMenu_ = view->addMenu(tr("&Language"));

    QMenu* reading = menuBar()->addMenu(tr("&Reading"));
    reading->addAction(tr("&Start Session..."), this, &MainWindow::showReadingSessionDialog);
    endSession_ = reading->addAction(tr("&End Session"), this, [this] {
        if (unsavedAssessments_ > 0 &&
            QMessageBox::question(this, tr("Unsaved assessments"),
                                  tr("%n exam(s) have assessment changes that are not committed. "
                                     "End the session and lose them?",
                                     "", unsavedAssessments_),
                                  QMessageBox::Discard | QMessageBox::Cancel,
                                  QMessageBox::Cancel) != QMessageBox::Discard)
            return;
        Q_EMIT endReadingSessionRequested();
    });
    endSession_->setEnabled(false);
    reading->addAction(tr("Session S&tatistics..."), this, &MainWindow::statisticsRequested);
    reading->addSeparator();
    QAction* commit = reading->addAction(tr("&Commit Assessment"), assessment_,
                                         &AssessmentPanel::requestCommit);
    addShortcut(commit, QKeySequence(Qt::CTRL | Qt::Key_Return),
                tr("Commit the assessment (blinded reading: then reveal the model)"));
    QAction* mark = reading->addAction(tr("&Mark Finding"), assessment_,
                                       &AssessmentPanel::toggleMarking);
    addShortcut(mark, QKeySequence(Qt::Key_F),
                tr("Marking on/off: a click on an image places a finding"));

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* keys = help->addAction(tr("&Keyboard Shortcuts"), this, &MainWindow::showShortcuts);
    addShortcut(keys, QKeySequence(Qt::Key_F1), tr("This list"));
    help->addAction(tr("&About MammoLens"), this, &MainWindow::showAbout);
}

void MainWindow::createOverlayBar()
{
    QToolBar* bar = addToolBar(tr("Overlays"));
    bar->setObjectName(QStringLiteral("overlayBar"));
    showBenign_ = new QCheckBox(tr("Benign"), bar);
    showBenign_->setObjectName(QStringLiteral("showBenign"));
    showMalignant_ = new QCheckBox(tr("Malignant"), bar);
    showMalignant_->setObjectName(QStringLiteral("showMalignant"));
    showMalignant_->setChecked(true);
    showPatches_ = new QCheckBox(tr("Patches"), bar);
    showPatches_->setObjectName(QStringLiteral("showPatches"));
    showPatches_->setChecked(true);
    opacity_ = new QSlider(Qt::Horizontal, bar);
    opacity_->setObjectName(QStringLiteral("opacitySlider"));
    opacity_->setRange(0, 100);
    opacity_->setValue(50);
    opacity_->setMaximumWidth(140);
    threshold_ = new QSlider(Qt::Horizontal, bar);
    threshold_->setObjectName(QStringLiteral("thresholdSlider"));
    threshold_->setRange(0, 100);
    threshold_->setMaximumWidth(140);
    colourMap_ = new QComboBox(bar);
    colourMap_->setObjectName(QStringLiteral("colourMap"));
    colourMap_->addItem(tr("Green/red ramps"));
    colourMap_->addItem(tr("Perceptual (viridis/magma)"));
    smooth_ = new QCheckBox(tr("Smooth"), bar);
    smooth_->setObjectName(QStringLiteral("smoothOverlay"));
    smooth_->setChecked(true);
    layout_ = new QComboBox(bar);
    layout_->setObjectName(QStringLiteral("layoutCombo"));
    layout_->addItems(hanging_->layoutNames());
    connect(layout_, &QComboBox::currentTextChanged, hanging_,
            [this](const QString& name) { hanging_->setLayoutName(name); });

    bar->addWidget(showBenign_);
    bar->addWidget(showMalignant_);
    bar->addWidget(showPatches_);
    bar->addSeparator();
    bar->addWidget(new QLabel(tr(" Opacity "), bar));
    bar->addWidget(opacity_);
    bar->addWidget(new QLabel(tr(" Threshold "), bar));
    bar->addWidget(threshold_);
    bar->addWidget(colourMap_);
    bar->addWidget(smooth_);
    bar->addSeparator();
    bar->addWidget(new QLabel(tr(" Layout "), bar));
    bar->addWidget(layout_);

    for (QCheckBox* box : {showBenign_, showMalignant_, showPatches_, smooth_})
        connect(box, &QCheckBox::toggled, this, &MainWindow::applyOverlayControls);
    for (QSlider* slider : {opacity_, threshold_})
        connect(slider, &QSlider::valueChanged, this, &MainWindow::applyOverlayControls);
    connect(colourMap_, &QComboBox::currentIndexChanged, this, &MainWindow::applyOverlayControls);
}

void MainWindow::createDocks()
{
    auto* scoreDock = new QDockWidget(tr("Scores"), this);
    scoreDock->setObjectName(QStringLiteral("scoreDock"));
    scores_ = new ScorePanel(scoreDock);
    scoreDock->setWidget(scores_);
    scoreDock->setMinimumWidth(440); // every score readable without scrolling
    addDockWidget(Qt::RightDockWidgetArea, scoreDock);

    auto* galleryDock = new QDockWidget(tr("ROI Patches"), this);
    galleryDock->setObjectName(QStringLiteral("galleryDock"));
    gallery_ = new PatchGallery(galleryDock);
    galleryDock->setWidget(gallery_);
    addDockWidget(Qt::RightDockWidgetArea, galleryDock);
    connect(gallery_, &PatchGallery::patchActivated, hanging_, &HangingView::centreOn);

    auto* worklistDock = new QDockWidget(tr("Worklist"), this);
    worklistDock->setObjectName(QStringLiteral("worklistDock"));
    worklist_ = new WorklistPanel(worklistDock);
    worklistDock->setWidget(worklist_);
    addDockWidget(Qt::LeftDockWidgetArea, worklistDock);
    connect(worklist_, &WorklistPanel::examActivated, this, &MainWindow::examRequested);

    auto* assessmentDock = new QDockWidget(tr("Assessment"), this);
    assessmentDock->setObjectName(QStringLiteral("assessmentDock"));
    assessment_ = new AssessmentPanel(assessmentDock);
    assessmentDock->setWidget(assessment_);
    addDockWidget(Qt::LeftDockWidgetArea, assessmentDock);
    // The findings live in the panel; the viewports draw them and report the reader's clicks.
    connect(hanging_, &HangingView::markPlaced, assessment_, &AssessmentPanel::addFinding);
    connect(assessment_, &AssessmentPanel::markingToggled, hanging_, &HangingView::setMarkingEnabled);
    connect(assessment_, &AssessmentPanel::findingsChanged, this, [this] {
        for (core::StandardView v : core::kStandardViews)
            hanging_->setMarks(v, assessment_->marks(v));
    });
}

void MainWindow::hideResults(const QString& reason)
{
    hanging_->clearOverlays();
    hanging_->clearGroundTruth();
    gallery_->clear();
    scores_->setHidden(reason);
}

void MainWindow::setReadingSession(const QString& description)
{
    sessionLabel_->setText(description);
    endSession_->setEnabled(!description.isEmpty());
}

void MainWindow::showReadingSessionDialog()
{
    QSettings settings;
    ReadingSessionDialog dialog(settings.value(QStringLiteral("reading/login")).toString(),
                                settings.value(QStringLiteral("reading/name")).toString(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    settings.setValue(QStringLiteral("reading/login"), dialog.login());
    settings.setValue(QStringLiteral("reading/name"), dialog.displayName());
    Q_EMIT readingSessionRequested(dialog.login(), dialog.displayName(), int(dialog.mode()),
                                   dialog.caseSet());
}

OverlaySettings MainWindow::overlaySettings() const
{
    OverlaySettings s;
    s.showBenign = showBenign_->isChecked();
    s.showMalignant = showMalignant_->isChecked();
    s.showPatches = showPatches_->isChecked();
    s.opacity = opacity_->value() / 100.0;
    s.threshold = threshold_->value() / 100.0;
    s.colourMap = colourMap_->currentIndex() == 1 ? OverlaySettings::ColourMap::Perceptual
                                                  : OverlaySettings::ColourMap::Ramp;
    s.smooth = smooth_->isChecked();
    return s;
}

void MainWindow::setOverlaySettings(const OverlaySettings& s)
{
    const QSignalBlocker b1(showBenign_), b2(showMalignant_), b3(showPatches_), b4(opacity_),
        b5(threshold_), b6(colourMap_), b7(smooth_);
    showBenign_->setChecked(s.showBenign);
    showMalignant_->setChecked(s.showMalignant);
    showPatches_->setChecked(s.showPatches);
    opacity_->setValue(int(s.opacity * 100 + 0.5));
    threshold_->setValue(int(s.threshold * 100 + 0.5));
    colourMap_->setCurrentIndex(s.colourMap == OverlaySettings::ColourMap::Perceptual ? 1 : 0);
    smooth_->setChecked(s.smooth);
    applyOverlayControls();
}

void MainWindow::applyOverlayControls()
{
    const OverlaySettings s = overlaySettings();
    hanging_->setOverlaySettings(s);
    Q_EMIT overlaySettingsChanged(s);
}

void MainWindow::setModels(const ModelSummary& models, const QStringList& descriptions,
                           const QStringList& paths)
{
    modelDescriptions_ = descriptions;
    modelPaths_ = paths;
    if (models.labels.isEmpty() || models.clinical) {
        banner_->hide();
        return;
    }
    banner_->setText(tr("NOT FOR DIAGNOSIS - the model is not a validated clinical model (%1). "
                        "Its numbers and maps must not be used to make a clinical decision.")
                         .arg(models.notClinicalReason));
    banner_->show();
}

void MainWindow::showExamLoading(const QString& label)
{
    examLabel_->setText(tr("Loading %1...").arg(label));
    hanging_->clearOverlays();
    hanging_->setLoading(tr("Loading %1...").arg(label));
    scores_->clear();
    gallery_->clear();
}

void MainWindow::showExamFailed(const QString& label, const QString& position,
                                const QString& message)
{
    exam_ = {};
    hanging_->setError(tr("%1 cannot be read: %2").arg(label, message));
    scores_->clear();
    gallery_->clear();
    examLabel_->setText(tr("%1 cannot be read").arg(examText(label, position)));
    examLabel_->setToolTip(message);
}

void MainWindow::showExam(const core::Exam& exam, const QString& label, const QString& position)
{
    exam_ = exam; // shares the pixel buffers, no copy
    presetIndex_ = 0;
    hanging_->setExam(exam);
    scores_->clear();
    gallery_->clear();
    examLabel_->setText(examText(label, position));
    examLabel_->setToolTip(exam.warnings.join(QLatin1Char('\n')));
}

QString MainWindow::examText(const QString& label, const QString& position) const
{
    QString text = position.isEmpty() ? label : tr("%1 (%2)").arg(label, position);
    if (!exam_.warnings.isEmpty() || !exam_.errors.empty())
        text += tr(" - %n warning(s)", "", int(exam_.warnings.size() + exam_.errors.size()));
    return text;
}

void MainWindow::setExamPosition(const QString& label, const QString& position)
{
    examLabel_->setText(examText(label, position));
}

void MainWindow::showStatusMessage(const QString& text, int timeoutMs)
{
    statusBar()->showMessage(text, timeoutMs);
}

void MainWindow::showPacsBrowser()
{
    pacsBrowser_->show();
    pacsBrowser_->raise();
    pacsBrowser_->activateWindow();
}

void MainWindow::showError(const QString& title, const QString& message)
{
    examLabel_->setText(title + QStringLiteral(": ") + message);
    QMessageBox::warning(this, title, message);
}

void MainWindow::showInformation(const QString& title, const QString& html)
{
    QMessageBox box(QMessageBox::Information, title, html, QMessageBox::Ok, this);
    box.setTextFormat(Qt::RichText);
    box.exec();
}

void MainWindow::setViewResult(core::StandardView view, const ViewOverlay& overlay,
                               const std::vector<GalleryPatch>& patches)
{
    hanging_->setOverlay(view, overlay);
    auto it = exam_.views.find(view);
    if (it != exam_.views.end())
        gallery_->addPatches(patches, it->second.pixels);
}

void MainWindow::setScores(const ExamScores& scores)
{
    scores_->setScores(scores);
}

void MainWindow::setRunning(bool running, const QString& text)
{
    const QString shown =
        progressLabel_->fontMetrics().elidedText(text, Qt::ElideRight, progressLabel_->width());
    progressLabel_->setText(shown);
    progressLabel_->setToolTip(shown == text ? QString() : text);
    cancelButton_->setEnabled(running);
}

void MainWindow::setRecentExams(const QStringList& paths)
{
    recentMenu_->clear();
    for (const QString& path : paths)
        recentMenu_->addAction(path, this, [this, path] { Q_EMIT openRequested({path}); });
    recentMenu_->setEnabled(!paths.isEmpty());
}

void MainWindow::setLanguages(const QStringList& codes, const QString& current)
{
    languageMenu_->clear();
    auto* group = new QActionGroup(languageMenu_);
    const QStringList choices = QStringList{QStringLiteral("system")} + codes;
    for (const QString& code : choices) {
        const QString name = code == QLatin1String("system")
                                 ? tr("System language")
                                 : QLocale(code).nativeLanguageName();
        QAction* a = languageMenu_->addAction(name);
        a->setCheckable(true);
        a->setChecked(code == current);
        group->addAction(a);
        connect(a, &QAction::triggered, this, [this, code] {
            Q_EMIT languageRequested(code);
            QMessageBox::information(this, tr("Language"),
                                     tr("The language changes the next time MammoLens starts."));
        });
    }
}

MainWindow::~MainWindow()
{
    // Before the container: deleting the view window itself first leaves the container nothing
    // to delete (its pointer to the window is guarded), the other way round would leave the
    // views with a deleted window. Null first, so eventFilter() ignores what it sends on the way.
    delete std::exchange(hanging_, nullptr);
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event)
{
    // A click in the views takes the keyboard from wherever it was (the notes, the worklist's
    // filter), as it did when they were child widgets: the next key is a shortcut ("L" the
    // loupe, "]" more opacity), not a letter in a text box. The views' window does not take
    // the keyboard itself; the main window keeps it, with the views' host as its focus.
    if (!hanging_)
        return QMainWindow::eventFilter(watched, event);
    if (watched == hanging_->windowHandle() && event->type() == QEvent::MouseButtonPress)
        hangingHost_->setFocus(Qt::MouseFocusReason);
    if (watched == hanging_) {
        if (event->type() == QEvent::DragEnter) {
            dragEnterEvent(static_cast<QDragEnterEvent*>(event));
            return true;
        }
        if (event->type() == QEvent::Drop) {
            dropEvent(static_cast<QDropEvent*>(event));
            return true;
        }
    }
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    QStringList paths;
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile())
            paths << url.toLocalFile();
    if (!paths.isEmpty())
        Q_EMIT openRequested(paths);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    bool keep = false;
    if (unsavedAssessments_ > 0) {
        QMessageBox box(QMessageBox::Question, tr("Unsaved assessments"),
                        tr("%n exam(s) have assessment changes that are not committed.\n\n"
                           "Keep them for later: the reading session stays open, and starting "
                           "a session under your login next time offers to resume it with "
                           "them.\nDiscard: the session ends and the changes are lost.",
                           "", unsavedAssessments_),
                        QMessageBox::Discard | QMessageBox::Cancel, this);
        QPushButton* keepButton = box.addButton(tr("&Keep for Later"), QMessageBox::AcceptRole);
        box.setDefaultButton(keepButton);
        box.setEscapeButton(QMessageBox::Cancel);
        box.exec();
        if (box.clickedButton() != keepButton &&
            box.clickedButton() != box.button(QMessageBox::Discard)) {
            event->ignore();
            return;
        }
        keep = box.clickedButton() == keepButton;
    }
    event->accept();
    Q_EMIT closing(keep);
}

MainWindow::ResumeChoice MainWindow::askResumeSession(const QString& text)
{
    QMessageBox box(QMessageBox::Question, tr("Unfinished reading session"), text,
                    QMessageBox::Cancel, this);
    QPushButton* resume = box.addButton(tr("&Resume"), QMessageBox::AcceptRole);
    QPushButton* fresh = box.addButton(tr("&End It and Start New"), QMessageBox::DestructiveRole);
    box.setDefaultButton(resume);
    box.exec();
    if (box.clickedButton() == resume)
        return ResumeChoice::Resume;
    if (box.clickedButton() == fresh)
        return ResumeChoice::StartNew;
    return ResumeChoice::Cancel;
}

void MainWindow::showAbout()
{
    AboutDialog dialog(versions_, modelDescriptions_, this);
    connect(&dialog, &AboutDialog::selfTestRequested, this, &MainWindow::selfTestRequested);
    about_ = &dialog;
    dialog.exec();
    about_ = nullptr;
}

void MainWindow::showShortcuts()
{
    QString html = QStringLiteral("<table>");
    for (const auto& [key, help] : shortcutHelp_)
        html += QStringLiteral("<tr><td><b>%1</b>&nbsp;&nbsp;</td><td>%2</td></tr>")
                    .arg(key.toHtmlEscaped(), help.toHtmlEscaped());
    html += QStringLiteral("</table><p>") +
            tr("Mouse: left drag = window/level, wheel = zoom, middle or right drag = pan.") +
            QStringLiteral("</p>");
    QMessageBox::information(this, tr("Keyboard Shortcuts"), html);
}

void MainWindow::showModelManager()
{
    QList<LoadedModelInfo> models;
    for (int i = 0; i < modelPaths_.size(); ++i)
        models.push_back({modelPaths_.at(i), modelDescriptions_.value(i)});
    QSettings settings;
    const EngineChoice current{
        settings.value(QStringLiteral("engine/device")).toString() == QLatin1String("cuda"),
        settings.value(QStringLiteral("engine/threads"), 0).toInt()};
    ModelManagerDialog dialog(models, current, cudaAvailable_, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const EngineChoice chosen = dialog.engineChoice();
    settings.setValue(QStringLiteral("engine/device"),
                      chosen.cuda ? QStringLiteral("cuda") : QStringLiteral("cpu"));
    settings.setValue(QStringLiteral("engine/threads"), chosen.threads);
    // The engine is rebuilt with the new settings even when the list did not change.
    Q_EMIT modelsRequested(dialog.modelPaths());
}

void MainWindow::showSelfTestResult(const QString& report, bool passed)
{
    if (about_)
        about_->setSelfTestResult(report, passed);
}

} // namespace mammolens::ui
