// SPDX-License-Identifier: Apache-2.0
// Every topic string on the bus is built here, so subscribers can filter by prefix.
#pragma once

#include <string>

#include "cctv/common/event.hpp"

namespace cctv::bus {

inline constexpr const char* kEventPrefix = "evt.";

// "evt.<type>.<camera>", e.g. "evt.loitering.hl1"
std::string event_topic(const Event& e);

}  // namespace cctv::bus
