// SPDX-License-Identifier: Apache-2.0
#include "source_sequencer.hpp"

#include <algorithm>
#include <utility>

namespace cctv::bus {

SourceSequencer::SourceSequencer(std::uint64_t delivered, std::size_t max_held)
    : delivered_(delivered), known_last_(delivered), max_held_(max_held) {}

void SourceSequencer::deliver(Event e, std::vector<Event>& out) {
  delivered_ = e.seq;
  out.push_back(std::move(e));
}

// Held events that now follow on directly.
void SourceSequencer::release_held(std::vector<Event>& out) {
  while (!held_.empty() && held_.begin()->first <= delivered_ + 1) {
    auto node = held_.extract(held_.begin());
    if (node.key() == delivered_ + 1) deliver(std::move(node.mapped()), out);
  }
}

void SourceSequencer::restart() {
  delivered_ = 0;
  held_.clear();
}

SourceSequencer::Live SourceSequencer::on_live(Event e, std::vector<Event>& out) {
  known_last_ = std::max(known_last_, e.seq);
  if (e.seq <= delivered_ || held_.contains(e.seq)) return Live::duplicate;
  if (e.seq == delivered_ + 1) {
    deliver(std::move(e), out);
    release_held(out);
    return Live::delivered;
  }
  if (held_.size() >= max_held_) return Live::dropped;
  const std::uint64_t seq = e.seq;
  held_.emplace(seq, std::move(e));
  return Live::held;
}

bool SourceSequencer::on_heartbeat(std::uint64_t last_seq) {
  if (last_seq < delivered_) {
    restart();
    known_last_ = last_seq;
    return true;
  }
  known_last_ = std::max(known_last_, last_seq);
  return false;
}

std::optional<SeqRange> SourceSequencer::missing() const {
  const std::uint64_t next = delivered_ + 1;
  if (!held_.empty()) return SeqRange{next, held_.begin()->first - 1};
  if (known_last_ >= next) return SeqRange{next, known_last_};
  return std::nullopt;
}

SourceSequencer::ReplayResult SourceSequencer::on_replay(const SeqRange& asked, ReplayBatch batch,
                                                         std::vector<Event>& out) {
  ReplayResult result;
  if (batch.last_seq < delivered_) {
    result.restarted = on_heartbeat(batch.last_seq);
    return result;  // fetch again from the start of the new sequence
  }
  known_last_ = std::max(known_last_, batch.last_seq);
  auto note_lost = [&](std::uint64_t first, std::uint64_t last) {
    if (result.lost == 0) result.lost_span.first = first;
    result.lost_span.last = last;
    result.lost += last - first + 1;
  };
  for (Event& e : batch.events) {
    if (e.seq <= delivered_ || e.seq > asked.last) continue;
    if (e.seq > delivered_ + 1) note_lost(delivered_ + 1, e.seq - 1);
    deliver(std::move(e), out);
    ++result.delivered;
  }
  // Nothing (more) came back although the source no longer holds the start of the range.
  if (result.delivered == 0 && batch.first_seq > delivered_ + 1) {
    const std::uint64_t gone = std::min(batch.first_seq - 1, asked.last);
    if (gone > delivered_) {
      note_lost(delivered_ + 1, gone);
      delivered_ = gone;
    }
  }
  release_held(out);
  return result;
}

}  // namespace cctv::bus
