// SPDX-License-Identifier: Apache-2.0
#include "cctv/storage/sessions.hpp"

#include <sodium.h>

#include <array>
#include <mutex>

#include "cctv/common/sha256.hpp"
#include "cctv/common/sql.hpp"
#include "schema.hpp"

namespace cctv::storage {
namespace {

std::string random_hex(std::size_t bytes) {
  std::array<unsigned char, 64> buf{};
  randombytes_buf(buf.data(), bytes);
  std::array<char, 129> hex{};
  sodium_bin2hex(hex.data(), hex.size(), buf.data(), bytes);
  return hex.data();
}

std::optional<Timestamp> optional_time(const sql::Statement& s, int column) {
  if (s.is_null(column)) return std::nullopt;
  return parse_utc(s.text(column));
}

constexpr std::size_t kIdLength = 16;

SessionInfo read_info(const sql::Statement& s) {
  return {s.text(0).substr(0, kIdLength),
          s.text(1),
          parse_role(s.text(2)).value_or(Role::operator_),
          parse_utc(s.text(3)).value_or(Timestamp{}),
          parse_utc(s.text(4)).value_or(Timestamp{}),
          s.is_null(5) ? std::string() : s.text(5)};
}

}  // namespace

bool watches_alarms(Role r) {
  return r == Role::operator_ || r == Role::supervisor || r == Role::admin;
}

struct SessionStore::Impl {
  Impl(const std::string& path, SessionLimits session_limits, Access access)
      : db(path, open_options(access)), limits(session_limits) {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
    prepare_schema(db, access);
  }

  // When the control room was last watched, if nobody watches it now.
  std::optional<Timestamp> unstaffed_since(Timestamp now) {
    // Whether a session is open as 1 or 0: PostgreSQL's IS NULL is a boolean, not a number.
    sql::Statement s(
        db,
        "SELECT role, COALESCE(ended_at, last_seen), CASE WHEN ended_at IS NULL THEN 1 ELSE 0 END, "
        "created_at FROM console_sessions");
    std::optional<Timestamp> last_watched;
    bool ever_watched = false;
    while (s.step()) {
      if (!watches_alarms(parse_role(s.text(0)).value_or(Role::police))) continue;
      const Timestamp seen = parse_utc(s.text(1)).value_or(Timestamp{});
      const bool open = s.integer(2) != 0;
      // A session that timed out stopped watching when it did, not when it was last seen.
      const Timestamp stopped =
          open ? limits.end_of(parse_utc(s.text(3)).value_or(Timestamp{}), seen) : seen;
      if (open && now < stopped) return std::nullopt;
      ever_watched = true;
      if (!last_watched || stopped > *last_watched) last_watched = stopped;
    }
    return ever_watched ? last_watched : Timestamp{};
  }

  // Ends the open sessions `where` (?1 its value) selects; how many.
  int end_where(const std::string& where, const std::string& value, Timestamp now) {
    std::lock_guard lock(mutex);
    sql::Statement s(
        db, "UPDATE console_sessions SET ended_at = ?2 WHERE " + where + " AND ended_at IS NULL");
    s.bind(1, value).bind(2, format_utc(now));
    s.step();
    return static_cast<int>(db.changes());
  }

  sql::Database db;
  SessionLimits limits;
  mutable std::mutex mutex;
};

SessionStore::SessionStore(const std::string& db_path, SessionLimits limits, Access access)
    : impl_(std::make_unique<Impl>(db_path, limits, access)) {}
SessionStore::~SessionStore() = default;

bool SessionStore::live(const std::string& token_hash, Timestamp now) const {
  std::lock_guard lock(impl_->mutex);
  sql::Statement s(impl_->db,
                   "SELECT created_at, last_seen FROM console_sessions WHERE token_hash = ?1 AND "
                   "ended_at IS NULL");
  s.bind(1, token_hash);
  if (!s.step()) return false;
  // touch() writes last_seen at most once a minute: allow for that.
  const Timestamp last_seen = parse_utc(s.text(1)).value_or(Timestamp{}) + std::chrono::minutes(1);
  return now < impl_->limits.end_of(parse_utc(s.text(0)).value_or(Timestamp{}), last_seen);
}

NewSession SessionStore::create(const User& user, Timestamp now,
                                const std::string& client_address) {
  std::lock_guard lock(impl_->mutex);
  NewSession n;
  n.token = random_hex(32);
  n.session = {sha256_hex(n.token), user.name, user.role, random_hex(32), now, std::nullopt};
  if (watches_alarms(user.role)) n.session.unstaffed_since = impl_->unstaffed_since(now);
  sql::Statement s(
      impl_->db,
      "INSERT INTO console_sessions (token_hash, \"user\", role, csrf, created_at, last_seen, "
      "unstaffed_since, client_address) VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7)");
  s.bind(1, n.session.token_hash)
      .bind(2, user.name)
      .bind(3, to_string(user.role))
      .bind(4, n.session.csrf);
  s.bind(5, format_utc(now));
  if (n.session.unstaffed_since) {
    s.bind(6, format_utc(*n.session.unstaffed_since));
  } else {
    s.bind_null(6);
  }
  if (client_address.empty()) {
    s.bind_null(7);
  } else {
    s.bind(7, client_address);
  }
  s.step();
  return n;
}

std::optional<Session> SessionStore::touch(const std::string& token, Timestamp now) {
  if (token.empty()) return std::nullopt;
  std::lock_guard lock(impl_->mutex);
  const std::string hash = sha256_hex(token);
  Session session;
  Timestamp last_seen{};
  {  // finished before the update below (see read_account in users.cpp)
    sql::Statement s(
        impl_->db,
        "SELECT \"user\", role, csrf, created_at, last_seen, unstaffed_since FROM console_sessions "
        "WHERE token_hash = ?1 AND ended_at IS NULL");
    s.bind(1, hash);
    if (!s.step()) return std::nullopt;
    last_seen = parse_utc(s.text(4)).value_or(Timestamp{});
    session = {hash,
               s.text(0),
               parse_role(s.text(1)).value_or(Role::operator_),
               s.text(2),
               parse_utc(s.text(3)).value_or(Timestamp{}),
               optional_time(s, 5)};
  }
  if (now >= impl_->limits.end_of(session.created_at, last_seen)) return std::nullopt;
  // Writing last_seen on every request would make each GET a write; a minute's precision is
  // plenty for idle timeouts of hours.
  if (now - last_seen > std::chrono::minutes(1)) {
    sql::Statement u(impl_->db, "UPDATE console_sessions SET last_seen = ?2 WHERE token_hash = ?1");
    u.bind(1, hash).bind(2, format_utc(now));
    u.step();
  }
  return session;
}

void SessionStore::end(const std::string& token, Timestamp now) {
  impl_->end_where("token_hash = ?1", sha256_hex(token), now);
}

std::vector<SessionInfo> SessionStore::list_live(Timestamp now, const std::string& user) const {
  std::lock_guard lock(impl_->mutex);
  sql::Statement s(impl_->db,
                   std::string("SELECT token_hash, \"user\", role, created_at, last_seen, "
                               "client_address FROM console_sessions WHERE ended_at IS NULL AND "
                               "last_seen > ?1 AND created_at > ?3") +
                       (user.empty() ? "" : " AND \"user\" = ?2") + " ORDER BY created_at");
  s.bind(1, format_utc(now - impl_->limits.idle));
  s.bind(3, format_utc(now - impl_->limits.lifetime));
  if (!user.empty()) s.bind(2, user);
  std::vector<SessionInfo> out;
  while (s.step()) out.push_back(read_info(s));
  return out;
}

int SessionStore::revoke(const std::string& id, Timestamp now) {
  if (id.size() != kIdLength) return 0;  // a shorter prefix could name several sessions
  return impl_->end_where("substr(token_hash, 1, " + std::to_string(kIdLength) + ") = ?1", id, now);
}

int SessionStore::revoke_user(const std::string& user, Timestamp now) {
  return impl_->end_where("\"user\" = ?1", user, now);
}

}  // namespace cctv::storage
