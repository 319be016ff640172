// SPDX-License-Identifier: Apache-2.0
// Redaction for subject-access requests and third-party protection: every person found in a
// frame (motion-blob detector and tracker, as the live analytics do) is blurred, except the
// tracks asked to be kept; optionally faces too (a Haar cascade, e.g. Debian opencv-data's).
// Frames must come in time order; track ids are deterministic for the same frames.
#pragma once

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "cctv/analytics/types.hpp"

namespace cctv::analytics {

struct RedactorParams {
  std::set<std::int64_t> keep_tracks;  // people left visible (the data subject)
  std::string face_cascade;            // Haar cascade XML for faces; empty: people only
  double pad = 0.15;  // each box grown by this share of its size on every side, >= 0
};

class Redactor {
 public:
  // Throws std::invalid_argument naming the file when the cascade cannot be loaded.
  explicit Redactor(const RedactorParams& params);
  ~Redactor();
  Redactor(const Redactor&) = delete;
  Redactor& operator=(const Redactor&) = delete;

  // Blurs `frame` (BGR) in place; returns the boxes blurred (normalised, before padding).
  std::vector<Box> apply(cv::Mat& frame, Timestamp ts);
  // Every track id seen so far, kept or blurred.
  const std::set<std::int64_t>& tracks_seen() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cctv::analytics
