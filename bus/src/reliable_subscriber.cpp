// SPDX-License-Identifier: Apache-2.0
// The I/O around SourceSequencer: a SUB socket for events and heartbeats, and one replay
// client per source, created from the endpoint its heartbeat announces.
#include "cctv/bus/reliable_subscriber.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <functional>
#include <utility>

#include "cctv/bus/subscriber.hpp"
#include "cctv/bus/topics.hpp"
#include "replay_client.hpp"
#include "source_sequencer.hpp"

namespace cctv::bus {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kLiveReadsPerRound = 2000;      // live messages read before fetching gaps
constexpr std::chrono::milliseconds kGapRecheck{20};  // wait slice while a fetch is pending

struct SourceState {
  SourceSequencer sequencer;
  std::unique_ptr<ReplayClient> replay;  // once a heartbeat named the endpoint
  Clock::time_point retry_at{};
  std::optional<std::uint64_t> ack;  // highest seq acknowledged; repeated on heartbeats
};

}  // namespace

struct ReliableSubscriber::Impl {
  zmq::context_t& ctx;
  ReliableSubscriberParams params;
  Subscriber live;
  std::map<std::string, SourceState, std::less<>> sources;
  DeliveryStats stats;

  Impl(zmq::context_t& c, ReliableSubscriberParams p)
      : ctx(c),
        params(std::move(p)),
        live(ctx, params.endpoint, {kEventPrefix, kHeartbeatPrefix}) {}

  // `heard_at`: where a live-only subscriber starts with a source it has not met before.
  SourceState& source(const std::string& name, std::uint64_t heard_at) {
    if (auto it = sources.find(name); it != sources.end()) return it->second;
    std::uint64_t delivered = 0;
    if (auto s = params.start.find(name); s != params.start.end()) {
      delivered = s->second;
    } else if (params.new_sources == NewSources::live_only) {
      delivered = heard_at;
    }
    spdlog::info("[bus] source {}: resuming after seq {}", name, delivered);
    return sources.try_emplace(name, SourceState{SourceSequencer(delivered, params.max_held)})
        .first->second;
  }

  void send_ack(const std::string& name, SourceState& s) {
    if (s.ack && s.replay && !params.consumer.empty()) {
      s.replay->acknowledge(name, params.consumer, *s.ack);
    }
  }

  void on_heartbeat(const Heartbeat& hb) {
    SourceState& s = source(hb.source, hb.last_seq);
    if (s.sequencer.on_heartbeat(hb.last_seq)) {
      spdlog::warn("[bus] source {} restarted its sequence (now at {}); fetching all it holds",
                   hb.source, hb.last_seq);
    }
    if (!s.replay || s.replay->endpoint() != hb.replay) {
      s.replay = std::make_unique<ReplayClient>(ctx, hb.replay, params.replay_timeout);
      s.retry_at = {};
    }
    send_ack(hb.source, s);
  }

  void on_message(Received& r, std::vector<Event>& out) {
    if (r.heartbeat) return on_heartbeat(*r.heartbeat);
    if (!r.event) {
      spdlog::warn("[bus] dropped an undecodable message on '{}': {}", r.topic, r.error);
      return;
    }
    SourceState& s = source(r.event->source, r.event->seq > 0 ? r.event->seq - 1 : 0);
    if (s.sequencer.on_live(std::move(*r.event), out) == SourceSequencer::Live::duplicate) {
      ++stats.duplicates;
    }
  }

  void note_replay(const std::string& name, const SourceSequencer::ReplayResult& result) {
    stats.replayed += result.delivered;
    if (result.lost == 0) return;
    stats.lost += result.lost;
    spdlog::error(
        "[bus] {} event(s) of source {} within seq {}..{} are gone from its outbox "
        "(pruned before they could be fetched)",
        result.lost, name, result.lost_span.first, result.lost_span.last);
  }

  // One fetch for each source known to be missing events, until `max` events are out.
  void fill_gaps(std::vector<Event>& out, std::size_t max) {
    for (auto& [name, s] : sources) {
      const auto range = s.sequencer.missing();
      if (out.size() >= max) return;
      if (!range || !s.replay || Clock::now() < s.retry_at) continue;
      const std::size_t limit = std::min(params.replay_batch, max - out.size());
      auto batch = s.replay->fetch(name, range->first, range->last, limit);
      if (!batch) {  // one unanswered source costs a poll one timeout, not one per source
        s.retry_at = Clock::now() + params.retry_pause;
        return;
      }
      const auto result = s.sequencer.on_replay(*range, std::move(*batch), out);
      note_replay(name, result);
      if (result.delivered == 0 && result.lost == 0 && !result.restarted) {
        s.retry_at = Clock::now() + params.retry_pause;  // the source holds nothing new yet
      }
    }
  }

  bool gaps_pending() const {
    return std::any_of(sources.begin(), sources.end(), [](const auto& entry) {
      return entry.second.replay && entry.second.sequencer.missing().has_value();
    });
  }

  void read_live(std::vector<Event>& out, std::size_t max) {
    for (std::size_t n = 0; n < kLiveReadsPerRound && out.size() < max; ++n) {
      auto r = live.receive(std::chrono::milliseconds(0));
      if (!r) return;
      on_message(*r, out);
    }
  }
};

ReliableSubscriber::ReliableSubscriber(zmq::context_t& ctx, ReliableSubscriberParams params)
    : impl_(std::make_unique<Impl>(ctx, std::move(params))) {}

ReliableSubscriber::~ReliableSubscriber() = default;

std::vector<Event> ReliableSubscriber::poll(std::chrono::milliseconds timeout, std::size_t max) {
  const auto deadline = Clock::now() + timeout;
  std::vector<Event> out;
  for (;;) {
    impl_->read_live(out, max);  // live first: keeps the SUB queue short while replays run
    impl_->fill_gaps(out, max);
    const auto now = Clock::now();
    if (!out.empty() || now >= deadline) break;
    // Rounded up: a remainder under a millisecond truncated to 0 made this loop spin until
    // the deadline (a store's writer spent 1.7% of a core so, polling every 50 ms).
    auto wait = std::chrono::ceil<std::chrono::milliseconds>(deadline - now);
    if (impl_->gaps_pending()) wait = std::min(wait, kGapRecheck);
    if (auto r = impl_->live.receive(wait)) impl_->on_message(*r, out);
  }
  impl_->stats.delivered += out.size();
  return out;
}

void ReliableSubscriber::acknowledge(const std::vector<Event>& stored) {
  std::map<std::string, std::uint64_t, std::less<>> highest;
  for (const Event& e : stored) highest[e.source] = std::max(highest[e.source], e.seq);
  for (const auto& [name, seq] : highest) {
    auto it = impl_->sources.find(name);
    if (it == impl_->sources.end()) continue;  // not an event of ours
    SourceState& s = it->second;
    s.ack = std::max(s.ack.value_or(0), seq);
    impl_->send_ack(name, s);
  }
}

bool ReliableSubscriber::caught_up() const {
  return std::none_of(impl_->sources.begin(), impl_->sources.end(), [](const auto& entry) {
    return entry.second.sequencer.missing().has_value();
  });
}

std::optional<std::uint64_t> ReliableSubscriber::delivered_seq(const std::string& source) const {
  auto it = impl_->sources.find(source);
  if (it == impl_->sources.end()) return std::nullopt;
  return it->second.sequencer.delivered();
}

DeliveryStats ReliableSubscriber::stats() const { return impl_->stats; }

}  // namespace cctv::bus
