#pragma once
// Test data generated in code: a mammogram-like 16-bit image (a half-ellipse breast against the
// chest-wall edge, background exactly 0) with a thin line and a small label in the background,
// the artefacts 10.2's erosion exists to remove.

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

/// `chestWallLeft`: the breast faces right (a left breast stored as GMIC expects).
inline cv::Mat syntheticMammogram(int rows, int cols, bool chestWallLeft, unsigned seed = 1)
{
    cv::Mat image(rows, cols, CV_16UC1, cv::Scalar(0));
    const cv::Point center(chestWallLeft ? 0 : cols - 1, rows / 2);
    const cv::Size axes(int(cols * 0.7), int(rows * 0.42));
    cv::ellipse(image, center, axes, 0, 0, 360, cv::Scalar(1800), cv::FILLED);
    // Texture: denser towards the chest wall, plus noise, only inside the breast.
    cv::Mat ramp(1, cols, CV_32F);
    for (int c = 0; c < cols; ++c)
        ramp.at<float>(0, c) = 1500.0f * (chestWallLeft ? 1.0f - float(c) / cols : float(c) / cols);
    cv::Mat texture;
    cv::repeat(ramp, rows, 1, texture);
    cv::Mat noise(rows, cols, CV_32F);
    cv::RNG rng(seed);
    rng.fill(noise, cv::RNG::NORMAL, 0, 200);
    texture += noise;
    cv::Mat breast = image > 0;
    cv::Mat values;
    image.convertTo(values, CV_32F);
    values += texture;
    values = cv::max(values, 1.0); // stays non-zero inside the breast
    values.convertTo(image, CV_16U);
    image.setTo(0, ~breast);
    // A thin line and a small label block in the background.
    cv::line(image, cv::Point(cols / 2, rows / 20), cv::Point(cols - 5, rows / 20 + 3),
             cv::Scalar(4000), 3);
    const int labelX = chestWallLeft ? cols - cols / 8 : cols / 16;
    cv::rectangle(image, cv::Rect(labelX, rows - rows / 10, cols / 20 + 5, rows / 40 + 5),
                  cv::Scalar(4095), cv::FILLED);
    return image;
}
