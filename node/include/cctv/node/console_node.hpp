// SPDX-License-Identifier: Apache-2.0
// The console node (`cctv console`, or part of `cctv run`): the operator console's HTTP server
// over the store, with live frames, camera status and change notices from the bus. It reads
// the store's database and sends every write to the store node.
#pragma once

#include <memory>

#include <zmq.hpp>

#include "cctv/config/config.hpp"
#include "cctv/storage/store_requests.hpp"

namespace cctv::node {

struct ConsoleNodeParams {
  config::Config config;  // console.bind; storage.data_dir holds the store's database
  zmq::context_t* ctx = nullptr;
  // Where its writes go: empty, the store node's request socket (bus.store_requests), as
  // `cctv console` runs; `cctv run` hands over its store node's answer().
  storage::StoreTransport store;
};

class ConsoleNode {
 public:
  explicit ConsoleNode(ConsoleNodeParams params);
  ~ConsoleNode();  // stop()
  ConsoleNode(const ConsoleNode&) = delete;
  ConsoleNode& operator=(const ConsoleNode&) = delete;

  void start();      // throws std::runtime_error naming the address when it cannot listen
  void stop();       // idempotent
  int port() const;  // after start()

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cctv::node
