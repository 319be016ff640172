// SPDX-License-Identifier: Apache-2.0
// A node's durable publisher: every event goes into the outbox (with the next per-source seq)
// before it is sent as multipart [topic, json]; a replay socket serves missed events from the
// outbox and takes acknowledgements; a heartbeat ("hb.<source>") tells subscribers the last
// seq and the replay endpoint, so a lost tail is noticed even when the node falls quiet.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include <zmq.hpp>

#include "cctv/bus/outbox.hpp"
#include "cctv/common/event.hpp"

namespace cctv::bus {

struct PublisherParams {
  std::string endpoint;  // broker frontend (XSUB) the PUB socket connects to
  // Where the replay socket binds; also announced in heartbeats, so give an address
  // subscribers can dial (tcp://10.0.0.5:5572). "tcp://127.0.0.1:*" takes a free port.
  std::string replay;
  OutboxParams outbox;  // outbox.source is this node's name in every event
  std::chrono::milliseconds heartbeat{1000};
};

class Publisher {
 public:
  // Opens the outbox, binds the replay socket, connects to the broker and starts the
  // heartbeat/replay thread. Throws (std::runtime_error, zmq::error_t) naming what failed.
  Publisher(zmq::context_t& ctx, PublisherParams params);
  ~Publisher();  // stops the thread, sends a last heartbeat
  Publisher(const Publisher&) = delete;
  Publisher& operator=(const Publisher&) = delete;

  // Sets e.source, e.seq (and e.id to a new UUID when empty), appends e to the outbox, then
  // sends it. Thread-safe. Returns the seq. Throws when the outbox cannot store it: an event
  // that is not in the outbox is never sent.
  std::uint64_t publish(Event& e);
  // The same for several events: appended in one outbox transaction (one fsync for all), then
  // sent in order. Nothing is sent unless all are kept. Returns the last seq.
  std::uint64_t publish(std::span<Event> events);

  // The replay endpoint as announced (port resolved).
  const std::string& replay_endpoint() const;
  const Outbox& outbox() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cctv::bus
