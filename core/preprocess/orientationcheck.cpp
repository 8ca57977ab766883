#include "core/preprocess/orientationcheck.h"

#include <opencv2/core.hpp>

namespace mammolens::core {

OrientationCheck::Side OrientationCheck::chestWallSide(const cv::Mat& breastMask)
{
    if (breastMask.empty())
        return Side::Unknown;
    const int left = cv::countNonZero(breastMask.col(0));
    const int right = cv::countNonZero(breastMask.col(breastMask.cols - 1));
    if (left == right)
        return Side::Unknown;
    return left > right ? Side::Left : Side::Right;
}

OrientationCheck::Side OrientationCheck::chestWallSide(const QString& patientOrientationRow)
{
    const QString direction = patientOrientationRow.trimmed().toUpper();
    if (direction.startsWith('A'))
        return Side::Left;
    if (direction.startsWith('P'))
        return Side::Right;
    return Side::Unknown;
}

QStringList OrientationCheck::check(const cv::Mat& breastMask, const MammogramImage& image,
                                    bool horizontalFlip, Side expected)
{
    QStringList warnings;
    const QString claim = QString("%1 breast (from %2, horizontal_flip %3) should have its chest "
                                  "wall at the %4 edge")
                              .arg(image.laterality == Laterality::Left ? "a left" : "a right",
                                   mammolens::core::toString(image.lateralitySource),
                                   horizontalFlip ? "YES" : "NO", toString(expected));
    const Side fromPixels = chestWallSide(breastMask);
    if (fromPixels != Side::Unknown && fromPixels != expected)
        warnings << QString("orientation: the pixels put the chest wall at the %1 edge, but %2; "
                            "laterality or horizontal_flip may be wrong")
                        .arg(toString(fromPixels), claim);
    const Side fromHeader = chestWallSide(image.patientOrientationRow);
    if (fromHeader != Side::Unknown && fromHeader != expected)
        warnings << QString("orientation: PatientOrientation (%1) puts the chest wall at the %2 "
                            "edge, but %3")
                        .arg(image.patientOrientationRow, toString(fromHeader), claim);
    return warnings;
}

QString OrientationCheck::toString(Side side)
{
    switch (side) {
    case Side::Left:
        return QStringLiteral("left");
    case Side::Right:
        return QStringLiteral("right");
    case Side::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

} // namespace mammolens::core
