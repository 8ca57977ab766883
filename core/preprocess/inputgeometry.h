#pragma once
// GMIC-SPEC 11: where every model-input pixel and saliency cell came from in the stored image.
// Preprocessing (GMIC-SPEC 10) only crops, mirrors, pads and cuts a window, so each mapping is a
// translation plus an optional left-right mirror; this class records the steps and is the one place
// that does that arithmetic. A heatmap shifted by the padding or mirrored onto the wrong side is a
// clinical error, so every overlay goes through here.

#include <opencv2/core/matx.hpp>
#include <opencv2/core/types.hpp>

namespace mammolens::core {

/// Immutable value; all methods const and thread-safe.
///
/// Two coordinate conventions, both with x = column and y = row:
/// - pixel indices (cv::Point, cv::Rect): a rect is the half-open set of pixels it covers;
/// - continuous coordinates (cv::Point2d, the transforms): pixel (r, c) covers [c, c+1) x [r, r+1),
///   so a mirror maps x to `width - x` and a pixel's centre is (c + 0.5, r + 0.5).
/// Mappings never clip: a result may lie outside the image or the input (padding); the *Clipped
/// and *ShowsImage methods say what is real image content.
class InputGeometry
{
public:
    /// Every step of GMIC-SPEC 10 that moves pixels, in the order it is applied.
    struct Steps
    {
        int storedRows = 0; ///< the stored image as loaded (never flipped on disk or in memory)
        int storedCols = 0;
        int cropTop = 0; ///< 10.2 step 7, half-open, stored-image pixels
        int cropBottom = 0;
        int cropLeft = 0;
        int cropRight = 0;
        bool flipped = false; ///< 10.1: the cropped image was mirrored left-right
        int padTop = 0;       ///< 10.4: zero rows added above the cropped image (CC views)
        int padBottom = 0;
        int padRight = 0;   ///< 10.4: zero columns added right of the (flipped) cropped image
        int windowTop = 0;  ///< 10.4: the input window's first row in the padded image
        int windowLeft = 0; ///< 10.4: the input window's first column in the padded image
        int inputRows = 0;
        int inputCols = 0;
        int camRows = 0; ///< saliency map size (GMIC-SPEC 1)
        int camCols = 0;
    };

    InputGeometry() = default;
    explicit InputGeometry(const Steps& steps) : s_(steps) {}

    const Steps& steps() const { return s_; }
    bool isValid() const;
    cv::Rect cropWindow() const; ///< in stored-image pixels
    cv::Size inputSize() const { return {s_.inputCols, s_.inputRows}; }
    cv::Size camSize() const { return {s_.camCols, s_.camRows}; }
    double cellRows() const { return double(s_.inputRows) / s_.camRows; } ///< 64 for GMIC
    double cellCols() const { return double(s_.inputCols) / s_.camCols; } ///< 64 for GMIC

    // Continuous coordinates.
    cv::Point2d storedToInput(const cv::Point2d& stored) const;
    cv::Point2d inputToStored(const cv::Point2d& input) const;

    // Pixel indices; exact inverses of each other.
    cv::Point storedPixelToInputPixel(const cv::Point& stored) const;
    cv::Point inputPixelToStoredPixel(const cv::Point& input) const;

    // Rectangles; exact inverses of each other. Mirroring swaps the left and right edges.
    cv::Rect storedRectToInput(const cv::Rect& stored) const;
    cv::Rect inputRectToStored(const cv::Rect& input) const;
    /// The stored pixels a model-input rect actually shows (its padding removed); empty if none.
    cv::Rect inputRectToStoredClipped(const cv::Rect& input) const;
    /// False for input pixels that are padding or lie outside the input.
    bool inputPixelShowsImage(const cv::Point& input) const;

    // Saliency cells (GMIC-SPEC 4 step 4 and 11): cell (i, j) covers input rows
    // [round(i * inputRows / camRows), round((i + 1) * inputRows / camRows)), likewise columns;
    // exactly [64i, 64i + 64) x [64j, 64j + 64) for the official sizes.
    cv::Rect cellToInputRect(int cellRow, int cellCol) const;
    cv::Point inputPixelToCell(const cv::Point& input) const;  ///< x = cell column, y = cell row
    cv::Rect cellToStoredRect(int cellRow, int cellCol) const; ///< unclipped

    // Affine 2x3 transforms in continuous coordinates ([x', y'] = M [x, y, 1]).
    cv::Matx23d storedToInputTransform() const;
    cv::Matx23d inputToStoredTransform() const;
    /// A camRows x camCols saliency map, taken as an image, onto the stored image (scale by the
    /// cell size, then inputToStoredTransform). Exact for the official sizes.
    cv::Matx23d cellToStoredTransform() const;
    /// Converts a continuous-coordinate transform to OpenCV's pixel-centre convention (pixel (r, c)
    /// at (c, r)), the one cv::warpAffine expects.
    static cv::Matx23d toPixelCentreConvention(const cv::Matx23d& transform);

private:
    int cropRows() const { return s_.cropBottom - s_.cropTop; }
    int cropCols() const { return s_.cropRight - s_.cropLeft; }
    int cellEdge(int cell, int cells, int pixels) const;

    Steps s_;
};

} // namespace mammolens::core
