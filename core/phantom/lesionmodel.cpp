#include "core/phantom/lesionmodel.h"

#include "core/phantom/breastphantom.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

namespace mammolens::core {

namespace {

/// Supersampling so that a lesion is drawn at <= target mm per sample, then area-averaged.
int supersampling(double spacingMm, double targetMm)
{
    return std::clamp(int(std::ceil(spacingMm / targetMm - 1e-9)), 1, 12);
}

/// Area-averages a supersampled patch back to output pixels.
cv::Mat downsample(const cv::Mat& fine, cv::Size size)
{
    if (fine.size() == size)
        return fine;
    cv::Mat coarse;
    cv::resize(fine, coarse, size, 0, 0, cv::INTER_AREA);
    return coarse;
}

/// Output pixel (x, y) to the supersampled patch of `box` with `ss` samples per pixel.
cv::Point2d toFine(const cv::Point2d& px, const cv::Rect& box, int ss)
{
    return {(px.x - box.x + 0.5) * ss - 0.5, (px.y - box.y + 0.5) * ss - 0.5};
}

/// Sub-pixel polygon drawing: coordinates with 4 fractional bits.
constexpr int kShift = 4;
cv::Point fixedPoint(const cv::Point2d& p)
{
    return {int(std::lround(p.x * (1 << kShift))), int(std::lround(p.y * (1 << kShift)))};
}

/// The mask pixels inside the breast and their bounding box, merged into `mask`.
cv::Rect mergeMask(const cv::Mat& lesionMask, const cv::Rect& box, const cv::Mat& breast,
                   cv::Mat& mask)
{
    cv::Mat inside = lesionMask & breast(box);
    cv::Mat target = mask(box);
    cv::bitwise_or(target, inside, target);
    if (cv::countNonZero(inside) == 0)
        return {};
    return cv::boundingRect(inside) + box.tl();
}

} // namespace

QString toString(LesionType type)
{
    switch (type) {
    case LesionType::CircumscribedMass:
        return QStringLiteral("circumscribed_mass");
    case LesionType::BenignCalcifications:
        return QStringLiteral("benign_calcifications");
    case LesionType::SpiculatedMass:
        return QStringLiteral("spiculated_mass");
    case LesionType::IrregularMass:
        return QStringLiteral("irregular_mass");
    case LesionType::PleomorphicCalcifications:
        return QStringLiteral("pleomorphic_calcifications");
    }
    return {};
}

bool LesionModel::malignant() const
{
    return type_ == LesionType::SpiculatedMass || type_ == LesionType::IrregularMass ||
           type_ == LesionType::PleomorphicCalcifications;
}

bool LesionModel::isMass() const
{
    return type_ == LesionType::CircumscribedMass || type_ == LesionType::SpiculatedMass ||
           type_ == LesionType::IrregularMass;
}

double LesionModel::reachMm() const
{
    switch (type_) {
    case LesionType::CircumscribedMass:
    case LesionType::IrregularMass:
        return radiusMm_ * std::sqrt(aspect_) * 1.3;
    case LesionType::SpiculatedMass:
        return radiusMm_ *
               1.6; // the spicules may cross the skin line's neighbourhood, not the core
    case LesionType::PleomorphicCalcifications:
    case LesionType::BenignCalcifications:
        return radiusMm_;
    }
    return radiusMm_;
}

LesionModel LesionModel::random(LesionType type, PhantomRandom& rng)
{
    LesionModel m;
    m.type_ = type;
    m.shapeKey_ = rng.next();
    m.angle_ = rng.uniform(0.0, M_PI);
    m.mloTurn_ = rng.uniform(-0.6, 0.6);
    auto harmonics = [&](int highest, double amplitude) {
        for (int k = 2; k <= highest; ++k) {
            m.harmonics_.push_back(amplitude * rng.uniform(0.3, 1.0) / std::sqrt(k - 1.0));
            m.phases_.push_back(rng.uniform(0.0, 2.0 * M_PI));
        }
    };
    switch (type) {
    case LesionType::CircumscribedMass: // round or oval, smooth, sharply outlined
        m.radiusMm_ = rng.uniform(3.5, 9.0);
        m.aspect_ = rng.chance(0.5) ? rng.uniform(1.0, 1.15) : rng.uniform(1.3, 1.8);
        m.contrast_ = rng.uniform(0.35, 0.55);
        m.marginBlurMm_ = 0.08;
        harmonics(3, 0.025);
        break;
    case LesionType::IrregularMass: // lobulated, jagged and ill-defined
        m.radiusMm_ = rng.uniform(4.5, 10.0);
        m.aspect_ = rng.uniform(1.0, 1.4);
        m.contrast_ = rng.uniform(0.45, 0.62);
        m.marginBlurMm_ = 0.08 * m.radiusMm_;
        harmonics(9, 0.22);
        break;
    case LesionType::SpiculatedMass: // a dense irregular core with radiating spicules
        m.radiusMm_ = rng.uniform(3.5, 8.0);
        m.aspect_ = rng.uniform(1.0, 1.25);
        m.contrast_ = rng.uniform(0.45, 0.65);
        m.marginBlurMm_ = 0.3;
        harmonics(7, 0.12);
        break;
    case LesionType::PleomorphicCalcifications: {
        // 5-15 fine specks of varied shape in a cluster of at most about 1 cm.
        const int count = rng.uniformInt(5, 15);
        const cv::Point3d radii(rng.uniform(2.0, 4.5), rng.uniform(2.0, 4.5),
                                rng.uniform(2.0, 4.5));
        m.radiusMm_ = 0.0;
        for (int i = 0; i < count; ++i) {
            Speck s;
            cv::Point3d p;
            do {
                p = {rng.uniform(-1, 1), rng.uniform(-1, 1), rng.uniform(-1, 1)};
            } while (p.dot(p) > 1.0);
            s.offsetMm = {p.x * radii.x, p.y * radii.y, p.z * radii.z};
            s.sizeMm = rng.uniform(0.15, 0.5);
            s.shape = rng.uniformInt(0, 2);
            s.elongation = s.shape == 1 ? rng.uniform(2.0, 4.0) : rng.uniform(1.0, 1.6);
            s.angle = rng.uniform(0.0, M_PI);
            s.amplitude = rng.uniform(1300.0, 2000.0);
            m.specks_.push_back(s);
            m.radiusMm_ = std::max(m.radiusMm_, std::sqrt(s.offsetMm.dot(s.offsetMm)) + 1.0);
        }
        break;
    }
    case LesionType::BenignCalcifications: {
        // A few large, round, smooth calcifications scattered through the breast.
        const int count = rng.uniformInt(3, 7);
        for (int i = 0; i < count; ++i) {
            Speck s;
            s.sizeMm = rng.uniform(0.9, 2.5);
            s.shape = 0;
            s.elongation = rng.uniform(1.0, 1.3);
            s.angle = rng.uniform(0.0, M_PI);
            s.amplitude = rng.uniform(1700.0, 2400.0);
            m.specks_.push_back(s);
        }
        m.radiusMm_ = 2.5;
        break;
    }
    }
    return m;
}

cv::Rect LesionModel::render(ViewPosition view, double spacingMm,
                             const std::function<cv::Point2d(const cv::Point3d&)>& toPx,
                             double glandContrast, const cv::Mat& breast, cv::Mat& image,
                             cv::Mat& mask) const
{
    if (isMass())
        return renderMass(view, spacingMm, toPx(position), glandContrast, breast, image, mask);
    return renderSpecks(view, spacingMm, toPx, breast, image, mask);
}

cv::Rect LesionModel::renderMass(ViewPosition view, double spacingMm, const cv::Point2d& centrePx,
                                 double glandContrast, const cv::Mat& breast, cv::Mat& image,
                                 cv::Mat& mask) const
{
    const bool spiculated = type_ == LesionType::SpiculatedMass;
    PhantomRandom rng(PhantomRandom::key({shapeKey_, std::uint64_t(view == ViewPosition::MLO)}));
    // Spicules: thin tapering lines radiating from the core, arranged anew in each projection.
    struct Spicule
    {
        double angle, lengthMm, halfWidthMm, amplitude;
    };
    std::vector<Spicule> spicules;
    double reach = radiusMm_ * std::sqrt(aspect_) * 1.4 + 3.0 * marginBlurMm_;
    if (spiculated) {
        const int count = rng.uniformInt(10, 22);
        for (int i = 0; i < count; ++i) {
            Spicule s;
            s.angle = 2.0 * M_PI * (i + rng.uniform(-0.35, 0.35)) / count;
            s.lengthMm = radiusMm_ * rng.uniform(1.6, 3.4);
            // At least about a pixel wide at small sizes, so that the spicules survive.
            s.halfWidthMm = std::max(rng.uniform(0.3, 0.6), 0.6 * spacingMm);
            s.amplitude = rng.uniform(0.45, 0.8);
            spicules.push_back(s);
            reach = std::max(reach, s.lengthMm + 1.0);
        }
    }
    const double reachPx = reach / spacingMm + 2.0;
    const cv::Rect box = cv::Rect(cv::Point(int(std::floor(centrePx.x - reachPx)),
                                            int(std::floor(centrePx.y - reachPx))),
                                  cv::Point(int(std::ceil(centrePx.x + reachPx)) + 1,
                                            int(std::ceil(centrePx.y + reachPx)) + 1)) &
                         cv::Rect(0, 0, image.cols, image.rows);
    if (box.empty())
        return {};
    const int ss = supersampling(spacingMm, 0.14);
    const double fineMm = spacingMm / ss;
    const cv::Point2d c = toFine(centrePx, box, ss);
    const double turn = angle_ + (view == ViewPosition::MLO ? mloTurn_ : 0.0);
    const double cosT = std::cos(turn), sinT = std::sin(turn);
    const double a = radiusMm_ * std::sqrt(aspect_), b = radiusMm_ / std::sqrt(aspect_);

    std::vector<double> cosPhase, sinPhase;
    for (double phase : phases_) {
        cosPhase.push_back(std::cos(phase));
        sinPhase.push_back(std::sin(phase));
    }
    cv::Mat density(box.height * ss, box.width * ss, CV_32FC1);
    cv::Mat core(density.size(), CV_32FC1);
    for (int r = 0; r < density.rows; ++r) {
        float* d = density.ptr<float>(r);
        float* k = core.ptr<float>(r);
        for (int col = 0; col < density.cols; ++col) {
            const double dx = (col - c.x) * fineMm, dy = (r - c.y) * fineMm;
            const double x = (dx * cosT + dy * sinT) / a, y = (-dx * sinT + dy * cosT) / b;
            const double radius = std::sqrt(x * x + y * y);
            if (radius > 2.0) { // beyond any outline (harmonics sum to well under 1)
                d[col] = k[col] = 0.0f;
                continue;
            }
            // cos(k phi + phase) from powers of e^(i phi): no trigonometry per sample.
            const double c1 = radius > 0 ? x / radius : 1.0, s1 = radius > 0 ? y / radius : 0.0;
            double ck = c1 * c1 - s1 * s1, sk = 2.0 * c1 * s1; // k = 2
            double outline = 1.0;
            for (size_t h = 0; h < harmonics_.size(); ++h) {
                outline += harmonics_[h] * (ck * cosPhase[h] - sk * sinPhase[h]);
                const double next = ck * c1 - sk * s1;
                sk = sk * c1 + ck * s1;
                ck = next;
            }
            const double q = radius / outline;
            // Projected thickness of a flattened ellipsoid: flat top, steep edge.
            d[col] = q < 1.0 ? float(std::pow(1.0 - q * q, 0.3)) : 0.0f;
            k[col] = q < 1.0 ? 1.0f : 0.0f;
        }
    }
    if (spiculated) {
        cv::Mat lines(density.size(), CV_32FC1, cv::Scalar(0));
        for (const Spicule& s : spicules) {
            const double angle = s.angle + turn;
            const cv::Point2d dir(std::cos(angle), std::sin(angle));
            const cv::Point2d normal(-dir.y, dir.x);
            const double base = 0.6 * radiusMm_ / fineMm, tip = s.lengthMm / fineMm;
            const double w = s.halfWidthMm / fineMm;
            const cv::Point polygon[] = {fixedPoint(c + dir * base + normal * w),
                                         fixedPoint(c + dir * tip),
                                         fixedPoint(c + dir * base - normal * w)};
            cv::Mat one(density.size(), CV_32FC1, cv::Scalar(0));
            cv::fillConvexPoly(one, polygon, 3, cv::Scalar(s.amplitude), cv::LINE_8, kShift);
            lines = cv::max(lines, one);
        }
        density = cv::max(density, lines);
    }
    const double blurFine = marginBlurMm_ / fineMm;
    if (blurFine > 0.3)
        cv::GaussianBlur(density, density, cv::Size(), blurFine);
    const cv::Mat added = downsample(density, box.size());
    cv::Mat target = image(box);
    cv::scaleAdd(added, contrast_ * glandContrast, target, target);
    const cv::Mat coreMask = downsample(core, box.size()) >= 0.5f;
    return mergeMask(coreMask, box, breast, mask);
}

cv::Rect LesionModel::renderSpecks(ViewPosition view, double spacingMm,
                                   const std::function<cv::Point2d(const cv::Point3d&)>& toPx,
                                   const cv::Mat& breast, cv::Mat& image, cv::Mat& mask) const
{
    const bool cluster = !scattered();
    // Calcifications stay at least a pixel (fine ones) or two (large benign ones) wide, so that
    // at small image sizes they become bright pixels rather than vanish into the average.
    const double minSizeMm = (cluster ? 1.0 : 2.0) * spacingMm;
    std::vector<cv::Point2d> centres;
    for (const Speck& s : specks_) {
        const cv::Point2d base = toPx(cluster ? position : s.position);
        centres.push_back(base + BreastPhantom::projectOffsetMm(s.offsetMm, view) / spacingMm);
    }
    const int ss = supersampling(spacingMm, 0.03);
    const double fineMm = spacingMm / ss;
    const cv::Rect frame(0, 0, image.cols, image.rows);
    cv::Rect bounds;
    PhantomRandom rng(PhantomRandom::key({shapeKey_, std::uint64_t(view == ViewPosition::MLO)}));
    for (size_t i = 0; i < specks_.size(); ++i) {
        const Speck& s = specks_[i];
        const double size = std::max(s.sizeMm, minSizeMm);
        const double halfPx = size * std::max(1.0, s.elongation) / spacingMm / 2.0 + 2.0;
        const cv::Point2d p = centres[i];
        const cv::Rect box =
            cv::Rect(
                cv::Point(int(std::floor(p.x - halfPx)), int(std::floor(p.y - halfPx))),
                cv::Point(int(std::ceil(p.x + halfPx)) + 1, int(std::ceil(p.y + halfPx)) + 1)) &
            frame;
        if (box.empty())
            continue;
        cv::Mat fine(box.height * ss, box.width * ss, CV_32FC1, cv::Scalar(0));
        const cv::Point2d c = toFine(p, box, ss);
        const double angle = s.angle + (view == ViewPosition::MLO ? mloTurn_ : 0.0);
        const double halfWidth = size / 2.0 / fineMm;
        const double halfLength = halfWidth * s.elongation;
        const cv::Point2d dir(std::cos(angle), std::sin(angle)), normal(-dir.y, dir.x);
        if (s.shape == 0) {
            cv::ellipse(fine,
                        cv::RotatedRect(cv::Point2f(c),
                                        cv::Size2f(float(2 * halfLength), float(2 * halfWidth)),
                                        float(angle * 180.0 / M_PI)),
                        cv::Scalar(s.amplitude), cv::FILLED, cv::LINE_8);
        } else if (s.shape == 1) {
            const cv::Point rod[] = {fixedPoint(c + dir * halfLength + normal * halfWidth),
                                     fixedPoint(c + dir * halfLength - normal * halfWidth),
                                     fixedPoint(c - dir * halfLength - normal * halfWidth),
                                     fixedPoint(c - dir * halfLength + normal * halfWidth)};
            cv::fillConvexPoly(fine, rod, 4, cv::Scalar(s.amplitude), cv::LINE_8, kShift);
        } else {
            std::vector<cv::Point> polygon;
            const int vertices = rng.uniformInt(5, 7);
            for (int v = 0; v < vertices; ++v) {
                const double phi = angle + 2.0 * M_PI * (v + rng.uniform(-0.3, 0.3)) / vertices;
                const double radius = halfLength * rng.uniform(0.55, 1.25);
                polygon.push_back(
                    fixedPoint(c + cv::Point2d(std::cos(phi), std::sin(phi)) * radius));
            }
            cv::fillPoly(fine, std::vector<std::vector<cv::Point>>{polygon},
                         cv::Scalar(s.amplitude), cv::LINE_8, kShift);
        }
        // A sample at full amplitude at least: a speck narrower than the sampling never vanishes.
        const cv::Point ci(std::clamp(int(std::lround(c.x)), 0, fine.cols - 1),
                           std::clamp(int(std::lround(c.y)), 0, fine.rows - 1));
        fine.at<float>(ci) = float(s.amplitude);
        const cv::Mat coarse = downsample(fine, box.size());
        cv::Mat target = image(box);
        cv::add(target, coarse, target);
        if (!cluster) { // each scattered calcification is outlined on its own
            cv::Mat m(box.size(), CV_8UC1, cv::Scalar(0));
            const double marginPx = std::max(0.3 / spacingMm, 1.0);
            cv::circle(m, fixedPoint(p - cv::Point2d(box.tl())),
                       int(std::lround((size * s.elongation / 2.0 / spacingMm + marginPx) *
                                       (1 << kShift))),
                       cv::Scalar(255), cv::FILLED, cv::LINE_8, kShift);
            bounds |= mergeMask(m, box, breast, mask);
        }
    }
    if (cluster && !centres.empty()) {
        // The cluster's outline: the convex hull of its specks, grown by about a millimetre.
        std::vector<cv::Point2f> points(centres.begin(), centres.end());
        std::vector<cv::Point2f> hull;
        cv::convexHull(points, hull);
        const double marginPx = std::max(1.0 / spacingMm, 2.0);
        cv::Rect box = cv::boundingRect(hull);
        box = cv::Rect(box.x - int(marginPx) - 2, box.y - int(marginPx) - 2,
                       box.width + 2 * int(marginPx) + 5, box.height + 2 * int(marginPx) + 5) &
              frame;
        if (box.empty())
            return {};
        cv::Mat m(box.size(), CV_8UC1, cv::Scalar(0));
        std::vector<cv::Point> polygon;
        for (const cv::Point2f& h : hull)
            polygon.push_back(fixedPoint(cv::Point2d(h) - cv::Point2d(box.tl())));
        cv::fillPoly(m, std::vector<std::vector<cv::Point>>{polygon}, cv::Scalar(255), cv::LINE_8,
                     kShift);
        for (size_t i = 0; i < polygon.size(); ++i) {
            cv::circle(m, polygon[i], int(std::lround(marginPx * (1 << kShift))), cv::Scalar(255),
                       cv::FILLED, cv::LINE_8, kShift);
            cv::line(m, polygon[i], polygon[(i + 1) % polygon.size()], cv::Scalar(255),
                     std::max(1, int(std::lround(2 * marginPx))), cv::LINE_8, kShift);
        }
        bounds = mergeMask(m, box, breast, mask);
    }
    return bounds;
}

} // namespace mammolens::core
