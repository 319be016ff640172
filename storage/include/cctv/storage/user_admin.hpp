// SPDX-License-Identifier: Apache-2.0
// What an administrator does to console accounts and sessions (`cctv user ...`): each change is
// applied and audited together, and a change that takes an account away (disable, remove, a new
// password) also ends that user's live sessions. Removing a user keeps every audit row about
// them: the audit log names users, it does not point at the users table.
#pragma once

#include <string>
#include <vector>

#include "cctv/storage/audit_log.hpp"
#include "cctv/storage/login_throttle.hpp"
#include "cctv/storage/sessions.hpp"
#include "cctv/storage/users.hpp"

namespace cctv::storage {

// An account made from the configuration (console.users), with the one-time password to hand
// to its user.
struct CreatedAccount {
  std::string name;
  Role role = Role::operator_;
  std::string password;
};

class UserAdmin {
 public:
  // `actor` is who the audit rows name (the command line: "cli").
  UserAdmin(const std::string& db_path, std::string actor);

  // Each throws UserError when the name is taken or bad, there is no such user, or the password
  // is too weak.
  void add(const std::string& name, Role role, const std::string& password);
  void disable(const std::string& name);
  void enable(const std::string& name);
  void remove(const std::string& name);
  void reset_password(const std::string& name, const std::string& password);
  // The user's sessions end: they carry the role they were opened with.
  void change_role(const std::string& name, Role role);
  // Clears the failed logins counted against `name` (any attempted name, known or not); false
  // when there were none.
  bool unlock(const std::string& name);

  // Adds each account that does not exist yet with a random password, and returns those added
  // (existing accounts keep their password, role and state). Audited as "user.add" with
  // {"from": "config"}.
  std::vector<CreatedAccount> add_missing(
      const std::vector<std::pair<std::string, Role>>& accounts);

  // Who is logged in from where is itself audited ("session.list", target the user or "all").
  std::vector<SessionInfo> live_sessions(const std::string& user = "");
  // End one session (its SessionInfo::id) or all of a user's; how many were open.
  int revoke_session(const std::string& id);
  int revoke_sessions_of(const std::string& user);

 private:
  // Ends the user's sessions and audits `action` with how many.
  void ended_access(const std::string& action, const std::string& name);

  std::string actor_;
  UserStore users_;
  LoginThrottle throttle_;
  SessionStore sessions_;
  AuditLog audit_;
};

}  // namespace cctv::storage
