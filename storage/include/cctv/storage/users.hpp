// SPDX-License-Identifier: Apache-2.0
// Console users in the store's database: argon2id password hashes (libsodium), roles, and a
// lock-out after repeated failed logins.
#pragma once

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "cctv/common/time.hpp"
#include "cctv/storage/schema.hpp"

namespace cctv::storage {

enum class Role { operator_, supervisor, police, ljag, admin };
std::string_view to_string(Role r);
std::optional<Role> parse_role(std::string_view s);
inline constexpr const char* kRoleNames = "operator, supervisor, police, ljag, admin";

// A user that cannot be added as asked (name taken, weak password, ...): what() says why.
class UserError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct User {
  std::string name;
  Role role = Role::operator_;
  Timestamp created_at{};
};

struct LoginPolicy {
  int max_failures = 5;  // consecutive failures before the account locks
  Millis lock_for{std::chrono::minutes(15)};
};

struct LoginResult {
  enum class Outcome { ok, bad_credentials, locked } outcome = Outcome::bad_credentials;
  std::optional<User> user;  // when ok
  std::optional<Timestamp> locked_until;  // when locked
};

class UserStore {
 public:
  explicit UserStore(const std::string& db_path, LoginPolicy policy = {},
                     Access access = Access::write);
  ~UserStore();
  UserStore(const UserStore&) = delete;
  UserStore& operator=(const UserStore&) = delete;

  // Names are 1..64 of [A-Za-z0-9._-]; passwords at least 10 characters.
  void add(const std::string& name, Role role, const std::string& password);
  void set_password(const std::string& name, const std::string& password);
  // A login is checked in two steps, so the costly hash check runs where the password arrives
  // (a console, reading) and only the outcome goes to the store's writer. An unknown user and a
  // wrong password look the same to the caller, and take the same time.
  bool password_matches(const std::string& name, const std::string& password) const;
  // Counts a failure (locking the account after too many) or clears the count on success;
  // a locked account stays locked whatever the password.
  LoginResult record_login(const std::string& name, bool password_ok, Timestamp now);
  std::optional<User> find(const std::string& name) const;
  std::vector<User> list() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cctv::storage
