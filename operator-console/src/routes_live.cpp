// SPDX-License-Identifier: Apache-2.0
// MJPEG live view: each new frame from the capture node, as multipart/x-mixed-replace, with or
// without zones and tracks drawn. Opening a camera's live view is audited (a view of footage).
#include "console_state.hpp"

namespace cctv::console {
namespace {

constexpr const char* kBoundary = "cctvframe";

std::string part_header(std::size_t bytes) {
  return std::string("--") + kBoundary +
         "\r\nContent-Type: image/jpeg\r\nContent-Length: " + std::to_string(bytes) + "\r\n\r\n";
}

}  // namespace

void add_live_routes(Api& api, ConsoleState& state) {
  api.get(R"(/live/([A-Za-z0-9_.-]{1,64})\.mjpeg)", kWatchers,
          [&state](const httplib::Request& req, httplib::Response& res, const Session& s) {
            const std::string camera = req.matches[1];
            if (!state.params.config.find_camera(camera))
              throw ApiError(404, "no camera '" + camera + "'");
            const bool overlay = req.get_param_value("overlay") == "1";
            const StreamSlots::Slot slot = state.streams.open(s.token_hash);
            state.store.audit(s.user, "live.view", camera, {{"overlay", overlay}});
            res.set_header("Cache-Control", "no-store");
            auto last_seq = std::make_shared<std::uint64_t>(0);
            res.set_chunked_content_provider(
                std::string("multipart/x-mixed-replace; boundary=") + kBoundary,
                [&state, camera, overlay, last_seq, slot, session = s,
                 next_check = std::chrono::steady_clock::time_point{}](
                    std::size_t, httplib::DataSink& sink) mutable {
                  if (state.stopping || !sink.is_writable()) return false;
                  if (!state.still_live(session, next_check)) return false;  // logged out
                  const auto frame =
                      state.live.next_frame(camera, *last_seq, std::chrono::milliseconds(500));
                  if (!frame) return !state.stopping;  // no frame yet: ask again
                  *last_seq = frame->seq;
                  const std::string& jpeg =
                      overlay ? frame->message->overlay_jpeg : frame->message->jpeg;
                  const std::string head = part_header(jpeg.size());
                  return sink.write(head.data(), head.size()) &&
                         sink.write(jpeg.data(), jpeg.size()) && sink.write("\r\n", 2);
                });
          });
}

}  // namespace cctv::console
