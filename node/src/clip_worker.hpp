// SPDX-License-Identifier: Apache-2.0
// Cuts each alarm incident's clip in `cctv run`: once the alarm has ended and the recordings
// cover its post-roll, the footage from pre-roll before the start to post-roll after the end
// is cut by stream copy, registered as evidence and noted in the incident's history. An
// incident whose footage never arrives (the camera was down) gets a history note saying why.
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>

#include "cctv/config/config.hpp"
#include "cctv/storage/evidence.hpp"
#include "cctv/storage/incident_log.hpp"
#include "cctv/storage/recording_index.hpp"

namespace cctv::node {

struct ClipWorkerDeps {
  storage::IncidentLog& incidents;
  storage::RecordingIndex& recordings;
  storage::EvidenceStore& evidence;
};

class ClipWorker {
 public:
  ClipWorker(const config::Config& config, ClipWorkerDeps deps);
  ~ClipWorker();  // finishes the clip being cut, joins

 private:
  void run(std::stop_token stop);
  void run_once(const std::stop_token& stop);
  // Does nothing while the incident's footage may still be coming.
  void cut_when_ready(const storage::Incident& incident);

  ClipWorkerDeps deps_;
  Millis pre_roll_;
  Millis post_roll_;
  Millis wait_limit_;  // after the window's end: how long its footage may take to be indexed
  int retention_days_;
  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::jthread thread_;
};

}  // namespace cctv::node
