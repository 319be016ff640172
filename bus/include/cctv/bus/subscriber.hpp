// SPDX-License-Identifier: Apache-2.0
// Receives events and notices gaps in each source's sequence numbers.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <zmq.hpp>

#include "cctv/bus/heartbeat.hpp"
#include "cctv/common/event.hpp"

namespace cctv::bus {

// Events [first, last] from `source` were not seen.
struct Gap {
  std::string source;
  std::uint64_t first = 0;
  std::uint64_t last = 0;
};

struct Received {
  std::string topic;           // the message's first frame, e.g. "evt.loitering.hl1"
  std::optional<Event> event;  // empty for heartbeats and messages that could not be decoded
  std::optional<Heartbeat> heartbeat;  // set for "hb.<source>" messages
  std::string error;                   // decode error, when neither is set
  std::optional<Gap> gap;              // set when this event revealed missing seqs before it
};

class Subscriber {
 public:
  // Connects a SUB socket to `endpoint` (a broker backend), subscribed to each prefix
  // (default: every event; add kHeartbeatPrefix to hear publishers' heartbeats).
  Subscriber(zmq::context_t& ctx, const std::string& endpoint,
             const std::vector<std::string>& prefixes = {"evt."});
  ~Subscriber();
  Subscriber(const Subscriber&) = delete;
  Subscriber& operator=(const Subscriber&) = delete;

  // Waits up to `timeout` for one message; nullopt on timeout.
  std::optional<Received> receive(std::chrono::milliseconds timeout);

  // Last seq seen per source (for replay requests later).
  std::optional<std::uint64_t> last_seq(const std::string& source) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cctv::bus
