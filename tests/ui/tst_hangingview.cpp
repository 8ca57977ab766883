// The hanging as the reader sees it, checked from rendered pixels (grabFrame): each breast in its
// place against the chest-wall edge, never flipped, the malignant overlay brightest where its hot
// cell lands through InputGeometry, and opacity and window/level really changing the picture.

#include "sampleexam.h"
#include "ui/viewer/hangingview.h"
#include "ui/viewer/vtkviewport.h"

#include <QDir>
#include <QtTest>
#include <cmath>
#include <memory>
#include <numeric>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

using namespace mammolens;
using core::StandardView;
using ui::HangingView;
using ui::OverlaySettings;
using ui::VtkViewport;

Q_DECLARE_METATYPE(mammolens::core::StandardView)

namespace {

QString screenshotPath(const QString& name)
{
    QDir().mkpath(QStringLiteral(MAMMOLENS_SCREENSHOT_DIR));
    return QStringLiteral(MAMMOLENS_SCREENSHOT_DIR "/") + name;
}

double correlation(const std::vector<double>& a, const std::vector<double>& b)
{
    const double n = double(a.size());
    const double ma = std::accumulate(a.begin(), a.end(), 0.0) / n;
    const double mb = std::accumulate(b.begin(), b.end(), 0.0) / n;
    double sab = 0.0, saa = 0.0, sbb = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        sab += (a[i] - ma) * (b[i] - mb);
        saa += (a[i] - ma) * (a[i] - ma);
        sbb += (b[i] - mb) * (b[i] - mb);
    }
    return sab / std::sqrt(saa * sbb);
}

// Redness gained between two frames: a red ramp overlay raises R - G by alpha * 255 whatever the
// grey below it.
int rednessGain(const QImage& before, const QImage& after, int x, int y)
{
    const QRgb a = before.pixel(x, y);
    const QRgb b = after.pixel(x, y);
    return (qRed(b) - qGreen(b)) - (qRed(a) - qGreen(a));
}

double meanAbsDifference(const QImage& a, const QImage& b, const QRect& r)
{
    double sum = 0.0;
    for (int y = r.top(); y <= r.bottom(); ++y)
        for (int x = r.left(); x <= r.right(); ++x)
            sum += std::abs(qGray(a.pixel(x, y)) - qGray(b.pixel(x, y)));
    return sum / (double(r.width()) * r.height());
}

void sendMouse(QWidget* w, QEvent::Type type, QPointF pos, Qt::MouseButton button,
               Qt::MouseButtons buttons)
{
    QMouseEvent event(type, pos, w->mapToGlobal(pos), button, buttons, Qt::NoModifier);
    QApplication::sendEvent(w, &event);
}

} // namespace

class TestHangingView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void fourUpHangsRightBreastOnTheViewersLeft();
    void breastSitsAgainstTheChestWallEdge_data();
    void breastSitsAgainstTheChestWallEdge();
    void renderedPixelsMatchStoredOrientation_data();
    void renderedPixelsMatchStoredOrientation();
    void topLeftMarkerStaysTopLeftAndOnTheTransform();
    void malignantOverlayPeaksAtTheHotCell_data();
    void malignantOverlayPeaksAtTheHotCell();
    void overlaysColouredInTheBackgroundNeverShowStale();
    void opacityChangesThePixels();
    void windowLevelDragChangesEveryView();
    void wheelZoomIsSynchronisedAndMirrored();
    void centreOnPutsTheRectInTheMiddle();
    void layoutsComeFromProtocolFiles();
    void statesOtherThanShowingAreExplained();
    void patchesAndGroundTruthAreDrawnOnTheirStoredPixels();
    void loupeMagnifiesUnderTheCursor();
    void loupeKeepsTheStoredPointUnderTheCursor_data();
    void loupeKeepsTheStoredPointUnderTheCursor();
    void screenshotsOfTheMainStates();

private:
    void showExamWithOverlays(const OverlaySettings& settings);
    QRect rectOf(StandardView view) const { return hanging_->viewport(view)->geometry(); }

    core::Exam exam_;
    std::map<StandardView, core::InputGeometry> geometry_;
    std::map<StandardView, cv::Point> hotCell_;
    std::unique_ptr<HangingView> hanging_;
};

void TestHangingView::initTestCase()
{
    exam_ = sample::loadExam();
    for (const auto& [view, image] : exam_.views)
        QVERIFY2(!image.pixels.empty(), qPrintable(image.sourcePath + " is missing"));
    geometry_ = sample::geometries(exam_);
    QCOMPARE(int(geometry_.size()), 4);
    for (const auto& [view, g] : geometry_) {
        const auto cell = sample::hotCell(g, exam_.views.at(view).pixels);
        QVERIFY(cell);
        hotCell_[view] = *cell;
    }
    hanging_ = std::make_unique<HangingView>();
    hanging_->resize(1280, 800);
    hanging_->show();
    QVERIFY(QTest::qWaitForWindowExposed(hanging_.get()));
    hanging_->setExam(exam_);
}

void TestHangingView::init()
{
    // Every test starts from the exam as loaded: a failed check must not leave its changes behind.
    hanging_->setExam(exam_);
    hanging_->setLayoutName(QStringLiteral("4-up"));
    hanging_->setLoupeEnabled(false);
    hanging_->clearOverlays();
    hanging_->setOverlaySettings({});
    hanging_->fitAll();
    hanging_->applyAutoWindowLevel();
}

void TestHangingView::fourUpHangsRightBreastOnTheViewersLeft()
{
    QCOMPARE(hanging_->layoutName(), QStringLiteral("4-up"));
    for (StandardView v : core::kStandardViews)
        QVERIFY(hanging_->viewport(v)->isVisible());
    QVERIFY(rectOf(StandardView::RCC).center().x() < rectOf(StandardView::LCC).center().x());
    QVERIFY(rectOf(StandardView::RMLO).center().x() < rectOf(StandardView::LMLO).center().x());
    QVERIFY(rectOf(StandardView::RCC).center().y() < rectOf(StandardView::RMLO).center().y());
    QVERIFY(rectOf(StandardView::LCC).center().y() < rectOf(StandardView::LMLO).center().y());
}

void TestHangingView::breastSitsAgainstTheChestWallEdge_data()
{
    QTest::addColumn<StandardView>("view");
    for (StandardView v : core::kStandardViews)
        QTest::newRow(qPrintable(core::toString(v))) << v;
}

void TestHangingView::breastSitsAgainstTheChestWallEdge()
{
    QFETCH(StandardView, view);
    hanging_->viewport(view)->setHighlighted(false); // its frame would count as bright columns
    const QImage frame = hanging_->grabFrame();
    const QRect r = rectOf(view);
    // Middle rows only: the corner labels are on the outer side.
    const int top = r.top() + r.height() / 5;
    const int bottom = r.bottom() - r.height() / 5;
    auto brightFraction = [&](int x) {
        int bright = 0;
        for (int y = top; y <= bottom; ++y)
            bright += qGray(frame.pixel(x, y)) > 40;
        return double(bright) / (bottom - top + 1);
    };
    int first = -1, last = -1;
    for (int x = r.left(); x <= r.right(); ++x) {
        if (brightFraction(x) > 0.05) {
            if (first < 0)
                first = x;
            last = x;
        }
    }
    QVERIFY2(first >= 0, "no breast pixels rendered");
    if (core::lateralityOf(view) == core::Laterality::Right) {
        // Chest wall at the viewport's right edge (the middle of the screen), nipple to the left.
        QVERIFY2(
            last >= r.right() - 1,
            qPrintable(QStringLiteral("last bright column %1 of %2").arg(last).arg(r.right())));
        QVERIFY(first > r.left() + r.width() / 2);
    } else {
        QVERIFY2(
            first <= r.left() + 1,
            qPrintable(QStringLiteral("first bright column %1 of %2").arg(first).arg(r.left())));
        QVERIFY(last < r.right() - r.width() / 2);
    }
}

void TestHangingView::renderedPixelsMatchStoredOrientation_data()
{
    breastSitsAgainstTheChestWallEdge_data();
}

void TestHangingView::renderedPixelsMatchStoredOrientation()
{
    QFETCH(StandardView, view);
    VtkViewport* vp = hanging_->viewport(view);
    const cv::Mat& pixels = exam_.views.at(view).pixels;
    const QImage frame = hanging_->grabFrame();
    const QRect r = rectOf(view);
    const ui::WindowLevel wl = vp->windowLevel();
    auto expected = [&](int row, int col) {
        const double v = pixels.at<std::uint16_t>(row, col);
        return std::clamp((v - wl.lower()) / wl.window, 0.0, 1.0) * 255.0;
    };
    std::vector<double> rendered, asStored, upsideDown, mirrored;
    for (int y = 30; y < r.height() - 30; y += 2) {
        for (int x = 0; x < r.width(); x += 2) {
            const QPointF s = vp->widgetToStored(QPointF(x + 0.5, y + 0.5));
            const int col = int(std::floor(s.x()));
            const int row = int(std::floor(s.y()));
            if (col < 1 || row < 1 || col >= pixels.cols - 1 || row >= pixels.rows - 1)
                continue;
            rendered.push_back(qGray(frame.pixel(r.left() + x, r.top() + y)));
            asStored.push_back(expected(row, col));
            upsideDown.push_back(expected(pixels.rows - 1 - row, col));
            mirrored.push_back(expected(row, pixels.cols - 1 - col));
        }
    }
    QVERIFY(rendered.size() > 1000);
    const double c = correlation(rendered, asStored);
    const double cv = correlation(rendered, upsideDown);
    const double ch = correlation(rendered, mirrored);
    qInfo("%s: correlation as stored %.3f, upside down %.3f, mirrored %.3f",
          qPrintable(core::toString(view)), c, cv, ch);
    QVERIFY2(c > 0.95, qPrintable(QString::number(c)));
    QVERIFY(cv < c - 0.1);
    QVERIFY(ch < c - 0.1);
}

void TestHangingView::topLeftMarkerStaysTopLeftAndOnTheTransform()
{
    // A synthetic image with a bright block in its top-left corner: row 0 must be at the top
    // and column 0 on the left, and the block's edges where ViewTransform (which places the
    // overlays' painter pass) says they are.
    core::MammogramImage image;
    image.pixels = cv::Mat(400, 300, CV_16UC1, cv::Scalar(500));
    image.pixels(cv::Rect(0, 0, 60, 80)).setTo(4000);
    image.laterality = core::Laterality::Right;
    image.position = core::ViewPosition::CC;
    VtkViewport* vp = hanging_->viewport(StandardView::RCC);
    vp->setImage(image);
    vp->setWindowLevel(3500, 2250);
    const QImage frame = hanging_->grabFrame();
    frame.save(screenshotPath(QStringLiteral("viewport-orientation-marker.png")));
    const QPoint off = rectOf(StandardView::RCC).topLeft();
    auto at = [&](double sx, double sy) {
        const QPointF w = vp->storedToWidget(QPointF(sx, sy));
        return qGray(frame.pixel(off.x() + int(w.x()), off.y() + int(w.y())));
    };
    QVERIFY(at(30, 40) > 200); // top-left: the marker
    QVERIFY(at(30, 360) < 80); // bottom-left: not the marker (an upside-down image puts it here)
    QVERIFY(at(270, 40) < 80); // top-right: not the marker (a mirrored image puts it here)

    // The block's bottom edge (stored row 80) and right edge (column 60), found in the pixels.
    const QPointF column = vp->storedToWidget(QPointF(30, 0));
    int edgeY = -1;
    for (int y = int(vp->storedToWidget(QPointF(30, 40)).y());
         y < rectOf(StandardView::RCC).height(); ++y)
        if (qGray(frame.pixel(off.x() + int(column.x()), off.y() + y)) < 128) {
            edgeY = y;
            break;
        }
    const QPointF row = vp->storedToWidget(QPointF(0, 40));
    int edgeX = -1;
    for (int x = int(vp->storedToWidget(QPointF(30, 40)).x());
         x < rectOf(StandardView::RCC).width(); ++x)
        if (qGray(frame.pixel(off.x() + x, off.y() + int(row.y()))) < 128) {
            edgeX = x;
            break;
        }
    const QPointF corner = vp->storedToWidget(QPointF(60, 80));
    QVERIFY2(std::abs(edgeY - corner.y()) <= 1.5,
             qPrintable(QStringLiteral("edge at y=%1, expected %2").arg(edgeY).arg(corner.y())));
    QVERIFY2(std::abs(edgeX - corner.x()) <= 1.5,
             qPrintable(QStringLiteral("edge at x=%1, expected %2").arg(edgeX).arg(corner.x())));
    vp->setImage(exam_.views.at(StandardView::RCC));
}

void TestHangingView::showExamWithOverlays(const OverlaySettings& settings)
{
    hanging_->setOverlaySettings(settings);
    for (const auto& [view, g] : geometry_) {
        QVERIFY(hanging_->setOverlay(view, sample::overlay(g, hotCell_.at(view))));
    }
}

void TestHangingView::malignantOverlayPeaksAtTheHotCell_data()
{
    QTest::addColumn<StandardView>("view");
    QTest::addColumn<bool>("smooth");
    for (StandardView v : core::kStandardViews) {
        QTest::newRow(qPrintable(core::toString(v) + QStringLiteral(" smooth"))) << v << true;
        QTest::newRow(qPrintable(core::toString(v) + QStringLiteral(" cell-exact"))) << v << false;
    }
}

void TestHangingView::malignantOverlayPeaksAtTheHotCell()
{
    QFETCH(StandardView, view);
    QFETCH(bool, smooth);
    const QImage before = hanging_->grabFrame();
    OverlaySettings settings;
    settings.opacity = 1.0;
    settings.smooth = smooth;
    showExamWithOverlays(settings);
    const QImage after = hanging_->grabFrame();

    const QRect r = rectOf(view);
    int peak = 0;
    for (int y = r.top(); y <= r.bottom(); ++y)
        for (int x = r.left(); x <= r.right(); ++x)
            peak = std::max(peak, rednessGain(before, after, x, y));
    QVERIFY2(peak > 150, qPrintable(QString::number(peak)));
    double sx = 0, sy = 0, n = 0;
    for (int y = r.top(); y <= r.bottom(); ++y)
        for (int x = r.left(); x <= r.right(); ++x)
            if (rednessGain(before, after, x, y) > peak / 2) {
                sx += x + 0.5;
                sy += y + 0.5;
                ++n;
            }
    const QPointF found(sx / n, sy / n);
    const cv::Point cell = hotCell_.at(view);
    const cv::Rect stored = geometry_.at(view).cellToStoredRect(cell.y, cell.x);
    const QPointF expected = hanging_->viewport(view)->storedToWidget(QPointF(
                                 stored.x + stored.width / 2.0, stored.y + stored.height / 2.0)) +
                             QPointF(r.topLeft());
    const double error = std::hypot(found.x() - expected.x(), found.y() - expected.y());
    qInfo("%s: hot cell (%d, %d) expected at (%.1f, %.1f), found (%.1f, %.1f): %.2f px",
          qPrintable(core::toString(view)), cell.y, cell.x, expected.x(), expected.y(), found.x(),
          found.y(), error);
    QVERIFY2(error <= 3.0, qPrintable(QString::number(error)));
}

void TestHangingView::overlaysColouredInTheBackgroundNeverShowStale()
{
    // Results are coloured on the thread pool (VtkViewport::setOverlay). What the reader must
    // never see is an overlay replaced (a new run) or dropped (another exam) arriving after that.
    const StandardView view = StandardView::RCC;
    const core::InputGeometry& g = geometry_.at(view);
    VtkViewport* vp = hanging_->viewport(view);
    const cv::Point hot = hotCell_.at(view);
    const cv::Point other(hot.x, hot.y + 8 < g.camSize().height ? hot.y + 8 : hot.y - 8);
    QVERIFY(other.y >= 0);
    const QRect r = rectOf(view);
    auto at = [&](cv::Point cell) {
        const cv::Rect s = g.cellToStoredRect(cell.y, cell.x);
        const QPointF w = vp->storedToWidget(QPointF(s.x + s.width / 2.0, s.y + s.height / 2.0));
        return (w + QPointF(r.topLeft())).toPoint();
    };
    OverlaySettings settings;
    settings.opacity = 1.0;
    hanging_->setOverlaySettings(settings);
    const QImage before = hanging_->grabFrame();

    // The event loop alone brings the colours to the screen (no grabFrame() waiting for them).
    QVERIFY(hanging_->setOverlay(view, sample::overlay(g, hot)));
    QVERIFY(vp->overlayPending());
    QTRY_VERIFY(!vp->overlayPending());
    QImage frame = hanging_->grabFrame();
    QVERIFY(rednessGain(before, frame, at(hot).x(), at(hot).y()) > 150);

    // Replaced before its colours came: only the second shows, however the two finish.
    QVERIFY(hanging_->setOverlay(view, sample::overlay(g, hot)));
    QVERIFY(hanging_->setOverlay(view, sample::overlay(g, other)));
    QTest::qWait(300);
    QVERIFY(!vp->overlayPending());
    frame = hanging_->grabFrame();
    QVERIFY2(rednessGain(before, frame, at(hot).x(), at(hot).y()) < 30,
             qPrintable(QString::number(rednessGain(before, frame, at(hot).x(), at(hot).y()))));
    QVERIFY(rednessGain(before, frame, at(other).x(), at(other).y()) > 150);

    // Dropped with its image (the next exam opens) before its colours came: nothing shows.
    QVERIFY(hanging_->setOverlay(view, sample::overlay(g, hot)));
    hanging_->setExam(exam_);
    hanging_->setOverlaySettings(settings);
    QTest::qWait(300);
    QVERIFY(!vp->hasOverlay());
    QVERIFY(!vp->overlayPending());
    frame = hanging_->grabFrame();
    QVERIFY(rednessGain(before, frame, at(hot).x(), at(hot).y()) < 30);
}

void TestHangingView::opacityChangesThePixels()
{
    OverlaySettings settings;
    settings.opacity = 0.3;
    showExamWithOverlays(settings);
    const QImage faint = hanging_->grabFrame();
    settings.opacity = 0.8;
    hanging_->setOverlaySettings(settings);
    const QImage strong = hanging_->grabFrame();
    for (StandardView view : core::kStandardViews) {
        const cv::Point cell = hotCell_.at(view);
        const cv::Rect s = geometry_.at(view).cellToStoredRect(cell.y, cell.x);
        const QPointF w = hanging_->viewport(view)->storedToWidget(
                              QPointF(s.x + s.width / 2.0, s.y + s.height / 2.0)) +
                          QPointF(rectOf(view).topLeft());
        const int gain = rednessGain(faint, strong, int(w.x()), int(w.y()));
        QVERIFY2(gain > 60,
                 qPrintable(core::toString(view) + QStringLiteral(": ") + QString::number(gain)));
    }
}

void TestHangingView::windowLevelDragChangesEveryView()
{
    const QImage before = hanging_->grabFrame();
    VtkViewport* source = hanging_->viewport(StandardView::RCC);
    const QPointF start = QRectF(source->rect()).center();
    sendMouse(source, QEvent::MouseButtonPress, start, Qt::LeftButton, Qt::LeftButton);
    for (int i = 1; i <= 5; ++i)
        sendMouse(source, QEvent::MouseMove, start + QPointF(16 * i, 6 * i), Qt::NoButton,
                  Qt::LeftButton);
    sendMouse(source, QEvent::MouseButtonRelease, start + QPointF(80, 30), Qt::LeftButton,
              Qt::NoButton);
    const QImage after = hanging_->grabFrame();
    for (StandardView view : core::kStandardViews) {
        QCOMPARE(hanging_->viewport(view)->windowLevel().window, source->windowLevel().window);
        QCOMPARE(hanging_->viewport(view)->windowLevel().level, source->windowLevel().level);
        const double diff = meanAbsDifference(before, after, rectOf(view));
        QVERIFY2(diff > 1.0,
                 qPrintable(core::toString(view) + QStringLiteral(": ") + QString::number(diff)));
    }
    hanging_->setWindowLevel(1000, 2000);
    const QImage set = hanging_->grabFrame();
    QVERIFY(meanAbsDifference(after, set, rectOf(StandardView::LMLO)) > 1.0);
}

void TestHangingView::wheelZoomIsSynchronisedAndMirrored()
{
    VtkViewport* rcc = hanging_->viewport(StandardView::RCC);
    VtkViewport* lcc = hanging_->viewport(StandardView::LCC);
    VtkViewport* rmlo = hanging_->viewport(StandardView::RMLO);
    const QPointF p(rcc->width() * 0.8, rcc->height() * 0.4);
    const QPointF mirroredP(lcc->width() - p.x(), p.y());
    const QPointF storedUnderP = rcc->widgetToStored(p);
    const QPointF storedUnderMirror = lcc->widgetToStored(mirroredP);
    QWheelEvent wheel(p, rcc->mapToGlobal(p), QPoint(), QPoint(0, 240), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(rcc, &wheel);
    QVERIFY(rcc->viewState().zoom > 1.3);
    QCOMPARE(lcc->viewState().zoom, rcc->viewState().zoom);
    QCOMPARE(rmlo->viewState(), rcc->viewState());
    QCOMPARE(lcc->viewState(), ui::ViewTransform::mirrored(rcc->viewState()));
    // The zoom kept the point under the cursor, and the contralateral view its mirror point.
    QVERIFY((rcc->storedToWidget(storedUnderP) - p).manhattanLength() < 1e-6);
    QVERIFY((lcc->storedToWidget(storedUnderMirror) - mirroredP).manhattanLength() < 1e-6);

    // A pan with the middle button moves the contralateral view the other way.
    const double before = lcc->viewState().pan.x();
    sendMouse(rcc, QEvent::MouseButtonPress, p, Qt::MiddleButton, Qt::MiddleButton);
    sendMouse(rcc, QEvent::MouseMove, p + QPointF(30, 10), Qt::NoButton, Qt::MiddleButton);
    sendMouse(rcc, QEvent::MouseButtonRelease, p + QPointF(30, 10), Qt::MiddleButton, Qt::NoButton);
    QCOMPARE(lcc->viewState().pan.x(), before - 30);
    hanging_->grabFrame().save(screenshotPath(QStringLiteral("hanging-zoomed-synchronised.png")));
}

void TestHangingView::centreOnPutsTheRectInTheMiddle()
{
    const cv::Rect patch(300, 900, 256, 256);
    hanging_->centreOn(StandardView::RCC, patch);
    VtkViewport* vp = hanging_->viewport(StandardView::RCC);
    const QPointF centre = vp->storedToWidget(QPointF(patch.x + 128, patch.y + 128));
    QVERIFY(std::abs(centre.x() - vp->width() / 2.0) < 0.5);
    QVERIFY(std::abs(centre.y() - vp->height() / 2.0) < 0.5);
    QVERIFY(vp->viewState().zoom > 1.0);
    QCOMPARE(hanging_->viewport(StandardView::LCC)->viewState(),
             ui::ViewTransform::mirrored(vp->viewState()));
}

void TestHangingView::layoutsComeFromProtocolFiles()
{
    const QStringList names = hanging_->layoutNames();
    for (const char* name : {"4-up", "cc-pair", "mlo-pair", "one-breast", "1-up"})
        QVERIFY2(names.contains(QLatin1String(name)), name);
    auto visible = [&](StandardView v) { return hanging_->viewport(v)->isVisible(); };

    QVERIFY(hanging_->setLayoutName(QStringLiteral("cc-pair")));
    QVERIFY(visible(StandardView::RCC) && visible(StandardView::LCC));
    QVERIFY(!visible(StandardView::RMLO) && !visible(StandardView::LMLO));
    QVERIFY(rectOf(StandardView::RCC).center().x() < rectOf(StandardView::LCC).center().x());
    hanging_->grabFrame().save(screenshotPath(QStringLiteral("hanging-cc-pair.png")));

    QVERIFY(hanging_->setLayoutName(QStringLiteral("mlo-pair")));
    QVERIFY(visible(StandardView::RMLO) && visible(StandardView::LMLO));
    QVERIFY(!visible(StandardView::RCC) && !visible(StandardView::LCC));

    hanging_->setFocusedView(StandardView::LMLO);
    QVERIFY(hanging_->setLayoutName(QStringLiteral("one-breast")));
    QVERIFY(visible(StandardView::LCC) && visible(StandardView::LMLO));
    QVERIFY(!visible(StandardView::RCC) && !visible(StandardView::RMLO));
    hanging_->grabFrame().save(screenshotPath(QStringLiteral("hanging-one-breast.png")));

    QVERIFY(hanging_->setLayoutName(QStringLiteral("1-up")));
    QVERIFY(visible(StandardView::LMLO));
    QVERIFY(!visible(StandardView::LCC) && !visible(StandardView::RCC));
    QCOMPARE(rectOf(StandardView::LMLO).size(), hanging_->size());
    hanging_->grabFrame().save(screenshotPath(QStringLiteral("hanging-1-up.png")));

    QVERIFY(!hanging_->setLayoutName(QStringLiteral("no-such-layout")));
    hanging_->setFocusedView(StandardView::RCC);
}

void TestHangingView::statesOtherThanShowingAreExplained()
{
    hanging_->setLoading(QStringLiteral("exam 0"));
    for (StandardView v : core::kStandardViews)
        QCOMPARE(hanging_->viewport(v)->state(), VtkViewport::State::Loading);
    hanging_->viewport(StandardView::LMLO)
        ->setError(QStringLiteral("dicom.truncated: file ends early"));
    hanging_->viewport(StandardView::RMLO)->clear(QStringLiteral("No R-MLO image in this exam"));
    const QImage frame = hanging_->grabFrame();
    frame.save(screenshotPath(QStringLiteral("hanging-states.png")));
    for (StandardView v : core::kStandardViews) {
        // The message is drawn in the middle of the view.
        const QRect r = rectOf(v);
        const QRect middle(r.center() - QPoint(150, 30), QSize(300, 60));
        int lit = 0;
        for (int y = middle.top(); y <= middle.bottom(); ++y)
            for (int x = middle.left(); x <= middle.right(); ++x)
                lit += qGray(frame.pixel(x, y)) > 60;
        QVERIFY2(lit > 50, qPrintable(core::toString(v)));
    }
    const QRgb errorPixel = [&] {
        const QRect r = rectOf(StandardView::LMLO);
        QRgb best = 0;
        for (int y = r.center().y() - 30; y < r.center().y() + 30; ++y)
            for (int x = r.center().x() - 150; x < r.center().x() + 150; ++x)
                if (qRed(frame.pixel(x, y)) > qRed(best))
                    best = frame.pixel(x, y);
        return best;
    }();
    QVERIFY(qRed(errorPixel) > qGreen(errorPixel) + 60); // errors are drawn in red
    hanging_->setExam(exam_);
    QCOMPARE(hanging_->viewport(StandardView::LMLO)->state(), VtkViewport::State::Showing);
}

void TestHangingView::patchesAndGroundTruthAreDrawnOnTheirStoredPixels()
{
    const StandardView view = StandardView::RCC;
    const core::InputGeometry& g = geometry_.at(view);
    ui::ViewOverlay overlay = sample::overlay(g, hotCell_.at(view));
    const cv::Rect cellInput = g.cellToInputRect(hotCell_.at(view).y, hotCell_.at(view).x);
    overlay.patches.push_back({cv::Rect(cellInput.x - 96, cellInput.y - 96, 256, 256), 1, 0.62f});
    OverlaySettings settings;
    settings.opacity = 0.4;
    hanging_->setOverlaySettings(settings);
    QVERIFY(hanging_->setOverlay(view, overlay));

    // The reference's lesion mask is in model-input pixels (SOURCE.md); GMIC-SPEC 11 maps it
    // back onto the stored image.
    const cv::Mat inputMask =
        cv::imread((sample::examDir() + QStringLiteral("/0_R-CC_benign.png")).toStdString(),
                   cv::IMREAD_GRAYSCALE);
    QVERIFY(!inputMask.empty());
    cv::Mat storedMask;
    cv::warpAffine(
        inputMask, storedMask,
        cv::Mat(core::InputGeometry::toPixelCentreConvention(g.inputToStoredTransform())),
        exam_.views.at(view).pixels.size(), cv::INTER_NEAREST, cv::BORDER_CONSTANT);
    QVERIFY(cv::countNonZero(storedMask) > 0);
    QVERIFY(hanging_->setGroundTruthMask(view, storedMask));
    QVERIFY(!hanging_->setGroundTruthMask(view, cv::Mat(10, 10, CV_8UC1, cv::Scalar(255))));
    QVERIFY(hanging_->setGroundTruthMask(view, storedMask));

    QVERIFY(hanging_->setLayoutName(QStringLiteral("1-up")));
    const cv::Rect box = g.inputRectToStoredClipped(overlay.patches.front().inputRect);
    hanging_->centreOn(view, box);
    const QImage frame = hanging_->grabFrame();
    frame.save(screenshotPath(QStringLiteral("hanging-patch-groundtruth.png")));

    // The patch box: yellow along its top edge, where the stored rect maps.
    VtkViewport* vp = hanging_->viewport(view);
    const QRectF w = vp->transform().storedToWidget(QRectF(box.x, box.y, box.width, box.height));
    int yellow = 0;
    for (int x = int(w.left() + 10); x < int(w.right() - 10); ++x) {
        for (int dy = -1; dy <= 1; ++dy) {
            const QRgb c = frame.pixel(x, int(std::round(w.top())) + dy);
            yellow += qRed(c) > 200 && qGreen(c) > 170 && qBlue(c) < 100;
        }
    }
    QVERIFY2(yellow > int(w.width() - 20) / 2, qPrintable(QString::number(yellow)));

    // The contour: cyan pixels along the lesion's outline, once the view is centred on it.
    const cv::Rect lesion = cv::boundingRect(storedMask);
    hanging_->centreOn(view, lesion);
    const QImage lesionFrame = hanging_->grabFrame();
    lesionFrame.save(screenshotPath(QStringLiteral("hanging-groundtruth.png")));
    const QRectF outline =
        vp->transform().storedToWidget(QRectF(lesion.x, lesion.y, lesion.width, lesion.height));
    int cyan = 0;
    for (int y = int(outline.top()) - 2; y <= int(outline.bottom()) + 2; ++y)
        for (int x = int(outline.left()) - 2; x <= int(outline.right()) + 2; ++x) {
            const QRgb c = lesionFrame.pixel(x, y);
            cyan += qBlue(c) > 200 && qGreen(c) > 180 && qRed(c) < 80;
        }
    QVERIFY2(cyan > 50, qPrintable(QString::number(cyan)));
    hanging_->viewport(view)->clearGroundTruth();
}

void TestHangingView::loupeMagnifiesUnderTheCursor()
{
    VtkViewport* vp = hanging_->viewport(StandardView::LCC);
    const QImage before = hanging_->grabFrame();
    hanging_->setLoupeEnabled(true);
    const cv::Rect crop = geometry_.at(StandardView::LCC).cropWindow();
    const QPointF p =
        vp->storedToWidget(QPointF(crop.x + crop.width / 3.0, crop.y + crop.height / 2.0));
    sendMouse(vp, QEvent::MouseMove, p, Qt::NoButton, Qt::NoButton);
    const QImage after = hanging_->grabFrame();
    after.save(screenshotPath(QStringLiteral("hanging-loupe.png")));
    const QRect loupe = QRect(p.toPoint() - QPoint(100, 100), QSize(200, 200))
                            .translated(rectOf(StandardView::LCC).topLeft())
                            .intersected(rectOf(StandardView::LCC));
    QVERIFY(meanAbsDifference(before, after, loupe) > 5.0);
    // Outside the loupe nothing changed.
    const QRect far = QRect(rectOf(StandardView::RMLO).topLeft() + QPoint(50, 50), QSize(100, 100));
    QCOMPARE(meanAbsDifference(before, after, far), 0.0);
    hanging_->setLoupeEnabled(false);
}

void TestHangingView::loupeKeepsTheStoredPointUnderTheCursor_data()
{
    QTest::addColumn<QPointF>("stored");
    QTest::newRow("middle of the view") << QPointF(150, 200);
    // R-CC's chest wall is on its right edge: the loupe's square is cut by the widget there.
    QTest::newRow("square cut by the view's edge") << QPointF(285, 200);
}

void TestHangingView::loupeKeepsTheStoredPointUnderTheCursor()
{
    // A synthetic image with one small bright block: with the cursor on the block, the loupe must
    // show it magnified around the cursor, also where only part of the loupe's square is on
    // screen.
    QFETCH(QPointF, stored);
    core::MammogramImage image;
    image.pixels = cv::Mat(400, 300, CV_16UC1, cv::Scalar(500));
    image.pixels(cv::Rect(int(stored.x()) - 3, int(stored.y()) - 3, 6, 6)).setTo(4000);
    image.laterality = core::Laterality::Right;
    image.position = core::ViewPosition::CC;
    VtkViewport* vp = hanging_->viewport(StandardView::RCC);
    vp->setImage(image);
    vp->setWindowLevel(3500, 2250);
    hanging_->setLoupeEnabled(true);
    const QPointF cursor = vp->storedToWidget(stored);
    sendMouse(vp, QEvent::MouseMove, cursor, Qt::NoButton, Qt::NoButton);
    const QImage frame = hanging_->grabFrame();
    const double loupeScale = std::max(1.0, 3.0 * vp->transform().scale());
    hanging_->setLoupeEnabled(false);
    vp->setImage(exam_.views.at(StandardView::RCC));

    // The block's magnified pixels: their centre is the cursor, their width 6 x the loupe's scale.
    const QRect r = rectOf(StandardView::RCC);
    double sumX = 0, sumY = 0;
    int count = 0, left = r.width(), right = -1, top = r.height(), bottom = -1;
    for (int y = int(cursor.y()) - 60; y < int(cursor.y()) + 60; ++y)
        for (int x = int(cursor.x()) - 60; x < int(cursor.x()) + 60; ++x) {
            if (x < 0 || y < 0 || x >= r.width() || y >= r.height())
                continue;
            // White only: the focused view's blue frame is bright too.
            const QRgb p = frame.pixel(r.left() + x, r.top() + y);
            if (std::min({qRed(p), qGreen(p), qBlue(p)}) > 128) {
                sumX += x + 0.5;
                sumY += y + 0.5;
                ++count;
                left = std::min(left, x);
                right = std::max(right, x);
                top = std::min(top, y);
                bottom = std::max(bottom, y);
            }
        }
    QVERIFY(count > 0);
    qInfo("cursor (%.1f, %.1f), block centre in the loupe (%.1f, %.1f), %d x %d px (%.1f "
          "expected)",
          cursor.x(), cursor.y(), sumX / count, sumY / count, right - left + 1, bottom - top + 1,
          6 * loupeScale);
    QVERIFY(std::abs(sumX / count - cursor.x()) <= 1.5);
    QVERIFY(std::abs(sumY / count - cursor.y()) <= 1.5);
    QVERIFY(std::abs(right - left + 1 - 6 * loupeScale) <= 2.0);
    QVERIFY(std::abs(bottom - top + 1 - 6 * loupeScale) <= 2.0);
}

void TestHangingView::screenshotsOfTheMainStates()
{
    hanging_->grabFrame().save(screenshotPath(QStringLiteral("hanging-4up.png")));
    OverlaySettings settings;
    showExamWithOverlays(settings);
    hanging_->grabFrame().save(screenshotPath(QStringLiteral("hanging-4up-malignant-ramp.png")));
    settings.showBenign = true;
    settings.colourMap = OverlaySettings::ColourMap::Perceptual;
    settings.opacity = 0.7;
    hanging_->setOverlaySettings(settings);
    hanging_->grabFrame().save(screenshotPath(QStringLiteral("hanging-4up-both-perceptual.png")));
    settings.smooth = false;
    settings.colourMap = OverlaySettings::ColourMap::Ramp;
    hanging_->setOverlaySettings(settings);
    hanging_->grabFrame().save(screenshotPath(QStringLiteral("hanging-4up-both-cell-exact.png")));
    hanging_->clearOverlays();
}

QTEST_MAIN(TestHangingView)
#include "tst_hangingview.moc"
