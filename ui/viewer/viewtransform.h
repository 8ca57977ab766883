#pragma once
// Where a stored image sits in a viewport: the one place that does the zoom/pan arithmetic, so
// the screen composer, the QPainter pass (patches, contours) and the tests agree to the pixel.
// Plain math, no widgets: checkable without a display.

#include <QPointF>
#include <QRectF>
#include <QSizeF>
#include <QTransform>
#include <optional>

namespace mammolens::ui {

/// What the reader changed: magnification relative to the base scale and a shift in widget
/// pixels. Views of the same size share it; the contralateral side takes it mirrored().
struct ViewState
{
    double zoom = 1.0; ///< 1 = base scale (fit, or true size)
    QPointF pan;       ///< widget pixels, from the anchored position

    bool operator==(const ViewState& o) const { return zoom == o.zoom && pan == o.pan; }
    bool operator!=(const ViewState& o) const { return !(*this == o); }
};

/// Value type; all methods const except the setters.
///
/// Coordinates: widget pixels (Qt's, origin top-left, y down) and stored-image continuous
/// coordinates as InputGeometry defines them (pixel (r, c) covers [c, c+1) x [r, r+1), y down).
/// A stored point p lands at  A + k (p - a) + pan,  where k = baseScale() * zoom, a is the image's
/// anchor point (middle of its left edge, centre, or middle of its right edge) and A the widget's
/// matching point. Anchoring the chest-wall edge keeps the chest walls of a hanging together
/// whatever the image sizes.
class ViewTransform
{
public:
    enum class Anchor
    {
        Left,
        Centre,
        Right
    };

    static constexpr double kMinZoom = 0.1;
    static constexpr double kMaxZoom = 64.0;

    void setImageSize(const QSizeF& storedSize) { image_ = storedSize; }
    void setWidgetSize(const QSizeF& widgetSize) { widget_ = widgetSize; }
    void setAnchor(Anchor anchor) { anchor_ = anchor; }
    /// Widget pixels per stored pixel at zoom 1; nullopt = fit the whole image (the default).
    void setFixedBaseScale(std::optional<double> scale) { fixedBase_ = scale; }
    void setState(const ViewState& state) { state_ = clamped(state); }

    QSizeF imageSize() const { return image_; }
    QSizeF widgetSize() const { return widget_; }
    Anchor anchor() const { return anchor_; }
    const ViewState& state() const { return state_; }
    bool isValid() const { return !image_.isEmpty() && !widget_.isEmpty(); }

    double fitScale() const;
    double baseScale() const { return fixedBase_ ? *fixedBase_ : fitScale(); }
    double scale() const { return baseScale() * state_.zoom; } ///< widget px per stored px

    QPointF storedToWidget(const QPointF& stored) const;
    QPointF widgetToStored(const QPointF& widget) const;
    QRectF storedToWidget(const QRectF& stored) const;
    QTransform storedToWidgetTransform() const;

    /// The state that scales by `factor` keeping the stored point under `widgetPoint` in place.
    ViewState zoomedAbout(double factor, const QPointF& widgetPoint) const;
    ViewState panned(const QPointF& widgetDelta) const;
    /// The state that shows `storedRect` centred, filling `fill` of the widget's smaller side
    /// (never zooming out below the base scale, so small patches do not jump back to the fit).
    ViewState centredOn(const QRectF& storedRect, double fill = 0.5) const;

    /// The same state for the contralateral breast: its image is the mirror image, anchored on
    /// the other side, so a shift to the right there is a shift to the left here.
    static ViewState mirrored(const ViewState& state)
    {
        return {state.zoom, {-state.pan.x(), state.pan.y()}};
    }

private:
    static ViewState clamped(ViewState s);
    QPointF imageAnchor() const;
    QPointF widgetAnchor() const;

    QSizeF image_;
    QSizeF widget_;
    Anchor anchor_ = Anchor::Centre;
    std::optional<double> fixedBase_;
    ViewState state_;
};

} // namespace mammolens::ui
