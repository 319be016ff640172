// SPDX-License-Identifier: Apache-2.0
// Console sessions in the store's database, so they survive a console restart. The
// browser holds a random token in an HttpOnly cookie; only its SHA-256 is stored.
#pragma once

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cctv/storage/users.hpp"

namespace cctv::storage {

struct Session {
  std::string token_hash;
  std::string user;
  Role role = Role::operator_;
  std::string csrf;  // sent back by the page in X-CSRF-Token on every state change
  Timestamp created_at{};
  // Start of the unstaffed period this login ended (no operator was logged in since then):
  // alarms raised after it are "held" and shown first. Empty when someone was on duty.
  std::optional<Timestamp> unstaffed_since;
};

// A live session as an administrator sees it (`cctv user sessions`): never its token.
struct SessionInfo {
  std::string id;  // the first 16 hex digits of the token's SHA-256: names it, cannot log in
  std::string user;
  Role role = Role::operator_;
  Timestamp created_at{};
  Timestamp last_seen{};       // to the minute (see touch)
  std::string client_address;  // where it logged in from; empty when not known
};

struct NewSession {
  std::string token;  // for the cookie; never stored
  Session session;
};

// How long a session lasts: it ends when unused for `idle`, and `lifetime` after its login
// however active it is (a control-room shift), so a stolen cookie does not live for ever.
struct SessionLimits {
  Millis idle{std::chrono::hours(12)};
  Millis lifetime{std::chrono::hours(12)};
  // When a session that began at `created` and was last used at `last_seen` ends.
  Timestamp end_of(Timestamp created, Timestamp last_seen) const {
    return std::min(last_seen + idle, created + lifetime);
  }
};

// Roles that watch alarms: their presence makes the control room staffed.
bool watches_alarms(Role r);

class SessionStore {
 public:
  SessionStore(const std::string& db_path, SessionLimits limits, Access access = Access::write);
  ~SessionStore();
  SessionStore(const SessionStore&) = delete;
  SessionStore& operator=(const SessionStore&) = delete;

  NewSession create(const User& user, Timestamp now, const std::string& client_address = "");
  // The live session for `token`, its idle clock restarted; empty if unknown, ended, idle or
  // past its lifetime.
  std::optional<Session> touch(const std::string& token, Timestamp now);
  void end(const std::string& token, Timestamp now);
  // Whether the session is still open (not ended, idle or too old); reads only, for long-lived
  // streams that must stop when their session does.
  bool live(const std::string& token_hash, Timestamp now) const;

  // Live sessions, oldest first: every user's, or one user's.
  std::vector<SessionInfo> list_live(Timestamp now, const std::string& user = "") const;
  // End one session by its SessionInfo::id, or all of a user's; how many were live.
  int revoke(const std::string& id, Timestamp now);
  int revoke_user(const std::string& user, Timestamp now);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cctv::storage
