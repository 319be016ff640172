// SPDX-License-Identifier: Apache-2.0
// The scripted scenes `test://<name>` cameras play. Feet positions are normalised; the
// lower half of the frame (y > 0.5) is the pavement where demo zones sit.
#include "cctv/capture/synthetic_scene.hpp"

namespace cctv::capture {
namespace {

Actor walker(int id, double t0, double t1, double x0, double x1, double y) {
  return {id, {{t0, x0, y}, {t1, x1, y}}};
}

// A person who walks from (x0, y0) to (x, y) between t0 and t1, stays until t2, and leaves
// back the way they came by t3.
Actor stayer(int id, double t0, double t1, double t2, double t3, Point from, Point at) {
  return {id, {{t0, from.x, from.y}, {t1, at.x, at.y}, {t2, at.x, at.y}, {t3, from.x, from.y}}};
}

// Walkers on the far footway (outside the pavement zone); one loiterer who stands 90 s;
// a group of five who gather from the kerb side at t=3..5 and disperse at t=45..52.
SceneScript street() {
  SceneScript s{120, {}};
  s.actors.push_back(walker(1, 0, 12, -0.05, 1.05, 0.42));
  s.actors.push_back(walker(2, 4, 18, 1.05, -0.05, 0.38));
  s.actors.push_back(walker(3, 60, 72, -0.05, 1.05, 0.42));
  s.actors.push_back(stayer(4, 0, 2.5, 92.5, 97, {-0.05, 0.85}, {0.2, 0.85}));
  const double xs[] = {0.5, 0.6, 0.7, 0.8, 0.9};
  const double ys[] = {0.8, 0.88, 0.78, 0.86, 0.8};
  for (int i = 0; i < 5; ++i) {
    s.actors.push_back(
        stayer(10 + i, 1.0 + 0.5 * i, 3.0 + 0.5 * i, 45 + i, 52 + i, {xs[i], 1.3}, {xs[i], ys[i]}));
  }
  return s;
}

// People passing by on both footways and nobody staying.
SceneScript walkers() {
  SceneScript s{30, {}};
  s.actors.push_back(walker(1, 0, 10, -0.05, 1.05, 0.42));
  s.actors.push_back(walker(2, 5, 14, 1.05, -0.05, 0.7));
  s.actors.push_back(walker(3, 12, 24, -0.05, 1.05, 0.9));
  s.actors.push_back(walker(4, 18, 29, 1.05, -0.05, 0.38));
  return s;
}

// A plaza: a loiterer who walks in at t=2..5 and stands until t=95 (bottom left); four people
// who gather bottom right (all four in place by t=20) and disperse from t=50; a walker on the
// far side who passes behind a pillar at about t=32..34; lights brighten by 40% over one
// second at t=30.
SceneScript plaza() {
  SceneScript s{120, {}, {}, {}};
  s.actors.push_back(stayer(1, 2, 5, 95, 98, {-0.05, 0.9}, {0.15, 0.9}));
  const Point spots[] = {{0.45, 0.8}, {0.55, 0.86}, {0.65, 0.8}, {0.75, 0.88}};
  for (int i = 0; i < 4; ++i) {
    const Point from{spots[i].x, 1.3};
    s.actors.push_back(
        stayer(10 + i, 8 + 2 * i, 14 + 2 * i, 50 + 3 * i, 56 + 3 * i, from, spots[i]));
  }
  s.actors.push_back(walker(20, 25, 45, 1.05, -0.05, 0.5));
  s.occluders.push_back({0.58, 0.25, 0.04, 0.3});
  s.lighting.push_back({30, 31, 1.4});
  return s;
}

// Occlusion and patience, with the pavement's perspective (nearer people are taller):
// - a person who walks in at t=2..5 and stands still bottom left until t=185 (three minutes);
// - two walkers who cross at t=30 at different depths: the nearer, taller one (y 0.82) hides
//   the lower half of the farther one (y 0.64) for about two seconds;
// - two pairs, each walking side by side, nearly a body width apart at two depths, who come in from
// either side,
//   merge into one group of four (all in place by t=66), stand until t=90 and split back the
//   way they came by t=100.
SceneScript depths() {
  SceneScript s{200, {}, {}, {}};
  s.actors.push_back(stayer(1, 2, 5, 185, 188, {-0.05, 0.92}, {0.12, 0.92}));
  Actor far = walker(2, 20, 40, -0.05, 1.05, 0.64);
  far.height = 0.17;
  Actor near = walker(3, 20, 40, 1.05, -0.05, 0.82);
  near.height = 0.26;
  s.actors.push_back(far);
  s.actors.push_back(near);
  const struct {
    int id;
    double t0, t1, from_x, x, y;
  } group[] = {{4, 50, 62, -0.05, 0.48, 0.8},
               {5, 50, 62, -0.09, 0.44, 0.86},
               {6, 54, 66, 1.05, 0.72, 0.8},
               {7, 54, 66, 1.09, 0.76, 0.86}};
  for (const auto& g : group) {
    Actor a = stayer(g.id, g.t0, g.t1, 90, 100, {g.from_x, g.y}, {g.x, g.y});
    a.height = 0.24;
    s.actors.push_back(a);
  }
  return s;
}

}  // namespace

std::optional<SceneScript> builtin_scene(const std::string& name) {
  if (name == "street") return street();
  if (name == "walkers") return walkers();
  if (name == "plaza") return plaza();
  if (name == "depths") return depths();
  return std::nullopt;
}

}  // namespace cctv::capture
