// SPDX-License-Identifier: Apache-2.0
// Console users in the store's database: argon2id password hashes (libsodium), roles, and
// whether the account is disabled. Failed logins are slowed down by LoginThrottle.
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
  bool disabled = false;  // cannot log in (refused like a wrong password)
};

class UserStore {
 public:
  explicit UserStore(const std::string& db_path, Access access = Access::write);
  ~UserStore();
  UserStore(const UserStore&) = delete;
  UserStore& operator=(const UserStore&) = delete;

  // Names are 1..64 of [A-Za-z0-9._-]; passwords at least 10 characters.
  void add(const std::string& name, Role role, const std::string& password);
  void set_password(const std::string& name, const std::string& password);
  // Whether `password` is `name`'s, in two steps of a login: the costly hash check runs where the
  // password arrives (a console, reading) and only the outcome goes to the store's writer. An
  // unknown user and a wrong password look the same to the caller, and take the same time; the
  // caller refuses a disabled user after this check, so that one takes the same time too.
  bool password_matches(const std::string& name, const std::string& password) const;
  // Each throws UserError when there is no such user.
  void set_disabled(const std::string& name, bool disabled);
  void set_role(const std::string& name, Role role);
  void remove(const std::string& name);
  std::optional<User> find(const std::string& name) const;
  std::vector<User> list() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cctv::storage
