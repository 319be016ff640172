// SPDX-License-Identifier: Apache-2.0
// The server-sent event stream the alarm list follows: every change in the incident log
// (`event: incident`) and camera status changes (`event: camera`). The log is polled, not
// pushed, because it is the store's state: whichever process wrote the change (the store
// writer, another console), every console sees it within one poll.
#include "camera_status.hpp"
#include "console_state.hpp"

namespace cctv::console {
namespace {

constexpr Millis kPollEvery{std::chrono::milliseconds(200)};
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
    const auto where = state.sites.current_sites();
    for (const config::Camera& camera : state.params.config.cameras) {
      out += sse("camera", camera_status_json(state, camera, site_now(where, camera)));
    }
  }
  return out;
}

}  // namespace

void add_stream_route(Api& api, ConsoleState& state) {
  api.get("/api/stream", kWatchers,
          [&state](const httplib::Request&, httplib::Response& res, const Session& s) {
            res.set_header("Cache-Control", "no-store");
            res.set_header("X-Accel-Buffering", "no");
            auto cursor =
                std::make_shared<StreamCursor>(StreamCursor{state.incidents.last_change(), {}});
            res.set_chunked_content_provider(
                "text/event-stream",
                [&state, cursor, session = s](std::size_t offset, httplib::DataSink& sink) {
                  if (state.stopping || !sink.is_writable()) return false;
                  // A comment first, so the browser sees the stream open at once.
                  std::string chunk = offset == 0 ? ": connected\nretry: 2000\n\n" : "";
                  chunk += changes(state, *cursor, session);
                  if (chunk.empty()) {
                    std::this_thread::sleep_for(kPollEvery);
                    return true;
                  }
                  return sink.write(chunk.data(), chunk.size());
                });
          });
}

}  // namespace cctv::console
