// SPDX-License-Identifier: Apache-2.0
// Private to the tamper detector: the cheap per-frame features and their comparison with the
// reference, pure functions.
#pragma once

#include <array>

#include <opencv2/core.hpp>

#include "cctv/analytics/tamper_detector.hpp"

namespace cctv::analytics::tamper {

// The 1/8-scale image the layout is judged on (80x45 for a 640x360 frame; every frame is
// brought to this size, so the features mean the same at any resolution) and its grid.
inline constexpr int kSmallWidth = 80;
inline constexpr int kSmallHeight = 45;
inline constexpr int kGridCols = 8;
inline constexpr int kGridRows = 5;
inline constexpr int kCells = kGridCols * kGridRows;

struct Features {
  cv::Mat edges;  // kSmallWidth x kSmallHeight CV_32F gradient magnitude
  // CV_32F, same size: 1 where this frame's gradient is at least its mean (structure), else 0;
  // in a reference, the share of recent frames in which each pixel was structure.
  cv::Mat structure;
  std::array<float, kCells> mean{};      // brightness of each cell
  std::array<float, kCells> contrast{};  // standard deviation / brightness of each cell
  std::array<float, kCells> energy{};    // mean gradient magnitude of each cell
  double fine = 0;    // mean neighbour difference at full resolution (sampled rows)
  double coarse = 0;  // mean gradient magnitude at 1/8 scale
};

Features measure(const cv::Mat& luma);

// Moves `reference` towards `f` by `weight` (0..1): an exponential average of each feature.
void blend(Features& reference, const Features& f, double weight);

// The frame against the reference; `looser` > 1 detects subtler changes (sensitivity).
TamperVerdict judge(const Features& reference, const Features& f, double looser);

}  // namespace cctv::analytics::tamper
