// SPDX-License-Identifier: Apache-2.0
// Private: what a database backend (sqlite_backend.cpp, postgresql_backend.cpp) provides to
// sql::Database and sql::Statement.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "cctv/common/sql.hpp"

namespace cctv::sql {

class Cursor {
 public:
  virtual ~Cursor() = default;
  virtual void bind_text(int index, std::string_view text) = 0;
  virtual void bind_integer(int index, std::int64_t value) = 0;
  virtual void bind_real(int index, double value) = 0;
  virtual void bind_null(int index) = 0;
  virtual bool step() = 0;
  virtual void reset() = 0;
  virtual std::string text(int column) const = 0;
  virtual std::int64_t integer(int column) const = 0;
  virtual double real(int column) const = 0;
  virtual bool is_null(int column) const = 0;
};

struct Database::Backend {
  virtual ~Backend() = default;
  virtual void exec(const std::string& sql) = 0;
  virtual std::int64_t changes() const = 0;
  virtual Dialect dialect() const = 0;
  virtual void begin_write() = 0;
  virtual std::unique_ptr<Cursor> prepare(std::string_view sql) = 0;
  std::string shown;  // the location as errors show it
};

std::unique_ptr<Database::Backend> open_sqlite(const std::string& path, OpenOptions options);
std::unique_ptr<Database::Backend> open_postgresql(const std::string& url, OpenOptions options);

}  // namespace cctv::sql
