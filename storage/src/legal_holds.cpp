// SPDX-License-Identifier: Apache-2.0
// Holds are audited where they change: adding and releasing each write an audit row in the
// same database, so the audit chain shows who held and released what.
#include "cctv/storage/legal_holds.hpp"

#include <mutex>

#include <nlohmann/json.hpp>

#include "cctv/common/sql.hpp"
#include "schema.hpp"
#include "cctv/storage/audit_log.hpp"

namespace cctv::storage {
namespace {


constexpr const char* kSelect =
    "SELECT id, camera, from_ts, to_ts, reason, created_by, created_at, released_at, released_by FROM legal_holds";

LegalHold read(const sql::Statement& s) {
  LegalHold h;
  h.id = s.integer(0);
  h.camera = s.text(1);
  h.from = parse_utc(s.text(2)).value_or(Timestamp{});
  h.to = parse_utc(s.text(3)).value_or(Timestamp{});
  h.reason = s.text(4);
  h.created_by = s.text(5);
  h.created_at = parse_utc(s.text(6)).value_or(Timestamp{});
  if (!s.is_null(7)) h.released_at = parse_utc(s.text(7));
  h.released_by = s.text(8);
  return h;
}

}  // namespace

struct LegalHolds::Impl {
  explicit Impl(const std::string& path) : db(path, {.sync = sql::Sync::full}), audit(path) { prepare_schema(db); }
  std::vector<LegalHold> select(const std::string& where) const {
    sql::Statement s(db, std::string(kSelect) + where + " ORDER BY id");
    std::vector<LegalHold> out;
    while (s.step()) out.push_back(read(s));
    return out;
  }
  sql::Database db;
  AuditLog audit;
  mutable std::mutex mutex;
};

LegalHolds::LegalHolds(const std::string& db_path) : impl_(std::make_unique<Impl>(db_path)) {}
LegalHolds::~LegalHolds() = default;

std::int64_t LegalHolds::add(const std::string& actor, const std::string& camera, Timestamp from, Timestamp to,
                             const std::string& reason) {
  if (camera.empty()) throw HoldError("a hold needs a camera");
  if (reason.empty()) throw HoldError("a hold needs a reason (crime reference, incident, request)");
  if (from >= to) throw HoldError("a hold's 'from' must be before its 'to'");
  std::lock_guard lock(impl_->mutex);
  sql::Statement s(impl_->db,
                   "INSERT INTO legal_holds (camera, from_ts, to_ts, reason, created_by, created_at) "
                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id");
  s.bind(1, camera).bind(2, format_utc(from)).bind(3, format_utc(to)).bind(4, reason).bind(5, actor);
  s.bind(6, format_utc(now_utc()));
  const std::int64_t id = s.step_to_integer();
  impl_->audit.append(actor, "hold.add", "hold " + std::to_string(id),
                      nlohmann::json{{"camera", camera}, {"from", format_utc(from)}, {"to", format_utc(to)}, {"reason", reason}}
                          .dump());
  return id;
}

void LegalHolds::release(const std::string& actor, std::int64_t id) {
  std::lock_guard lock(impl_->mutex);
  sql::Statement s(impl_->db,
                   "UPDATE legal_holds SET released_at = ?2, released_by = ?3 WHERE id = ?1 AND released_at IS NULL");
  s.bind(1, id).bind(2, format_utc(now_utc())).bind(3, actor);
  s.step();
  if (impl_->db.changes() == 0) throw HoldError("no active hold " + std::to_string(id));
  impl_->audit.append(actor, "hold.release", "hold " + std::to_string(id));
}

std::vector<LegalHold> LegalHolds::active() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->select(" WHERE released_at IS NULL");
}

std::vector<LegalHold> LegalHolds::all() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->select("");
}

bool LegalHolds::covers(const std::string& camera, Timestamp from, Timestamp to) const {
  std::lock_guard lock(impl_->mutex);
  sql::Statement s(impl_->db,
                   "SELECT 1 FROM legal_holds WHERE released_at IS NULL AND camera = ?1 AND from_ts < ?3 AND to_ts > ?2");
  s.bind(1, camera).bind(2, format_utc(from)).bind(3, format_utc(to));
  return s.step();
}

}  // namespace cctv::storage
