// SPDX-License-Identifier: Apache-2.0
// SQLite: WAL journal, a 5 s busy timeout, one connection usable from several threads.
#include <sqlite3.h>

#include <stdexcept>

#include "sql_backend.hpp"

namespace cctv::sql {
namespace {

class SqliteCursor : public Cursor {
 public:
  SqliteCursor(sqlite3* db, const std::string& shown, std::string_view sql)
      : db_(db), shown_(shown) {
    if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) !=
        SQLITE_OK) {
      fail("prepare '" + std::string(sql) + "'");
    }
  }
  ~SqliteCursor() override { sqlite3_finalize(stmt_); }

  void bind_text(int index, std::string_view text) override {
    sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  }
  void bind_integer(int index, std::int64_t value) override {
    sqlite3_bind_int64(stmt_, index, value);
  }
  void bind_real(int index, double value) override { sqlite3_bind_double(stmt_, index, value); }
  void bind_null(int index) override { sqlite3_bind_null(stmt_, index); }

  bool step() override {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail("step");
  }
  void reset() override {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

  std::string text(int column) const override {
    const auto* p = sqlite3_column_text(stmt_, column);
    return p ? std::string(reinterpret_cast<const char*>(p)) : std::string();
  }
  std::int64_t integer(int column) const override { return sqlite3_column_int64(stmt_, column); }
  double real(int column) const override { return sqlite3_column_double(stmt_, column); }
  bool is_null(int column) const override {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw std::runtime_error("sqlite " + shown_ + ": " + what + ": " + sqlite3_errmsg(db_));
  }
  sqlite3* db_;
  const std::string& shown_;
  sqlite3_stmt* stmt_ = nullptr;
};

class SqliteBackend : public Database::Backend {
 public:
  SqliteBackend(const std::string& path, OpenOptions options) {
    shown = path;
    const int mode =
        options.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    if (sqlite3_open_v2(path.c_str(), &db_, mode | SQLITE_OPEN_FULLMUTEX, nullptr) != SQLITE_OK) {
      const std::string reason = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      throw OpenError("cannot open database " + path + ": " + reason +
                      " (is the directory there and writable?)");
    }
    sqlite3_busy_timeout(db_, 5000);
    if (!options.read_only) exec("PRAGMA journal_mode=WAL");
    exec(options.sync == Sync::full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
    exec("PRAGMA foreign_keys=ON");
  }
  ~SqliteBackend() override { sqlite3_close(db_); }

  void exec(const std::string& sql) override {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      const std::string reason = err ? err : "unknown error";
      sqlite3_free(err);
      throw std::runtime_error("sqlite " + shown + ": " + reason + " in: " + sql);
    }
  }
  std::int64_t changes() const override { return sqlite3_changes64(db_); }
  Dialect dialect() const override { return Dialect::sqlite; }
  void begin_write() override { exec("BEGIN IMMEDIATE"); }
  std::unique_ptr<Cursor> prepare(std::string_view sql) override {
    return std::make_unique<SqliteCursor>(db_, shown, sql);
  }

 private:
  sqlite3* db_ = nullptr;
};

}  // namespace

std::unique_ptr<Database::Backend> open_sqlite(const std::string& path, OpenOptions options) {
  return std::make_unique<SqliteBackend>(path, options);
}

}  // namespace cctv::sql
