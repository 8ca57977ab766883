#include "ui/viewer/hangingview.h"

#include "core/logging/log.h"
#include "ui/viewer/vtkviewport.h"

#include <QGridLayout>
#include <QPainter>
#include <algorithm>
#include <set>

namespace mammolens::ui {

namespace {

constexpr int kSpacing = 2;
const QColor kGap(17, 17, 17);

// Images are shown as stored: a right breast faces left with its chest wall at the image's right
// edge, a left breast the other way. Anchoring that edge to the viewport's inner side makes the
// chest walls meet mid-screen in the standard hanging.
ViewTransform::Anchor chestWallAnchor(core::StandardView view)
{
    return core::lateralityOf(view) == core::Laterality::Right ? ViewTransform::Anchor::Right
                                                               : ViewTransform::Anchor::Left;
}

} // namespace

HangingView::HangingView(QWidget* parent, const QString& protocolDirectory) : QWidget(parent)
{
    setObjectName(QStringLiteral("hanging"));
    setAutoFillBackground(true);
    QPalette p = palette();
    p.setColor(QPalette::Window, kGap);
    setPalette(p);

    QStringList errors;
    protocols_ = HangingProtocol::loadAll(protocolDirectory, &errors);
    for (const QString& e : errors)
        core::log::get("ui")->error("hanging protocol skipped: {}", e.toStdString());
    if (protocols_.empty()) {
        core::log::get("ui")->error("no hanging protocol in {}; using the built-in 4-up",
                                    protocolDirectory.toStdString());
        protocols_.push_back(HangingProtocol::standardFourUp());
    }

    for (core::StandardView view : core::kStandardViews) {
        auto* vp = new VtkViewport(this);
        vp->setObjectName(QStringLiteral("viewport_") + core::toString(view));
        vp->setLabel(core::toString(view));
        vp->setAnchor(chestWallAnchor(view));
        vp->hide();
        viewports_[view] = vp;
        connect(vp, &VtkViewport::viewStateEdited, this,
                [this, view](const ViewState& s) { onViewStateEdited(view, s); });
        connect(vp, &VtkViewport::windowLevelEdited, this,
                [this, view](double w, double l) { onWindowLevelEdited(view, w, l); });
        connect(vp, &VtkViewport::activated, this, [this, view] { setFocusedView(view); });
        connect(vp, &VtkViewport::markPlaced, this,
                [this, view](const QPointF& stored) { Q_EMIT markPlaced(view, stored); });
    }
    current_ = protocols_.front();
    for (const HangingProtocol& protocol : protocols_)
        if (protocol.name == QLatin1String("4-up"))
            current_ = protocol;
    applyLayout();
}

HangingView::~HangingView() = default;

// --- exam and results ----------------------------------------------------------------------------

void HangingView::setExam(const core::Exam& exam)
{
    for (core::StandardView view : core::kStandardViews) {
        VtkViewport* vp = viewports_.at(view);
        vp->setTrueSize(false);
        const auto it = exam.views.find(view);
        if (it != exam.views.end())
            vp->setImage(it->second);
        else
            vp->clear(tr("No %1 image in this exam").arg(core::toString(view)));
        vp->setOverlaySettings(settings_);
        vp->setLoupeEnabled(loupe_);
    }
}

void HangingView::clearExam()
{
    for (auto& [view, vp] : viewports_)
        vp->clear();
}

void HangingView::setLoading(const QString& message)
{
    for (auto& [view, vp] : viewports_)
        vp->setLoading(message);
}

void HangingView::setError(const QString& message)
{
    for (auto& [view, vp] : viewports_)
        vp->setError(message);
}

bool HangingView::setOverlay(core::StandardView view, const ViewOverlay& overlay)
{
    return viewports_.at(view)->setOverlay(overlay);
}

void HangingView::clearOverlays()
{
    for (auto& [view, vp] : viewports_)
        vp->clearOverlay();
}

void HangingView::setOverlaySettings(const OverlaySettings& settings)
{
    settings_ = settings;
    for (auto& [view, vp] : viewports_)
        vp->setOverlaySettings(settings);
}

bool HangingView::setGroundTruthMask(core::StandardView view, const cv::Mat& storedMask)
{
    return viewports_.at(view)->setGroundTruthMask(storedMask);
}

void HangingView::clearGroundTruth()
{
    for (auto& [view, vp] : viewports_)
        vp->clearGroundTruth();
}

void HangingView::setMarks(core::StandardView view, const std::vector<ReaderMark>& marks)
{
    viewports_.at(view)->setMarks(marks);
}

void HangingView::setMarkingEnabled(bool on)
{
    marking_ = on;
    for (auto& [view, vp] : viewports_)
        vp->setMarkingEnabled(on);
}

// --- layout --------------------------------------------------------------------------------------

QStringList HangingView::layoutNames() const
{
    QStringList names;
    for (const HangingProtocol& p : protocols_)
        names << p.name;
    return names;
}

QString HangingView::layoutTitle(const QString& name) const
{
    for (const HangingProtocol& p : protocols_)
        if (p.name == name)
            return p.displayTitle();
    return {};
}

bool HangingView::setLayoutName(const QString& name)
{
    for (const HangingProtocol& p : protocols_) {
        if (p.name != name)
            continue;
        current_ = p;
        applyLayout();
        Q_EMIT layoutChanged(name);
        return true;
    }
    return false;
}

void HangingView::setFocusedView(core::StandardView view)
{
    if (view == focused_)
        return;
    focused_ = view;
    const bool usesFocus =
        std::any_of(current_.cells.begin(), current_.cells.end(),
                    [](const HangingProtocol::Cell& c) { return !c.laterality || !c.position; });
    if (usesFocus)
        applyLayout();
    for (auto& [v, vp] : viewports_)
        vp->setHighlighted(v == focused_ && current_.cells.size() > 1);
    Q_EMIT focusedViewChanged(view);
}

void HangingView::applyLayout()
{
    // A fresh grid each time: QGridLayout keeps the row and column count of its largest use.
    delete layout();
    auto* grid = new QGridLayout(this);
    grid->setSpacing(kSpacing);
    grid->setContentsMargins(0, 0, 0, 0);
    std::set<core::StandardView> shown;
    for (const HangingProtocol::Cell& cell : current_.cells) {
        const core::StandardView view = HangingProtocol::resolve(cell, focused_);
        if (!shown.insert(view).second) {
            core::log::get("ui")->warn("hanging '{}' shows {} twice; second cell left empty",
                                       current_.name.toStdString(),
                                       core::toString(view).toStdString());
            continue;
        }
        grid->addWidget(viewports_.at(view), cell.row, cell.column);
    }
    for (int r = 0; r < current_.rows; ++r)
        grid->setRowStretch(r, 1);
    for (int c = 0; c < current_.columns; ++c)
        grid->setColumnStretch(c, 1);
    // Geometry now, not at the next event-loop turn: callers (centreOn, grabFrame) rely on it.
    grid->activate();
    for (auto& [view, vp] : viewports_) {
        vp->setVisible(shown.count(view) > 0);
        vp->setHighlighted(view == focused_ && shown.size() > 1);
        // Pans are in widget pixels, which mean something else at another viewport size.
        vp->fit();
    }
}

VtkViewport* HangingView::viewport(core::StandardView view) const
{
    return viewports_.at(view);
}

// --- synchronisation -----------------------------------------------------------------------------

void HangingView::onViewStateEdited(core::StandardView source, const ViewState& state)
{
    if (!syncZoomPan_)
        return;
    for (auto& [view, vp] : viewports_) {
        if (view == source)
            continue;
        // The contralateral image is the mirror image anchored on the other side.
        const bool sameSide = core::lateralityOf(view) == core::lateralityOf(source);
        vp->setViewState(sameSide ? state : ViewTransform::mirrored(state));
    }
}

void HangingView::onWindowLevelEdited(core::StandardView source, double window, double level)
{
    if (syncWindowLevel_) {
        for (auto& [view, vp] : viewports_)
            if (view != source)
                vp->setWindowLevel(window, level);
    }
    Q_EMIT windowLevelChanged(window, level);
}

void HangingView::centreOn(core::StandardView view, const cv::Rect& storedRect)
{
    VtkViewport* vp = viewports_.at(view);
    vp->centreOn(storedRect);
    onViewStateEdited(view, vp->viewState());
}

// --- reading tools -------------------------------------------------------------------------------

void HangingView::setWindowLevel(double window, double level)
{
    for (auto& [view, vp] : viewports_)
        vp->setWindowLevel(window, level);
    Q_EMIT windowLevelChanged(window, level);
}

void HangingView::applyAutoWindowLevel()
{
    for (auto& [view, vp] : viewports_)
        vp->applyAutoWindowLevel();
}

void HangingView::applyPreset(int index)
{
    for (auto& [view, vp] : viewports_)
        if (!vp->applyPreset(index))
            vp->applyAutoWindowLevel();
}

void HangingView::fitAll()
{
    for (auto& [view, vp] : viewports_)
        vp->fit();
}

void HangingView::resetAll()
{
    loupe_ = false;
    for (auto& [view, vp] : viewports_)
        vp->reset();
}

void HangingView::setLoupeEnabled(bool on)
{
    loupe_ = on;
    for (auto& [view, vp] : viewports_)
        vp->setLoupeEnabled(on);
}

bool HangingView::setTrueSize(bool on)
{
    bool all = true;
    for (auto& [view, vp] : viewports_) {
        const bool ok = vp->setTrueSize(on);
        if (vp->isVisible() && vp->state() == VtkViewport::State::Showing)
            all = all && ok;
    }
    return all;
}

QImage HangingView::grabFrame()
{
    QImage frame(size(), QImage::Format_RGB32);
    frame.fill(kGap);
    QPainter painter(&frame);
    for (auto& [view, vp] : viewports_) {
        if (!vp->isVisible())
            continue;
        vp->finishOverlay(); // the frame as it will be, with an overlay still being coloured
        QImage image = vp->grabFramebuffer();
        // Device pixels back to widget pixels, so the frame lines up with widget coordinates.
        image.setDevicePixelRatio(vp->devicePixelRatioF());
        painter.drawImage(vp->geometry().topLeft(), image);
    }
    return frame;
}

} // namespace mammolens::ui
