// SPDX-License-Identifier: Apache-2.0
#include "cctv/storage/store_copy.hpp"

#include <stdexcept>

#include "cctv/common/sql.hpp"
#include "cctv/storage/audit_log.hpp"
#include "schema.hpp"

namespace cctv::storage {
namespace {

struct Table {
  const char* name;
  const char* order;      // the source's order, so that ids and insertion order carry over
  bool numbered = false;  // an auto-numbered id the target must continue after
};

// Every table of the schema but the cursors, sessions and login throttle, parents before children.
constexpr Table kTables[] = {
    {"events", "rowid"},
    {"incidents", "started_at, id"},
    {"incident_events", "rowid"},
    {"incident_history", "id", true},
    {"recordings", "start, path"},
    {"evidence", "rowid"},
    {"legal_holds", "id", true},
    {"audit", "seq"},
    {"audit_head", "id"},
    {"export_requests", "id", true},
    {"disclosures", "id", true},
    {"register_sites", "id"},
    {"register_cameras", "id"},
    {"deployments", "id", true},
    {"users", "name"},
    {"source_progress", "source"},
};
constexpr std::int64_t kBatch = 500;  // rows per target transaction

enum class Kind { integer, real, text };

struct Column {
  std::string name;
  Kind kind;
};

std::vector<Column> columns_of(const sql::Database& source, const char* table) {
  std::vector<Column> out;
  sql::Statement s(source, std::string("PRAGMA table_info(") + table + ")");
  while (s.step()) {
    const std::string type = s.text(2);
    const Kind kind = type.find("INT") != std::string::npos    ? Kind::integer
                      : type.find("REAL") != std::string::npos ? Kind::real
                                                               : Kind::text;
    out.push_back({s.text(1), kind});
  }
  return out;
}

std::int64_t count(const sql::Database& db, const char* table) {
  sql::Statement s(db, std::string("SELECT COUNT(*) FROM ") + table);
  s.step();
  return s.integer(0);
}

void bind_value(sql::Statement& to, int index, const sql::Statement& from, int column, Kind kind) {
  if (from.is_null(column)) {
    to.bind_null(index);
  } else if (kind == Kind::integer) {
    to.bind(index, from.integer(column));
  } else if (kind == Kind::real) {
    to.bind(index, from.real(column));
  } else {
    to.bind(index, from.text(column));
  }
}

TableCopied copy_table(
    const sql::Database& source, sql::Database& target, const Table& table,
    const std::function<void(const std::string&, std::int64_t, std::int64_t)>& progress) {
  const std::vector<Column> columns = columns_of(source, table.name);
  std::string names, values;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    names += (i ? ", \"" : "\"") + columns[i].name + "\"";
    values += (i ? ", ?" : "?") + std::to_string(i + 1);
  }
  TableCopied done{table.name, count(source, table.name), 0};
  sql::Statement rows(source,
                      "SELECT " + names + " FROM " + table.name + " ORDER BY " + table.order);
  sql::Statement insert(target, std::string("INSERT INTO ") + table.name + " (" + names +
                                    ") VALUES (" + values + ") ON CONFLICT DO NOTHING");
  std::int64_t read = 0;
  bool more = rows.step();
  while (more) {
    sql::Transaction tx(target);
    for (std::int64_t n = 0; more && n < kBatch; ++n, ++read, more = rows.step()) {
      for (std::size_t i = 0; i < columns.size(); ++i)
        bind_value(insert, static_cast<int>(i + 1), rows, static_cast<int>(i), columns[i].kind);
      try {
        insert.step();
      } catch (const std::exception& e) {
        throw std::runtime_error(std::string("copying ") + table.name + ": " + e.what());
      }
      done.copied += target.changes();
      insert.reset();
    }
    tx.commit();
    if (progress) progress(table.name, read, done.rows);
  }
  return done;
}

// PostgreSQL numbers new rows from a sequence: it must continue after the ids copied.
void continue_numbering(sql::Database& target, const char* table) {
  if (target.dialect() != sql::Dialect::postgresql) return;
  target.exec(std::string("SELECT setval(pg_get_serial_sequence('") + table +
              "', 'id'), MAX(id)) FROM " + table + " HAVING MAX(id) IS NOT NULL");
}

// The incident grouping's cursor is a position in the events table, which differs between
// stores: the target resumes after the same event.
void carry_grouping_cursor(const sql::Database& source, sql::Database& target) {
  sql::Statement last(source,
                      "SELECT e.id FROM events e, incident_cursor c WHERE c.id = 1 AND "
                      "e.rowid <= c.last_rowid ORDER BY e.rowid DESC LIMIT 1");
  if (!last.step()) return;
  sql::Statement there(target, "SELECT rowid FROM events WHERE id = ?1");
  there.bind(1, last.text(0));
  if (!there.step()) return;
  const std::int64_t position = there.integer(0);
  sql::Statement save(
      target,
      "INSERT INTO incident_cursor (id, last_rowid) VALUES (1, ?1) ON CONFLICT (id) "
      "DO UPDATE SET last_rowid = CASE WHEN excluded.last_rowid > "
      "incident_cursor.last_rowid THEN excluded.last_rowid ELSE "
      "incident_cursor.last_rowid END");
  save.bind(1, position).step();
}

}  // namespace

CopyReport copy_store(
    const std::string& from, const std::string& to,
    const std::function<void(const std::string&, std::int64_t, std::int64_t)>& progress) {
  if (sql::is_postgresql_url(from))
    throw std::invalid_argument("the store to copy from must be an SQLite file, not " + from);
  sql::Database source(from);
  prepare_schema(source);  // a store of an earlier release is brought up to date first
  sql::Database target(to);
  prepare_schema(target);
  CopyReport report;
  for (const Table& table : kTables) {
    report.tables.push_back(copy_table(source, target, table, progress));
    if (table.numbered) continue_numbering(target, table.name);
  }
  carry_grouping_cursor(source, target);
  for (const AuditProblem& p : AuditLog(to).verify())
    report.audit_problems.push_back("row " + std::to_string(p.seq) + ": " + p.what);
  return report;
}

}  // namespace cctv::storage
