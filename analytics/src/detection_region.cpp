// SPDX-License-Identifier: Apache-2.0
// Where the detector needs to look: around what moves and around the people being tracked.
#include <algorithm>

#include "cctv/analytics/object_detector.hpp"

namespace cctv::analytics {
namespace {

// Padding around the union, as a share of its larger side, so that people at its edges (part
// of them still, part moving) are seen whole.
constexpr double kPadShare = 0.25;
// The region is at least this share of the frame on each side: a lone moving hand is looked
// at with the person around it.
constexpr double kMinSide = 0.25;
// A region larger than this share of the frame is not worth cutting out.
constexpr double kMaxAreaShare = 0.6;
// The whole frame is looked at at least this often (seconds).
constexpr double kWholeLookEvery_s = 5.0;

const Box kWholeFrame{0, 0, 1, 1};

struct Span {
  double lo, hi;
};

// [lo, hi] widened by `pad` each side and to at least `min_length`, kept inside [0, 1].
Span widened(Span s, double pad, double min_length) {
  const double grow = std::max(pad, (min_length - (s.hi - s.lo)) / 2);
  s = {s.lo - grow, s.hi + grow};
  if (s.lo < 0) s = {0, std::min(1.0, s.hi - s.lo)};
  if (s.hi > 1) s = {std::max(0.0, 1 - (s.hi - s.lo)), 1};
  return s;
}

// Around what moves and who is tracked; the whole frame when that is most of it.
Box around(const Motion& motion, const std::vector<Box>& people) {
  Span x{1, 0}, y{1, 0};
  auto add = [&](const Box& b) {
    x = {std::min(x.lo, b.x), std::max(x.hi, b.x + b.w)};
    y = {std::min(y.lo, b.y), std::max(y.hi, b.y + b.h)};
  };
  const double mw = motion.mask.cols, mh = motion.mask.rows;
  for (const cv::Rect& r : motion.regions) add({r.x / mw, r.y / mh, r.width / mw, r.height / mh});
  for (const Box& b : people) add(b);
  if (x.lo > x.hi) return kWholeFrame;  // nothing moves and nobody is tracked
  const double pad = kPadShare * std::max(x.hi - x.lo, y.hi - y.lo);
  x = widened(x, pad, kMinSide);
  y = widened(y, pad, kMinSide);
  const Box region{x.lo, y.lo, x.hi - x.lo, y.hi - y.lo};
  return region.area() > kMaxAreaShare ? kWholeFrame : region;
}

// The height of the shortest of `people`; 0 when there is nobody.
double shortest(const std::vector<Box>& people) {
  double h = 0;
  for (const Box& b : people) {
    if (b.h > 0 && (h == 0 || b.h < h)) h = b.h;
  }
  return h;
}

}  // namespace

DetectionArea DetectionRegion::next(const Motion& motion, const std::vector<Box>& people,
                                    Timestamp ts) {
  Box region = kWholeFrame;
  if (last_whole_look_ && seconds_between(*last_whole_look_, ts) < kWholeLookEvery_s) {
    region = around(motion, people);
  } else {
    last_whole_look_ = ts;
  }
  // Every tracked person is inside the region (around() takes them all in).
  return {region, shortest(people)};
}

}  // namespace cctv::analytics
