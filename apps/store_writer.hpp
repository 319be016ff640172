// SPDX-License-Identifier: Apache-2.0
// The store's side of the bus (`cctv run`, `cctv store`): a reliable subscriber that resumes
// each source after the last seq in the database, writes what it delivers in batched
// transactions, groups them into incidents and acknowledges each committed batch to its
// sources.
#pragma once

#include <thread>
#include <vector>

#include <zmq.hpp>

#include "cctv/bus/reliable_subscriber.hpp"
#include "cctv/storage/event_store.hpp"
#include "cctv/storage/incident_log.hpp"

namespace cctv::app {

class StoreWriter {
 public:
  // params.start is replaced by the last seq per source that `store` holds.
  // Each committed batch is grouped into `incidents` too.
  StoreWriter(zmq::context_t& ctx, bus::ReliableSubscriberParams params,
              storage::EventStore& store, storage::IncidentLog& incidents);
  ~StoreWriter();  // stores what is in flight (bounded wait), joins

 private:
  void run(std::stop_token stop);
  bool write(std::vector<Event>& batch);
  void drain(std::vector<Event>& batch);

  storage::EventStore& store_;
  storage::IncidentLog& incidents_;
  bus::ReliableSubscriber subscriber_;
  std::jthread thread_;
};

}  // namespace cctv::app
