// SPDX-License-Identifier: Apache-2.0
// Zones and people drawn on a frame, the one way both alarm snapshots and the live view's
// overlay show them; and JPEG encoding.
#pragma once

#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "cctv/common/geometry.hpp"

namespace cctv::node {

struct LabelledBox {
  Box box;  // normalised
  std::string label;  // e.g. a track id; may be empty
};

// A copy of `frame` (BGR) with the zone outlines, the boxes and a caption in the top-left.
cv::Mat draw_overlay(const cv::Mat& frame, const std::vector<Polygon>& zones, const std::vector<LabelledBox>& boxes,
                     const std::string& caption);

// Throws std::runtime_error when OpenCV cannot encode the image.
std::string encode_jpeg(const cv::Mat& image, int quality);

}  // namespace cctv::node
