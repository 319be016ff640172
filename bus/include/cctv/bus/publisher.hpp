// SPDX-License-Identifier: Apache-2.0
// Publishes events as multipart [topic, json], stamping source and a per-source seq.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <zmq.hpp>

#include "cctv/common/event.hpp"

namespace cctv::bus {

class Publisher {
 public:
  // Connects a PUB socket to `endpoint` (a broker frontend). `source` names this node.
  Publisher(zmq::context_t& ctx, const std::string& endpoint, std::string source,
            std::uint64_t first_seq = 1);
  ~Publisher();
  Publisher(const Publisher&) = delete;
  Publisher& operator=(const Publisher&) = delete;

  // Sets e.source and e.seq (and e.id to a new UUID when empty), then sends. Thread-safe.
  // Returns the seq given.
  std::uint64_t publish(Event& e);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cctv::bus
