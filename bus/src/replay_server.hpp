// SPDX-License-Identifier: Apache-2.0
// Private: a publishing node's replay socket (ROUTER). Answers FETCH from the outbox and
// records ACKs in it (replay_protocol.hpp). Used by one thread at a time.
#pragma once

#include <chrono>
#include <string>

#include <zmq.hpp>

#include "cctv/bus/outbox.hpp"
#include "replay_protocol.hpp"

namespace cctv::bus {

class ReplayServer {
 public:
  // Binds `endpoint` (tcp://host:* picks a free port); throws BindError naming it.
  ReplayServer(zmq::context_t& ctx, const std::string& endpoint, Outbox& outbox);

  // The bound address as subscribers should dial it (the port resolved).
  const std::string& endpoint() const { return endpoint_; }

  // Waits up to `timeout` for requests and answers all that are waiting.
  void serve(std::chrono::milliseconds timeout);

 private:
  void answer(replay::Frames& request);
  void fetch(const replay::Frames& request, replay::Frames& reply);
  void acknowledge(const replay::Frames& request, replay::Frames& reply);

  zmq::socket_t socket_;
  Outbox& outbox_;
  std::string endpoint_;
};

}  // namespace cctv::bus
