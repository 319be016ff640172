// SPDX-License-Identifier: Apache-2.0
// The periodic heartbeat each publisher sends on the bus (topic "hb.<source>"). It lets a
// subscriber notice events it never received (a lost tail before a quiet period) and tells it
// where to ask for them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace cctv::bus {

struct Heartbeat {
  static constexpr int kSchemaVersion = 1;

  std::string source;
  std::uint64_t last_seq = 0;  // highest seq in the source's outbox; 0 before the first event
  std::string replay;          // the source's replay endpoint, e.g. tcp://10.0.0.5:5572

  bool operator==(const Heartbeat&) const = default;
};

// JSON: {"schema":1,"source":"node-a","last_seq":42,"replay":"tcp://10.0.0.5:5572"}
std::string to_json(const Heartbeat& hb);
// Throws EventDecodeError (cctv/common/event.hpp) naming the bad field.
Heartbeat heartbeat_from_json(std::string_view json);

}  // namespace cctv::bus
