// SPDX-License-Identifier: Apache-2.0
#include "segment_recovery.hpp"

#include <map>
#include <optional>
#include <vector>

#include <spdlog/spdlog.h>

#include "announced_mark.hpp"
#include "cctv/capture/recording_layout.hpp"

namespace cctv::node {
namespace {

namespace fs = std::filesystem;

// Frames are written within seconds of their capture: a file last written this long before the
// end its name and frames give was named by a clock that was wrong (stepped back since).
constexpr std::chrono::seconds kClockSlack{60};

// The camera's segment files by their order (segment_order), named as the recorder names them.
std::map<std::string, fs::path> segments_of(const fs::path& camera_dir) {
  std::map<std::string, fs::path> found;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(camera_dir, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file(ec) && capture::segment_start(it->path())) {
      found.emplace(segment_order(camera_dir, it->path()), it->path());
    }
  }
  return found;
}

// The segments after the camera's mark, oldest first; with no mark, only its newest.
std::vector<fs::path> unannounced(const fs::path& camera_dir) {
  const std::map<std::string, fs::path> all = segments_of(camera_dir);
  const std::optional<std::string> mark = announced_mark(camera_dir);
  std::vector<fs::path> after;
  if (!mark) {
    if (!all.empty()) after.push_back(all.rbegin()->second);
    return after;
  }
  for (auto it = all.upper_bound(*mark); it != all.end(); ++it) after.push_back(it->second);
  return after;
}

Timestamp last_written(const fs::path& file) {
  return std::chrono::time_point_cast<Millis>(
      std::chrono::file_clock::to_sys(fs::last_write_time(file)));
}

// The name's start, unless the file was last written before the frames it holds could have been.
Timestamp checked_start(const storage::RecoveredSegment& r, Timestamp written) {
  const Timestamp named = r.recording.start;
  const auto duration = r.recording.end - r.recording.start;
  if (named + duration <= written + kClockSlack) return named;
  spdlog::warn(
      "[{}] segment {} was last written at {}, before its name's start {} plus its {} ms "
      "of frames: timing it by the file instead",
      r.recording.camera, r.recording.path, format_utc(written), format_utc(named),
      duration.count());
  return written - duration;
}

void recover(const fs::path& file, const std::string& camera, EventDispatcher& dispatcher) {
  const Timestamp written = last_written(file);
  std::optional<storage::RecoveredSegment> r =
      storage::recover_segment(camera, *capture::segment_start(file), file);
  if (!r) {
    spdlog::warn("[{}] removed empty segment {} left by a crash", camera, file.string());
    return;
  }
  const Timestamp start = checked_start(*r, written);
  r->recording.end = start + (r->recording.end - r->recording.start);
  r->recording.start = start;
  spdlog::warn("[{}] recovered segment {} left unannounced by a crash: {}", camera, file.string(),
               r->note());
  dispatcher.announce_recovered(*r);
}

}  // namespace

void recover_unannounced_segments(const fs::path& recordings_dir, const std::string& camera,
                                  EventDispatcher& dispatcher) {
  const fs::path camera_dir = fs::absolute(recordings_dir / camera);
  for (const fs::path& file : unannounced(camera_dir)) {
    try {
      recover(file, camera, dispatcher);
    } catch (const std::exception& e) {  // left as it is, for someone to look at
      spdlog::error("[{}] cannot recover segment {} left by a crash: {}", camera, file.string(),
                    e.what());
    }
  }
}

}  // namespace cctv::node
