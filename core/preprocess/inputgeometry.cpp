#include "core/preprocess/inputgeometry.h"

#include <algorithm>
#include <cmath>

namespace mammolens::core {

bool InputGeometry::isValid() const
{
    return s_.storedRows > 0 && s_.storedCols > 0 && cropRows() > 0 && cropCols() > 0 &&
           s_.cropTop >= 0 && s_.cropLeft >= 0 && s_.cropBottom <= s_.storedRows &&
           s_.cropRight <= s_.storedCols && s_.inputRows > 0 && s_.inputCols > 0 &&
           s_.camRows > 0 && s_.camCols > 0;
}

cv::Rect InputGeometry::cropWindow() const
{
    return {s_.cropLeft, s_.cropTop, cropCols(), cropRows()};
}

// Forward: crop (minus top/left), mirror inside the crop, pad on top, cut the window (GMIC-SPEC
// 10.1-10.4). Inverse in reverse order (GMIC-SPEC 11).
cv::Point2d InputGeometry::storedToInput(const cv::Point2d& stored) const
{
    double x = stored.x - s_.cropLeft;
    if (s_.flipped)
        x = cropCols() - x;
    const double y = stored.y - s_.cropTop + s_.padTop;
    return {x - s_.windowLeft, y - s_.windowTop};
}

cv::Point2d InputGeometry::inputToStored(const cv::Point2d& input) const
{
    double x = input.x + s_.windowLeft;
    if (s_.flipped)
        x = cropCols() - x;
    const double y = input.y + s_.windowTop - s_.padTop;
    return {x + s_.cropLeft, y + s_.cropTop};
}

// Pixel indices mirror as `w - 1 - c` (a pixel, not an edge).
cv::Point InputGeometry::storedPixelToInputPixel(const cv::Point& stored) const
{
    int x = stored.x - s_.cropLeft;
    if (s_.flipped)
        x = cropCols() - 1 - x;
    const int y = stored.y - s_.cropTop + s_.padTop;
    return {x - s_.windowLeft, y - s_.windowTop};
}

cv::Point InputGeometry::inputPixelToStoredPixel(const cv::Point& input) const
{
    int x = input.x + s_.windowLeft;
    if (s_.flipped)
        x = cropCols() - 1 - x;
    const int y = input.y + s_.windowTop - s_.padTop;
    return {x + s_.cropLeft, y + s_.cropTop};
}

namespace {

// Both corners mapped as continuous points; min/max puts mirrored edges back in order. All
// coordinates are integers here, so the rounding only removes floating-point notation.
template <typename Map> cv::Rect mapRect(const cv::Rect& r, Map map)
{
    const cv::Point2d a = map(cv::Point2d(r.x, r.y));
    const cv::Point2d b = map(cv::Point2d(r.x + r.width, r.y + r.height));
    const int x0 = int(std::lround(std::min(a.x, b.x)));
    const int x1 = int(std::lround(std::max(a.x, b.x)));
    const int y0 = int(std::lround(std::min(a.y, b.y)));
    const int y1 = int(std::lround(std::max(a.y, b.y)));
    return {x0, y0, x1 - x0, y1 - y0};
}

} // namespace

cv::Rect InputGeometry::storedRectToInput(const cv::Rect& stored) const
{
    return mapRect(stored, [this](const cv::Point2d& p) { return storedToInput(p); });
}

cv::Rect InputGeometry::inputRectToStored(const cv::Rect& input) const
{
    return mapRect(input, [this](const cv::Point2d& p) { return inputToStored(p); });
}

cv::Rect InputGeometry::inputRectToStoredClipped(const cv::Rect& input) const
{
    // Only the input itself shows anything, and within it only the crop window is image content.
    const cv::Rect inInput = input & cv::Rect(0, 0, s_.inputCols, s_.inputRows);
    if (inInput.empty())
        return {};
    const cv::Rect shown = inputRectToStored(inInput) & cropWindow();
    return shown.empty() ? cv::Rect() : shown;
}

bool InputGeometry::inputPixelShowsImage(const cv::Point& input) const
{
    if (input.x < 0 || input.y < 0 || input.x >= s_.inputCols || input.y >= s_.inputRows)
        return false;
    return cropWindow().contains(inputPixelToStoredPixel(input));
}

int InputGeometry::cellEdge(int cell, int cells, int pixels) const
{
    // GMIC-SPEC 4 step 4: round(r / 46 * 2944), Python's round-half-to-even (nearbyint's default).
    return int(std::nearbyint(double(cell) / cells * pixels));
}

cv::Rect InputGeometry::cellToInputRect(int cellRow, int cellCol) const
{
    const int y0 = cellEdge(cellRow, s_.camRows, s_.inputRows);
    const int y1 = cellEdge(cellRow + 1, s_.camRows, s_.inputRows);
    const int x0 = cellEdge(cellCol, s_.camCols, s_.inputCols);
    const int x1 = cellEdge(cellCol + 1, s_.camCols, s_.inputCols);
    return {x0, y0, x1 - x0, y1 - y0};
}

cv::Point InputGeometry::inputPixelToCell(const cv::Point& input) const
{
    // First guess from the mean cell size, then correct for the rounding of the cell edges.
    auto cellOf = [this](int pixel, int cells, int pixels) {
        int cell = int(std::floor(double(pixel) * cells / pixels));
        while (cellEdge(cell + 1, cells, pixels) <= pixel)
            ++cell;
        while (cellEdge(cell, cells, pixels) > pixel)
            --cell;
        return cell;
    };
    return {cellOf(input.x, s_.camCols, s_.inputCols), cellOf(input.y, s_.camRows, s_.inputRows)};
}

cv::Rect InputGeometry::cellToStoredRect(int cellRow, int cellCol) const
{
    return inputRectToStored(cellToInputRect(cellRow, cellCol));
}

cv::Matx23d InputGeometry::inputToStoredTransform() const
{
    const double flip = s_.flipped ? -1.0 : 1.0;
    const double tx =
        s_.flipped ? cropCols() - s_.windowLeft + s_.cropLeft : s_.windowLeft + s_.cropLeft;
    const double ty = s_.windowTop - s_.padTop + s_.cropTop;
    return {flip, 0.0, tx, 0.0, 1.0, ty};
}

cv::Matx23d InputGeometry::storedToInputTransform() const
{
    // The inverse of x' = f x + tx (f = +-1) is x = f x' - f tx.
    const cv::Matx23d m = inputToStoredTransform();
    return {m(0, 0), 0.0, -m(0, 0) * m(0, 2), 0.0, 1.0, -m(1, 2)};
}

cv::Matx23d InputGeometry::cellToStoredTransform() const
{
    const cv::Matx23d m = inputToStoredTransform();
    const double sx = cellCols();
    const double sy = cellRows();
    return {m(0, 0) * sx, 0.0, m(0, 2), 0.0, m(1, 1) * sy, m(1, 2)};
}

cv::Matx23d InputGeometry::toPixelCentreConvention(const cv::Matx23d& t)
{
    // With c = e - 0.5 on both sides: c' = A c + (A (0.5, 0.5) + b - 0.5).
    return {t(0, 0), t(0, 1), t(0, 2) + 0.5 * (t(0, 0) + t(0, 1)) - 0.5,
            t(1, 0), t(1, 1), t(1, 2) + 0.5 * (t(1, 0) + t(1, 1)) - 0.5};
}

} // namespace mammolens::core
