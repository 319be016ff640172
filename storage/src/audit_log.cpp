// SPDX-License-Identifier: Apache-2.0
#include "cctv/storage/audit_log.hpp"

#include <mutex>

#include <nlohmann/json.hpp>

#include "cctv/common/sha256.hpp"
#include "cctv/common/sql.hpp"
#include "schema.hpp"

namespace cctv::storage {
namespace {

const std::string kGenesis(64, '0');

// `audit_head` holds the last seq and hash, written in the same transaction as each row, so
// removing rows from the end is noticed too.

// The hashed form: a JSON array of every field, so no two different rows serialise alike.
std::string row_hash(const AuditEntry& e) {
  const nlohmann::json fields = {e.seq,    format_utc(e.ts), e.actor,    e.action,
                                 e.target, e.details,        e.prev_hash};
  return sha256_hex(fields.dump());
}

AuditEntry read_row(const sql::Statement& s) {
  AuditEntry e;
  e.seq = s.integer(0);
  e.ts = parse_utc(s.text(1)).value_or(Timestamp{});
  e.actor = s.text(2);
  e.action = s.text(3);
  e.target = s.text(4);
  e.details = s.text(5);
  e.prev_hash = s.text(6);
  e.hash = s.text(7);
  return e;
}

struct Head {
  std::int64_t seq = 0;
  std::string hash = kGenesis;
};

Head read_head(const sql::Database& db) {
  sql::Statement s(db, "SELECT seq, hash FROM audit_head WHERE id = 1");
  if (!s.step()) return {};
  return {s.integer(0), s.text(1)};
}

// Checks one row against the row before it; appends what is wrong.
void check_row(const AuditEntry& row, const Head& before, std::vector<AuditProblem>& problems) {
  if (row.seq != before.seq + 1) {
    problems.push_back({before.seq + 1, "rows " + std::to_string(before.seq + 1) + ".." +
                                            std::to_string(row.seq - 1) +
                                            " are missing (removed)"});
  } else if (row.prev_hash != before.hash) {
    problems.push_back(
        {row.seq, "does not follow row " + std::to_string(before.seq) +
                      " (its prev_hash differs: a row before it was edited, removed or inserted)"});
  }
  if (row_hash(row) != row.hash)
    problems.push_back({row.seq, "content does not match its hash (row was edited)"});
}

}  // namespace

struct AuditLog::Impl {
  Impl(const std::string& path, Access access) : db(path, open_options(access, sql::Sync::full)) {
    prepare_schema(db, access);
  }
  sql::Database db;
  mutable std::mutex mutex;
};

AuditLog::AuditLog(const std::string& db_path, Access access)
    : impl_(std::make_unique<Impl>(db_path, access)) {}
AuditLog::~AuditLog() = default;

AuditEntry AuditLog::append(const std::string& actor, const std::string& action,
                            const std::string& target, const std::string& details_json) {
  std::lock_guard lock(impl_->mutex);
  sql::Transaction tx(impl_->db);
  const Head head = read_head(impl_->db);
  AuditEntry e{head.seq + 1, now_utc(), actor, action, target, details_json, head.hash, ""};
  e.hash = row_hash(e);
  sql::Statement insert(impl_->db, "INSERT INTO audit VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  insert.bind(1, e.seq)
      .bind(2, format_utc(e.ts))
      .bind(3, e.actor)
      .bind(4, e.action)
      .bind(5, e.target);
  insert.bind(6, e.details).bind(7, e.prev_hash).bind(8, e.hash);
  insert.step();
  sql::Statement head_update(
      impl_->db,
      "INSERT INTO audit_head (id, seq, hash) VALUES (1, ?1, ?2) "
      "ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash");
  head_update.bind(1, e.seq).bind(2, e.hash);
  head_update.step();
  tx.commit();
  return e;
}

std::vector<AuditEntry> AuditLog::list(std::int64_t after_seq, int limit) const {
  std::lock_guard lock(impl_->mutex);
  sql::Statement s(impl_->db, "SELECT * FROM audit WHERE seq > ?1 ORDER BY seq LIMIT ?2");
  s.bind(1, after_seq).bind(2, static_cast<std::int64_t>(limit));
  std::vector<AuditEntry> out;
  while (s.step()) out.push_back(read_row(s));
  return out;
}

std::vector<AuditEntry> AuditLog::search(const AuditQuery& q) const {
  std::lock_guard lock(impl_->mutex);
  // The position of a substring (0: absent), as each dialect names it.
  const std::string find = impl_->db.dialect() == sql::Dialect::postgresql ? "strpos" : "instr";
  sql::Statement s(impl_->db, "SELECT * FROM audit WHERE (?1 = 0 OR seq < ?1) AND (?2 = '' OR " +
                                  find +
                                  "(lower(actor || ' ' || action || ' ' || target || ' ' || "
                                  "details), lower(?2)) > 0) ORDER BY seq DESC LIMIT ?3");
  s.bind(1, q.before_seq).bind(2, q.text).bind(3, static_cast<std::int64_t>(q.limit));
  std::vector<AuditEntry> out;
  while (s.step()) out.push_back(read_row(s));
  return out;
}

std::vector<AuditProblem> AuditLog::verify() const {
  std::lock_guard lock(impl_->mutex);
  std::vector<AuditProblem> problems;
  Head before;
  sql::Statement s(impl_->db, "SELECT * FROM audit ORDER BY seq");
  while (s.step()) {
    const AuditEntry row = read_row(s);
    check_row(row, before, problems);
    before = {row.seq, row.hash};
  }
  const Head head = read_head(impl_->db);
  if (head.seq != before.seq || head.hash != before.hash) {
    problems.push_back({head.seq, "the log ends at row " + std::to_string(before.seq) +
                                      " but its head records row " + std::to_string(head.seq) +
                                      " (rows at the end were removed or edited)"});
  }
  return problems;
}

}  // namespace cctv::storage
