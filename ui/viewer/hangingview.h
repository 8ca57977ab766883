#pragma once
// The four screening views in a hanging: R-CC | L-CC above R-MLO | L-MLO by default (right breast
// on the viewer's left, chest walls meeting in the middle), other layouts from hanging-protocol
// data files, and the reading tools applied across views: zoom and pan synchronised (mirrored for
// the contralateral breast) and window/level synchronised.

#include "core/exam/exam.h"
#include "core/exam/view.h"
#include "ui/viewer/hangingprotocol.h"
#include "ui/viewer/readermark.h"
#include "ui/viewer/viewoverlay.h"
#include "ui/viewer/viewtransform.h"

#include <QImage>
#include <QStringList>
#include <QWidget>
#include <map>
#include <opencv2/core/mat.hpp>
#include <vector>

namespace mammolens::ui {

class VtkViewport;

/// GUI thread only. Owns one VtkViewport per standard view for its whole life; layouts only
/// move and show them, so switching layout never re-creates an OpenGL context.
class HangingView : public QWidget
{
    Q_OBJECT
public:
    /// Loads the protocols from `protocolDirectory` (the built-in :/hanging by default).
    explicit HangingView(QWidget* parent = nullptr,
                         const QString& protocolDirectory = QStringLiteral(":/hanging"));
    ~HangingView() override;

    // Exam and results ------------------------------------------------------------------------
    /// Shows the exam's four standard views; a missing view shows an Empty message. Drops overlays.
    void setExam(const core::Exam& exam);
    void clearExam();
    /// Every view shows the Loading state (the exam is being read).
    void setLoading(const QString& message = {});
    /// Every view shows the Error state with `message` (the exam could not be read).
    void setError(const QString& message);
    /// Results arrive view by view; returns false when the overlay does not fit the view's image.
    bool setOverlay(core::StandardView view, const ViewOverlay& overlay);
    void clearOverlays();
    void setOverlaySettings(const OverlaySettings& settings);
    const OverlaySettings& overlaySettings() const { return settings_; }
    bool setGroundTruthMask(core::StandardView view, const cv::Mat& storedMask);
    void clearGroundTruth();

    // The reader's findings --------------------------------------------------------------------
    void setMarks(core::StandardView view, const std::vector<ReaderMark>& marks);
    /// Marking mode on every view: a click places a finding (markPlaced).
    void setMarkingEnabled(bool on);
    bool isMarkingEnabled() const { return marking_; }

    // Layout ----------------------------------------------------------------------------------
    QStringList layoutNames() const;
    QString layoutName() const { return current_.name; }
    /// The protocol's title in the reader's language, for menus.
    QString layoutTitle(const QString& name) const;
    bool setLayoutName(const QString& name);
    /// The view "focused" cells of a protocol show (1-up, one breast); set by clicking a view.
    core::StandardView focusedView() const { return focused_; }
    void setFocusedView(core::StandardView view);

    VtkViewport* viewport(core::StandardView view) const;
    /// Zooms and centres `view` on a stored-pixel rect; synchronised views follow.
    void centreOn(core::StandardView view, const cv::Rect& storedRect);

    // Reading tools, for every view ---------------------------------------------------------------
    void setWindowLevel(double window, double level);
    void applyAutoWindowLevel(); ///< each view its own
    void applyPreset(int index); ///< each view its own preset `index`, else its automatic one
    void fitAll();
    void resetAll();
    void setLoupeEnabled(bool on);
    bool isLoupeEnabled() const { return loupe_; }
    /// False when some shown view has no pixel spacing (those stay fitted).
    bool setTrueSize(bool on);
    void setZoomPanSynchronised(bool on) { syncZoomPan_ = on; }
    void setWindowLevelSynchronised(bool on) { syncWindowLevel_ = on; }

    /// What is on screen now, as one image the size of this widget (each view's framebuffer
    /// through QOpenGLWidget::grabFramebuffer(), so VTK's rendering is included).
    QImage grabFrame();

Q_SIGNALS:
    void layoutChanged(const QString& name);
    void focusedViewChanged(mammolens::core::StandardView view);
    void windowLevelChanged(double window, double level);
    /// Marking mode: the reader clicked `stored` (stored-image pixels) on `view`.
    void markPlaced(mammolens::core::StandardView view, const QPointF& stored);

private:
    void applyLayout();
    void onViewStateEdited(core::StandardView source, const ViewState& state);
    void onWindowLevelEdited(core::StandardView source, double window, double level);

    std::map<core::StandardView, VtkViewport*> viewports_;
    std::vector<HangingProtocol> protocols_;
    HangingProtocol current_;
    core::StandardView focused_ = core::StandardView::RCC;
    OverlaySettings settings_;
    bool syncZoomPan_ = true;
    bool syncWindowLevel_ = true;
    bool loupe_ = false;
    bool marking_ = false;
};

} // namespace mammolens::ui
