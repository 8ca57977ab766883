#include "core/preprocess/breastcropper.h"

#include <algorithm>
#include <cstdint>
#include <opencv2/imgproc.hpp>
#include <vector>

namespace mammolens::core {

namespace {

/// L1 distance to the nearest zero pixel. 8-bit output saturates at 255, enough to compare with
/// up to 254 iterations and cheaper to write than float.
cv::Mat l1Distance(const cv::Mat& binary, int iterations)
{
    cv::Mat distance;
    cv::distanceTransform(binary, distance, cv::DIST_L1, cv::DIST_MASK_3,
                          iterations < 255 ? CV_8U : CV_32F);
    return distance;
}

/// The largest component's label and bounding box. On equal areas the component whose first
/// pixel comes first in row-major order wins, as scipy.ndimage.label numbers them and pandas'
/// idxmax picks them (10.2 step 3); computed here rather than trusting OpenCV's label order, which
/// its parallel labelling does not promise. One counting pass instead of
/// connectedComponentsWithStats, whose per-pixel statistics cost three times the labelling.
struct Component
{
    int label = 0;
    cv::Mat mask; ///< 255 on the component
    cv::Rect box;
};

Component largestComponent(const cv::Mat& binary)
{
    cv::Mat labels;
    const int count = cv::connectedComponents(binary, labels, 4, CV_32S);
    if (count < 2)
        return {};
    std::vector<std::int64_t> area(count, 0);
    std::vector<std::int64_t> firstPixel(count, -1);
    for (int y = 0; y < labels.rows; ++y) {
        const int* row = labels.ptr<int>(y);
        for (int x = 0; x < labels.cols; ++x) {
            const int label = row[x];
            if (area[label]++ == 0)
                firstPixel[label] = std::int64_t(y) * labels.cols + x;
        }
    }
    Component best;
    for (int label = 1; label < count; ++label) {
        if (!best.label || area[label] > area[best.label] ||
            (area[label] == area[best.label] && firstPixel[label] < firstPixel[best.label]))
            best.label = label;
    }
    cv::compare(labels, best.label, best.mask, cv::CMP_EQ);
    best.box = cv::boundingRect(best.mask);
    return best;
}

} // namespace

cv::Mat BreastCropper::largestComponentMask(const cv::Mat& pixels, int iterations, cv::Rect* breast)
{
    CV_Assert(pixels.type() == CV_16UC1 && iterations >= 0);
    const int rows = pixels.rows;
    const int cols = pixels.cols;

    // Steps 1-2. One zero pixel around the image makes the border count as background.
    cv::Mat padded(rows + 2, cols + 2, CV_8UC1, cv::Scalar(0));
    cv::Mat inner = padded(cv::Rect(1, 1, cols, rows));
    cv::compare(pixels, 0, inner, cv::CMP_GT);
    cv::Mat eroded;
    cv::compare(l1Distance(padded, iterations)(cv::Rect(1, 1, cols, rows)), iterations, eroded,
                cv::CMP_GT);

    // Step 3.
    const Component component = largestComponent(eroded);
    if (!component.label)
        return {};

    // Step 4. Dilation cannot reach beyond the component's box grown by `iterations`, so the
    // distance transform runs on that box only.
    const cv::Rect reach =
        cv::Rect(component.box.x - iterations, component.box.y - iterations,
                 component.box.width + 2 * iterations, component.box.height + 2 * iterations) &
        cv::Rect(0, 0, cols, rows);
    cv::Mat outside;
    cv::bitwise_not(component.mask(reach), outside);
    cv::Mat mask(rows, cols, CV_8UC1, cv::Scalar(0));
    cv::Mat maskReach = mask(reach);
    cv::compare(l1Distance(outside, iterations), iterations, maskReach, cv::CMP_LE);
    // The L1 ball of radius n around the component's extreme pixels reaches exactly n further
    // along each axis, so the dilated box is the component's box grown by n, clipped.
    if (breast)
        *breast = reach;
    return mask;
}

Outcome<BreastCropper::Result> BreastCropper::crop(const cv::Mat& pixels, bool facesRight,
                                                   int iterations, int bufferSize)
{
    Result result;
    result.mask = largestComponentMask(pixels, iterations, &result.breast);
    if (result.mask.empty())
        return Error{"preprocess.no_breast",
                     QString("no breast found: nothing non-zero survives %1 erosions (background "
                             "not 0, or the image is blank)")
                         .arg(iterations),
                     {}};
    const cv::Mat& mask = result.mask;
    const int rows = mask.rows;
    const int cols = mask.cols;
    CropInfo& c = result.crop;

    // Step 5.
    c.top = result.breast.y;
    c.bottom = result.breast.y + result.breast.height;
    c.left = result.breast.x;
    c.right = result.breast.x + result.breast.width;

    // Step 6.
    c.bottommostRow = c.bottom - 1;
    {
        const uchar* row = mask.ptr<uchar>(c.bottommostRow);
        int first = 0;
        while (!row[first])
            ++first;
        int last = cols - 1;
        while (!row[last])
            --last;
        c.bottommostColFirst = first;
        c.bottommostColLast = last;
    }

    // Step 8 (before step 7's column buffer).
    c.distanceFromStartingSide = facesRight ? c.left : cols - c.right;

    // Step 7.
    if (c.top > 0)
        c.top -= std::min(c.top, bufferSize);
    if (c.bottom < rows)
        c.bottom += std::min(rows - c.bottom, bufferSize);
    if (facesRight && c.right < cols)
        c.right += std::min(cols - c.right, bufferSize);
    if (!facesRight && c.left > 0)
        c.left -= std::min(c.left, bufferSize);

    // Step 9: bottom-most points in the cropped image as if it faced right. The reference mirrors
    // with `right - col`, one more than a pixel mirror; kept for parity (10.3 uses it).
    c.bottommostRow -= c.top;
    if (facesRight) {
        c.bottommostColFirst -= c.left;
        c.bottommostColLast -= c.left;
    } else {
        const int first = c.right - c.bottommostColLast;
        const int last = c.right - c.bottommostColFirst;
        c.bottommostColFirst = first;
        c.bottommostColLast = last;
    }

    // Step 9: right-most points, searched below the top third of the cropped mask. `h * (1/3)`
    // truncated, the reference's exact expression (int(h * find_rightmost_from_ratio)).
    const cv::Mat cropped = mask(cv::Range(c.top, c.bottom), cv::Range(c.left, c.right));
    const int ignored = int(cropped.rows * (1.0 / 3.0));
    const cv::Mat search = cropped.rowRange(ignored, cropped.rows);
    cv::Mat columnHasMask;
    cv::reduce(search, columnHasMask, 0, cv::REDUCE_MAX);
    const uchar* any = columnHasMask.ptr<uchar>(0);
    int col = -1;
    if (facesRight) {
        for (int x = cropped.cols - 1; x >= 0 && col < 0; --x)
            if (any[x])
                col = x;
    } else {
        for (int x = 0; x < cropped.cols && col < 0; ++x)
            if (any[x])
                col = x;
    }
    if (col < 0)
        return Error{"preprocess.no_breast", "no breast below the top third of the crop", {}};
    int firstRow = -1;
    int lastRow = -1;
    for (int y = 0; y < search.rows; ++y) {
        if (search.at<uchar>(y, col)) {
            if (firstRow < 0)
                firstRow = y;
            lastRow = y;
        }
    }
    c.rightmostRowFirst = firstRow + ignored;
    c.rightmostRowLast = lastRow + ignored;
    c.rightmostCol = facesRight ? col : cropped.cols - col;
    return result;
}

} // namespace mammolens::core
