// SPDX-License-Identifier: Apache-2.0
// Private: the drawing helpers every chart shares (white canvas, text, axes, PNG encoding).
#pragma once

#include <string>

#include <opencv2/core.hpp>

namespace cctv::reports::canvas {

inline const cv::Scalar kInk{40, 40, 40};
inline const cv::Scalar kGrid{225, 225, 225};
inline const cv::Scalar kSite{180, 110, 30};    // BGR: blue bars / lines
inline const cv::Scalar kRing{30, 120, 230};    // orange
inline const cv::Scalar kShade{235, 245, 225};  // pale green: the deployment's weeks

cv::Mat blank(int width, int height);
// Text with its left baseline at `at`; scale 0.45 is the body size.
void text(cv::Mat& img, const std::string& s, cv::Point at, double scale = 0.45,
          const cv::Scalar& colour = kInk, int thickness = 1);
int text_width(const std::string& s, double scale = 0.45, int thickness = 1);
void title(cv::Mat& img, const std::string& s);
// A round step (1, 2, 5 x 10^n) that splits [0, max] into about `ticks` parts.
double nice_step(double max, int ticks = 5);
// Encodes as PNG; throws std::runtime_error if OpenCV cannot.
std::string png(const cv::Mat& img);
std::string format_number(double v);

}  // namespace cctv::reports::canvas
