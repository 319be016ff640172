// SPDX-License-Identifier: Apache-2.0
// A zone's outline: >= 3 [x, y] points in normalised image coordinates, edges not crossing.
#include <cmath>
#include <cstddef>
#include <string>

#include "cctv/common/geometry.hpp"
#include "sections.hpp"

namespace cctv::config::detail {
namespace {

constexpr double kMinArea = 1e-9;
const char* const kExample = "[[0.1, 0.5], [0.9, 0.5], [0.5, 1]]";

double area(const Polygon& polygon) {
  double twice = 0;
  for (std::size_t i = 0, j = polygon.size() - 1; i < polygon.size(); j = i++) {
    twice += polygon[j].x * polygon[i].y - polygon[i].x * polygon[j].y;
  }
  return std::abs(twice) / 2;
}

// One coordinate of point `label` ("polygon point 2"); `axis` is "x" or "y".
bool read_coordinate(const MapReader& zone, const YAML::Node& node, const std::string& label,
                     const char* axis, double& out) {
  if (to_number(node, out) && out >= 0 && out <= 1) return true;
  const std::string side = axis[0] == 'x' ? "width" : "height";
  zone.error(node, label + " has " + axis + " " + describe(node) +
                       "; use a number from 0 to 1 (a fraction of the image " + side + ")");
  return false;
}

bool read_point(const MapReader& zone, const YAML::Node& node, std::size_t index, Point& out) {
  const std::string label = "polygon point " + std::to_string(index + 1);
  if (!node.IsSequence() || node.size() != 2) {
    zone.error(node, label + " must be a pair of numbers [x, y], got " + describe(node));
    return false;
  }
  const bool x_ok = read_coordinate(zone, node[0], label, "x", out.x);
  const bool y_ok = read_coordinate(zone, node[1], label, "y", out.y);
  return x_ok && y_ok;
}

}  // namespace

Polygon read_polygon(const MapReader& zone, const YAML::Node& node) {
  if (!node.IsSequence()) {
    zone.error(node, "'polygon' must be a list of [x, y] points, e.g. " + std::string(kExample) +
                         ", got " + describe(node));
    return {};
  }
  Polygon polygon(node.size());
  bool points_ok = true;
  for (std::size_t i = 0; i < node.size(); ++i) {
    points_ok = read_point(zone, node[i], i, polygon[i]) && points_ok;
  }
  if (!points_ok) return polygon;
  if (polygon.size() < 3) {
    zone.error(node, "polygon has " + std::to_string(polygon.size()) +
                         " points; a zone needs at least 3 [x, y] points, e.g. " + kExample);
  } else if (self_intersects(polygon)) {
    zone.error(node,
               "polygon edges cross or touch each other; list the points in order "
               "around the zone's outline");
  } else if (area(polygon) < kMinArea) {
    zone.error(node, "polygon has no area (its points lie on one line); spread them out");
  }
  return polygon;
}

}  // namespace cctv::config::detail
