// SPDX-License-Identifier: Apache-2.0
// Private: what the Playback page's timeline bar shows for one camera over a window: the spans
// of recorded footage (segments that follow one another joined), the gaps between them, the
// alarm events (not their periodic updates) and the incidents on that camera.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "cctv/common/time.hpp"
#include "cctv/storage/event_store.hpp"
#include "cctv/storage/incident_log.hpp"
#include "cctv/storage/recording_index.hpp"

namespace cctv::console {

struct TimelineSources {
  const storage::RecordingIndex& recordings;
  const storage::EventStore& events;
  const storage::IncidentLog& incidents;
};

// {camera, from, to, spans: [{from, to}], gaps: [{from, to}], events: [...], incidents: [...]},
// every time UTC ISO-8601; spans and gaps clipped to [from, to).
nlohmann::json camera_timeline(const TimelineSources& sources, const std::string& camera,
                               Timestamp from, Timestamp to);

}  // namespace cctv::console
