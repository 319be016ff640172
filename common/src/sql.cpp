// SPDX-License-Identifier: Apache-2.0
#include <stdexcept>

#include "sql_backend.hpp"

namespace cctv::sql {

bool is_postgresql_url(std::string_view location) {
  return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

// postgresql://user:secret@host/db -> postgresql://user@host/db
std::string shown_location(std::string_view location) {
  if (!is_postgresql_url(location)) return std::string(location);
  const std::size_t scheme = location.find("://") + 3;
  const std::size_t at = location.find('@', scheme);
  if (at == std::string_view::npos) return std::string(location);
  const std::size_t colon = location.find(':', scheme);
  if (colon == std::string_view::npos || colon > at) return std::string(location);
  return std::string(location.substr(0, colon)) + std::string(location.substr(at));
}

Database::Database(const std::string& location, OpenOptions options)
    : backend_(is_postgresql_url(location) ? open_postgresql(location, options)
                                           : open_sqlite(location, options)) {}

Database::~Database() = default;

void Database::exec(const std::string& sql) { backend_->exec(sql); }
std::int64_t Database::changes() const { return backend_->changes(); }
Dialect Database::dialect() const { return backend_->dialect(); }
const std::string& Database::path() const { return backend_->shown; }
void Database::begin_write() { backend_->begin_write(); }

Statement::Statement(const Database& db, std::string_view sql)
    : cursor_(db.backend().prepare(sql)) {}
Statement::~Statement() = default;

Statement& Statement::bind(int index, std::string_view text) {
  cursor_->bind_text(index, text);
  return *this;
}
Statement& Statement::bind(int index, std::int64_t value) {
  cursor_->bind_integer(index, value);
  return *this;
}
Statement& Statement::bind(int index, double value) {
  cursor_->bind_real(index, value);
  return *this;
}
Statement& Statement::bind_null(int index) {
  cursor_->bind_null(index);
  return *this;
}
bool Statement::step() { return cursor_->step(); }

std::int64_t Statement::step_to_integer() {
  if (!cursor_->step()) throw std::runtime_error("the statement answered no row");
  const std::int64_t value = cursor_->integer(0);
  while (cursor_->step()) {
  }
  return value;
}
void Statement::reset() { cursor_->reset(); }
std::string Statement::text(int column) const { return cursor_->text(column); }
std::int64_t Statement::integer(int column) const { return cursor_->integer(column); }
double Statement::real(int column) const { return cursor_->real(column); }
bool Statement::is_null(int column) const { return cursor_->is_null(column); }

Transaction::Transaction(Database& db) : db_(db) { db_.begin_write(); }

Transaction::~Transaction() {
  if (!done_) {
    try {
      db_.exec("ROLLBACK");
    } catch (...) {  // a destructor must not throw; the transaction is gone either way
    }
  }
}

void Transaction::commit() {
  db_.exec("COMMIT");
  done_ = true;
}

}  // namespace cctv::sql
