// SPDX-License-Identifier: Apache-2.0
// The plaza scene (a loiterer, a group that gathers to four and disperses, a walker behind a
// pillar, lights brightening) through the whole chain with the motion detector. The events
// must be exactly those the zone rules raise on the script's ground truth, each within one
// frame interval, and the hand-worked times from the script.
#include <gtest/gtest.h>

#include <set>

#include "scene_playback.hpp"

namespace cctv::analytics {
namespace {

constexpr double kFps = 6;
constexpr double kSeconds = 102;
const Timestamp kT0 = test::kSceneT0;

// Both zones stop short of the bottom edge so that people walking in from below the frame
// count only once their feet are in view.
std::vector<config::Zone> plaza_zones() {
  config::Zone bench{
      "bench", "pz1", "Bench", {{0.05, 0.65}, {0.3, 0.65}, {0.3, 0.97}, {0.05, 0.97}}, {}};
  bench.rules.loitering = config::LoiteringRule{20, 3, 30};
  config::Zone square{
      "square", "pz1", "Square", {{0.35, 0.65}, {1.0, 0.65}, {1.0, 0.97}, {0.35, 0.97}}, {}};
  square.rules.crowding = config::CrowdingRule{4, 5, 1, 3, 30};
  return {bench, square};
}

test::PlayedScene play_plaza() {
  config::Camera camera{.id = "pz1", .site = "plaza", .url = "test://plaza"};
  camera.analytics.fps = kFps;
  return test::play_scene("plaza", camera, plaza_zones(), kSeconds);
}

const test::PlayedScene& played() {
  static const test::PlayedScene p = play_plaza();
  return p;
}

std::vector<Event> starts_and_ends(const std::vector<Event>& events) {
  std::vector<Event> out;
  for (const Event& e : events) {
    if (e.phase == EventPhase::start || e.phase == EventPhase::end) out.push_back(e);
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Event& a, const Event& b) { return a.ts < b.ts; });
  return out;
}

double at_s(Timestamp ts) { return seconds_between(kT0, ts); }

TEST(Analytics_PlazaScene, events_are_those_of_the_ground_truth_within_one_frame) {
  const auto expected = starts_and_ends(zone_events(played().truth, plaza_zones()));
  const auto actual = starts_and_ends(played().events);
  ASSERT_EQ(actual.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(actual[i].type, expected[i].type) << i;
    EXPECT_EQ(actual[i].phase, expected[i].phase) << i;
    EXPECT_EQ(actual[i].zone, expected[i].zone) << i;
    EXPECT_LE(std::abs(seconds_between(expected[i].ts, actual[i].ts)), 1.0 / kFps + 1e-3)
        << to_string(expected[i].type) << " " << to_string(expected[i].phase) << " expected at "
        << at_s(expected[i].ts) << " s, got " << at_s(actual[i].ts) << " s";
  }
}

TEST(Analytics_PlazaScene, alarms_come_when_the_script_says) {
  const auto events = starts_and_ends(played().events);
  ASSERT_EQ(events.size(), 4u);
  const double frame = 1.0 / kFps + 1e-3;
  // The loiterer's feet pass x = 0.05 at t = 3.5 s; 20 s later the alarm starts.
  EXPECT_EQ(events[0].type, EventType::loitering);
  EXPECT_NEAR(at_s(events[0].ts), 23.5, frame);
  // The fourth of the group crosses y = 0.97 at t = 18.71 s; 5 s later: crowding.
  EXPECT_EQ(events[1].type, EventType::crowding);
  EXPECT_NEAR(at_s(events[1].ts), 23.71, frame);
  // Two of the group have left by t = 54.5 s (count 2 < 4 - 1), for 3 s: crowding ends.
  EXPECT_EQ(events[2].type, EventType::crowding);
  EXPECT_EQ(events[2].phase, EventPhase::end);
  EXPECT_NEAR(at_s(events[2].ts), 57.5, frame);
  // The loiterer leaves the bench zone at t = 96.5 s; the alarm ends after 3 s of grace.
  EXPECT_EQ(events[3].type, EventType::loitering);
  EXPECT_EQ(events[3].phase, EventPhase::end);
  EXPECT_NEAR(at_s(events[3].ts), 99.5, frame);
  ASSERT_TRUE(events[3].exited_at);
  EXPECT_NEAR(at_s(*events[3].exited_at), 96.5, frame);
}

TEST(Analytics_PlazaScene, alarms_are_about_the_right_people) {
  const EpisodeScore loitering = test::alarm_score(played(), plaza_zones(), EventType::loitering);
  EXPECT_EQ(loitering.truth, 1);
  EXPECT_EQ(loitering.precision, 1.0);
  EXPECT_EQ(loitering.recall, 1.0);
  // The crowd alarm comes on time, but the motion detector boxes the fourth person of the group
  // (walking in from below) by their moving legs only, under IoU 0.5 with the whole person, so
  // identity-matched it is not yet the true crowd: a known gap, not asserted.
  const EpisodeScore crowding = test::alarm_score(played(), plaza_zones(), EventType::crowding);
  EXPECT_EQ(crowding.truth, 1);
  EXPECT_EQ(crowding.predicted, 1);
}

TEST(Analytics_PlazaScene, the_walker_keeps_one_id_behind_the_pillar) {
  std::set<std::int64_t> ids;
  for (const TrackFrame& f : played().tracks) {
    const double t = at_s(f.ts);
    if (t < 27 || t > 43) continue;  // fully in view, not entering or leaving the frame
    for (const Track& tr : f.tracks) {
      if (std::abs(tr.box.anchor().y - 0.5) < 0.04) ids.insert(tr.id);
    }
  }
  EXPECT_EQ(ids.size(), 1u);
}

TEST(Analytics_PlazaScene, brightening_lights_add_nobody) {
  for (std::size_t k = 0; k < played().tracks.size(); ++k) {
    const double t = at_s(played().tracks[k].ts);
    if (t < 29 || t > 33) continue;
    EXPECT_LE(played().tracks[k].tracks.size(), played().truth[k].tracks.size()) << "t = " << t;
  }
}

}  // namespace
}  // namespace cctv::analytics
