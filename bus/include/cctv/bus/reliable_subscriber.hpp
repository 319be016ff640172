// SPDX-License-Identifier: Apache-2.0
// A subscriber that loses nothing: it resumes each source after a given seq, notices missing
// events from seq gaps and from heartbeats (a lost tail before a quiet period), fetches them
// from the source's replay socket, and delivers every source's events in seq order, each once.
// Whoever stores events acknowledges them, so the source may prune its outbox.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <zmq.hpp>

#include "cctv/common/event.hpp"

namespace cctv::bus {

// What to do with a source that is not in ReliableSubscriberParams::start.
enum class NewSources {
  replay_all,  // everything its outbox still holds (a store)
  live_only,   // from what is published after we first hear of it (a live view)
};

struct ReliableSubscriberParams {
  std::string endpoint;                        // broker backend (XPUB)
  std::map<std::string, std::uint64_t> start;  // per source: seqs up to this are already held
  NewSources new_sources = NewSources::replay_all;
  std::string consumer;  // the name acknowledgements carry; empty: never acknowledge
  std::chrono::milliseconds replay_timeout{2000};  // a source that does not answer is retried
  std::chrono::milliseconds retry_pause{500};      // ...after this long
  std::size_t replay_batch = 500;                  // events per fetch
  std::size_t max_held = 20000;  // live events kept per source while an earlier gap is fetched
};

struct DeliveryStats {
  std::uint64_t delivered = 0;   // events handed out by poll()
  std::uint64_t replayed = 0;    // ...of which came from a replay socket
  std::uint64_t duplicates = 0;  // live events dropped because they were already delivered
  std::uint64_t lost = 0;        // events their source had pruned before we could fetch them
};

class ReliableSubscriber {
 public:
  // Connects to the broker backend, subscribed to every event and every heartbeat.
  ReliableSubscriber(zmq::context_t& ctx, ReliableSubscriberParams params);
  ~ReliableSubscriber();
  ReliableSubscriber(const ReliableSubscriber&) = delete;
  ReliableSubscriber& operator=(const ReliableSubscriber&) = delete;

  // Up to `max` events, each source's in seq order; waits up to `timeout` while there are
  // none. Not thread-safe: poll and acknowledge from one thread.
  std::vector<Event> poll(std::chrono::milliseconds timeout, std::size_t max = 500);

  // `stored` (events from poll) are safely kept: tells each of their sources, up to the
  // highest seq, so it may prune. A source whose replay endpoint is not known yet is told
  // when its first heartbeat arrives.
  void acknowledge(const std::vector<Event>& stored);

  // True when no event is known to be missing from any source heard of.
  bool caught_up() const;
  // The last seq delivered from `source` (its start point before anything was delivered).
  std::optional<std::uint64_t> delivered_seq(const std::string& source) const;
  DeliveryStats stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cctv::bus
