#include "core/exam/groundtruthmasks.h"

#include "core/preprocess/inputgeometry.h"

#include <QFileInfo>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace mammolens::core {

namespace {
const char* const kKinds[] = {"benign", "malignant"};
}

bool GroundTruthMasks::isMaskFile(const QString& path)
{
    const QFileInfo info(path);
    if (info.suffix().compare(QLatin1String("png"), Qt::CaseInsensitive) != 0)
        return false;
    const QString stem = info.completeBaseName().toLower();
    for (const char* kind : kKinds)
        if (stem.endsWith(QLatin1Char('_') + QLatin1String(kind)))
            return true;
    return false;
}

std::vector<GroundTruthMask> GroundTruthMasks::find(const QString& imagePath)
{
    const QFileInfo info(imagePath);
    std::vector<GroundTruthMask> masks;
    for (const char* kind : kKinds) {
        const QString path = info.absolutePath() + QLatin1Char('/') + info.completeBaseName() +
                             QLatin1Char('_') + QLatin1String(kind) + QStringLiteral(".png");
        if (QFileInfo::exists(path))
            masks.push_back({QLatin1String(kind), path});
    }
    return masks;
}

cv::Mat GroundTruthMasks::loadInStoredPixels(const GroundTruthMask& mask, const InputGeometry& geometry)
{
    const cv::Mat m = cv::imread(mask.path.toStdString(), cv::IMREAD_GRAYSCALE);
    if (m.empty())
        return {};
    const auto& s = geometry.steps();
    cv::Mat binary = m > 0;
    if (m.rows == s.storedRows && m.cols == s.storedCols)
        return binary;
    if (m.rows != s.inputRows || m.cols != s.inputCols)
        return {};
    // Model-input pixels back to stored pixels (GMIC-SPEC 11), nearest neighbour: a mask stays
    // a mask, and the mapping is a translation plus an optional mirror, so nothing is resampled.
    cv::Mat stored;
    const cv::Matx23d t = InputGeometry::toPixelCentreConvention(geometry.inputToStoredTransform());
    cv::warpAffine(binary, stored, cv::Mat(t), cv::Size(s.storedCols, s.storedRows),
                   cv::INTER_NEAREST, cv::BORDER_CONSTANT, 0);
    return stored;
}

} // namespace mammolens::core
