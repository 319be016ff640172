// SPDX-License-Identifier: Apache-2.0
// The store's side of the bus in `cctv run`: subscribes to every event and writes batches.
#pragma once

#include <thread>

#include <zmq.hpp>

#include "cctv/bus/subscriber.hpp"
#include "cctv/storage/event_store.hpp"

namespace cctv::app {

class StoreWriter {
 public:
  StoreWriter(zmq::context_t& ctx, const std::string& endpoint, storage::EventStore& store);
  ~StoreWriter();  // drains what is in flight, writes it, joins

 private:
  void run(std::stop_token stop);
  void write(std::vector<Event>& batch);

  bus::Subscriber subscriber_;
  storage::EventStore& store_;
  std::jthread thread_;
};

}  // namespace cctv::app
