#include "core/preprocess/preprocessor.h"

#include "core/preprocess/bestcenterfinder.h"
#include "core/preprocess/breastcropper.h"
#include "core/preprocess/orientationcheck.h"

#include <algorithm>
#include <future>
#include <opencv2/core.hpp>
#include <vector>

namespace mammolens::core {

namespace {

bool cancelled(const std::atomic<bool>* cancel)
{
    return cancel && cancel->load(std::memory_order_relaxed);
}

Error cancelledError(const QString& source)
{
    return Error{"preprocess.cancelled", "preprocessing was cancelled", source};
}

/// GMIC-SPEC 10.4 `shift_window_inside_image`: a window overhanging an edge moves inside.
int shiftInside(int start, int windowSize, int imageSize)
{
    if (start < 0)
        return 0;
    if (start + windowSize > imageSize)
        return imageSize - windowSize;
    return start;
}

} // namespace

Outcome<ModelInput> Preprocessor::process(const MammogramImage& image, bool horizontalFlip,
                                          const std::atomic<bool>* cancel) const
{
    // Errors are values at module boundaries (ARCHITECTURE.md): OpenCV's exceptions stop here.
    try {
        return run(image, horizontalFlip, cancel);
    } catch (const cv::Exception& e) {
        return Error{"preprocess.failed", QString("OpenCV: %1").arg(e.what()), image.sourcePath};
    } catch (const std::bad_alloc&) {
        return Error{"preprocess.failed", "out of memory", image.sourcePath};
    }
}

Outcome<ModelInput> Preprocessor::run(const MammogramImage& image, bool horizontalFlip,
                                      const std::atomic<bool>* cancel) const
{
    const QString& source = image.sourcePath;
    if (image.pixels.empty() || image.pixels.type() != CV_16UC1)
        return Error{"preprocess.bad_pixels", "the image has no 16-bit greyscale pixels", source};
    if (image.position == ViewPosition::Other)
        return Error{"preprocess.not_standard_view",
                     QString("view %1 is not a GMIC input (CC or MLO only)").arg(image.viewName),
                     source};
    const int R = options_.inputRows;
    const int C = options_.inputCols;

    // 10.1: the breast faces right for left-breast views, unless the exam says the images are
    // stored mirrored. Facing left means 10.3 onwards works on the mirrored crop.
    bool facesRight = (image.laterality == Laterality::Left) != horizontalFlip;

    // 10.2 on the stored (unflipped) image.
    if (cancelled(cancel))
        return cancelledError(source);
    Outcome<BreastCropper::Result> cropped = BreastCropper::crop(
        image.pixels, facesRight, options_.morphologyIterations, options_.bufferSize);
    if (!cropped) {
        Error error = cropped.error();
        error.source = source;
        return error;
    }
    if (cancelled(cancel))
        return cancelledError(source);

    ModelInput result;
    // The breast mask does not depend on the facing, so it tells where the chest wall really is.
    // A stored-mirrored image is cropped again with the facing its pixels show (rare: the second
    // crop costs only then), and the geometry records the flip that was actually applied.
    const OrientationCheck::Side expectedWall =
        facesRight ? OrientationCheck::Side::Left : OrientationCheck::Side::Right;
    const OrientationCheck::Side wall = OrientationCheck::chestWallSide(cropped.value().mask);
    if (options_.correctOrientation && wall != OrientationCheck::Side::Unknown &&
        wall != expectedWall) {
        facesRight = !facesRight;
        cropped = BreastCropper::crop(image.pixels, facesRight, options_.morphologyIterations,
                                      options_.bufferSize);
        if (!cropped) {
            Error error = cropped.error();
            error.source = source;
            return error;
        }
        result.warnings << QString("orientation corrected: the chest wall is on the %1 edge of "
                                   "the stored image, not where laterality %2 and horizontal_flip "
                                   "%3 put it; the image was mirrored to face right before the "
                                   "model, and results map back to the stored image as it is")
                               .arg(OrientationCheck::toString(wall),
                                    image.laterality == Laterality::Left ? "L" : "R",
                                    horizontalFlip ? "YES" : "NO");
    }
    const bool flipped = !facesRight;
    CropInfo& crop = result.crop;
    crop = cropped.value().crop;
    crop.flipped = flipped;
    const cv::Mat croppedPixels =
        image.pixels(cv::Range(crop.top, crop.bottom), cv::Range(crop.left, crop.right));
    // A fresh matrix for the mirror: flipping into a copy of the ROI header would write into the
    // caller's stored image.
    cv::Mat facing;
    if (flipped)
        cv::flip(croppedPixels, facing, 1);
    else
        facing = croppedPixels;

    // 10.3
    const cv::Point center = BestCenterFinder::find(facing, image.position, crop, R, C);
    crop.bestCenterRow = center.y;
    crop.bestCenterCol = center.x;

    // 10.4: pad what is smaller than the window, then shift the window inside.
    const int h = facing.rows;
    const int w = facing.cols;
    InputGeometry::Steps g;
    g.storedRows = image.pixels.rows;
    g.storedCols = image.pixels.cols;
    g.cropTop = crop.top;
    g.cropBottom = crop.bottom;
    g.cropLeft = crop.left;
    g.cropRight = crop.right;
    g.flipped = flipped;
    g.inputRows = R;
    g.inputCols = C;
    g.camRows = options_.camRows;
    g.camCols = options_.camCols;
    int top = center.y - R / 2;
    int left = center.x - C / 2;
    if (h < R) {
        // CC: centred vertically (floor on top); MLO: the breast stays at the top.
        g.padTop = image.position == ViewPosition::CC ? (R - h) / 2 : 0;
        g.padBottom = R - h - g.padTop;
        top = 0;
    }
    if (w < C) {
        g.padRight = C - w;
        left = 0;
    }
    g.windowTop = shiftInside(top, R, h + g.padTop + g.padBottom);
    g.windowLeft = shiftInside(left, C, w + g.padRight);
    result.geometry = InputGeometry(g);

    // Copy the part of the facing crop the window sees; the rest stays 0 (the padding).
    cv::Mat window(R, C, CV_16UC1, cv::Scalar(0));
    const cv::Rect inPadded =
        cv::Rect(0, g.padTop, w, h) & cv::Rect(g.windowLeft, g.windowTop, C, R);
    if (!inPadded.empty()) {
        const cv::Rect from = inPadded - cv::Point(0, g.padTop);
        const cv::Rect to = inPadded - cv::Point(g.windowLeft, g.windowTop);
        facing(from).copyTo(window(to));
    }
    if (cancelled(cancel))
        return cancelledError(source);

    // 10.5: population statistics over the whole window, padding included. meanStdDev accumulates
    // in double, more precise than the reference's float32 (the inputs agree within 5e-6).
    cv::Scalar mean, stddev;
    cv::meanStdDev(window, mean, stddev);
    const double scale = 1.0 / std::max(stddev[0], 1e-5);
    window.convertTo(result.input, CV_32F, scale, -mean[0] * scale);

    // Checks the reference only records: a breast off its chest-wall edge, or pixels / header that
    // contradict the laterality.
    if (crop.distanceFromStartingSide != 0)
        result.warnings << QString("orientation: the breast starts %1 columns away from the "
                                   "chest-wall edge (distance_from_starting_side); the laterality "
                                   "or horizontal_flip is probably wrong")
                               .arg(crop.distanceFromStartingSide);
    if (options_.checkOrientation)
        result.warnings << OrientationCheck::check(cropped.value().mask, image, horizontalFlip,
                                                   facesRight ? OrientationCheck::Side::Left
                                                              : OrientationCheck::Side::Right);
    return result;
}

std::map<StandardView, Outcome<ModelInput>>
Preprocessor::processExam(const Exam& exam, const std::atomic<bool>* cancel) const
{
    std::vector<std::pair<StandardView, std::future<Outcome<ModelInput>>>> jobs;
    for (const auto& [view, image] : exam.views) {
        const MammogramImage* imagePtr = &image;
        jobs.emplace_back(view, std::async(std::launch::async, [this, imagePtr, &exam, cancel] {
                              return process(*imagePtr, exam.horizontalFlip, cancel);
                          }));
    }
    std::map<StandardView, Outcome<ModelInput>> results;
    for (auto& [view, job] : jobs)
        results.emplace(view, job.get());
    return results;
}

} // namespace mammolens::core
