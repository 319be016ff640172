// SPDX-License-Identifier: Apache-2.0
#include "cctv/bus/topics.hpp"

#include <string>

namespace cctv::bus {

std::string event_topic(const Event& e) {
  std::string topic(kEventPrefix);
  topic += to_string(e.type);
  topic += '.';
  topic += e.camera;
  return topic;
}

std::string heartbeat_topic(const std::string& source) { return kHeartbeatPrefix + source; }

}  // namespace cctv::bus
