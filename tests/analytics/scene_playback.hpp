// SPDX-License-Identifier: Apache-2.0
// Plays a built-in synthetic scene through the whole analytics chain (motion detector) frame
// by frame with scene timestamps, keeping the events, the tracks and the script's truth.
#pragma once

#include <string>
#include <vector>

#include "cctv/analytics/camera_analytics.hpp"
#include "cctv/analytics/evaluation.hpp"
#include "cctv/capture/synthetic_scene.hpp"

namespace cctv::analytics::test {

inline const Timestamp kSceneT0 = *parse_utc("2026-11-23T10:00:00Z");

struct PlayedScene {
  std::vector<Event> events;
  TrackSequence truth;  // every person of the script, hidden parts included
  TrackSequence tracks;
};

inline PlayedScene play_scene(const std::string& scene_name, const config::Camera& camera,
                              const std::vector<config::Zone>& zones, double seconds) {
  CameraAnalytics chain(camera, camera.site, zones);
  capture::SyntheticScene scene(*capture::builtin_scene(scene_name), {640, 360});
  const double fps = camera.analytics.fps;
  PlayedScene out;
  for (long k = 0; static_cast<double>(k) / fps < seconds; ++k) {
    const double t = static_cast<double>(k) / fps;
    const Timestamp ts =
        kSceneT0 + std::chrono::duration_cast<Millis>(std::chrono::duration<double>(t));
    for (Event& e : chain.process(scene.render(t, k), ts)) out.events.push_back(std::move(e));
    out.tracks.push_back({ts, chain.tracks()});
    TrackFrame truth{ts, {}};
    for (const auto& p : scene.people_at(t)) truth.tracks.push_back({p.id, p.box, ts, ts});
    out.truth.push_back(truth);
  }
  return out;
}

// The scene's `type` alarms scored as `cctv eval` scores footage: against the alarms the zone
// rules raise on the truth, about the same people.
inline EpisodeScore alarm_score(const PlayedScene& p, const std::vector<config::Zone>& zones,
                                EventType type) {
  const Timestamp last = p.truth.back().ts;
  return score_episodes(p.truth, p.tracks, episodes(zone_events(p.truth, zones), type, last),
                        episodes(p.events, type, last), zones, type);
}

}  // namespace cctv::analytics::test
