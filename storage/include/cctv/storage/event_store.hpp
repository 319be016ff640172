// SPDX-License-Identifier: Apache-2.0
// The event database: every event the bus delivered, upserted by id (replays are harmless).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cctv/common/event.hpp"
#include "cctv/storage/schema.hpp"

namespace cctv::storage {

struct EventQuery {
  std::optional<std::string> camera;
  std::optional<EventType> type;
  std::optional<Timestamp> since;  // inclusive
  std::optional<Timestamp> until;  // exclusive
  int limit = 10000;
};

class EventStore {
 public:
  // Opens or creates the SQLite file (WAL mode). Throws std::runtime_error naming the path.
  explicit EventStore(const std::string& path, Access access = Access::write);
  ~EventStore();
  EventStore(const EventStore&) = delete;
  EventStore& operator=(const EventStore&) = delete;

  // One transaction for the batch; an event whose id is already stored replaces it.
  void upsert(const std::vector<Event>& events);

  // Oldest first.
  std::vector<Event> query(const EventQuery& q = {}) const;
  std::int64_t count() const;
  // The stored events among `ids`, oldest first (unknown ids are skipped).
  std::vector<Event> by_ids(const std::vector<std::string>& ids) const;

  // Highest seq stored per source, for replay requests.
  std::optional<std::uint64_t> last_seq(const std::string& source) const;
  // The same for every source at once: where a reliable subscriber resumes.
  std::map<std::string, std::uint64_t> last_seqs() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cctv::storage
