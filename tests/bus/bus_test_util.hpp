// SPDX-License-Identifier: Apache-2.0
// Shared by the bus tests: a broker on free ports, events, and durable publisher parameters.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include <zmq.hpp>

#include "cctv/bus/broker.hpp"
#include "cctv/bus/publisher.hpp"
#include "cctv/common/event.hpp"
#include "support/temp_dir.hpp"

namespace cctv::bus::test_util {

inline std::string tcp_endpoint(int port) { return "tcp://127.0.0.1:" + std::to_string(port); }

inline Event make_event(EventType type, const std::string& camera) {
  Event e;
  e.type = type;
  e.phase = EventPhase::instant;
  e.camera = camera;
  e.site = "high-street";
  e.ts = now_utc();
  return e;
}

// A broker on two free TCP ports; free_tcp_port() races with other processes, so a failed
// bind takes fresh ports.
struct BrokerOnFreePorts {
  std::string frontend;
  std::string backend;
  std::optional<Broker> broker;

  explicit BrokerOnFreePorts(zmq::context_t& ctx) { start(ctx); }

  void start(zmq::context_t& ctx) {
    for (int attempt = 0; !broker; ++attempt) {
      frontend = tcp_endpoint(test::free_tcp_port());
      do backend = tcp_endpoint(test::free_tcp_port());
      while (backend == frontend);
      try {
        broker.emplace(ctx, frontend, backend);
      } catch (const zmq::error_t&) {
        if (attempt == 4) throw;
      }
    }
  }
};

// A publisher whose outbox lives in `dir` (one file per source) with a fast heartbeat and
// the replay socket on a free port.
inline PublisherParams publisher_params(const test::TempDir& dir, const std::string& frontend,
                                        const std::string& source) {
  return {.endpoint = frontend,
          .replay = "tcp://127.0.0.1:*",
          .outbox = {.path = (dir / (source + "-outbox.db")).string(),
                     .source = source,
                     .sync = sql::Sync::normal},
          .heartbeat = std::chrono::milliseconds(100)};
}

}  // namespace cctv::bus::test_util
