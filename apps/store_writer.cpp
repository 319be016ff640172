// SPDX-License-Identifier: Apache-2.0
#include "store_writer.hpp"

#include <spdlog/spdlog.h>

#include <iterator>
#include <utility>

namespace cctv::app {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kMaxBatch = 500;               // events per transaction
constexpr std::size_t kMaxBacklog = 20 * kMaxBatch;  // held while the database refuses writes
constexpr std::chrono::milliseconds kPoll{50};
constexpr std::chrono::milliseconds kRetryPause{200};  // after a failed write
// On stop, keep storing until caught up with every source or this long has passed; anything
// left stays in the publishers' outboxes and is fetched at the next start.
constexpr std::chrono::seconds kDrainLimit{3};

bus::ReliableSubscriberParams resume_from(const storage::EventStore& store,
                                          bus::ReliableSubscriberParams params) {
  params.start = store.last_seqs();
  return params;
}

void append(std::vector<Event>& batch, std::vector<Event>&& more) {
  batch.insert(batch.end(), std::make_move_iterator(more.begin()),
               std::make_move_iterator(more.end()));
}

}  // namespace

StoreWriter::StoreWriter(zmq::context_t& ctx, bus::ReliableSubscriberParams params,
                         storage::EventStore& store, storage::IncidentLog& incidents)
    : store_(store),
      incidents_(incidents),
      subscriber_(ctx, resume_from(store, std::move(params))),
      thread_([this](std::stop_token stop) { run(stop); }) {}

StoreWriter::~StoreWriter() {
  thread_.request_stop();
  thread_.join();
}

// Commits the batch, then acknowledges it. A failed write keeps the batch for the next
// attempt: the database may be briefly locked.
bool StoreWriter::write(std::vector<Event>& batch) {
  try {
    store_.upsert(batch);
  } catch (const std::exception& e) {
    spdlog::error("[store] writing {} events failed, will retry: {}", batch.size(), e.what());
    return false;
  }
  subscriber_.acknowledge(batch);
  batch.clear();
  // Grouping works from its own cursor over the stored events, so a failure here loses
  // nothing: the next batch (or the next start) picks the events up.
  try {
    incidents_.catch_up();
  } catch (const std::exception& e) {
    spdlog::error("[store] grouping events into incidents failed, will retry: {}", e.what());
  }
  return true;
}

void StoreWriter::run(std::stop_token stop) {
  std::vector<Event> batch;
  while (!stop.stop_requested()) {
    if (batch.size() < kMaxBacklog) append(batch, subscriber_.poll(kPoll, kMaxBatch));
    if (!batch.empty() && !write(batch)) std::this_thread::sleep_for(kRetryPause);
  }
  drain(batch);
}

void StoreWriter::drain(std::vector<Event>& batch) {
  const auto deadline = Clock::now() + kDrainLimit;
  while (Clock::now() < deadline) {
    auto more = subscriber_.poll(kPoll, kMaxBatch);
    const bool quiet = more.empty();
    append(batch, std::move(more));
    if (!batch.empty() && !write(batch)) continue;
    if (quiet && subscriber_.caught_up()) return;
  }
  if (!batch.empty() || !subscriber_.caught_up()) {
    spdlog::warn(
        "[store] stopping before catching up; {} delivered event(s) unwritten. The "
        "publishers' outboxes keep them for the next start",
        batch.size());
  }
}

}  // namespace cctv::app
