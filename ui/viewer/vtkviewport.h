#pragma once
// One mammogram on screen: VTK rendering inside a Qt 6 QOpenGLWidget (Debian's VTK Qt support is
// built for Qt 5, so this widget does the hosting itself, as FACTS.md "Build and toolchain"
// describes), with window/level, zoom and pan, a loupe, and the model's overlays drawn through
// InputGeometry onto the stored image.

#include "core/exam/mammogramimage.h"
#include "ui/viewer/readermark.h"
#include "ui/viewer/overlaycompositor.h"
#include "ui/viewer/screencomposer.h"
#include "ui/viewer/viewoverlay.h"
#include "ui/viewer/viewtransform.h"
#include "ui/viewer/windowlevel.h"

#include <QFutureWatcher>
#include <QOpenGLWidget>
#include <QPolygonF>
#include <QRect>
#include <QString>
#include <opencv2/core/mat.hpp>
#include <vector>
#include <vtkNew.h>

class vtkGenericOpenGLRenderWindow;
class vtkImageData;
class vtkImageProperty;
class vtkImageSlice;
class vtkImageSliceMapper;
class vtkObject;
class vtkRenderer;
class vtkUnsignedCharArray;

namespace mammolens::ui {

/// GUI thread only.
///
/// The image is shown as stored: never mirrored, row 0 at the top. ViewTransform places stored
/// continuous coordinates (InputGeometry's convention: pixel (r, c) covers [c, c+1) x [r, r+1))
/// on the widget; ScreenComposer resamples the image there, and VTK draws the result in device
/// pixels with its camera looking along +z, view-up -y, so no pixel data is flipped.
///
/// Setters called by the program never emit the *Edited signals; only the reader's own mouse
/// actions do, so a hanging can synchronise views without feedback loops.
class VtkViewport : public QOpenGLWidget
{
    Q_OBJECT
public:
    /// What the viewport shows; anything but Showing is drawn as a message (STYLE.md rule 7).
    enum class State
    {
        Empty,
        Loading,
        Showing,
        Error
    };
    Q_ENUM(State)

    explicit VtkViewport(QWidget* parent = nullptr);
    ~VtkViewport() override;

    // Content and state ---------------------------------------------------------------------
    /// Shows `image` (CV_16UC1 pixels; anything else becomes the Error state) with its first
    /// DICOM window, or the automatic one when it has none; fits it; drops overlays and contours.
    void setImage(const core::MammogramImage& image);
    void clear(const QString& message = {}); ///< Empty
    void setLoading(const QString& message = {});
    void setError(const QString& message);
    State state() const { return state_; }
    QString stateMessage() const { return message_; }
    const core::MammogramImage& image() const { return image_; }
    /// Shown in the corner away from the chest wall, e.g. "R-CC".
    void setLabel(const QString& label);
    QString label() const { return label_; }
    /// A thin frame marking the hanging's focused view.
    void setHighlighted(bool on);

    // Window/level ----------------------------------------------------------------------------
    void setWindowLevel(const WindowLevel& windowLevel);
    void setWindowLevel(double window, double level);
    WindowLevel windowLevel() const { return windowLevel_; }
    const std::vector<core::DisplayWindow>& presets() const { return image_.windows; }
    bool applyPreset(int index); ///< false when the image has no such preset
    void applyAutoWindowLevel();
    WindowLevel automaticWindowLevel() const { return autoWindowLevel_; }

    // Geometry --------------------------------------------------------------------------------
    /// Which edge of the viewport the image's matching edge sits against (the chest wall side).
    void setAnchor(ViewTransform::Anchor anchor);
    void setViewState(const ViewState& state);
    ViewState viewState() const { return transform_.state(); }
    const ViewTransform& transform() const { return transform_; }
    void fit();   ///< whole image, anchored; keeps window/level
    void reset(); ///< fit, default window/level, loupe off
    void zoomBy(double factor, const QPointF& widgetPoint);
    /// Zooms and centres on a stored-pixel rect (patch gallery clicks).
    void centreOn(const cv::Rect& storedRect);
    /// Shows stored pixels at their physical size (pixel spacing and the screen's physical DPI).
    /// Returns false, and stays in fit mode, when the image has no pixel spacing.
    bool setTrueSize(bool on);
    bool isTrueSize() const { return trueSize_; }
    void setLoupeEnabled(bool on);
    bool isLoupeEnabled() const { return loupeEnabled_; }
    /// Relative to the current scale (default 3), never less than one screen pixel per stored
    /// pixel.
    void setLoupeMagnification(double factor);

    QPointF storedToWidget(const QPointF& stored) const
    {
        return transform_.storedToWidget(stored);
    }
    QPointF widgetToStored(const QPointF& widget) const
    {
        return transform_.widgetToStored(widget);
    }

    // Overlays --------------------------------------------------------------------------------
    /// Returns false (and shows none) when the overlay does not fit together (see
    /// OverlayCompositor::setOverlay) or its geometry is for an image of another size.
    /// The maps are coloured on Qt's thread pool and the view repaints once they are: results
    /// arrive while the model runs, and colouring a view at stored resolution takes 5-15 ms that
    /// the GUI thread then does not spend. An overlay replaced or cleared meanwhile (another
    /// exam, another run) never shows.
    bool setOverlay(const ViewOverlay& overlay);
    /// Waits for an overlay still being coloured and takes it, e.g. before reading pixels back.
    void finishOverlay();
    /// Whether the overlay set last is still being coloured.
    bool overlayPending() const { return colouringPending_; }
    void clearOverlay();
    bool hasOverlay() const { return compositor_.hasOverlay(); }
    const ViewOverlay& overlay() const { return compositor_.overlay(); }
    void setOverlaySettings(const OverlaySettings& settings);
    const OverlaySettings& overlaySettings() const { return settings_; }
    /// Teaching: outlines of a ground-truth mask (non-zero = lesion) in stored pixels, the size of
    /// the image. Returns false for a mask of another size.
    bool setGroundTruthMask(const cv::Mat& mask);
    void clearGroundTruth();
    /// How many ground-truth outlines are drawn (for tests).
    int groundTruthOutlines() const { return int(contours_.size()); }

    // The reader's marks ---------------------------------------------------------------------
    /// The findings the reader marked on this image (drawn on top of everything, in magenta).
    void setMarks(const std::vector<ReaderMark>& marks);
    const std::vector<ReaderMark>& marks() const { return marks_; }
    /// While on, a left click that does not drag places a mark (markPlaced) instead of only
    /// starting a window/level drag; a drag still adjusts window/level.
    void setMarkingEnabled(bool on);
    bool isMarkingEnabled() const { return marking_; }

    /// How long the last paintGL took (VTK render, blit and the painter pass), in ms.
    double lastFrameMs() const { return lastFrameMs_; }

Q_SIGNALS:
    void windowLevelEdited(double window, double level);         ///< by the reader's drag
    void viewStateEdited(const mammolens::ui::ViewState& state); ///< by the reader's wheel or drag
    void activated(); ///< the reader clicked into the view
    /// Marking mode: the reader clicked at `stored` (stored-image pixel coordinates).
    void markPlaced(const QPointF& stored);
    void stateChanged(mammolens::ui::VtkViewport::State state);
    void frameRendered(double milliseconds);

protected:
    void initializeGL() override;
    void resizeGL(int w, int h) override;
    void paintGL() override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    enum class Drag
    {
        None,
        WindowLevel,
        Pan
    };

    void setState(State state, const QString& message);
    void renderVtk();
    void paintOverlays(QPainter& painter);
    void paintMessage(QPainter& painter);
    void warmUpPainter(QPainter& painter);
    void updateCamera();
    void updateLoupe();
    void updateOverlayImage();
    void dropOverlay();
    void takeColouredOverlay();
    void composeScreenImages();
    QRect loupeRect() const; ///< the loupe's square around the cursor, widget pixels
    void releaseGraphics();
    void onMakeCurrent(vtkObject*, unsigned long, void*);
    void onIsCurrent(vtkObject*, unsigned long, void* callData);
    ViewTransform::Anchor outerSide() const;

    State state_ = State::Empty;
    QString message_;
    QString label_;
    bool highlighted_ = false;
    core::MammogramImage image_;

    WindowLevel windowLevel_;
    WindowLevel autoWindowLevel_;
    ViewTransform transform_;
    bool trueSize_ = false;
    bool loupeEnabled_ = false;
    double loupeMagnification_ = 3.0;
    QPointF loupeCentre_;
    bool loupeVisible_ = false;

    OverlayCompositor compositor_;
    // The colouring of the overlay set last, on the thread pool (setOverlay). The generation
    // tells a result for the overlay shown now from one for an overlay replaced since.
    struct Colouring
    {
        quint64 generation = 0;
        OverlayCompositor compositor;
    };
    QFutureWatcher<Colouring> colouring_;
    quint64 overlayGeneration_ = 0;
    bool colouringPending_ = false;
    // What VTK draws, composed on the CPU at device resolution: the view, and the loupe's square.
    ScreenComposer screen_, loupeScreen_;
    OverlaySettings settings_;
    std::vector<QPolygonF> contours_; // stored continuous coordinates
    std::vector<ReaderMark> marks_;
    bool marking_ = false;

    Drag drag_ = Drag::None;
    QPointF dragStart_;
    WindowLevel dragStartWindowLevel_;
    ViewState dragStartState_;
    bool dragMoved_ = false;

    bool glReady_ = false;
    bool painterWarmed_ = false;
    double lastFrameMs_ = 0.0;

    vtkNew<vtkGenericOpenGLRenderWindow> renderWindow_;
    vtkNew<vtkRenderer> renderer_;
    vtkNew<vtkRenderer> loupeRenderer_;
    // One opaque RGBA slice per drawn area, in device pixels (see ScreenComposer for why).
    vtkNew<vtkImageData> screenData_, loupeData_;
    vtkNew<vtkUnsignedCharArray> screenScalars_, loupeScalars_;
    vtkNew<vtkImageProperty> screenProperty_;
    vtkNew<vtkImageSliceMapper> screenMapper_, loupeMapper_;
    vtkNew<vtkImageSlice> screenSlice_, loupeSlice_;
};

} // namespace mammolens::ui
