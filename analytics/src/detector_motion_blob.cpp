// SPDX-License-Identifier: Apache-2.0
// Person candidates from motion regions: each person-sized region is a person; a region as
// wide as several people standing side by side is split into that many. Regions stacked one
// above the other like the parts of one body are joined first: a person walking off a spot
// where they stood long enough to fade into the background moves in pieces (the torso over
// its own faded image differs less than head and legs), and each piece alone would look like
// a small person.
#include <algorithm>
#include <cmath>

#include "cctv/analytics/object_detector.hpp"

namespace cctv::analytics {
namespace {

// Two regions are parts of one body when the narrower overlaps the wider horizontally by at
// least this share of its width, their widths differ by less than kMaxPartWidthRatio and the
// vertical gap between them is at most kMaxPartGap of the shorter one's height.
constexpr double kMinPartOverlap = 0.5;
constexpr double kMaxPartWidthRatio = 2.0;
constexpr double kMaxPartGap = 0.5;

bool parts_of_one_body(const cv::Rect& a, const cv::Rect& b) {
  const int narrow = std::min(a.width, b.width), wide = std::max(a.width, b.width);
  if (narrow <= 0 || wide > kMaxPartWidthRatio * narrow) return false;
  const int overlap = std::min(a.x + a.width, b.x + b.width) - std::max(a.x, b.x);
  if (overlap < kMinPartOverlap * narrow) return false;
  const int gap = std::max(a.y, b.y) - std::min(a.y + a.height, b.y + b.height);
  return gap <= kMaxPartGap * std::min(a.height, b.height);
}

// Joins vertically stacked parts until no two regions are parts of one body.
std::vector<cv::Rect> join_body_parts(std::vector<cv::Rect> regions) {
  for (bool joined = true; joined;) {
    joined = false;
    for (std::size_t i = 0; i < regions.size() && !joined; ++i) {
      for (std::size_t j = i + 1; j < regions.size() && !joined; ++j) {
        if (!parts_of_one_body(regions[i], regions[j])) continue;
        regions[i] |= regions[j];
        regions.erase(regions.begin() + static_cast<std::ptrdiff_t>(j));
        joined = true;
      }
    }
  }
  return regions;
}

class MotionBlobDetector final : public ObjectDetector {
 public:
  explicit MotionBlobDetector(const MotionBlobParams& p) : params_(p) {}

  // The mask shows only what moves: there is no region to narrow down.
  std::vector<Detection> detect(const VideoFrame&, const Motion& motion,
                                const DetectionArea&) override {
    std::vector<Detection> out;
    if (motion.mask.empty()) return out;
    const double fw = motion.mask.cols, fh = motion.mask.rows;
    for (const cv::Rect& r : join_body_parts(motion.regions)) {
      const double h = r.height / fh;
      if (h < params_.min_height || h > params_.max_height) continue;
      const double aspect = static_cast<double>(r.height) / r.width;
      if (aspect > params_.max_aspect) continue;
      const int people = aspect >= params_.min_aspect
                             ? 1
                             : std::max(1, static_cast<int>(std::lround(kPersonAspect / aspect)));
      const double w = r.width / fw / people;
      for (int i = 0; i < people; ++i) {
        out.push_back({Box{r.x / fw + i * w, r.y / fh, w, h}, 1.0f});
      }
    }
    return out;
  }

 private:
  MotionBlobParams params_;
};

}  // namespace

std::unique_ptr<ObjectDetector> create_motion_blob_detector(const MotionBlobParams& params) {
  return std::make_unique<MotionBlobDetector>(params);
}

}  // namespace cctv::analytics
