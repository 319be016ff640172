// SPDX-License-Identifier: Apache-2.0
// Private: how far the picture inside a box moved between two frames (median optical flow),
// for placing people between detector runs.
#pragma once

#include <optional>

#include <opencv2/core.hpp>

#include "cctv/common/geometry.hpp"

namespace cctv::analytics {

// The shift (normalised to the frame) of what `box` (normalised) shows in `before` to where it
// is in `after`: the median of the corners inside it that optical flow follows there and back
// to where they started, when at least half of them do. `expected` (normalised): the shift
// the motion model predicts, where the search starts. `before` and `after`: grey images of one
// size. Nothing when the box is too small or too plain to follow, or the picture changed.
std::optional<Point> image_shift(const cv::Mat& before, const cv::Mat& after, const Box& box,
                                 Point expected = {});

}  // namespace cctv::analytics
