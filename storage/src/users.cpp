// SPDX-License-Identifier: Apache-2.0
#include "cctv/storage/users.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <functional>
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

// What an unknown name's password is checked against: an argon2id hash with the parameters
// hash_password() uses, of 32 random bytes nobody kept. Fixed, not computed on first use, so
// that the first unknown name a console sees does not take twice as long as a real one.
constexpr const char* kDummyHash =
    "$argon2id$v=19$m=65536,t=2,p=1$FOaXrEJDK6TA9hOXP4qIKw$vE+8eVlCHabnN510ZfRzPdrGaP+"
    "t9kHTMYEjM8B6nZM";

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

// Read and finished before any update: a statement still stepping would hold a read
// transaction that SQLite cannot upgrade while another process writes ("database is locked").
std::optional<std::string> read_hash(const sql::Database& db, const std::string& name) {
  sql::Statement s(db, "SELECT password_hash FROM users WHERE name = ?1");
  s.bind(1, name);
  if (!s.step()) return std::nullopt;
  return s.text(0);
}

constexpr const char* kUserColumns = "SELECT name, role, created_at, disabled FROM users";

User read_user(const sql::Statement& s) {
  return User{s.text(0), parse_role(s.text(1)).value_or(Role::operator_),
              parse_utc(s.text(2)).value_or(Timestamp{}), s.integer(3) != 0};
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
  Impl(const std::string& path, Access access) : db(path, open_options(access, sql::Sync::full)) {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
    prepare_schema(db, access);
  }
  // Runs `statement` (?1 the name, then `more`); throws UserError when no user has that name.
  void change(const std::string& statement, const std::string& name,
              const std::function<void(sql::Statement&)>& more = {}) {
    std::lock_guard lock(mutex);
    sql::Statement s(db, statement);
    s.bind(1, name);
    if (more) more(s);
    s.step();
    if (db.changes() == 0) throw UserError("no user '" + name + "'");
  }

  sql::Database db;
  mutable std::mutex mutex;
};

UserStore::UserStore(const std::string& db_path, Access access)
    : impl_(std::make_unique<Impl>(db_path, access)) {}
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
  impl_->change("UPDATE users SET password_hash = ?2 WHERE name = ?1", name,
                [&hash](sql::Statement& s) { s.bind(2, hash); });
}

void UserStore::set_disabled(const std::string& name, bool disabled) {
  impl_->change("UPDATE users SET disabled = ?2 WHERE name = ?1", name,
                [disabled](sql::Statement& s) { s.bind(2, std::int64_t{disabled ? 1 : 0}); });
}

void UserStore::set_role(const std::string& name, Role role) {
  impl_->change("UPDATE users SET role = ?2 WHERE name = ?1", name,
                [role](sql::Statement& s) { s.bind(2, to_string(role)); });
}

void UserStore::remove(const std::string& name) {
  impl_->change("DELETE FROM users WHERE name = ?1", name);
}

bool UserStore::password_matches(const std::string& name, const std::string& password) const {
  std::optional<std::string> hash;
  {
    std::lock_guard lock(impl_->mutex);
    hash = read_hash(impl_->db, name);
  }
  if (!hash) {
    // Spend the same time as a real check, so response times do not reveal which names exist.
    const bool matches_dummy =
        crypto_pwhash_str_verify(kDummyHash, password.data(), password.size()) == 0;
    (void)matches_dummy;
    return false;
  }
  return crypto_pwhash_str_verify(hash->c_str(), password.data(), password.size()) == 0;
}

std::optional<User> UserStore::find(const std::string& name) const {
  sql::Statement s(impl_->db, std::string(kUserColumns) + " WHERE name = ?1");
  s.bind(1, name);
  if (!s.step()) return std::nullopt;
  return read_user(s);
}

std::vector<User> UserStore::list() const {
  sql::Statement s(impl_->db, std::string(kUserColumns) + " ORDER BY name");
  std::vector<User> users;
  while (s.step()) users.push_back(read_user(s));
  return users;
}

}  // namespace cctv::storage
