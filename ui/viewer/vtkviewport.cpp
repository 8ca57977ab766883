#include "ui/viewer/vtkviewport.h"

#include "core/logging/log.h"

#include <QCursor>
#include <QElapsedTimer>
#include <QMouseEvent>
#include <QOpenGLContext>
#include <QOpenGLExtraFunctions>
#include <QPainter>
#include <QPainterPath>
#include <QScreen>
#include <QWheelEvent>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>
#include <vtkAutoInit.h>
#include <vtkCamera.h>
#include <vtkCommand.h>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkImageData.h>
#include <vtkImageProperty.h>
#include <vtkImageSlice.h>
#include <vtkImageSliceMapper.h>
#include <vtkOpenGLState.h>
#include <vtkPointData.h>
#include <vtkRenderer.h>
#include <vtkUnsignedCharArray.h>

// The OpenGL2 backend registers itself through VTK's object factory; without this, vtkRenderer
// and the image slice mapper would be VTK's abstract base classes. ui/ links VTK without CMake's
// vtk_module_autoinit, so the one file that renders asks for it.
VTK_MODULE_INIT(vtkRenderingOpenGL2);

namespace mammolens::ui {

namespace {

constexpr double kCameraDistance = 100.0; // any value works for a parallel projection of a plane
constexpr int kLoupeSize = 240;           // widget pixels
constexpr double kWheelStep = 1.15;       // zoom per wheel notch
constexpr double kDragPixelsToDouble =
    150.0; // window/level drag: pixels per doubling of the window

/// Shows `rgba` (CV_8UC4, see ScreenComposer) at `deviceRect` of a renderer whose world units are
/// device pixels, y down. Wrapped, not copied (save = 1: VTK never frees it): the composer keeps
/// the buffer until the next compose().
void wrapScreenImage(vtkImageData* data, vtkUnsignedCharArray* scalars, vtkImageSlice* slice,
                     const cv::Mat& rgba, const cv::Rect& deviceRect)
{
    slice->SetVisibility(!rgba.empty());
    if (rgba.empty()) {
        data->Initialize(); // nothing may point at a buffer the composer released
        return;
    }
    scalars->SetArray(const_cast<unsigned char*>(rgba.ptr<unsigned char>()),
                      vtkIdType(rgba.total()) * 4, 1);
    scalars->Modified();
    data->SetDimensions(rgba.cols, rgba.rows, 1);
    data->SetSpacing(1.0, 1.0, 1.0);
    // Pixel centres at x + 0.5, y + 0.5: device pixel (x, y) covers [x, x+1) x [y, y+1).
    data->SetOrigin(deviceRect.x + 0.5, deviceRect.y + 0.5, 0.0);
    data->GetPointData()->SetScalars(scalars);
    data->Modified();
}

/// A parallel camera over a `width` x `height` area of device pixels, looking along +z with
/// view-up -y: world x to the right and world y downwards, the images' own orientation (row 0 at
/// the top) without flipping any data.
void placeCamera(vtkCamera* camera, double width, double height)
{
    camera->SetFocalPoint(width / 2.0, height / 2.0, 0.0);
    camera->SetPosition(width / 2.0, height / 2.0, -kCameraDistance);
    camera->SetViewUp(0.0, -1.0, 0.0);
    camera->SetParallelScale(height / 2.0);
    camera->SetClippingRange(kCameraDistance / 2.0, kCameraDistance * 2.0);
}

} // namespace

VtkViewport::VtkViewport(QWidget* parent) : QOpenGLWidget(parent)
{
    setMouseTracking(true); // the loupe follows the cursor without a button held
    setFocusPolicy(Qt::ClickFocus);
    setMinimumSize(64, 64);
    connect(&colouring_, &QFutureWatcherBase::finished, this, &VtkViewport::takeColouredOverlay);

    // FACTS.md: VTK's default multisampling made an empty four-view frame cost 66 ms instead of
    // 7-10 ms under Mesa; images gain nothing from it.
    renderWindow_->SetMultiSamples(0);
    renderWindow_->SetFrameBlitModeToNoBlit();
    renderWindow_->SetNumberOfLayers(2);
    renderWindow_->AddRenderer(renderer_);
    renderWindow_->AddRenderer(loupeRenderer_);
    renderWindow_->AddObserver(vtkCommand::WindowMakeCurrentEvent, this,
                               &VtkViewport::onMakeCurrent);
    renderWindow_->AddObserver(vtkCommand::WindowIsCurrentEvent, this, &VtkViewport::onIsCurrent);

    // Opaque backgrounds: Qt composes the widget's framebuffer with its alpha, and VTK's default
    // background alpha of 0 would let the window behind show through (or cost an extra pass to
    // fix).
    renderer_->SetBackground(0.0, 0.0, 0.0);
    renderer_->SetBackgroundAlpha(1.0);
    renderer_->GetActiveCamera()->ParallelProjectionOn();
    loupeRenderer_->SetLayer(1);
    loupeRenderer_->SetPreserveColorBuffer(false); // clear its own square, the loupe is opaque
    loupeRenderer_->SetBackground(0.05, 0.05, 0.05);
    loupeRenderer_->SetBackgroundAlpha(1.0);
    loupeRenderer_->GetActiveCamera()->ParallelProjectionOn();
    loupeRenderer_->DrawOff();

    screenScalars_->SetNumberOfComponents(4);
    loupeScalars_->SetNumberOfComponents(4);
    // Unsigned char RGBA with window 255 / level 127.5 and no table is used as colours directly.
    screenProperty_->SetColorWindow(255.0);
    screenProperty_->SetColorLevel(127.5);
    // Texels are device pixels: nearest is exact, and the cheapest fill in software OpenGL.
    screenProperty_->SetInterpolationTypeToNearest();
    screenMapper_->SetInputData(screenData_);
    loupeMapper_->SetInputData(loupeData_);
    for (vtkImageSliceMapper* mapper : {screenMapper_.Get(), loupeMapper_.Get()})
        mapper->BorderOn(); // the quad covers whole pixels, not only up to the outermost centres
    screenSlice_->SetMapper(screenMapper_);
    screenSlice_->SetProperty(screenProperty_);
    screenSlice_->VisibilityOff();
    loupeSlice_->SetMapper(loupeMapper_);
    loupeSlice_->SetProperty(screenProperty_);
    loupeSlice_->VisibilityOff();
    renderer_->AddViewProp(screenSlice_);
    loupeRenderer_->AddViewProp(loupeSlice_);
}

VtkViewport::~VtkViewport()
{
    releaseGraphics();
}

// --- OpenGL hosting (FACTS.md "Build and toolchain") -------------------------------------------

void VtkViewport::onMakeCurrent(vtkObject*, unsigned long, void*)
{
    // VTK asks for this many times per frame, with its own framebuffer bound.
    // QOpenGLWidget::makeCurrent() would rebind the widget's framebuffer behind VTK's cached state,
    // and VTK would then attach its buffers to Qt's framebuffer (GL_FRAMEBUFFER_UNSUPPORTED, a
    // black or garbage frame). Only the context is made current, and only when it is not.
    if (QOpenGLContext::currentContext() != context() && context())
        context()->makeCurrent(context()->surface());
}

void VtkViewport::onIsCurrent(vtkObject*, unsigned long, void* callData)
{
    *static_cast<bool*>(callData) = QOpenGLContext::currentContext() == context();
}

void VtkViewport::initializeGL()
{
    // VTK renders into its own framebuffers in the widget's context; it must neither create a
    // context nor touch the window system.
    renderWindow_->SetOwnContext(false);
    renderWindow_->SetMapped(1);
    renderWindow_->SetIsCurrent(true);
    renderWindow_->SetReadyForRendering(true);
    renderWindow_->SetForceMaximumHardwareLineWidth(1);
    const double dpr = devicePixelRatioF();
    renderWindow_->SetSize(std::max(1, int(width() * dpr)), std::max(1, int(height() * dpr)));
    renderWindow_->OpenGLInitContext();
    glReady_ = true;
    painterWarmed_ = false; // a new context compiles its own shaders
    // The context goes away when the widget moves to another top-level window; VTK's textures
    // and buffers must go with it, and initializeGL() runs again in the new context.
    connect(context(), &QOpenGLContext::aboutToBeDestroyed, this, &VtkViewport::releaseGraphics,
            Qt::UniqueConnection);
}

void VtkViewport::releaseGraphics()
{
    if (!glReady_)
        return;
    makeCurrent();
    renderWindow_->Finalize();
    doneCurrent();
    glReady_ = false;
}

void VtkViewport::resizeGL(int, int)
{
    const double dpr = devicePixelRatioF();
    renderWindow_->SetSize(std::max(1, int(width() * dpr)), std::max(1, int(height() * dpr)));
    if (QScreen* s = screen())
        renderWindow_->SetScreenSize(int(s->size().width() * dpr), int(s->size().height() * dpr));
    transform_.setWidgetSize(size());
    updateCamera();
    updateLoupe();
}

void VtkViewport::renderVtk()
{
    vtkOpenGLState* gl = renderWindow_->GetState();
    // Qt and VTK share the context: VTK's cached GL state is re-read, pushed, and restored after,
    // so neither sees the other's settings.
    gl->Reset();
    gl->Push();
    gl->vtkglDepthFunc(GL_LEQUAL); // Qt leaves GL_LESS; VTK draws with its usual LEQUAL
    renderWindow_->Render();

    // Render() made the context current through onMakeCurrent(); now copy VTK's display
    // framebuffer into the one Qt composes.
    QOpenGLExtraFunctions* f = context()->extraFunctions();
    f->glBindFramebuffer(GL_DRAW_FRAMEBUFFER, defaultFramebufferObject());
    const GLenum buffer = GL_COLOR_ATTACHMENT0;
    f->glDrawBuffers(1, &buffer);
    const bool scissor = f->glIsEnabled(GL_SCISSOR_TEST);
    if (scissor) {
        gl->vtkglDisable(GL_SCISSOR_TEST);
        f->glDisable(GL_SCISSOR_TEST);
    }
    const int* size = renderWindow_->GetSize();
    renderWindow_->BlitDisplayFramebuffer(0, 0, 0, size[0], size[1], 0, 0, size[0], size[1],
                                          GL_COLOR_BUFFER_BIT, GL_NEAREST);
    if (scissor) {
        gl->vtkglEnable(GL_SCISSOR_TEST);
        f->glEnable(GL_SCISSOR_TEST);
    }
    gl->Pop();
    f->glBindFramebuffer(GL_FRAMEBUFFER, defaultFramebufferObject());
}

void VtkViewport::paintGL()
{
    QElapsedTimer timer;
    timer.start();
    if (state_ == State::Showing && glReady_) {
        composeScreenImages();
        renderVtk();
    } else {
        QOpenGLFunctions* f = context()->functions();
        f->glClearColor(0.0f, 0.0f, 0.0f, 1.0f);
        f->glClear(GL_COLOR_BUFFER_BIT);
    }
    QPainter painter(this);
    if (state_ == State::Showing) {
        // Measured: warming up in an Empty frame does not carry over to the first frame after
        // VTK has rendered, so it happens with the first image.
        warmUpPainter(painter);
        paintOverlays(painter);
    } else {
        paintMessage(painter);
    }
    painter.end();
    lastFrameMs_ = timer.nsecsElapsed() / 1e6;
    Q_EMIT frameRendered(lastFrameMs_);
}

void VtkViewport::warmUpPainter(QPainter& painter)
{
    if (painterWarmed_)
        return;
    // The first translucent fill, wide-pen rectangle and new glyphs compile the paint engine's
    // shaders and grow its glyph cache: 40-110 ms per view under Mesa, once per context. Done
    // invisibly (alpha 1/255) with the first image, it is off the model results' arrival, which
    // has the tighter budget (0.5 s against 1 s for the first image).
    painter.save();
    QFont font = painter.font();
    font.setPixelSize(13);
    painter.setFont(font);
    painter.fillRect(QRect(0, 0, 1, 1), QColor(0, 0, 0, 1));
    painter.setPen(QPen(QColor(0, 0, 0, 1), 2));
    painter.drawRect(QRectF(0, 0, 1, 1));
    QString ascii;
    for (char c = 32; c < 127; ++c)
        ascii += QLatin1Char(c);
    painter.drawText(QPointF(0, 13), ascii);
    painter.restore();
    painterWarmed_ = true;
}

// --- the painter pass: patches, contours, labels ------------------------------------------------

ViewTransform::Anchor VtkViewport::outerSide() const
{
    // Text goes on the side away from the chest wall, where the breast leaves background.
    return transform_.anchor() == ViewTransform::Anchor::Left ? ViewTransform::Anchor::Right
                                                              : ViewTransform::Anchor::Left;
}

void VtkViewport::paintOverlays(QPainter& painter)
{
    // Under Mesa's software OpenGL every painter feature has a price: a non-rectangular clip
    // goes through the stencil buffer and antialiasing through extra shader programs (the first
    // use of each cost 60-90 ms per view). So: clip only around a visible loupe, antialias only
    // the contours, one font for all text.
    const QRect loupeRect = this->loupeRect();
    const bool loupe = loupeEnabled_ && loupeVisible_;
    if (loupe)
        painter.setClipRegion(QRegion(rect()) - loupeRect); // marks at the main scale only
    QFont font = painter.font();
    font.setPixelSize(13);
    painter.setFont(font);
    const QFontMetrics metrics(font);

    if (!contours_.empty()) {
        painter.save();
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setTransform(transform_.storedToWidgetTransform());
        QPen pen(QColor(0, 230, 255), 1.5);
        pen.setCosmetic(true); // width in screen pixels whatever the zoom
        painter.setPen(pen);
        painter.setBrush(Qt::NoBrush);
        for (const QPolygonF& contour : contours_)
            painter.drawPolygon(contour);
        painter.restore();
    }

    if (compositor_.hasOverlay() && settings_.showPatches) {
        const core::InputGeometry& g = compositor_.overlay().geometry;
        for (const OverlayPatch& patch : compositor_.overlay().patches) {
            // GMIC-SPEC 11: a patch is a model-input rect; only its image part is drawn.
            const cv::Rect s = g.inputRectToStoredClipped(patch.inputRect);
            if (s.empty())
                continue;
            const QRectF box = transform_.storedToWidget(QRectF(s.x, s.y, s.width, s.height));
            painter.setPen(QPen(QColor(255, 220, 0), 2));
            painter.setBrush(Qt::NoBrush);
            painter.drawRect(box);
            const QString text =
                QStringLiteral("%1  %2").arg(patch.rank).arg(double(patch.attention), 0, 'f', 2);
            QRectF textBox(0, 0, metrics.horizontalAdvance(text) + 6, metrics.height() + 2);
            textBox.moveBottomLeft(box.topLeft());
            if (textBox.top() < 0)
                textBox.moveTopLeft(box.topLeft());
            painter.fillRect(textBox, QColor(0, 0, 0, 160));
            painter.setPen(QColor(255, 220, 0));
            painter.drawText(textBox, Qt::AlignCenter, text);
        }
    }

    if (!marks_.empty()) {
        // Magenta: no heatmap colour map, patch or truth outline uses it.
        painter.save();
        painter.setRenderHint(QPainter::Antialiasing);
        const QColor colour(255, 60, 255);
        for (const ReaderMark& mark : marks_) {
            const QPointF centre = transform_.storedToWidget(mark.stored);
            const double r = std::max(8.0, mark.radius * transform_.scale());
            painter.setPen(QPen(colour, 2));
            painter.setBrush(Qt::NoBrush);
            painter.drawEllipse(centre, r, r);
            painter.drawLine(centre - QPointF(3, 0), centre + QPointF(3, 0));
            painter.drawLine(centre - QPointF(0, 3), centre + QPointF(0, 3));
            if (!mark.text.isEmpty()) {
                QRectF textBox(0, 0, metrics.horizontalAdvance(mark.text) + 6, metrics.height() + 2);
                textBox.moveBottomLeft(centre + QPointF(r * 0.7, -r * 0.7));
                painter.fillRect(textBox, QColor(0, 0, 0, 160));
                painter.drawText(textBox, Qt::AlignCenter, mark.text);
            }
        }
        painter.restore();
    }

    painter.setClipping(false);
    if (loupe) {
        painter.setPen(QPen(QColor(230, 230, 230), 2));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(loupeRect);
    }

    // Corner text: which view, which window, which model.
    const Qt::Alignment side =
        outerSide() == ViewTransform::Anchor::Left ? Qt::AlignLeft : Qt::AlignRight;
    const QRect inner = rect().adjusted(8, 6, -8, -6);
    painter.setPen(QColor(235, 235, 235));
    QString top = label_;
    if (compositor_.hasOverlay() && !compositor_.overlay().modelLabel.isEmpty())
        top += QLatin1Char('\n') + compositor_.overlay().modelLabel;
    painter.drawText(inner, int(side | Qt::AlignTop), top);
    const QString zoom = trueSize_ ? tr("true size x%1").arg(transform_.state().zoom, 0, 'f', 2)
                                   : tr("x%1").arg(transform_.scale(), 0, 'f', 2);
    painter.setPen(QColor(200, 200, 200));
    painter.drawText(inner, int(side | Qt::AlignBottom),
                     tr("W %1  L %2  %3")
                         .arg(windowLevel_.window, 0, 'f', 0)
                         .arg(windowLevel_.level, 0, 'f', 0)
                         .arg(zoom));
    if (highlighted_) {
        painter.setPen(QPen(QColor(80, 140, 255), 2));
        painter.drawRect(rect().adjusted(1, 1, -1, -1));
    }
}

void VtkViewport::paintMessage(QPainter& painter)
{
    QString text;
    QColor colour(170, 170, 170);
    switch (state_) {
    case State::Empty:
        text = message_.isEmpty() ? tr("No image") : message_;
        break;
    case State::Loading:
        text = message_.isEmpty() ? tr("Loading…") : tr("Loading…\n%1").arg(message_);
        break;
    case State::Error:
        text = tr("This image cannot be shown.\n%1").arg(message_);
        colour = QColor(255, 120, 110);
        break;
    case State::Showing:
        return;
    }
    QFont font = painter.font();
    font.setPixelSize(16);
    painter.setFont(font);
    painter.setPen(colour);
    painter.drawText(rect().adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap, text);
    if (!label_.isEmpty()) {
        font.setPixelSize(13);
        painter.setFont(font);
        painter.setPen(QColor(120, 120, 120));
        painter.drawText(rect().adjusted(8, 6, -8, -6), Qt::AlignLeft | Qt::AlignTop, label_);
    }
}

// --- content and state ---------------------------------------------------------------------------

void VtkViewport::setState(State state, const QString& message)
{
    const bool changed = state != state_;
    state_ = state;
    message_ = message;
    if (changed)
        Q_EMIT stateChanged(state_);
    update();
}

void VtkViewport::setImage(const core::MammogramImage& image)
{
    clearOverlay();
    clearGroundTruth();
    marks_.clear(); // marks belong to an image
    if (image.pixels.empty() || image.pixels.type() != CV_16UC1) {
        image_ = {};
        setError(tr("The pixel data is not a 16-bit greyscale image."));
        return;
    }
    image_ = image;
    // The composers read the pixels in place, rows contiguous.
    if (!image_.pixels.isContinuous())
        image_.pixels = image_.pixels.clone();
    screen_.setImage(image_.pixels);
    loupeScreen_.setImage(image_.pixels);

    transform_.setImageSize(QSizeF(image_.pixels.cols, image_.pixels.rows));
    autoWindowLevel_ = WindowLevel::automatic(image_.pixels);
    trueSize_ = false;
    transform_.setFixedBaseScale(std::nullopt);
    if (!applyPreset(0))
        setWindowLevel(autoWindowLevel_);
    setState(State::Showing, {});
    fit();
}

void VtkViewport::clear(const QString& message)
{
    clearOverlay();
    clearGroundTruth();
    marks_.clear();
    image_ = {};
    screen_.clear();
    loupeScreen_.clear();
    setState(State::Empty, message);
}

void VtkViewport::setLoading(const QString& message)
{
    setState(State::Loading, message);
}

void VtkViewport::setError(const QString& message)
{
    setState(State::Error, message);
}

void VtkViewport::setLabel(const QString& label)
{
    label_ = label;
    update();
}

void VtkViewport::setHighlighted(bool on)
{
    if (highlighted_ != on) {
        highlighted_ = on;
        update();
    }
}

// --- window/level --------------------------------------------------------------------------------

void VtkViewport::setWindowLevel(const WindowLevel& wl)
{
    if (!wl.isValid() || wl == windowLevel_)
        return;
    windowLevel_ = wl;
    screen_.setWindowLevel(wl);
    loupeScreen_.setWindowLevel(wl);
    update();
}

void VtkViewport::setWindowLevel(double window, double level)
{
    // A window the reader drags is linear, whatever the preset it started from.
    setWindowLevel(WindowLevel{std::max(1.0, window), level});
}

bool VtkViewport::applyPreset(int index)
{
    if (index < 0 || index >= int(image_.windows.size()))
        return false;
    const WindowLevel wl = WindowLevel::fromPreset(image_.windows[std::size_t(index)]);
    if (!wl.isValid())
        return false;
    setWindowLevel(wl);
    return true;
}

void VtkViewport::applyAutoWindowLevel()
{
    setWindowLevel(autoWindowLevel_);
}

// --- geometry ------------------------------------------------------------------------------------

void VtkViewport::setAnchor(ViewTransform::Anchor anchor)
{
    transform_.setAnchor(anchor);
    updateLoupe();
    update();
}

void VtkViewport::setViewState(const ViewState& state)
{
    transform_.setState(state);
    updateLoupe();
    update();
}

void VtkViewport::fit()
{
    setViewState({});
}

void VtkViewport::reset()
{
    setTrueSize(false);
    setLoupeEnabled(false);
    fit();
    if (!applyPreset(0))
        applyAutoWindowLevel();
}

void VtkViewport::zoomBy(double factor, const QPointF& widgetPoint)
{
    setViewState(transform_.zoomedAbout(factor, widgetPoint));
}

void VtkViewport::centreOn(const cv::Rect& storedRect)
{
    setViewState(transform_.centredOn(
        QRectF(storedRect.x, storedRect.y, storedRect.width, storedRect.height)));
}

bool VtkViewport::setTrueSize(bool on)
{
    const auto spacing = image_.columnSpacingMm ? image_.columnSpacingMm : image_.rowSpacingMm;
    const bool possible = spacing && *spacing > 0.0 && screen();
    trueSize_ = on && possible;
    if (trueSize_) {
        // Widget pixels per stored pixel = (widget pixels per mm) * (mm per stored pixel).
        const double pixelsPerMm = screen()->physicalDotsPerInch() / 25.4 / devicePixelRatioF();
        transform_.setFixedBaseScale(pixelsPerMm * *spacing);
    } else {
        transform_.setFixedBaseScale(std::nullopt);
    }
    setViewState({});
    return trueSize_ == on;
}

void VtkViewport::setLoupeEnabled(bool on)
{
    loupeEnabled_ = on;
    if (on)
        loupeCentre_ = mapFromGlobal(QCursor::pos());
    loupeVisible_ = on && underMouse() && rect().contains(loupeCentre_.toPoint());
    updateLoupe();
    update();
}

void VtkViewport::setLoupeMagnification(double factor)
{
    loupeMagnification_ = std::clamp(factor, 1.0, 16.0);
    updateLoupe();
    update();
}

void VtkViewport::updateCamera()
{
    // World units are the framebuffer's device pixels: zoom and pan live in the composer's
    // geometry, so the camera only changes with the widget's size.
    const double dpr = devicePixelRatioF();
    placeCamera(renderer_->GetActiveCamera(), std::max(1, int(width() * dpr)),
                std::max(1, int(height() * dpr)));
}

QRect VtkViewport::loupeRect() const
{
    return {int(loupeCentre_.x()) - kLoupeSize / 2, int(loupeCentre_.y()) - kLoupeSize / 2,
            kLoupeSize, kLoupeSize};
}

void VtkViewport::updateLoupe()
{
    // Near the widget's edge only part of the square is on screen; the renderer gets exactly that
    // part, so the stored point under the cursor stays under the cursor.
    const QRect area = loupeRect() & rect();
    const bool draw = loupeEnabled_ && loupeVisible_ && transform_.isValid() && !area.isEmpty();
    loupeRenderer_->SetDraw(draw);
    if (!draw)
        return;
    const double w = width();
    const double h = height();
    // VTK viewports are fractions of the window, from the bottom-left.
    loupeRenderer_->SetViewport(area.left() / w, (h - area.top() - area.height()) / h,
                                (area.left() + area.width()) / w, (h - area.top()) / h);
    const double dpr = devicePixelRatioF();
    placeCamera(loupeRenderer_->GetActiveCamera(), int(area.width() * dpr),
                int(area.height() * dpr));
}

void VtkViewport::composeScreenImages()
{
    const double dpr = devicePixelRatioF();
    const QTransform toDevice = QTransform::fromScale(dpr, dpr);
    const cv::Size size(std::max(1, int(width() * dpr)), std::max(1, int(height() * dpr)));
    screen_.setGeometry(transform_.storedToWidgetTransform() * toDevice, size);
    if (screen_.compose())
        wrapScreenImage(screenData_, screenScalars_, screenSlice_, screen_.rgba(),
                        screen_.deviceRect());
    if (!loupeRenderer_->GetDraw())
        return;
    // The loupe: the stored point under the cursor stays under it, magnified, never below one
    // screen pixel per stored pixel (the loupe is where the reader looks for calcifications,
    // which the fitted view resamples away).
    const QRect area = loupeRect() & rect();
    const double loupeScale = std::max(1.0, transform_.scale() * loupeMagnification_);
    const QPointF centre = transform_.widgetToStored(loupeCentre_);
    const QPointF cursorInArea = loupeCentre_ - QPointF(area.topLeft());
    const QTransform storedToArea = QTransform::fromTranslate(-centre.x(), -centre.y()) *
                                    QTransform::fromScale(loupeScale, loupeScale) *
                                    QTransform::fromTranslate(cursorInArea.x(), cursorInArea.y()) *
                                    toDevice;
    loupeScreen_.setGeometry(storedToArea,
                             cv::Size(int(area.width() * dpr), int(area.height() * dpr)));
    if (loupeScreen_.compose())
        wrapScreenImage(loupeData_, loupeScalars_, loupeSlice_, loupeScreen_.rgba(),
                        loupeScreen_.deviceRect());
}

// --- overlays ------------------------------------------------------------------------------------

bool VtkViewport::setOverlay(const ViewOverlay& overlay)
{
    dropOverlay(); // repainted once the new one is coloured (or now, if it is rejected)
    const core::InputGeometry::Steps& s = overlay.geometry.steps();
    if (state_ != State::Showing || s.storedRows != image_.pixels.rows ||
        s.storedCols != image_.pixels.cols) {
        core::log::get("ui")->warn("overlay rejected: its geometry is for another image size");
        update();
        return false;
    }
    if (!compositor_.setOverlay(overlay)) {
        update();
        return false;
    }
    // A copy of the compositor (its maps shared, read only) is coloured with the settings of
    // now; settings changed meanwhile are applied when it is taken. No repaint until then: the
    // patches, the label and the colours appear in one frame, the view's only repaint for it.
    colouringPending_ = true;
    colouring_.setFuture(QtConcurrent::run(
        [job = compositor_, settings = settings_, generation = overlayGeneration_]() mutable {
            job.update(settings);
            return Colouring{generation, std::move(job)};
        }));
    return true;
}

void VtkViewport::takeColouredOverlay()
{
    if (!colouringPending_ || !colouring_.isFinished())
        return;
    Colouring done = colouring_.result();
    if (done.generation != overlayGeneration_)
        return; // for an overlay replaced or cleared since
    colouringPending_ = false;
    compositor_ = std::move(done.compositor);
    compositor_.update(settings_); // only what the settings changed while it ran
    updateOverlayImage();
    update();
}

void VtkViewport::finishOverlay()
{
    if (!colouringPending_)
        return;
    colouring_.waitForFinished();
    takeColouredOverlay();
}

void VtkViewport::clearOverlay()
{
    dropOverlay();
    update();
}

void VtkViewport::dropOverlay()
{
    ++overlayGeneration_; // a colouring still running is for this overlay: it is dropped too
    colouringPending_ = false;
    compositor_.clear();
    updateOverlayImage();
}

void VtkViewport::updateOverlayImage()
{
    const cv::Mat& rgba = compositor_.rgba();
    const bool shown = compositor_.hasOverlay() && !rgba.empty() &&
                       (settings_.showBenign || settings_.showMalignant);
    for (ScreenComposer* composer : {&screen_, &loupeScreen_})
        composer->setOverlay(shown ? rgba : cv::Mat(), compositor_.storedRect());
}

void VtkViewport::setOverlaySettings(const OverlaySettings& settings)
{
    OverlaySettings s = settings;
    s.opacity = std::clamp(s.opacity, 0.0, 1.0);
    s.threshold = std::clamp(s.threshold, 0.0, 1.0);
    if (s == settings_)
        return;
    settings_ = s;
    // Opacity is applied where the screen image is blended, not baked into the overlay's
    // colours: a slider drag costs a re-blend of the pixels on screen, never a recomposition or
    // a resampling of the overlay.
    screen_.setOverlayOpacity(settings_.opacity);
    loupeScreen_.setOverlayOpacity(settings_.opacity);
    if (!colouringPending_ && compositor_.update(settings_)) // else applied when it is taken
        updateOverlayImage();
    update();
}

bool VtkViewport::setGroundTruthMask(const cv::Mat& mask)
{
    clearGroundTruth();
    if (mask.empty() || mask.size() != image_.pixels.size() || mask.channels() != 1) {
        core::log::get("ui")->warn(
            "ground-truth mask rejected: not a one-channel mask of the image size");
        return false;
    }
    cv::Mat binary;
    cv::compare(mask, 0, binary, cv::CMP_NE);
    std::vector<std::vector<cv::Point>> contours;
    cv::findContours(binary, contours, cv::RETR_LIST, cv::CHAIN_APPROX_SIMPLE);
    for (const auto& contour : contours) {
        QPolygonF polygon;
        polygon.reserve(int(contour.size()));
        // Contour points are boundary pixels; their centres are at +0.5 in continuous coordinates.
        for (const cv::Point& p : contour)
            polygon << QPointF(p.x + 0.5, p.y + 0.5);
        contours_.push_back(polygon);
    }
    update();
    return true;
}

void VtkViewport::clearGroundTruth()
{
    contours_.clear();
    update();
}

void VtkViewport::setMarks(const std::vector<ReaderMark>& marks)
{
    marks_ = marks;
    update();
}

void VtkViewport::setMarkingEnabled(bool on)
{
    marking_ = on;
    // The cross tells the reader that a click places a finding rather than only adjusting W/L.
    setCursor(on ? Qt::CrossCursor : Qt::ArrowCursor);
}

// --- the reader's mouse ------------------------------------------------------------------------

void VtkViewport::mousePressEvent(QMouseEvent* event)
{
    Q_EMIT activated();
    if (state_ != State::Showing)
        return;
    dragStart_ = event->position();
    dragStartWindowLevel_ = windowLevel_;
    dragStartState_ = transform_.state();
    dragMoved_ = false;
    if (event->button() == Qt::LeftButton)
        drag_ = Drag::WindowLevel;
    else if (event->button() == Qt::MiddleButton || event->button() == Qt::RightButton)
        drag_ = Drag::Pan;
    event->accept();
}

void VtkViewport::mouseMoveEvent(QMouseEvent* event)
{
    if (loupeEnabled_) {
        loupeCentre_ = event->position();
        loupeVisible_ = true;
        updateLoupe();
        update();
    }
    if (drag_ == Drag::None || state_ != State::Showing)
        return;
    const QPointF delta = event->position() - dragStart_;
    dragMoved_ = true;
    if (drag_ == Drag::WindowLevel) {
        // Right widens the window (geometrically, so the feel is the same for 12- and 16-bit
        // data); down raises the level, i.e. darkens, as on most review workstations.
        const double window =
            dragStartWindowLevel_.window * std::pow(2.0, delta.x() / kDragPixelsToDouble);
        const double level =
            dragStartWindowLevel_.level + delta.y() * dragStartWindowLevel_.window / 300.0;
        setWindowLevel(window, level);
        Q_EMIT windowLevelEdited(windowLevel_.window, windowLevel_.level);
    } else {
        ViewTransform t = transform_;
        t.setState(dragStartState_);
        setViewState(t.panned(delta));
        Q_EMIT viewStateEdited(transform_.state());
    }
    event->accept();
}

void VtkViewport::mouseReleaseEvent(QMouseEvent* event)
{
    // A click without a drag in marking mode places a finding; only inside the image.
    const bool click = drag_ == Drag::WindowLevel && !dragMoved_ &&
                       event->button() == Qt::LeftButton;
    drag_ = Drag::None;
    if (click && marking_ && state_ == State::Showing) {
        const QPointF stored = transform_.widgetToStored(event->position());
        if (stored.x() >= 0 && stored.y() >= 0 && stored.x() < image_.pixels.cols &&
            stored.y() < image_.pixels.rows)
            Q_EMIT markPlaced(stored);
    }
    event->accept();
}

void VtkViewport::mouseDoubleClickEvent(QMouseEvent* event)
{
    if (state_ != State::Showing || event->button() != Qt::LeftButton)
        return;
    fit();
    Q_EMIT viewStateEdited(transform_.state());
    event->accept();
}

void VtkViewport::wheelEvent(QWheelEvent* event)
{
    if (state_ != State::Showing)
        return;
    const double notches = event->angleDelta().y() / 120.0;
    if (notches == 0.0)
        return;
    zoomBy(std::pow(kWheelStep, notches), event->position());
    Q_EMIT viewStateEdited(transform_.state());
    event->accept();
}

void VtkViewport::leaveEvent(QEvent* event)
{
    if (loupeEnabled_ && loupeVisible_) {
        loupeVisible_ = false;
        updateLoupe();
        update();
    }
    QOpenGLWidget::leaveEvent(event);
}

} // namespace mammolens::ui
