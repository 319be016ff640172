// SPDX-License-Identifier: Apache-2.0
// The server-sent event stream the alarm list follows: every change in the incident log
// (`event: incident`) and camera status changes (`event: camera`). The stream sleeps until a
// change notice arrives (from the store over the bus, another console, or this one), then reads
// what changed since its cursor from the store, the source of truth: a notice lost on the way
// is made up by the next, and a stream that (re)connects starts from the store's state.
#include <algorithm>

#include "camera_status.hpp"
#include "console_state.hpp"

namespace cctv::console {
namespace {

constexpr Millis kCameraEvery{std::chrono::seconds(2)};

struct StreamCursor {
  std::int64_t incidents = 0;
  Timestamp cameras_sent{};
};

std::string sse(const std::string& event, const nlohmann::json& data) {
  return "event: " + event + "\ndata: " + data.dump() + "\n\n";
}

// Everything new since the cursor, as one chunk; empty when nothing changed.
std::string changes(ConsoleState& state, StreamCursor& cursor, const Session& session) {
  std::string out;
  std::set<std::string> seen;
  for (const storage::IncidentChange& c : state.incidents.changes_after(cursor.incidents)) {
    cursor.incidents = c.cursor;
    if (!seen.insert(c.incident_id).second) continue;
    if (const auto incident = state.incidents.get(c.incident_id)) {
      out += sse("incident", console_incident_json(state, *incident, session));
    }
  }
  if (now_utc() - cursor.cameras_sent >= kCameraEvery) {
    cursor.cameras_sent = now_utc();
    const auto where = state.sites_now();
    for (const config::Camera& camera : state.params.config.cameras) {
      out += sse("camera", camera_status_json(state, camera, site_now(where, camera)));
    }
  }
  return out;
}

// Camera status goes out every kCameraEvery even when no incident changes.
Millis until_camera_status(const StreamCursor& cursor) {
  const Millis left = kCameraEvery - (now_utc() - cursor.cameras_sent);
  return std::clamp(left, Millis(std::chrono::milliseconds(10)), kCameraEvery);
}

}  // namespace

void add_stream_route(Api& api, ConsoleState& state) {
  api.get("/api/stream", kWatchers,
          [&state](const httplib::Request&, httplib::Response& res, const Session& s) {
            auto cursor =
                std::make_shared<StreamCursor>(StreamCursor{state.incidents.last_change(), {}});
            serve_event_stream(state, s, res, [&state, cursor, session = s](std::size_t offset) {
              // A comment first, so the browser sees the stream open at once.
              std::string chunk = offset == 0 ? ": connected\nretry: 2000\n\n" : "";
              // Read before reading the store: a change committed meanwhile wakes us.
              const std::uint64_t seen = state.incident_changes.generation();
              chunk += changes(state, *cursor, session);
              if (chunk.empty())
                state.incident_changes.wait_past(seen, until_camera_status(*cursor));
              return chunk;
            });
          });
}

}  // namespace cctv::console
