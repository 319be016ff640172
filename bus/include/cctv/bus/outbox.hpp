// SPDX-License-Identifier: Apache-2.0
// A publishing node's durable outbox (SQLite): every event is appended here, with the next
// per-source seq, before it goes on the bus. Subscribers that missed events fetch them from
// here (through the replay socket); consumers acknowledge what they have stored, after which
// old events are pruned. The seq carries on across restarts of the process.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "cctv/common/event.hpp"
#include "cctv/common/sql.hpp"

namespace cctv::bus {

struct OutboxParams {
  std::string path;    // the SQLite file, e.g. <data>/outbox.db
  std::string source;  // this node's name; an outbox belongs to one source
  // normal: an appended event survives a crash of the process (SQLite WAL commits reach the
  // OS before append returns); full: it also survives a power loss, at one fsync per event.
  sql::Sync sync = sql::Sync::full;
  // Acknowledged events stay this long, so that a late reader (a console) can still catch up...
  std::chrono::seconds keep_acked{std::chrono::hours(24)};
  // ...but no more than this many of them. Unacknowledged events are never pruned.
  std::uint64_t keep_acked_events = 100000;
};

// Events [from, to] as far as the outbox holds them, and what it holds overall.
struct OutboxRange {
  std::vector<std::string> payloads;  // event JSON as sent on the bus, ascending seq; may stop
                                      // early at the batch limit
  std::uint64_t first_seq = 1;        // oldest seq still held (last_seq + 1 when empty)
  std::uint64_t last_seq = 0;         // newest seq ever appended (0: none yet)
};

class Outbox {
 public:
  // Opens or creates the file. Throws std::runtime_error naming the path when it cannot, or
  // when the file belongs to another source.
  explicit Outbox(OutboxParams params);
  ~Outbox();
  Outbox(const Outbox&) = delete;
  Outbox& operator=(const Outbox&) = delete;

  // Stamps e.source, the next seq and (when empty) a new id, and stores e durably before
  // returning its seq. Thread-safe. Throws std::runtime_error when the disk refuses.
  std::uint64_t append(Event& e);
  // The same for several events in one transaction (group commit: one fsync for all of them).
  // All or none: on failure nothing is kept, the sequence does not move, and it throws.
  // Returns each event's JSON as stored, which is what goes on the bus.
  std::vector<std::string> append(std::span<Event> events);

  // Events with from <= seq <= to, oldest first, at most `limit` of them.
  OutboxRange read(std::uint64_t from, std::uint64_t to, std::size_t limit) const;

  // `consumer` holds every event up to `seq`. Events every consumer holds are pruned once
  // outside the retention. Returns the number of events pruned.
  std::size_t acknowledge(const std::string& consumer, std::uint64_t seq);

  std::uint64_t last_seq() const;  // 0 before the first event
  // The furthest any consumer has acknowledged (0 when none has).
  std::uint64_t acknowledged_seq() const;
  std::size_t size() const;  // events held
  const std::string& source() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cctv::bus
