#include "core/phantom/phantomgenerator.h"

#include "core/phantom/breastphantom.h"
#include "core/phantom/tissuetexture.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <opencv2/imgproc.hpp>

namespace mammolens::core {

namespace {

constexpr int kPlacementTries = 400;
constexpr double kSkinMarginMm = 4.0;

/// What one patient's images share: acquisition and processing look, and tissue density.
struct Patient
{
    QChar density;
    double densityThreshold = 0; ///< texture level above which tissue is dense (z-score)
    double fatLevel = 600;       ///< fatty tissue at full thickness
    double glandContrast = 1500; ///< what dense tissue adds over fat
    double chestWallGain = 0.2;  ///< brighter towards the chest wall
    double skinBoost = 600;      ///< the skin line
    double pectoralLevel = 2400;
    double noise = 14; ///< detector noise per 0.07 mm pixel
};

struct Breast
{
    BreastPhantom geometry;
    std::vector<LesionModel> lesions;
};

double smoothstep(double edge0, double edge1, double x)
{
    const double t = std::clamp((x - edge0) / (edge1 - edge0), 0.0, 1.0);
    return t * t * (3.0 - 2.0 * t);
}

cv::Point2d mmToPx(const cv::Point2d& mm, double spacingMm)
{
    return {mm.x / spacingMm - 0.5, mm.y / spacingMm - 0.5};
}

cv::Point3d randomPosition(PhantomRandom& rng, double tLow, double tHigh)
{
    double u, v;
    do {
        u = rng.uniform(-1, 1);
        v = rng.uniform(-1, 1);
    } while (u * u + v * v > 1.0);
    return {rng.uniform(tLow, tHigh), 0.8 * u, 0.8 * v};
}

/// A point is usable for a lesion reaching `reachMm` when it is that far inside the breast (plus a
/// margin) in both views, clear of the pectoral muscle, and clear of the points already taken.
bool usable(const BreastPhantom& b, const cv::Point3d& p, double reachMm,
            const std::vector<std::pair<cv::Point3d, double>>& taken)
{
    for (ViewPosition view : {ViewPosition::CC, ViewPosition::MLO}) {
        const cv::Point2d mm = b.projectMm(p, view);
        if (b.insideDistanceMm(mm, view) < reachMm + kSkinMarginMm)
            return false;
        if (view == ViewPosition::MLO && b.pectoralDistanceMm(mm) > -(reachMm + 3.0))
            return false;
        for (const auto& [other, otherReach] : taken) {
            const cv::Point2d d = b.projectMm(other, view) - mm;
            if (std::hypot(d.x, d.y) < reachMm + otherReach + 4.0)
                return false;
        }
    }
    return true;
}

/// Places the lesion (each speck of scattered calcifications on its own); false when it does
/// not fit, and the breast then goes without it.
bool place(LesionModel& lesion, const BreastPhantom& b, PhantomRandom& rng,
           std::vector<std::pair<cv::Point3d, double>>& taken)
{
    if (!lesion.scattered()) {
        for (int i = 0; i < kPlacementTries; ++i) {
            const cv::Point3d p = randomPosition(rng, 0.2, 0.85);
            if (usable(b, p, lesion.reachMm(), taken)) {
                lesion.position = p;
                taken.emplace_back(p, lesion.reachMm());
                return true;
            }
        }
        return false;
    }
    int placed = 0;
    std::vector<LesionModel::Speck> kept;
    for (LesionModel::Speck& s : lesion.specks()) {
        for (int i = 0; i < kPlacementTries / 4; ++i) {
            const cv::Point3d p = randomPosition(rng, 0.1, 0.9);
            if (usable(b, p, s.sizeMm + 1.0, taken)) {
                s.position = p;
                taken.emplace_back(p, s.sizeMm + 4.0); // scattered: keep them apart
                kept.push_back(s);
                ++placed;
                break;
            }
        }
    }
    lesion.specks() = kept;
    return placed >= 2;
}

QChar randomDensity(PhantomRandom& rng, double* threshold)
{
    // BI-RADS 5th edition population shares, roughly: 10 % A, 40 % B, 40 % C, 10 % D. The
    // threshold makes about 10, 30, 55 and 80 % of the glandular zone dense.
    const double u = rng.uniform();
    if (u < 0.1) {
        *threshold = 1.28;
        return QLatin1Char('A');
    }
    if (u < 0.5) {
        *threshold = 0.52;
        return QLatin1Char('B');
    }
    if (u < 0.9) {
        *threshold = -0.13;
        return QLatin1Char('C');
    }
    *threshold = -0.84;
    return QLatin1Char('D');
}

PhantomView renderView(StandardView standardView, const Breast& breast, const Patient& patient,
                       const PhantomOptions& options, PhantomRandom& rng)
{
    const int rows = options.rows, cols = options.cols;
    const double s = options.spacingMm();
    const ViewPosition view = positionOf(standardView);
    const BreastPhantom& b = breast.geometry;

    // Outline and distance to the skin (the image edges are the chest wall, not skin).
    cv::Mat mask(rows, cols, CV_8UC1, cv::Scalar(0));
    std::vector<cv::Point> outline;
    for (const cv::Point2d& p : b.outlinePx(view, s))
        outline.emplace_back(int(std::lround(p.x * 16)), int(std::lround(p.y * 16)));
    cv::fillPoly(mask, std::vector<std::vector<cv::Point>>{outline}, cv::Scalar(255), cv::LINE_8,
                 4);
    // Distances in pixels; below 0.14 mm per pixel measured at half resolution (the skin line is
    // 0.5 mm wide, and the transform is a large share of a full-field view's cost).
    cv::Mat distance;
    const int distanceFactor = s < 0.1 ? 2 : 1;
    if (distanceFactor == 1) {
        cv::distanceTransform(mask, distance, cv::DIST_L2, cv::DIST_MASK_5);
    } else {
        cv::Mat coarseMask, coarse;
        cv::resize(mask, coarseMask, cv::Size(), 0.5, 0.5, cv::INTER_AREA);
        cv::threshold(coarseMask, coarseMask, 127, 255, cv::THRESH_BINARY);
        cv::distanceTransform(coarseMask, coarse, cv::DIST_L2, cv::DIST_MASK_5);
        cv::resize(coarse, distance, mask.size(), 0, 0, cv::INTER_LINEAR);
        distance *= double(distanceFactor);
    }

    const cv::Point2d nipple = mmToPx(b.nippleMm(view), s);
    const cv::Mat texture = TissueTexture::generate(rows, cols, s, nipple, rng);

    // The pectoral muscle of the MLO, with an edge softened over about half a millimetre; computed
    // in its bounding box only.
    cv::Mat pectoral;
    cv::Rect pectoralBox;
    if (view == ViewPosition::MLO) {
        std::vector<cv::Point> polygon;
        for (const cv::Point2d& p : b.pectoralPx(s))
            polygon.emplace_back(int(std::lround(p.x * 16)), int(std::lround(p.y * 16)));
        const double blur = std::max(0.5 / s, 0.5);
        const int margin = int(std::ceil(4 * blur)) + 1;
        cv::Rect box = cv::boundingRect(polygon);
        pectoralBox = cv::Rect(0, 0, box.br().x / 16 + 1 + margin, box.br().y / 16 + 1 + margin) &
                      cv::Rect(0, 0, cols, rows);
        cv::Mat hard(pectoralBox.size(), CV_8UC1, cv::Scalar(0));
        cv::fillPoly(hard, std::vector<std::vector<cv::Point>>{polygon}, cv::Scalar(255),
                     cv::LINE_8, 4);
        hard.convertTo(pectoral, CV_32F, 1.0 / 255.0);
        cv::GaussianBlur(pectoral, pectoral, cv::Size(), blur, blur, cv::BORDER_REPLICATE);
    }

    // Dense tissue: a logistic step of the texture around the density threshold (tabulated).
    constexpr int kLut = 2048;
    constexpr float kLutLow = -8.0f, kLutHigh = 8.0f;
    std::vector<float> denseLut(kLut + 1);
    for (int i = 0; i <= kLut; ++i) {
        const double z = kLutLow + (kLutHigh - kLutLow) * i / kLut;
        denseLut[i] = float(1.0 / (1.0 + std::exp(-(z - patient.densityThreshold) / 0.7)));
    }
    const auto dense = [&](float z) {
        const float x = std::clamp((z - kLutLow) / (kLutHigh - kLutLow) * kLut, 0.0f, float(kLut));
        return denseLut[int(x + 0.5f)];
    };

    const double depthMm = b.nippleMm(view).x;
    const double noiseSigma = patient.noise * (PhantomOptions::kFullFieldSpacingMm / s);
    const double skinWidth = std::max(0.5, 1.2 * s);
    const double skinReach = s + 4.0 * skinWidth;
    cv::Mat image(rows, cols, CV_32FC1, cv::Scalar(0));
    for (int r = 0; r < rows; ++r) {
        const uchar* m = mask.ptr<uchar>(r);
        const float* dist = distance.ptr<float>(r);
        const float* z = texture.ptr<float>(r);
        const float* pec = r < pectoralBox.height ? pectoral.ptr<float>(r) : nullptr;
        float* out = image.ptr<float>(r);
        for (int c = 0; c < cols; ++c) {
            if (!m[c])
                continue;
            const double d = dist[c] * s;
            // Compressed-breast edge: the thickness falls off over the last ~12 mm to the skin.
            const double e = 1.0 - std::min(d / 12.0, 1.0);
            const double thickness = std::sqrt(1.0 - e * e);
            const double depth = std::min((c + 0.5) * s / depthMm, 1.0);
            // Dense tissue stays out of the subcutaneous fat.
            const double glandular = smoothstep(2.0, 14.0, d) * dense(z[c]);
            double value = patient.fatLevel * (0.45 + 0.55 * thickness) *
                               (1.0 + patient.chestWallGain * (1.0 - depth)) +
                           patient.glandContrast * glandular * thickness;
            if (d < skinReach) {
                const double x = (d - s) / skinWidth;
                value += patient.skinBoost * std::exp(-x * x);
            }
            if (pec && c < pectoralBox.width && pec[c] > 0.0f) {
                const double muscle =
                    patient.pectoralLevel * (0.88 + 0.12 * (1.0 - depth)) + 110.0 * z[c];
                value = value * (1.0 - pec[c]) + muscle * pec[c];
            }
            out[c] = float(value + noiseSigma * rng.noise());
        }
    }

    PhantomView result;
    result.view = standardView;
    result.benignMask = cv::Mat(rows, cols, CV_8UC1, cv::Scalar(0));
    result.malignantMask = cv::Mat(rows, cols, CV_8UC1, cv::Scalar(0));
    const auto toPx = [&](const cv::Point3d& p) { return mmToPx(b.projectMm(p, view), s); };
    for (const LesionModel& lesion : breast.lesions) {
        cv::Mat& lesionMask = lesion.malignant() ? result.malignantMask : result.benignMask;
        const cv::Rect box =
            lesion.render(view, s, toPx, patient.glandContrast * options.lesionContrast, mask,
                          image, lesionMask);
        result.lesions.push_back({lesion.type(), lesion.malignant(), box});
    }

    // 12-bit, background exactly 0, breast at least 1.
    result.pixels.create(rows, cols, CV_16UC1);
    for (int r = 0; r < rows; ++r) {
        const uchar* m = mask.ptr<uchar>(r);
        const float* in = image.ptr<float>(r);
        ushort* out = result.pixels.ptr<ushort>(r);
        for (int c = 0; c < cols; ++c)
            out[c] = m[c] ? ushort(std::clamp(in[c], 1.0f, 4095.0f) + 0.5f) : 0;
    }

    if (lateralityOf(standardView) == Laterality::Right) { // GMIC-SPEC 10.1: chest wall right
        cv::flip(result.pixels, result.pixels, 1);
        cv::flip(result.benignMask, result.benignMask, 1);
        cv::flip(result.malignantMask, result.malignantMask, 1);
        for (PhantomLesionRecord& l : result.lesions)
            if (!l.box.empty())
                l.box.x = cols - l.box.x - l.box.width;
    }
    return result;
}

} // namespace

QString PhantomGenerator::examId(std::uint64_t seed, int index)
{
    return QStringLiteral("phantom-s%1-%2").arg(seed).arg(index, 5, 10, QLatin1Char('0'));
}

PhantomExam PhantomGenerator::generate(std::uint64_t seed, int index) const
{
    PhantomRandom rng(PhantomRandom::key({seed, std::uint64_t(index)}));
    Patient patient;
    patient.density = randomDensity(rng, &patient.densityThreshold);
    patient.fatLevel = rng.uniform(600, 760);
    patient.glandContrast = rng.uniform(1250, 1550);
    patient.chestWallGain = rng.uniform(0.12, 0.3);
    patient.skinBoost = rng.uniform(450, 750);
    patient.pectoralLevel = rng.uniform(2100, 2600);
    patient.noise = rng.uniform(10, 18);
    const double sizeFactor = rng.uniform(0.78, 1.2);

    const double s = options_.spacingMm();
    const double fieldRows = options_.rows * s, fieldCols = options_.cols * s;
    std::array<Breast, 2> breasts; // left, right
    for (Breast& breast : breasts) {
        breast.geometry = BreastPhantom::random(rng, fieldRows, fieldCols, sizeFactor);
        const double u = rng.uniform();
        const bool malignant = u < options_.malignantPrevalence;
        const bool benign = malignant
                                ? rng.chance(options_.benignWithMalignant)
                                : u < options_.malignantPrevalence + options_.benignPrevalence;
        std::vector<std::pair<cv::Point3d, double>> taken;
        if (malignant) {
            const double kind = rng.uniform();
            const LesionType type = kind < 0.4    ? LesionType::SpiculatedMass
                                    : kind < 0.65 ? LesionType::IrregularMass
                                                  : LesionType::PleomorphicCalcifications;
            LesionModel lesion = LesionModel::random(type, rng);
            if (place(lesion, breast.geometry, rng, taken))
                breast.lesions.push_back(lesion);
        }
        if (benign) {
            const LesionType type =
                rng.chance(0.6) ? LesionType::CircumscribedMass : LesionType::BenignCalcifications;
            LesionModel lesion = LesionModel::random(type, rng);
            if (place(lesion, breast.geometry, rng, taken))
                breast.lesions.push_back(lesion);
        }
    }

    PhantomExam exam;
    exam.id = examId(seed, index);
    exam.seed = seed;
    exam.index = index;
    exam.density = patient.density;
    exam.spacingMm = s;
    for (StandardView view : kStandardViews) {
        PhantomRandom viewRng(
            PhantomRandom::key({seed, std::uint64_t(index), 100 + std::uint64_t(view)}));
        const Breast& breast = breasts[lateralityOf(view) == Laterality::Left ? 0 : 1];
        exam.views.push_back(renderView(view, breast, patient, options_, viewRng));
    }
    return exam;
}

} // namespace mammolens::core
