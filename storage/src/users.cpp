// SPDX-License-Identifier: Apache-2.0
#include "cctv/storage/users.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <mutex>

#include "cctv/common/sql.hpp"
#include "schema.hpp"

namespace cctv::storage {
namespace {


constexpr std::array<std::pair<Role, std::string_view>, 5> kRoles = {
    {{Role::operator_, "operator"},
     {Role::supervisor, "supervisor"},
     {Role::police, "police"},
     {Role::ljag, "ljag"},
     {Role::admin, "admin"}}};

constexpr std::size_t kMinPasswordLength = 10;

void check_name(const std::string& name) {
  const bool ok =
      !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
      });
  if (!ok)
    throw UserError("user name '" + name + "' must be 1-64 letters, digits, '.', '_' or '-'");
}

// argon2id with libsodium's interactive limits: ~0.1 s and 64 MiB per login on this class of
// machine, which is what a control room can afford and an offline guesser cannot.
std::string hash_password(const std::string& password) {
  if (password.size() < kMinPasswordLength) {
    throw UserError("password must be at least " + std::to_string(kMinPasswordLength) +
                    " characters");
  }
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str(out.data(), password.data(), password.size(),
                        crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    throw std::runtime_error("password hashing ran out of memory");
  }
  return out.data();
}

struct Account {
  std::string password_hash;
  std::int64_t failures = 0;
  std::optional<Timestamp> locked_until;
};

// Read and finished before any update: a statement still stepping would hold a read
// transaction that SQLite cannot upgrade while another process writes ("database is locked").
std::optional<Account> read_account(const sql::Database& db, const std::string& name) {
  sql::Statement s(db,
                   "SELECT password_hash, failed_logins, locked_until FROM users WHERE name = ?1");
  s.bind(1, name);
  if (!s.step()) return std::nullopt;
  return Account{s.text(0), s.integer(1), s.is_null(2) ? std::nullopt : parse_utc(s.text(2))};
}

User read_user(const sql::Statement& s) {
  return User{s.text(0), parse_role(s.text(1)).value_or(Role::operator_),
              parse_utc(s.text(2)).value_or(Timestamp{})};
}

}  // namespace

std::string_view to_string(Role r) {
  for (const auto& [role, name] : kRoles) {
    if (role == r) return name;
  }
  return "operator";
}

std::optional<Role> parse_role(std::string_view s) {
  for (const auto& [role, name] : kRoles) {
    if (name == s) return role;
  }
  return std::nullopt;
}

struct UserStore::Impl {
  Impl(const std::string& path, LoginPolicy p, Access access)
      : db(path, open_options(access, sql::Sync::full)), policy(p) {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
    prepare_schema(db, access);
  }
  sql::Database db;
  LoginPolicy policy;
  mutable std::mutex mutex;
};

UserStore::UserStore(const std::string& db_path, LoginPolicy policy, Access access)
    : impl_(std::make_unique<Impl>(db_path, policy, access)) {}
UserStore::~UserStore() = default;

void UserStore::add(const std::string& name, Role role, const std::string& password) {
  check_name(name);
  const std::string hash = hash_password(password);
  std::lock_guard lock(impl_->mutex);
  if (find(name)) throw UserError("user '" + name + "' already exists");
  sql::Statement s(
      impl_->db,
      "INSERT INTO users (name, role, password_hash, created_at) VALUES (?1, ?2, ?3, ?4)");
  s.bind(1, name).bind(2, to_string(role)).bind(3, hash).bind(4, format_utc(now_utc()));
  s.step();
}

void UserStore::set_password(const std::string& name, const std::string& password) {
  const std::string hash = hash_password(password);
  std::lock_guard lock(impl_->mutex);
  sql::Statement s(impl_->db,
                   "UPDATE users SET password_hash = ?2, failed_logins = 0, locked_until = NULL "
                   "WHERE name = ?1");
  s.bind(1, name).bind(2, hash);
  s.step();
  if (impl_->db.changes() == 0) throw UserError("no user '" + name + "'");
}

bool UserStore::password_matches(const std::string& name, const std::string& password) const {
  std::optional<std::string> hash;
  {
    std::lock_guard lock(impl_->mutex);
    if (const auto account = read_account(impl_->db, name)) hash = account->password_hash;
  }
  if (!hash) {
    // Spend the same time as a real check, so response times do not reveal which names exist.
    static const std::string dummy = hash_password(std::string(kMinPasswordLength, 'x'));
    const bool matches_dummy =
        crypto_pwhash_str_verify(dummy.c_str(), password.data(), password.size()) == 0;
    (void)matches_dummy;
    return false;
  }
  return crypto_pwhash_str_verify(hash->c_str(), password.data(), password.size()) == 0;
}

LoginResult UserStore::record_login(const std::string& name, bool password_ok, Timestamp now) {
  std::lock_guard lock(impl_->mutex);
  const auto account = read_account(impl_->db, name);
  if (!account) return {};
  const std::optional<Timestamp>& locked_until = account->locked_until;
  if (locked_until && *locked_until > now)
    return {LoginResult::Outcome::locked, std::nullopt, locked_until};

  if (password_ok) {
    sql::Statement ok(impl_->db,
                      "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE name = ?1");
    ok.bind(1, name);
    ok.step();
    return {LoginResult::Outcome::ok, find(name), std::nullopt};
  }
  const std::int64_t failures = account->failures;
  const bool lock_now = failures + 1 >= impl_->policy.max_failures;
  sql::Statement bad(impl_->db,
                     "UPDATE users SET failed_logins = ?2, locked_until = ?3 WHERE name = ?1");
  bad.bind(1, name).bind(2, lock_now ? std::int64_t{0} : failures + 1);
  if (lock_now) {
    bad.bind(3, format_utc(now + impl_->policy.lock_for));
  } else {
    bad.bind_null(3);
  }
  bad.step();
  if (lock_now) return {LoginResult::Outcome::locked, std::nullopt, now + impl_->policy.lock_for};
  return {};
}

std::optional<User> UserStore::find(const std::string& name) const {
  sql::Statement s(impl_->db, "SELECT name, role, created_at FROM users WHERE name = ?1");
  s.bind(1, name);
  if (!s.step()) return std::nullopt;
  return read_user(s);
}

std::vector<User> UserStore::list() const {
  sql::Statement s(impl_->db, "SELECT name, role, created_at FROM users ORDER BY name");
  std::vector<User> users;
  while (s.step()) users.push_back(read_user(s));
  return users;
}

}  // namespace cctv::storage
