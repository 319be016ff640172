// SPDX-License-Identifier: Apache-2.0
// The store node's side of the bus: a reliable subscriber that resumes each source after the
// last seq in the database, indexes the files announced (recording segments, evidence), writes
// the events it delivers in batched transactions, acknowledges each committed batch to its
// sources, groups the events into incidents and announces the incidents that changed.
#pragma once

#include <thread>
#include <vector>

#include <zmq.hpp>

#include "cctv/bus/live_feed.hpp"
#include "cctv/bus/reliable_subscriber.hpp"
#include "cctv/storage/audit_log.hpp"
#include "cctv/storage/event_store.hpp"
#include "cctv/storage/evidence.hpp"
#include "cctv/storage/incident_log.hpp"
#include "cctv/storage/recording_index.hpp"

namespace cctv::node {

struct StoreWriterDeps {
  storage::EventStore& events;
  storage::IncidentLog& incidents;
  storage::RecordingIndex& recordings;
  storage::EvidenceStore& evidence;
  storage::AuditLog& audit;               // recovered segments are audited as they are indexed
  bus::LivePublisher* notices = nullptr;  // incident notices; null: none
};

class StoreWriter {
 public:
  // params.start is replaced by the last seq per source that the event store holds.
  StoreWriter(zmq::context_t& ctx, bus::ReliableSubscriberParams params, StoreWriterDeps deps);
  ~StoreWriter();  // stores what is in flight (bounded wait), joins

 private:
  void run(std::stop_token stop);
  // `group`: also group the new events into incidents and tell the consoles; skipped while
  // stopping, since grouping resumes from its own cursor at the next start.
  bool write(std::vector<Event>& batch, bool group = true);
  void index_files(const std::vector<Event>& batch);
  void index_segment(const Event& e);
  void audit_recovery(const storage::Recording& r, const std::string& what_was_kept);
  void group_and_announce();
  void drain(std::vector<Event>& batch);

  StoreWriterDeps deps_;
  std::int64_t announced_change_ = 0;  // the incident log's change cursor last announced
  bus::ReliableSubscriber subscriber_;
  std::jthread thread_;
};

}  // namespace cctv::node
