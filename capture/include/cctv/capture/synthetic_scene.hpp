// SPDX-License-Identifier: Apache-2.0
// Synthetic street scenes with known ground truth: person-shaped figures walking, stopping
// and gathering on a textured background. Used by `test://` cameras, the demo and tests.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "cctv/common/geometry.hpp"

namespace cctv::capture {

// Where a person's feet are (normalised) at scene time t (seconds); straight lines between.
struct Waypoint {
  double t = 0;
  double x = 0;
  double y = 0;
};

struct Actor {
  int id = 0;
  std::vector<Waypoint> path;  // visible from the first waypoint's t to the last's
  double height = 0.22;        // of frame height
};

// The whole image's brightness goes from 1 to `gain` between t0 and t1 (a cloud, lights on),
// and stays there.
struct LightChange {
  double t0 = 0;
  double t1 = 0;
  double gain = 1;  // > 0
};

struct SceneScript {
  double period_s = 120;  // the scene repeats after this long
  std::vector<Actor> actors;
  std::vector<Box> occluders;         // normalised; drawn in front of everyone (pillars, a kiosk)
  std::vector<LightChange> lighting;  // applied in order
};

struct PersonTruth {
  int id = 0;
  Box box;             // normalised, the whole person even where an occluder hides them
  double visible = 1;  // share of the box not hidden by occluders, 0..1
};

class SyntheticScene {
 public:
  SyntheticScene(SceneScript script, cv::Size size);

  // BGR frame at scene time t (wraps at the period); `frame_index` seeds the sensor noise so
  // that the same index always gives the same pixels.
  cv::Mat render(double t, long frame_index) const;
  std::vector<PersonTruth> people_at(double t) const;
  const SceneScript& script() const { return script_; }

 private:
  SceneScript script_;
  cv::Size size_;
  cv::Mat background_;
};

// Built-in scripts by name; nullopt if unknown. "street": walkers, a loiterer, a group
// gathering. "walkers": passers-by only. "plaza": a loiterer, a group that gathers to four and
// disperses, a walker passing behind a pillar, and lights brightening mid-scene. "depths": a
// person standing still for three minutes, two walkers crossing at different depths, and two
// pairs that merge into a group of four and split again.
std::optional<SceneScript> builtin_scene(const std::string& name);

}  // namespace cctv::capture
