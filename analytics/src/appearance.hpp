// SPDX-License-Identifier: Apache-2.0
// Private: a person's colours, so that the tracker can tell apart people who cross, stand
// together or pass behind the same post. Hue and saturation of the coloured pixels plus the
// brightness of the grey ones, for the upper body and the legs separately (a white top over
// dark trousers is not dark trousers under a white top); each part's histogram sums to 1, so
// the size of the box and the exposure matter little.
#pragma once

#include <vector>

#include <opencv2/core.hpp>

#include "cctv/analytics/video_frame.hpp"
#include "cctv/common/geometry.hpp"

namespace cctv::analytics {

// Empty when the box holds too few pixels to say anything. Converts only the box's parts to
// colour, not the frame.
std::vector<float> describe_appearance(const VideoFrame& frame, const Box& box);

// 0 for the same colours, 1 for none in common (the mean Hellinger distance of the parts).
double appearance_distance(const std::vector<float>& a, const std::vector<float>& b);

// `model` moved `weight` (0..1) of the way towards `seen` (the model empty: `seen`).
void blend_appearance(std::vector<float>& model, const std::vector<float>& seen, double weight);

}  // namespace cctv::analytics
