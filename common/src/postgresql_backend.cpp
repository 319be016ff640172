// SPDX-License-Identifier: Apache-2.0
// PostgreSQL through libpq: one connection per Database, used by one thread at a time (a
// statement runs and fetches its rows under the connection's lock). Parameters travel as text
// with the type they were bound as (text, bigint, double precision); an explicit NULL takes its
// type from the statement, and a parameter never bound is a text NULL, as in the optional
// filters "(?1 IS NULL OR started_at >= ?1)".
#include <libpq-fe.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <vector>

#include "sql_backend.hpp"

namespace cctv::sql {
namespace {

// Type OIDs (pg_type.h): what a bound value is sent as.
constexpr Oid kUnknown = 0, kText = 25, kBigint = 20, kDouble = 701;

struct Param {
  std::optional<std::string> value;
  Oid type = kText;  // never bound: a text NULL
};

// Every writer of the store takes this lock for its transaction (pg_advisory_xact_lock).
constexpr std::int64_t kWriterLock = 0x63637476;  // "cctv"

struct Numbered {
  std::string sql;
  int parameters = 0;  // the highest parameter number
};

// ?N -> $N and ? -> $k, outside quoted strings and identifiers.
Numbered numbered_parameters(std::string_view sql) {
  Numbered n;
  std::string& out = n.sql;
  out.reserve(sql.size() + 8);
  char quote = 0;
  int next = 1;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (quote) {
      if (c == quote) quote = 0;
      out += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      out += c;
    } else if (c == '?') {
      out += '$';
      int number = 0;
      for (; i + 1 < sql.size() && std::isdigit(static_cast<unsigned char>(sql[i + 1])); ++i) {
        number = number * 10 + (sql[i + 1] - '0');
        out += sql[i + 1];
      }
      if (number == 0) {
        number = next++;
        out += std::to_string(number);
      }
      n.parameters = std::max(n.parameters, number);
    } else {
      out += c;
    }
  }
  return n;
}

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

// libpq's multi-line message as one line.
std::string one_line(std::string text) {
  text = trimmed(std::move(text));
  for (char& c : text) {
    if (c == '\n' || c == '\t') c = ' ';
  }
  return text;
}

// What to do about a failed connection, from libpq's reason.
std::string advice(const std::string& reason) {
  const auto says = [&](const char* text) { return reason.find(text) != std::string::npos; };
  if (says("password")) return "give the password in PGPASSWORD or ~/.pgpass";
  if (says("does not exist")) return "create it (createdb) or correct the URL";
  return "check that the server runs and the URL's host and port";
}

constexpr int kOldestServer = 120000;  // PostgreSQL 12: identity columns, EXECUTE FUNCTION

using Result = std::unique_ptr<PGresult, decltype(&PQclear)>;

class PostgresBackend;

class PostgresCursor : public Cursor {
 public:
  PostgresCursor(PostgresBackend& db, std::string_view sql) : db_(db) {
    Numbered n = numbered_parameters(sql);
    sql_ = std::move(n.sql);
    params_.resize(n.parameters);  // every parameter is sent, bound or not
  }

  void bind_text(int index, std::string_view text) override {
    slot(index) = {std::string(text), kText};
  }
  void bind_integer(int index, std::int64_t value) override {
    slot(index) = {std::to_string(value), kBigint};
  }
  void bind_real(int index, double value) override {
    char buf[32];
    const auto end = std::to_chars(buf, buf + sizeof buf, value).ptr;
    slot(index) = {std::string(buf, end), kDouble};
  }
  void bind_null(int index) override { slot(index) = {std::nullopt, kUnknown}; }

  bool step() override;
  void reset() override {
    result_.reset();
    std::fill(params_.begin(), params_.end(), Param{});
    row_ = -1;
  }

  std::string text(int column) const override { return PQgetvalue(result_.get(), row_, column); }
  std::int64_t integer(int column) const override {
    if (is_null(column)) return 0;
    const char* v = PQgetvalue(result_.get(), row_, column);
    std::int64_t out = 0;
    std::from_chars(v, v + std::char_traits<char>::length(v), out);
    return out;
  }
  double real(int column) const override {
    if (is_null(column)) return 0;
    return std::strtod(PQgetvalue(result_.get(), row_, column), nullptr);
  }
  bool is_null(int column) const override { return PQgetisnull(result_.get(), row_, column) != 0; }

 private:
  Param& slot(int index) {
    if (static_cast<std::size_t>(index) > params_.size()) params_.resize(index);
    return params_[index - 1];
  }

  PostgresBackend& db_;
  std::string sql_;
  std::vector<Param> params_;
  Result result_{nullptr, &PQclear};
  int row_ = -1;
};

class PostgresBackend : public Database::Backend {
 public:
  PostgresBackend(const std::string& url, OpenOptions options) {
    shown = shown_location(url);
    conn_ = PQconnectdb(url.c_str());
    if (PQstatus(conn_) != CONNECTION_OK) {
      const std::string reason = one_line(PQerrorMessage(conn_));
      PQfinish(conn_);
      throw OpenError("cannot open database " + shown + ": " + reason + "; " + advice(reason));
    }
    if (const int version = PQserverVersion(conn_); version < kOldestServer) {
      PQfinish(conn_);
      throw OpenError("the server of " + shown + " runs PostgreSQL " +
                      std::to_string(version / 10000) + "; cctv needs 12 or later");
    }
    PQsetNoticeProcessor(
        conn_, [](void*, const char*) {}, nullptr);  // "already exists" etc.
    exec("SET client_min_messages = warning");
    if (options.read_only) exec("SET default_transaction_read_only = on");
  }
  ~PostgresBackend() override { PQfinish(conn_); }

  void exec(const std::string& sql) override {
    std::lock_guard lock(mutex_);
    Result r(PQexec(conn_, sql.c_str()), &PQclear);
    check(r.get(), sql);
  }
  std::int64_t changes() const override {
    std::lock_guard lock(mutex_);
    return changes_;
  }
  Dialect dialect() const override { return Dialect::postgresql; }
  void begin_write() override {
    exec("BEGIN; SELECT pg_advisory_xact_lock(" + std::to_string(kWriterLock) + ")");
  }
  std::unique_ptr<Cursor> prepare(std::string_view sql) override {
    return std::make_unique<PostgresCursor>(*this, sql);
  }

  Result run(const std::string& sql, const std::vector<Param>& params) {
    std::vector<const char*> values;
    std::vector<Oid> types;
    for (const Param& p : params) {
      values.push_back(p.value ? p.value->c_str() : nullptr);
      types.push_back(p.type);
    }
    std::lock_guard lock(mutex_);
    Result r(PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), types.data(),
                          values.data(), nullptr, nullptr, 0),
             &PQclear);
    check(r.get(), sql);
    return r;
  }

 private:
  // Under mutex_.
  void check(PGresult* r, const std::string& sql) {
    const ExecStatusType status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      const std::string reason = trimmed(r ? PQresultErrorMessage(r) : PQerrorMessage(conn_));
      throw std::runtime_error("postgresql " + shown + ": " + reason + " in: " + sql);
    }
    const char* tuples = PQcmdTuples(r);
    changes_ = tuples && *tuples ? std::stoll(tuples) : 0;
  }

  PGconn* conn_ = nullptr;
  mutable std::mutex mutex_;
  std::int64_t changes_ = 0;
};

bool PostgresCursor::step() {
  if (!result_) {
    result_ = db_.run(sql_, params_);
    row_ = -1;
  }
  return ++row_ < PQntuples(result_.get());
}

}  // namespace

std::unique_ptr<Database::Backend> open_postgresql(const std::string& url, OpenOptions options) {
  return std::make_unique<PostgresBackend>(url, options);
}

}  // namespace cctv::sql
