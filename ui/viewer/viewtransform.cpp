#include "ui/viewer/viewtransform.h"

#include <algorithm>
#include <cmath>

namespace mammolens::ui {

ViewState ViewTransform::clamped(ViewState s)
{
    if (!std::isfinite(s.zoom) || s.zoom <= 0.0)
        s.zoom = 1.0;
    s.zoom = std::clamp(s.zoom, kMinZoom, kMaxZoom);
    return s;
}

double ViewTransform::fitScale() const
{
    if (!isValid())
        return 1.0;
    return std::min(widget_.width() / image_.width(), widget_.height() / image_.height());
}

QPointF ViewTransform::imageAnchor() const
{
    const double y = image_.height() / 2.0;
    switch (anchor_) {
    case Anchor::Left:
        return {0.0, y};
    case Anchor::Right:
        return {image_.width(), y};
    case Anchor::Centre:
        break;
    }
    return {image_.width() / 2.0, y};
}

QPointF ViewTransform::widgetAnchor() const
{
    const double y = widget_.height() / 2.0;
    switch (anchor_) {
    case Anchor::Left:
        return {0.0, y};
    case Anchor::Right:
        return {widget_.width(), y};
    case Anchor::Centre:
        break;
    }
    return {widget_.width() / 2.0, y};
}

QPointF ViewTransform::storedToWidget(const QPointF& p) const
{
    return widgetAnchor() + scale() * (p - imageAnchor()) + state_.pan;
}

QPointF ViewTransform::widgetToStored(const QPointF& s) const
{
    return imageAnchor() + (s - widgetAnchor() - state_.pan) / scale();
}

QRectF ViewTransform::storedToWidget(const QRectF& r) const
{
    return QRectF(storedToWidget(r.topLeft()), storedToWidget(r.bottomRight())).normalized();
}

QTransform ViewTransform::storedToWidgetTransform() const
{
    const double k = scale();
    const QPointF t = widgetAnchor() - k * imageAnchor() + state_.pan;
    return QTransform(k, 0.0, 0.0, k, t.x(), t.y());
}

ViewState ViewTransform::zoomedAbout(double factor, const QPointF& widgetPoint) const
{
    const ViewState target = clamped({state_.zoom * factor, state_.pan});
    // Keep the stored point under widgetPoint fixed: with u = widgetPoint - A,
    // pan' = u - (k'/k) (u - pan).
    const double ratio = target.zoom / state_.zoom;
    const QPointF u = widgetPoint - widgetAnchor();
    return {target.zoom, u - ratio * (u - state_.pan)};
}

ViewState ViewTransform::panned(const QPointF& widgetDelta) const
{
    return {state_.zoom, state_.pan + widgetDelta};
}

ViewState ViewTransform::centredOn(const QRectF& r, double fill) const
{
    if (!isValid() || r.isEmpty())
        return state_;
    const double k = fill * std::min(widget_.width() / r.width(), widget_.height() / r.height());
    const double zoom = std::clamp(k / baseScale(), 1.0, kMaxZoom);
    const double kk = baseScale() * zoom;
    const QPointF centre(widget_.width() / 2.0, widget_.height() / 2.0);
    // Solve A + k (c - a) + pan = widget centre for pan.
    return {zoom, centre - widgetAnchor() - kk * (r.center() - imageAnchor())};
}

} // namespace mammolens::ui
