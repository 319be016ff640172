// SPDX-License-Identifier: Apache-2.0
// The built-in street scene through the whole analytics chain, frame by frame with scene
// timestamps (no real-time pacing): the loiterer and the gathering group raise their alarms
// when the scene's script says they should.
#include <gtest/gtest.h>

#include <map>

#include "cctv/analytics/camera_analytics.hpp"
#include "cctv/capture/synthetic_scene.hpp"

namespace cctv::analytics {
namespace {

constexpr double kFps = 6;
const Timestamp kT0 = *parse_utc("2026-11-23T10:00:00Z");

config::Zone walkway(config::ZoneRules rules) {
  return {"tw1-walkway", "tw1", "Walkway", {{0.02, 0.55}, {0.98, 0.55}, {0.98, 0.98}, {0.02, 0.98}}, rules};
}

std::vector<Event> play_street(const config::Zone& zone, double seconds) {
  config::Camera camera{.id = "tw1", .site = "talbot-walk", .url = "test://street"};
  CameraAnalytics analytics(camera, camera.site, {zone});
  capture::SyntheticScene scene(*capture::builtin_scene("street"), {640, 360});
  std::vector<Event> events;
  for (long k = 0; k / kFps < seconds; ++k) {
    const double t = static_cast<double>(k) / kFps;
    const Timestamp ts = kT0 + std::chrono::duration_cast<Millis>(std::chrono::duration<double>(t));
    for (Event& e : analytics.process(scene.render(t, k), ts)) events.push_back(std::move(e));
  }
  return events;
}

double at_s(const Event& e) { return seconds_between(kT0, e.ts); }

std::vector<Event> only(const std::vector<Event>& events, EventType type) {
  std::vector<Event> out;
  for (const Event& e : events) {
    if (e.type == type) out.push_back(e);
  }
  return out;
}

TEST(Analytics_StreetScene, every_stayer_loiters_once_and_the_loiterer_first) {
  const auto events = only(play_street(walkway({.loitering = config::LoiteringRule{10, 3, 30}}), 105), EventType::loitering);
  // Six people stay longer than 10 s: the loiterer (in the zone from about t=0.7 s to 95.7 s)
  // and the five who gather (t=2.3..4.3 s to t=47.5..54 s). Each gives one start and one end.
  std::map<std::int64_t, std::vector<Event>> by_track;
  for (const Event& e : events) by_track[e.track_ids.at(0)].push_back(e);
  ASSERT_EQ(by_track.size(), 6u);
  for (const auto& [track, episode] : by_track) {
    EXPECT_EQ(episode.front().phase, EventPhase::start) << "track " << track;
    EXPECT_EQ(episode.back().phase, EventPhase::end) << "track " << track;
    for (std::size_t i = 1; i + 1 < episode.size(); ++i) EXPECT_EQ(episode[i].phase, EventPhase::update);
  }
  const Event& first = events.front();
  EXPECT_EQ(first.phase, EventPhase::start);
  EXPECT_NEAR(at_s(first), 10.7, 0.5);
  ASSERT_TRUE(first.entered_at);
  EXPECT_NEAR(seconds_between(kT0, *first.entered_at), 0.7, 0.5);
  const Event& last = by_track.at(first.track_ids.at(0)).back();
  ASSERT_TRUE(last.exited_at && last.dwell_s);
  EXPECT_NEAR(seconds_between(kT0, *last.exited_at), 95.7, 0.5);
  EXPECT_NEAR(*last.dwell_s, 95.0, 1.0);
  EXPECT_NEAR(at_s(last), 95.7 + 3.0, 0.5) << "ends once the grace period has passed";
}

TEST(Analytics_StreetScene, group_of_six_raises_one_crowding_episode) {
  const auto rule = config::CrowdingRule{.min_people = 5, .min_duration_s = 8, .hysteresis = 1, .clear_s = 5, .cooldown_s = 120};
  const auto events = only(play_street(walkway({.crowding = rule}), 70), EventType::crowding);
  ASSERT_GE(events.size(), 2u);
  // Five people in the zone from about t=4 s; the count falls below 4 at about t=49.7 s.
  EXPECT_EQ(events.front().phase, EventPhase::start);
  EXPECT_NEAR(at_s(events.front()), 12.0, 1.0);
  EXPECT_GE(*events.front().count, 5);
  EXPECT_EQ(events.back().phase, EventPhase::end);
  EXPECT_NEAR(at_s(events.back()), 54.7, 1.5);
}

}  // namespace
}  // namespace cctv::analytics

namespace cctv::analytics {
namespace {

// The detector runs only when a zone needs people: from the zone's lead time (dwell + grace
// of its loitering rule) before its schedule arms, so the loiterer who has been there all along
// alarms as the schedule arms, not a dwell later.
TEST(Analytics_StreetScene, the_detector_starts_a_lead_time_before_the_schedule_arms) {
  config::ZoneRules rules{.loitering = config::LoiteringRule{10, 3, 30}};
  rules.schedule = {{{0, 1, 2, 3, 4, 5, 6}, 10 * 60 + 1, 12 * 60}};  // arms at 10:01 London
  const config::Zone zone = walkway(rules);
  config::Camera camera{.id = "tw1", .site = "talbot-walk", .url = "test://street"};
  CameraAnalytics analytics(camera, camera.site, {zone});
  capture::SyntheticScene scene(*capture::builtin_scene("street"), {640, 360});
  std::vector<Event> events;
  std::uint64_t runs_before_lead = 0;
  for (long k = 0; k / kFps < 70; ++k) {
    const double t = static_cast<double>(k) / kFps;
    const Timestamp ts = kT0 + std::chrono::duration_cast<Millis>(std::chrono::duration<double>(t));
    for (Event& e : analytics.process(scene.render(t, k), ts)) events.push_back(std::move(e));
    if (t < 60 - 13 - 1) runs_before_lead = analytics.detector_figures().runs;
  }
  EXPECT_EQ(runs_before_lead, 0u) << "nothing to watch before 10:00:47";
  EXPECT_GT(analytics.detector_figures().runs, 20u);
  const auto loitering = only(events, EventType::loitering);
  ASSERT_FALSE(loitering.empty());
  EXPECT_EQ(loitering.front().phase, EventPhase::start);
  EXPECT_NEAR(at_s(loitering.front()), 60.0, 1.0) << "the alarm comes as the schedule arms";
}

}  // namespace
}  // namespace cctv::analytics
