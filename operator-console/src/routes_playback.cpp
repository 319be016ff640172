// SPDX-License-Identifier: Apache-2.0
// Playback of recorded footage: a camera's timeline over a window (recorded spans, gaps, alarm
// events, incidents) and the footage of a window as an MP4 the browser seeks in with HTTP
// ranges. Each playback window a user opens is audited as a footage view (playback.view), once
// per window: the GET for its first bytes, not each range the player asks for afterwards.
#include "camera_timeline.hpp"
#include "console_state.hpp"
#include "file_response.hpp"

namespace cctv::console {
namespace {

constexpr const char* kCameraPath = R"(/api/cameras/([A-Za-z0-9_.-]{1,64}))";
constexpr auto kMaxTimeline = std::chrono::hours(24);
constexpr auto kMaxPlayback = std::chrono::hours(1);

struct Window {
  std::string camera;
  Timestamp from, to;
};

std::string hours_text(std::chrono::hours h) {
  return h.count() == 1 ? "1 hour" : std::to_string(h.count()) + " hours";
}

// The camera named in the path and the request's from/to, or a 4xx saying what is wrong.
Window checked_window(const ConsoleState& state, const httplib::Request& req,
                      std::chrono::hours max) {
  Window w{req.matches[1], {}, {}};
  if (!state.params.config.find_camera(w.camera))
    throw ApiError(404, "no camera '" + w.camera + "'");
  const auto from = query_time(req, "from");
  const auto to = query_time(req, "to");
  if (!from || !to) throw ApiError(400, "'from' and 'to' are required (UTC ISO-8601 times)");
  if (*to <= *from) throw ApiError(400, "'to' must be after 'from'");
  if (*to - *from > max) {
    throw ApiError(400, "the window is longer than " + hours_text(max) + "; ask for at most " +
                            hours_text(max) + " at a time");
  }
  w.from = *from;
  w.to = *to;
  return w;
}

void serve_playback(ConsoleState& state, const httplib::Request& req, httplib::Response& res,
                    const Session& s) {
  const Window w = checked_window(state, req, kMaxPlayback);
  const auto segments = state.recordings.find(w.camera, w.from, w.to);
  if (segments.empty()) {
    throw ApiError(404, "no recorded footage of camera '" + w.camera + "' between " +
                            format_utc(w.from) + " and " + format_utc(w.to));
  }
  std::shared_ptr<const PlaybackCut> cut;
  try {
    cut = state.playback.get(w.camera, w.from, w.to, segments);
  } catch (const storage::ClipError& e) {
    throw ApiError(422, std::string("the footage cannot be played: ") + e.what());
  }
  if (starts_a_view(req)) {
    state.store.audit(s.user, "playback.view", w.camera,
                      {{"from", format_utc(w.from)},
                       {"to", format_utc(w.to)},
                       {"clip_start", format_utc(cut->clip.start)}});
  }
  // Where the player's time 0 is on the wall clock: the keyframe at or before `from`.
  res.set_header("X-Playback-Start", format_utc(cut->clip.start));
  res.set_header("X-Playback-End", format_utc(cut->clip.end));
  send_file(res, cut->path, "video/mp4", "", cut);
}

}  // namespace

void add_playback_routes(Api& api, ConsoleState& state) {
  api.get(std::string(kCameraPath) + "/timeline", kWatchers,
          [&state](const httplib::Request& req, httplib::Response& res, const Session&) {
            const Window w = checked_window(state, req, kMaxTimeline);
            reply_json(res, camera_timeline({state.recordings, state.events, state.incidents},
                                            w.camera, w.from, w.to));
          });
  api.get(std::string(kCameraPath) + "/playback", kWatchers,
          [&state](const httplib::Request& req, httplib::Response& res, const Session& s) {
            serve_playback(state, req, res, s);
          });
}

}  // namespace cctv::console
