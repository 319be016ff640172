// SPDX-License-Identifier: Apache-2.0
// The small RAII layer over SQLite's C API shared by every SQLite file we keep (the event
// store, the bus outbox). WAL journal; the synchronous level is the caller's choice.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace cctv::sql {

// How hard a commit waits for the disk (PRAGMA synchronous, in WAL mode):
// normal: a committed transaction survives a crash of the process, not a power loss;
// full:   it also survives a power loss or OS crash (one fsync per commit).
enum class Sync { normal, full };

struct OpenOptions {
  Sync sync = Sync::normal;
  bool read_only = false;  // never creates the file; for readers beside a live writer
};

class Database {
 public:
  // Opens (or creates) the file. Throws std::runtime_error naming the path.
  explicit Database(const std::string& path, OpenOptions options = {});
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  void exec(const std::string& sql);
  std::int64_t changes() const;  // rows changed by the last statement
  sqlite3* handle() const { return db_; }
  const std::string& path() const { return path_; }

 private:
  sqlite3* db_ = nullptr;
  std::string path_;
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
  void reset();
  std::string text(int column) const;
  std::int64_t integer(int column) const;
  double real(int column) const;
  bool is_null(int column) const;

 private:
  const Database& db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// Commits on commit(), rolls back if destroyed before.
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
