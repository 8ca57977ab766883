#pragma once
// The numbers GMIC-SPEC 10.2 and 10.3 produce for one image, named as the reference's exam list
// names them, so that they compare one-to-one with ../shared/parity/meta.json.

namespace mammolens::core {

struct CropInfo
{
    /// 10.2 step 7: the crop window in stored-image pixels after the buffers, half-open
    /// (`crop_window_top_bottom_left_right`).
    int top = 0;
    int bottom = 0;
    int left = 0;
    int right = 0;

    /// 10.2 step 9, in the cropped image as if it faced right (`rightmost_points_rows_and_col`).
    /// For breasts facing left the column is `w - col`, one more than a true mirror: the
    /// reference's convention, kept because 10.3 builds on it.
    int rightmostRowFirst = 0;
    int rightmostRowLast = 0;
    int rightmostCol = 0;

    /// 10.2 steps 6 and 9 (`bottommost_points_row_and_cols`); columns mirrored as `right - col`.
    int bottommostRow = 0;
    int bottommostColFirst = 0;
    int bottommostColLast = 0;

    /// 10.2 step 8: columns between the breast and the chest-wall edge; non-zero = suspicious.
    int distanceFromStartingSide = 0;

    /// 10.3, in the cropped and flipped image; may lie outside it (10.4 pads).
    int bestCenterRow = 0;
    int bestCenterCol = 0;

    /// 10.1: the image was mirrored left-right before 10.3 (the breast faced left when stored).
    bool flipped = false;
};

} // namespace mammolens::core
