// SPDX-License-Identifier: Apache-2.0
// MJPEG live view: each new frame from the capture node, as multipart/x-mixed-replace, with or
// without zones and tracks drawn. The camera wall is the same stream for up to 16 cameras at
// once, each part naming its camera (X-Camera), so a wall of any size holds one of the
// browser's six connections per host; the page hands each part to its camera's tile. Opening a
// camera's live view, alone or on a wall, is audited (a view of footage).
#include <algorithm>

#include "console_state.hpp"

namespace cctv::console {
namespace {

constexpr const char* kBoundary = "cctvframe";

std::string part_header(const std::string& camera, std::size_t bytes) {
  return std::string("--") + kBoundary + "\r\nContent-Type: image/jpeg\r\nX-Camera: " + camera +
         "\r\nContent-Length: " + std::to_string(bytes) + "\r\n\r\n";
}

// The wall's ?cameras=a,b,c.
std::vector<std::string> wall_cameras(const ConsoleState& state, const httplib::Request& req) {
  std::vector<std::string> cameras;
  const std::string list = query_text(req, "cameras", kMaxWallCameras * 65).value_or("");
  for (std::size_t from = 0; !list.empty() && from <= list.size();) {
    const std::size_t comma = std::min(list.find(',', from), list.size());
    cameras.push_back(list.substr(from, comma - from));
    from = comma + 1;
  }
  check_wall_cameras(state, cameras);
  return cameras;
}

// Answers every new frame of `cameras` until the client goes, the session ends or the console
// stops. Holds one of the session's stream slots, and the cameras' frames, while it runs.
void stream_frames(ConsoleState& state, httplib::Response& res, const Session& s,
                   const std::vector<std::string>& cameras, bool overlay, bool wall) {
  const StreamSlots::Slot slot = state.streams.open(s.token_hash);
  for (const std::string& camera : cameras) {
    state.store.audit(s.user, "live.view", camera, {{"overlay", overlay}, {"wall", wall}});
  }
  res.set_header("Cache-Control", "no-store");
  LiveCache::Watch watch = state.live.watch(cameras);
  auto seen = std::make_shared<LiveCache::Seen>();
  for (const std::string& camera : cameras) (*seen)[camera] = 0;
  res.set_chunked_content_provider(
      std::string("multipart/x-mixed-replace; boundary=") + kBoundary,
      [&state, overlay, seen, slot, watch, session = s,
       next_check = std::chrono::steady_clock::time_point{}](std::size_t,
                                                             httplib::DataSink& sink) mutable {
        if (state.stopping || !sink.is_writable()) return false;
        if (!state.still_live(session, next_check)) return false;  // logged out
        std::string chunk;
        for (const auto& [camera, frame] :
             state.live.next_frames(*seen, std::chrono::milliseconds(500))) {
          (*seen)[camera] = frame.seq;
          const std::string& jpeg = overlay ? frame.message->overlay_jpeg : frame.message->jpeg;
          chunk += part_header(camera, jpeg.size()) + jpeg + "\r\n";
        }
        if (chunk.empty()) return !state.stopping;  // no frame yet: ask again
        return sink.write(chunk.data(), chunk.size());
      });
}

}  // namespace

void add_live_routes(Api& api, ConsoleState& state) {
  api.get(R"(/live/([A-Za-z0-9_.-]{1,64})\.mjpeg)", kWatchers,
          [&state](const httplib::Request& req, httplib::Response& res, const Session& s) {
            const std::string camera = req.matches[1];
            if (!state.params.config.find_camera(camera))
              throw ApiError(404, "no camera '" + camera + "'");
            stream_frames(state, res, s, {camera}, req.get_param_value("overlay") == "1", false);
          });
  api.get("/live/wall", kWatchers,
          [&state](const httplib::Request& req, httplib::Response& res, const Session& s) {
            stream_frames(state, res, s, wall_cameras(state, req),
                          req.get_param_value("overlay") == "1", true);
          });
}

}  // namespace cctv::console
