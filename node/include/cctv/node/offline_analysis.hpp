// SPDX-License-Identifier: Apache-2.0
// `cctv analyse`: one camera's analytics run after the fact over a video file (a clip the police
// bring, last night's recording, a zone tried before it is armed). The file is decoded by the
// capture module's file:// source, scaled and rate-limited to the camera's analytics settings as
// a live camera is, and every frame goes through the same CameraAnalytics a camera node runs, as
// fast as the CPU allows. Frame times are the file's own timestamps, counted from `start`, so
// schedules apply as they would have then.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "cctv/common/event.hpp"
#include "cctv/config/config.hpp"
#include "cctv/storage/event_store.hpp"

namespace cctv::node {

// Input the analysis cannot use; what() is one line for the user.
class AnalyseInputError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

struct OfflineAnalysisParams {
  std::string camera;  // a camera id of the config: its analytics settings and zones are used
  std::filesystem::path video;
  // Wall-clock time of the file's first frame; nullopt: the file's modification time (stable
  // from run to run; pass the real time when it is known, for schedules to apply as they did).
  std::optional<Timestamp> start;
};

struct OfflineAnalysis {
  // In order; each with a new id, source offline_source(camera) (common/offline_analysis.hpp),
  // seq from 1 and a message naming the file. No snapshots are taken.
  std::vector<Event> events;
  Timestamp start{};         // the first frame's time
  std::uint64_t frames = 0;  // frames analysed (after the camera's analytics rate limit)
  double media_s = 0;        // file time from the first analysed frame to the last
};

// Throws AnalyseInputError for an unknown camera (naming the known ones), a camera without
// analytics, a file that cannot be read, is not a video or holds no video stream; and
// std::invalid_argument for a detector the camera's settings cannot build.
OfflineAnalysis analyse_file(const config::Config& config, const OfflineAnalysisParams& params);

// Stores offline results as their own source: their seq numbers carry on from what `store`
// already holds of that source (renumbering `events`), so a second analysis of the same camera
// adds to the first. The store never makes incidents of them.
void store_offline_events(storage::EventStore& store, std::vector<Event>& events);

}  // namespace cctv::node
