// SPDX-License-Identifier: Apache-2.0
// Private: the parts of an event every zone rule fills the same way.
#pragma once

#include <chrono>

#include "cctv/analytics/zone_rule.hpp"

namespace cctv::analytics {

inline Event zone_event(const ZoneIdentity& who, EventType type, EventPhase phase, Timestamp ts) {
  Event e;
  e.id = new_uuid();
  e.type = type;
  e.phase = phase;
  e.camera = who.camera;
  e.site = who.site;
  e.zone = who.zone;
  e.ts = ts;
  e.severity = Severity::warning;
  return e;
}

inline Millis seconds(double s) {
  return std::chrono::duration_cast<Millis>(std::chrono::duration<double>(s));
}

}  // namespace cctv::analytics
