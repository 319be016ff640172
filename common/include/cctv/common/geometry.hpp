// SPDX-License-Identifier: Apache-2.0
// Geometry in normalised image coordinates (0..1), so zones survive resolution changes.
#pragma once

#include <vector>

namespace cctv {

struct Point {
  double x = 0;
  double y = 0;
  bool operator==(const Point&) const = default;
};

using Polygon = std::vector<Point>;

struct Box {
  double x = 0;  // left
  double y = 0;  // top
  double w = 0;
  double h = 0;
  // Bottom-centre: where a person's feet are. Zone membership is decided by this point.
  Point anchor() const { return {x + w / 2, y + h}; }
  double area() const { return w * h; }
  bool operator==(const Box&) const = default;
};

// Even-odd rule; points on the boundary count as inside.
bool contains(const Polygon& polygon, Point p);

// True when two non-adjacent edges cross or touch.
bool self_intersects(const Polygon& polygon);

double iou(const Box& a, const Box& b);

}  // namespace cctv
