// SPDX-License-Identifier: Apache-2.0
// Every topic string on the bus is built here, so subscribers can filter by prefix.
#pragma once

#include <string>

#include "cctv/common/event.hpp"

namespace cctv::bus {

inline constexpr const char* kEventPrefix = "evt.";
// Publisher heartbeats: what a source has published so far and where to ask for replays.
inline constexpr const char* kHeartbeatPrefix = "hb.";

// "evt.<type>.<camera>", e.g. "evt.loitering.hl1"
std::string event_topic(const Event& e);
// "hb.<source>", e.g. "hb.node-a"
std::string heartbeat_topic(const std::string& source);

}  // namespace cctv::bus
