// Zoom and pan arithmetic: the fitted image touches the viewport at its chest-wall edge, zooming
// keeps the point under the cursor, and the mirrored state does the same for the contralateral
// view - the properties synchronised hanging relies on.

#include "ui/viewer/viewtransform.h"

#include <QTest>

using mammolens::ui::ViewState;
using mammolens::ui::ViewTransform;

Q_DECLARE_METATYPE(ViewTransform::Anchor)

namespace {

ViewTransform transform(ViewTransform::Anchor anchor, QSizeF image = {800, 2000},
                        QSizeF widget = {640, 400})
{
    ViewTransform t;
    t.setImageSize(image);
    t.setWidgetSize(widget);
    t.setAnchor(anchor);
    return t;
}

bool near(const QPointF& a, const QPointF& b, double eps = 1e-9)
{
    return std::abs(a.x() - b.x()) < eps && std::abs(a.y() - b.y()) < eps;
}

} // namespace

class TestViewTransform : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fitTouchesTheAnchoredEdgeAndCentresVertically_data();
    void fitTouchesTheAnchoredEdgeAndCentresVertically();
    void widgetToStoredInvertsStoredToWidget();
    void zoomKeepsThePointUnderTheCursor();
    void mirroredStateKeepsTheMirroredPoint();
    void centredOnPutsTheRectInTheMiddle();
    void zoomIsClamped();
    void fixedBaseScaleReplacesFit();
};

void TestViewTransform::fitTouchesTheAnchoredEdgeAndCentresVertically_data()
{
    QTest::addColumn<ViewTransform::Anchor>("anchor");
    QTest::newRow("left") << ViewTransform::Anchor::Left;
    QTest::newRow("right") << ViewTransform::Anchor::Right;
    QTest::newRow("centre") << ViewTransform::Anchor::Centre;
}

void TestViewTransform::fitTouchesTheAnchoredEdgeAndCentresVertically()
{
    QFETCH(ViewTransform::Anchor, anchor);
    const ViewTransform t = transform(anchor);
    QCOMPARE(t.scale(), 0.2); // 400 / 2000
    const QRectF shown = t.storedToWidget(QRectF(0, 0, 800, 2000));
    QCOMPARE(shown.top(), 0.0);
    QCOMPARE(shown.bottom(), 400.0);
    if (anchor == ViewTransform::Anchor::Left)
        QCOMPARE(shown.left(), 0.0);
    else if (anchor == ViewTransform::Anchor::Right)
        QCOMPARE(shown.right(), 640.0);
    else
        QCOMPARE(shown.center().x(), 320.0);
}

void TestViewTransform::widgetToStoredInvertsStoredToWidget()
{
    ViewTransform t = transform(ViewTransform::Anchor::Right);
    t.setState({3.7, {-41.0, 12.5}});
    for (const QPointF p : {QPointF(0, 0), QPointF(123.25, 1999.5), QPointF(800, 7)})
        QVERIFY(near(t.widgetToStored(t.storedToWidget(p)), p));
    const QTransform q = t.storedToWidgetTransform();
    QVERIFY(near(q.map(QPointF(10, 20)), t.storedToWidget(QPointF(10, 20))));
}

void TestViewTransform::zoomKeepsThePointUnderTheCursor()
{
    ViewTransform t = transform(ViewTransform::Anchor::Left);
    const QPointF cursor(100, 150);
    const QPointF stored = t.widgetToStored(cursor);
    t.setState(t.zoomedAbout(2.5, cursor));
    QCOMPARE(t.state().zoom, 2.5);
    QVERIFY(near(t.storedToWidget(stored), cursor));
}

void TestViewTransform::mirroredStateKeepsTheMirroredPoint()
{
    // Two mirror-image views (same image size, anchored on opposite sides): a zoom about p in
    // one, applied mirrored to the other, keeps the other's mirror point of p fixed.
    ViewTransform right = transform(ViewTransform::Anchor::Right);
    ViewTransform left = transform(ViewTransform::Anchor::Left);
    const QPointF p(500, 120);
    const QPointF mirroredP(640 - p.x(), p.y());
    const QPointF storedLeft = left.widgetToStored(mirroredP);
    right.setState(right.zoomedAbout(1.8, p));
    left.setState(ViewTransform::mirrored(right.state()));
    QVERIFY(near(left.storedToWidget(storedLeft), mirroredP, 1e-6));
    right.setState(right.panned({25, -10}));
    left.setState(ViewTransform::mirrored(right.state()));
    QCOMPARE(left.state().pan, QPointF(-right.state().pan.x(), right.state().pan.y()));
}

void TestViewTransform::centredOnPutsTheRectInTheMiddle()
{
    ViewTransform t = transform(ViewTransform::Anchor::Right);
    const QRectF patch(300, 900, 256, 256);
    t.setState(t.centredOn(patch, 0.5));
    QVERIFY(near(t.storedToWidget(patch.center()), QPointF(320, 200), 1e-6));
    QCOMPARE(t.storedToWidget(patch).height(), 200.0); // half the smaller widget side
    // A rect larger than the fitted view never zooms out below the fit.
    t.setState(t.centredOn(QRectF(0, 0, 800, 2000), 0.5));
    QCOMPARE(t.state().zoom, 1.0);
}

void TestViewTransform::zoomIsClamped()
{
    ViewTransform t = transform(ViewTransform::Anchor::Left);
    t.setState({1e6, {}});
    QCOMPARE(t.state().zoom, ViewTransform::kMaxZoom);
    t.setState({0.0, {}});
    QCOMPARE(t.state().zoom, 1.0);
}

void TestViewTransform::fixedBaseScaleReplacesFit()
{
    ViewTransform t = transform(ViewTransform::Anchor::Left);
    t.setFixedBaseScale(0.5);
    t.setState({2.0, {}});
    QCOMPARE(t.scale(), 1.0);
    t.setFixedBaseScale(std::nullopt);
    QCOMPARE(t.scale(), 0.4);
}

QTEST_APPLESS_MAIN(TestViewTransform)
#include "tst_viewtransform.moc"
