// SPDX-License-Identifier: Apache-2.0
#include "cctv/storage/event_store.hpp"

#include <algorithm>
#include <map>
#include <mutex>

#include "cctv/common/sql.hpp"
#include "schema.hpp"

namespace cctv::storage {
namespace {

// Timestamps are stored as fixed-width UTC ISO-8601 text, which sorts in time order.

constexpr const char* kUpsert = R"(
INSERT INTO events (id, source, seq, type, phase, camera, site, zone, ts, started_at, json, stored_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
ON CONFLICT(id) DO UPDATE SET source=excluded.source, seq=excluded.seq, type=excluded.type,
  phase=excluded.phase, camera=excluded.camera, site=excluded.site, zone=excluded.zone,
  ts=excluded.ts, started_at=excluded.started_at, json=excluded.json
)";

// Where each source resumes: the highest seq stored, announcements included.
constexpr const char* kProgress = R"(
INSERT INTO source_progress (source, last_seq) VALUES (?1, ?2)
ON CONFLICT(source) DO UPDATE SET last_seq = CASE
  WHEN excluded.last_seq > source_progress.last_seq THEN excluded.last_seq
  ELSE source_progress.last_seq END
)";

void bind_event(sql::Statement& s, const Event& e, const std::string& stored_at) {
  s.bind(1, e.id).bind(2, e.source).bind(3, static_cast<std::int64_t>(e.seq));
  s.bind(4, to_string(e.type)).bind(5, to_string(e.phase));
  s.bind(6, e.camera).bind(7, e.site).bind(8, e.zone).bind(9, format_utc(e.ts));
  if (e.started_at) {
    s.bind(10, format_utc(*e.started_at));
  } else {
    s.bind_null(10);
  }
  s.bind(11, to_json(e)).bind(12, stored_at);
}

}  // namespace

struct EventStore::Impl {
  Impl(const std::string& path, Access access) : db(path, open_options(access)) {
    prepare_schema(db, access);
  }
  sql::Database db;
  mutable std::mutex mutex;
};

EventStore::EventStore(const std::string& path, Access access)
    : impl_(std::make_unique<Impl>(path, access)) {}
EventStore::~EventStore() = default;

void EventStore::upsert(const std::vector<Event>& events) {
  std::lock_guard lock(impl_->mutex);
  sql::Transaction tx(impl_->db);
  sql::Statement s(impl_->db, kUpsert);
  sql::Statement progress(impl_->db, kProgress);
  const std::string now = format_utc(now_utc());
  std::map<std::string, std::uint64_t> highest;  // per source: one progress row per batch
  for (const Event& e : events) {
    std::uint64_t& seq = highest[e.source];
    seq = std::max(seq, e.seq);
    if (is_announcement(e.type)) continue;  // indexed elsewhere; only its seq counts here
    bind_event(s, e, now);
    s.step();
    s.reset();
  }
  for (const auto& [source, seq] : highest) {
    progress.bind(1, source).bind(2, static_cast<std::int64_t>(seq)).step();
    progress.reset();
  }
  tx.commit();
}

std::vector<Event> EventStore::query(const EventQuery& q) const {
  std::lock_guard lock(impl_->mutex);
  sql::Statement s(impl_->db,
                   "SELECT json FROM events WHERE (?1 IS NULL OR camera = ?1) AND (?2 IS NULL OR type = ?2) "
                   "AND (?3 IS NULL OR ts >= ?3) AND (?4 IS NULL OR ts < ?4) ORDER BY ts, source, seq LIMIT ?5");
  if (q.camera) s.bind(1, *q.camera);
  if (q.type) s.bind(2, to_string(*q.type));
  if (q.since) s.bind(3, format_utc(*q.since));
  if (q.until) s.bind(4, format_utc(*q.until));
  s.bind(5, static_cast<std::int64_t>(q.limit));
  std::vector<Event> out;
  while (s.step()) out.push_back(event_from_json(s.text(0)));
  return out;
}

std::vector<Event> EventStore::by_ids(const std::vector<std::string>& ids) const {
  std::lock_guard lock(impl_->mutex);
  sql::Statement s(impl_->db, "SELECT json FROM events WHERE id = ?1");
  std::vector<Event> out;
  for (const std::string& id : ids) {
    s.reset();
    s.bind(1, id);
    if (s.step()) out.push_back(event_from_json(s.text(0)));
  }
  std::stable_sort(out.begin(), out.end(), [](const Event& a, const Event& b) { return a.ts < b.ts; });
  return out;
}

std::int64_t EventStore::count() const {
  std::lock_guard lock(impl_->mutex);
  sql::Statement s(impl_->db, "SELECT COUNT(*) FROM events");
  s.step();
  return s.integer(0);
}

std::optional<std::uint64_t> EventStore::last_seq(const std::string& source) const {
  std::lock_guard lock(impl_->mutex);
  sql::Statement s(impl_->db, "SELECT last_seq FROM source_progress WHERE source = ?1");
  s.bind(1, source);
  if (!s.step() || s.is_null(0)) return std::nullopt;
  return static_cast<std::uint64_t>(s.integer(0));
}

std::map<std::string, std::uint64_t> EventStore::last_seqs() const {
  std::lock_guard lock(impl_->mutex);
  sql::Statement s(impl_->db, "SELECT source, last_seq FROM source_progress");
  std::map<std::string, std::uint64_t> out;
  while (s.step()) out[s.text(0)] = static_cast<std::uint64_t>(s.integer(1));
  return out;
}

}  // namespace cctv::storage
