// SPDX-License-Identifier: Apache-2.0
// Private: one source's delivery state inside ReliableSubscriber, without any I/O. Live
// events, heartbeats and replayed batches go in; what comes out is that source's events in
// seq order, each once, and the range still to fetch.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "cctv/common/event.hpp"
#include "replay_client.hpp"

namespace cctv::bus {

struct SeqRange {
  std::uint64_t first = 0;
  std::uint64_t last = 0;
};

class SourceSequencer {
 public:
  // `delivered`: every seq up to it is already held downstream. Live events that arrive while
  // a gap is open wait in memory, at most `max_held` of them (later ones are fetched again).
  SourceSequencer(std::uint64_t delivered, std::size_t max_held);

  enum class Live { delivered, held, duplicate, dropped };
  Live on_live(Event e, std::vector<Event>& out);

  // The source's newest seq is `last_seq`. True when that is below what was delivered: the
  // source's sequence restarted (its outbox was lost), so everything it holds is fetched again.
  bool on_heartbeat(std::uint64_t last_seq);

  // The next range to fetch, if any events are known to be missing.
  std::optional<SeqRange> missing() const;

  struct ReplayResult {
    std::size_t delivered = 0;
    std::uint64_t lost = 0;  // events gone from the source before we could fetch them...
    SeqRange lost_span;      // ...all within this range
    bool restarted = false;  // as on_heartbeat's return
  };
  // The answer to a fetch of `asked` (from missing()).
  ReplayResult on_replay(const SeqRange& asked, ReplayBatch batch, std::vector<Event>& out);

  std::uint64_t delivered() const { return delivered_; }
  std::uint64_t known_last() const { return known_last_; }

 private:
  void deliver(Event e, std::vector<Event>& out);
  void release_held(std::vector<Event>& out);
  void restart();

  std::uint64_t delivered_;
  std::uint64_t known_last_;
  std::size_t max_held_;
  std::map<std::uint64_t, Event> held_;  // live events beyond a gap, by seq
};

}  // namespace cctv::bus
