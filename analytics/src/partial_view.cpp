// SPDX-License-Identifier: Apache-2.0
#include "partial_view.hpp"

#include <algorithm>

namespace cctv::analytics {
namespace {

// At least this share of the seen box must fall inside the expected one (detector jitter and
// the motion model's error leave a little outside).
constexpr double kMinInsideShare = 0.8;
// A box this much shorter, or this much narrower, than expected shows only part of the person.
// A walker's width swings with their stride far more than their height does.
constexpr double kMaxPartialHeight = 0.8;
constexpr double kMaxPartialWidth = 0.5;

double intersection_area(const Box& a, const Box& b) {
  const double w = std::min(a.x + a.w, b.x + b.w) - std::max(a.x, b.x);
  const double h = std::min(a.y + a.h, b.y + b.h) - std::max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0.0;
}

// The start of a span of `length` that covers [start, start + seen_length], closest to `from`.
double cover(double from, double length, double start, double seen_length) {
  const double a = start + seen_length - length, b = start;
  return std::clamp(from, std::min(a, b), std::max(a, b));
}

}  // namespace

bool lies_within(const Box& inner, const Box& outer, double share) {
  return inner.area() > 0 && intersection_area(inner, outer) >= share * inner.area();
}

bool is_partial_view(const Box& expected, const Box& seen) {
  const bool smaller =
      seen.h < kMaxPartialHeight * expected.h || seen.w < kMaxPartialWidth * expected.w;
  return smaller && lies_within(seen, expected, kMinInsideShare);
}

Box whole_person(const Box& expected, const Box& seen) {
  return {cover(expected.x, expected.w, seen.x, seen.w),
          cover(expected.y, expected.h, seen.y, seen.h), expected.w, expected.h};
}

}  // namespace cctv::analytics
