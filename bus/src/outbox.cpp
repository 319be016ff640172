// SPDX-License-Identifier: Apache-2.0
// One row per event (seq, id, JSON, when appended), one per consumer's acknowledgement, and a
// meta table holding the owning source and the last seq (so pruning everything still leaves
// the sequence to continue from).
#include "cctv/bus/outbox.hpp"

#include <algorithm>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

namespace cctv::bus {
namespace {

constexpr const char* kSchema = R"(
CREATE TABLE IF NOT EXISTS outbox (
  seq         INTEGER PRIMARY KEY,
  id          TEXT NOT NULL,
  json        TEXT NOT NULL,
  appended_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS acks (
  consumer TEXT PRIMARY KEY,
  seq      INTEGER NOT NULL,
  at_ms    INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
)";

constexpr const char* kPrune = R"(
DELETE FROM outbox WHERE seq <= ?1 AND (appended_ms < ?2 OR seq <= ?1 - ?3)
)";

// The database with our tables in it, for use in a member initialiser list.
sql::Database& with_schema(sql::Database& db) {
  db.exec(kSchema);
  return db;
}

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::int64_t as_int(std::uint64_t v) { return static_cast<std::int64_t>(v); }

std::int64_t single_integer(const sql::Database& db, std::string_view query) {
  sql::Statement s(db, query);
  return s.step() && !s.is_null(0) ? s.integer(0) : 0;
}

void set_meta(const sql::Database& db, const std::string& key, const std::string& value) {
  sql::Statement s(db,
                   "INSERT INTO meta (key, value) VALUES (?1, ?2) "
                   "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  s.bind(1, key).bind(2, value);
  s.step();
}

std::optional<std::string> meta(const sql::Database& db, const std::string& key) {
  sql::Statement s(db, "SELECT value FROM meta WHERE key = ?1");
  s.bind(1, key);
  if (!s.step()) return std::nullopt;
  return s.text(0);
}

}  // namespace

struct Outbox::Impl {
  OutboxParams params;
  sql::Database db;
  sql::Statement insert;
  mutable std::mutex mutex;  // guards last and the statements
  std::uint64_t last = 0;

  explicit Impl(OutboxParams p)
      : params(std::move(p)),
        db(params.path, {.sync = params.sync}),
        insert(with_schema(db),
               "INSERT INTO outbox (seq, id, json, appended_ms) VALUES (?1, ?2, ?3, ?4)") {
    claim_source();
    const std::int64_t kept = single_integer(db, "SELECT MAX(seq) FROM outbox");
    const std::int64_t recorded = std::stoll(meta(db, "last_seq").value_or("0"));
    last = static_cast<std::uint64_t>(std::max(kept, recorded));
  }

  // An outbox holds one source's sequence; reusing it under another name would mix two.
  void claim_source() {
    const auto owner = meta(db, "source");
    if (!owner) {
      set_meta(db, "source", params.source);
    } else if (*owner != params.source) {
      throw std::runtime_error("outbox " + params.path + " belongs to source '" + *owner +
                               "', not '" + params.source +
                               "'; keep the node's name or move the file away once the store "
                               "holds its events");
    }
  }

  std::size_t prune(std::uint64_t all_hold) {
    const auto cutoff =
        now_ms() - std::chrono::duration_cast<std::chrono::milliseconds>(params.keep_acked).count();
    sql::Statement s(db, kPrune);
    s.bind(1, as_int(all_hold)).bind(2, cutoff).bind(3, as_int(params.keep_acked_events));
    s.step();
    return static_cast<std::size_t>(db.changes());
  }
};

Outbox::Outbox(OutboxParams params) : impl_(std::make_unique<Impl>(std::move(params))) {}
Outbox::~Outbox() = default;

std::uint64_t Outbox::append(Event& e) {
  append(std::span<Event>(&e, 1));
  return e.seq;
}

std::vector<std::string> Outbox::append(std::span<Event> events) {
  std::vector<std::string> payloads;
  payloads.reserve(events.size());
  std::lock_guard lock(impl_->mutex);
  sql::Statement& s = impl_->insert;
  std::uint64_t seq = impl_->last;
  sql::Transaction tx(impl_->db);  // rolled back unless committed
  for (Event& e : events) {
    if (e.id.empty()) e.id = new_uuid();
    e.source = impl_->params.source;
    e.seq = ++seq;
    payloads.push_back(to_json(e));
    s.bind(1, as_int(e.seq)).bind(2, e.id).bind(3, payloads.back()).bind(4, now_ms());
    try {
      s.step();
    } catch (...) {
      s.reset();
      throw;
    }
    s.reset();
  }
  tx.commit();
  impl_->last = seq;
  return payloads;
}

OutboxRange Outbox::read(std::uint64_t from, std::uint64_t to, std::size_t limit) const {
  std::lock_guard lock(impl_->mutex);
  OutboxRange range;
  range.last_seq = impl_->last;
  const auto first = single_integer(impl_->db, "SELECT MIN(seq) FROM outbox");
  range.first_seq = first > 0 ? static_cast<std::uint64_t>(first) : impl_->last + 1;
  sql::Statement s(impl_->db,
                   "SELECT json FROM outbox WHERE seq BETWEEN ?1 AND ?2 ORDER BY seq LIMIT ?3");
  s.bind(1, as_int(from)).bind(2, as_int(std::min(to, impl_->last)));
  s.bind(3, static_cast<std::int64_t>(limit));
  while (s.step()) range.payloads.push_back(s.text(0));
  return range;
}

std::size_t Outbox::acknowledge(const std::string& consumer, std::uint64_t seq) {
  std::lock_guard lock(impl_->mutex);
  seq = std::min(seq, impl_->last);  // never past what exists (a consumer of an older outbox)
  sql::Transaction tx(impl_->db);
  sql::Statement s(impl_->db,
                   "INSERT INTO acks (consumer, seq, at_ms) VALUES (?1, ?2, ?3) "
                   "ON CONFLICT(consumer) DO UPDATE SET seq = MAX(seq, excluded.seq), "
                   "at_ms = excluded.at_ms");
  s.bind(1, consumer).bind(2, as_int(seq)).bind(3, now_ms());
  s.step();
  set_meta(impl_->db, "last_seq", std::to_string(impl_->last));
  const auto all_hold = single_integer(impl_->db, "SELECT MIN(seq) FROM acks");
  const std::size_t pruned = impl_->prune(static_cast<std::uint64_t>(all_hold));
  tx.commit();
  return pruned;
}

std::uint64_t Outbox::last_seq() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->last;
}

std::uint64_t Outbox::acknowledged_seq() const {
  std::lock_guard lock(impl_->mutex);
  return static_cast<std::uint64_t>(single_integer(impl_->db, "SELECT MAX(seq) FROM acks"));
}

std::size_t Outbox::size() const {
  std::lock_guard lock(impl_->mutex);
  return static_cast<std::size_t>(single_integer(impl_->db, "SELECT COUNT(*) FROM outbox"));
}

const std::string& Outbox::source() const { return impl_->params.source; }

}  // namespace cctv::bus
