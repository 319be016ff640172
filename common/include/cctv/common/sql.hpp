// SPDX-License-Identifier: Apache-2.0
// The small RAII layer every database we keep goes through: the store (an SQLite file, the
// embedded default, or a PostgreSQL server named by a postgresql:// URL) and the bus outbox
// (always SQLite). Statements are written once, in the SQL both understand, with numbered
// parameters (?1, ?2, ...); the few places that differ ask dialect().
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace cctv::sql {

// How hard a commit waits for the disk. SQLite (PRAGMA synchronous, WAL): normal survives a
// crash of the process, not a power loss; full also survives a power loss (an fsync per
// commit). PostgreSQL always commits durably (the server's own settings decide).
enum class Sync { normal, full };

enum class Dialect { sqlite, postgresql };

struct OpenOptions {
  Sync sync = Sync::normal;
  bool read_only = false;  // never creates or changes anything; for readers beside a live writer
};

// True for a postgresql:// (or postgres://) URL; anything else is an SQLite file path.
bool is_postgresql_url(std::string_view location);
// The location as logs and errors may show it: a URL without its password.
std::string shown_location(std::string_view location);

// The database cannot be opened (no file or directory, no server, a refused login, no such
// database, a server too old): what() is one line naming the location (never a password), the
// reason and what to do.
class OpenError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Cursor;  // a backend's prepared statement (private)

class Database {
 public:
  // Opens (or, for SQLite, creates) the database. Throws std::runtime_error naming the
  // location (never a password) and the reason.
  explicit Database(const std::string& location, OpenOptions options = {});
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  void exec(const std::string& sql);  // one or more statements, no parameters
  std::int64_t changes() const;       // rows changed by the last statement
  Dialect dialect() const;
  const std::string& path() const;  // the location as shown

  // Starts a transaction that writers take one at a time (SQLite: BEGIN IMMEDIATE;
  // PostgreSQL: BEGIN and a transaction-scoped advisory lock), so read-then-write steps such
  // as the audit hash chain never fork.
  void begin_write();

  struct Backend;
  Backend& backend() const { return *backend_; }

 private:
  std::unique_ptr<Backend> backend_;
};

class Statement {
 public:
  Statement(const Database& db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, double value);
  Statement& bind_null(int index);
  bool step();  // true while a row is available; throws on error
  // Runs a statement that answers one integer (INSERT ... RETURNING id) to its end, so that
  // nothing is left in progress when its transaction commits. Throws if it answers none.
  std::int64_t step_to_integer();
  void reset();  // to run again: bindings cleared
  std::string text(int column) const;
  std::int64_t integer(int column) const;
  double real(int column) const;
  bool is_null(int column) const;

 private:
  std::unique_ptr<Cursor> cursor_;
};

// Commits on commit(), rolls back if destroyed before. A write transaction (begin_write()).
class Transaction {
 public:
  explicit Transaction(Database& db);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Database& db_;
  bool done_ = false;
};

}  // namespace cctv::sql
