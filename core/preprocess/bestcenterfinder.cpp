#include "core/preprocess/bestcenterfinder.h"

#include <algorithm>
#include <cstdint>
#include <opencv2/imgproc.hpp>
#include <vector>

namespace mammolens::core {

namespace {

/// Candidate centres along one axis: half .. size - half inclusive, or the centre of mass alone
/// when the window does not fit (10.3).
std::vector<int> axisCandidates(int size, int half, int com)
{
    std::vector<int> candidates;
    for (int c = half; c <= size - half; ++c)
        candidates.push_back(c);
    if (candidates.empty())
        candidates.push_back(com);
    return candidates;
}

/// The last row with a non-zero pixel among the right-most `windowCols` columns (all when the
/// image is narrower), or -1.
int lastNonZeroRow(const cv::Mat& image, int windowCols)
{
    const int first = std::max(0, image.cols - windowCols);
    cv::Mat rowMax;
    cv::reduce(image.colRange(first, image.cols), rowMax, 1, cv::REDUCE_MAX);
    for (int y = rowMax.rows - 1; y >= 0; --y)
        if (rowMax.at<ushort>(y, 0) > 0)
            return y;
    return -1;
}

} // namespace

cv::Point BestCenterFinder::find(const cv::Mat& image, ViewPosition position, const CropInfo& crop,
                                 int windowRows, int windowCols)
{
    CV_Assert(image.type() == CV_16UC1 && position != ViewPosition::Other);
    const int rows = image.rows;
    const int cols = image.cols;
    const int halfRows = windowRows / 2;
    const int halfCols = windowCols / 2;
    const int comRow = rows / 2;
    const int comCol = cols / 2;
    const int constrainedCol = crop.rightmostCol - halfCols - 1;

    std::vector<int> rowCandidates;
    std::vector<int> colCandidates{constrainedCol};
    if (position == ViewPosition::CC) {
        rowCandidates = axisCandidates(rows, halfRows, comRow);
    } else {
        // MLO: the window's bottom sits on the breast's lowest point, or on the last non-zero row
        // near the nipple side if that is higher (the pectoral muscle may reach lower).
        int bottom = crop.bottommostRow;
        const int lastRow = lastNonZeroRow(image, windowCols);
        if (lastRow >= 0)
            bottom = std::min(bottom, lastRow);
        rowCandidates = {bottom - halfRows - 1};
    }
    if (rowCandidates.size() == 1)
        return {colCandidates.front(), rowCandidates.front()};

    // Several candidates: count non-zero pixels per window in O(1) each from an integral image.
    cv::Mat nonZero;
    cv::compare(image, 0, nonZero, cv::CMP_GT);
    cv::bitwise_and(nonZero, 1, nonZero); // 0/1, so that the sums count pixels
    const bool fitsInt = std::int64_t(rows) * cols < (std::int64_t(1) << 31);
    cv::Mat integral;
    cv::integral(nonZero, integral, fitsInt ? CV_32S : CV_64F);
    auto at = [&](int y, int x) {
        return fitsInt ? double(integral.at<int>(y, x)) : integral.at<double>(y, x);
    };
    auto windowSum = [&](int centerRow, int centerCol) {
        // Overhanging the top or left shifts the window in; the bottom and right are clipped.
        const int top = std::clamp(centerRow - halfRows, 0, rows);
        const int left = std::clamp(centerCol - halfCols, 0, cols);
        const int bottom = std::min(top + windowRows, rows);
        const int right = std::min(left + windowCols, cols);
        return at(bottom, right) - at(top, right) - at(bottom, left) + at(top, left);
    };

    cv::Point best(colCandidates.front(), rowCandidates.front());
    double bestSum = -1.0;
    std::int64_t bestDistance = 0;
    for (int r : rowCandidates) {
        for (int c : colCandidates) {
            const double sum = windowSum(r, c);
            const std::int64_t dr = r - comRow;
            const std::int64_t dc = c - comCol;
            const std::int64_t distance = dr * dr + dc * dc;
            // Strict comparisons keep the first candidate in row-major order on full ties.
            if (sum > bestSum || (sum == bestSum && distance < bestDistance)) {
                best = {c, r};
                bestSum = sum;
                bestDistance = distance;
            }
        }
    }
    return best;
}

} // namespace mammolens::core
