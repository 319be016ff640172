// SPDX-License-Identifier: Apache-2.0
#include "store_writer.hpp"

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include <iterator>
#include <utility>

namespace cctv::node {
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
                         StoreWriterDeps deps)
    : deps_(deps),
      announced_change_(deps.incidents.last_change()),
      subscriber_(ctx, resume_from(deps.events, std::move(params))),
      thread_([this](std::stop_token stop) { run(stop); }) {}

StoreWriter::~StoreWriter() {
  thread_.request_stop();
  thread_.join();
}

// Indexes the batch's files, commits its events (which moves each source's resume point), then
// acknowledges it. Indexing is idempotent, so a crash in between only repeats it. A failed
// write keeps the batch for the next attempt: the database may be briefly locked.
bool StoreWriter::write(std::vector<Event>& batch, bool group) {
  try {
    index_files(batch);
    deps_.events.upsert(batch);
  } catch (const std::exception& e) {
    spdlog::error("[store] writing {} events failed, will retry: {}", batch.size(), e.what());
    return false;
  }
  subscriber_.acknowledge(batch);
  batch.clear();
  if (group) group_and_announce();
  return true;
}

void StoreWriter::index_files(const std::vector<Event>& batch) {
  for (const Event& e : batch) {
    if (!e.file) continue;
    if (e.type == EventType::recording_segment && e.started_at) {
      index_segment(e);
    } else if (e.type == EventType::evidence_file) {
      const auto kind = storage::parse_evidence_kind(e.file->kind);
      if (!kind) {
        spdlog::warn("[store] evidence {} from {} has an unknown kind '{}'; not indexed", e.id,
                     e.source, e.file->kind);
        continue;
      }
      deps_.evidence.register_announced({.id = e.id,
                                         .kind = *kind,
                                         .event_id = e.file->event,
                                         .camera = e.camera,
                                         .path = e.file->path,
                                         .bytes = e.file->bytes,
                                         .sha256 = e.file->sha256,
                                         .created_at = e.ts});
    }
  }
}

// A recovered segment the index already holds with the same bytes changes nothing: the
// announcement replayed, or a camera node whose mark lagged behind announcing segments again.
// Any other is audited as it is indexed.
void StoreWriter::index_segment(const Event& e) {
  const storage::Recording r{.camera = e.camera,
                             .start = *e.started_at,
                             .end = e.ts,
                             .path = e.file->path,
                             .bytes = e.file->bytes,
                             .sha256 = e.file->sha256,
                             .node = e.source};
  if (e.file->kind == kRecoveredSegment) {
    const std::optional<storage::Recording> known = deps_.recordings.at(r.path);
    if (known && known->sha256 == r.sha256) return;
    audit_recovery(r, e.message);
  }
  deps_.recordings.add(r);
}

void StoreWriter::audit_recovery(const storage::Recording& r, const std::string& what_was_kept) {
  deps_.audit.append("system", "recording.recover", r.path,
                     nlohmann::json{{"camera", r.camera},
                                    {"node", r.node},
                                    {"start", format_utc(r.start)},
                                    {"end", format_utc(r.end)},
                                    {"bytes", r.bytes},
                                    {"sha256", r.sha256},
                                    {"recovery", what_was_kept}}
                         .dump());
}

// Grouping works from its own cursor over the stored events, so a failure here loses nothing:
// the next batch (or the next start) picks the events up. Consoles hear of every change at
// once; a notice they miss is made up by the next, which carries the cursor.
void StoreWriter::group_and_announce() {
  try {
    deps_.incidents.catch_up();
    const std::int64_t change = deps_.incidents.last_change();
    if (change == announced_change_ || !deps_.notices) return;
    announced_change_ = change;
    deps_.notices->send_notice(bus::kIncidentNotice, nlohmann::json{{"cursor", change}}.dump());
  } catch (const std::exception& e) {
    spdlog::error("[store] grouping events into incidents failed, will retry: {}", e.what());
  }
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
    // Grouping a large backlog could outlast the stop deadline (seen under ASan: the writer
    // still stopping after 9 s); the next start groups whatever is stored now.
    if (!batch.empty() && !write(batch, false)) continue;
    if (quiet && subscriber_.caught_up()) return;
  }
  if (!batch.empty() || !subscriber_.caught_up()) {
    spdlog::warn(
        "[store] stopping before catching up; {} delivered event(s) unwritten. The "
        "publishers' outboxes keep them for the next start",
        batch.size());
  }
}

}  // namespace cctv::node
