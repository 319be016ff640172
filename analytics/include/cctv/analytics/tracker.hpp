// SPDX-License-Identifier: Apache-2.0
// Multi-object tracker: gives each person a stable id across frames.
#pragma once

#include <memory>
#include <vector>

#include "cctv/analytics/types.hpp"

namespace cctv::analytics {

class Tracker {
 public:
  struct Params {
    double min_iou = 0.2;  // association threshold
    double max_anchor_distance = 0.08;  // fallback association on feet distance (normalised)
    double max_age_s = 2.0;  // a track unmatched this long is dropped
  };

  virtual ~Tracker() = default;
  // Returns the live tracks (matched in this frame or recently).
  virtual std::vector<Track> update(const std::vector<Detection>& detections, Timestamp ts) = 0;

  static std::unique_ptr<Tracker> create(const Params& params);
  static std::unique_ptr<Tracker> create() { return create(Params{}); }
};

}  // namespace cctv::analytics
