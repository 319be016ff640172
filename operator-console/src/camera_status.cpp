// SPDX-License-Identifier: Apache-2.0
#include "camera_status.hpp"

namespace cctv::console {
namespace {

int outages_last_24h(ConsoleState& state, const std::string& camera) {
  storage::IncidentQuery q;
  q.camera = camera;
  q.category = "camera_offline";
  q.since = now_utc() - std::chrono::hours(24);
  q.limit = 10000;
  return static_cast<int>(state.incidents.search(q).size());
}

// The kind of the camera's tamper alarm while one is open, else null.
nlohmann::json open_tamper(ConsoleState& state, const std::string& camera) {
  storage::IncidentQuery q;
  q.camera = camera;
  q.category = std::string(to_string(EventType::camera_tamper));
  q.limit = 1;
  for (const storage::Incident& i : state.incidents.search(q)) {
    if (i.alarm_active) return tamper_kind(state, i);
  }
  return nullptr;
}

// online, but delivering under half the analytics rate asked for, or dropping most frames.
bool degraded(const nlohmann::json& figures, const config::Camera& camera) {
  const double fps_out = figures.value("fps_out", 0.0);
  return fps_out < camera.analytics.fps / 2;
}

}  // namespace

std::string site_now(const std::map<std::string, std::string>& where, const config::Camera& c) {
  const auto it = where.find(c.id);
  return it == where.end() ? c.site : it->second;
}

nlohmann::json camera_status_json(ConsoleState& state, const config::Camera& camera,
                                  const std::string& site) {
  nlohmann::json out = {{"id", camera.id},
                        {"name", camera.name},
                        {"site", site},
                        {"state", "unknown"},
                        {"fps_in", 0.0},
                        {"fps_out", 0.0},
                        {"frames_dropped", 0},
                        {"last_frame_at", nullptr},
                        {"outages_24h", outages_last_24h(state, camera.id)},
                        {"tamper", open_tamper(state, camera.id)}};
  const auto status = state.live.status(camera.id);
  if (!status) return out;  // never heard of since this console started
  // Its camera node stopped reporting (crashed, cut off): nobody records or watches it now.
  if (now_utc() - status->received_at > kStatusStale) {
    out["state"] = "offline";
    out["last_status_at"] = format_utc(status->received_at);
    return out;
  }
  const auto figures = nlohmann::json::parse(status->json, nullptr, false);
  if (!figures.is_object()) return out;
  for (const char* key : {"fps_in", "fps_out", "frames_dropped", "last_frame_at", "events_dropped",
                          "snapshots_dropped"}) {
    if (figures.contains(key)) out[key] = figures[key];
  }
  const std::string st = figures.value("state", "unknown");
  if (st == "online") {
    out["state"] = camera.analytics.enabled && degraded(figures, camera) ? "degraded" : "online";
  } else if (st == "offline" || st == "ended" || st == "stopped" || st == "error") {
    out["state"] = "offline";
  }
  return out;
}

}  // namespace cctv::console
