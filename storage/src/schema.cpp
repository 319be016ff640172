// SPDX-License-Identifier: Apache-2.0
// The store's schema: every table, index and trigger of the database, in one place, as a list
// of forward migrations. Version 1 is the schema the first release created table by table (its
// statements keep IF NOT EXISTS so that a store of that release, which has no schema_version
// row, is adopted as it stands).
#include "cctv/storage/schema.hpp"

#include <iterator>
#include <string>

#include "cctv/common/sql.hpp"
#include "cctv/common/time.hpp"
#include "schema.hpp"

namespace cctv::storage {
namespace {

// Written once for both backends: {serial} is an auto-numbered key, {int} a 64-bit integer,
// {real} a double, {rowid} the insertion-order column SQLite keeps implicitly (PostgreSQL gets a
// real column of that name, so "ORDER BY rowid" reads the same on both). Timestamps are stored
// as fixed-width UTC ISO-8601 text, which sorts in time order.
constexpr const char* kVersion1 = R"(
-- every event the bus delivered, upserted by id
CREATE TABLE IF NOT EXISTS events ({rowid}
  id         TEXT PRIMARY KEY,
  source     TEXT NOT NULL,
  seq        {int} NOT NULL,
  type       TEXT NOT NULL,
  phase      TEXT NOT NULL,
  camera     TEXT NOT NULL,
  site       TEXT NOT NULL,
  zone       TEXT NOT NULL,
  ts         TEXT NOT NULL,
  started_at TEXT,
  json       TEXT NOT NULL,
  stored_at  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_camera_ts ON events(camera, ts);
CREATE INDEX IF NOT EXISTS events_type_ts ON events(type, ts);
CREATE INDEX IF NOT EXISTS events_source_seq ON events(source, seq);
-- incidents, the events grouped into them, their append-only history, the grouping cursor
CREATE TABLE IF NOT EXISTS incidents (
  id TEXT PRIMARY KEY, kind TEXT NOT NULL, category TEXT NOT NULL, state TEXT NOT NULL,
  priority {int} NOT NULL, camera TEXT NOT NULL, site TEXT NOT NULL, zone TEXT NOT NULL,
  started_at TEXT NOT NULL, ended_at TEXT, alarm_active {int} NOT NULL DEFAULT 0,
  open_episodes TEXT NOT NULL DEFAULT '[]',
  description TEXT NOT NULL DEFAULT '', action_taken TEXT NOT NULL DEFAULT '',
  police_ref TEXT NOT NULL DEFAULT '', assigned_to TEXT NOT NULL DEFAULT '',
  acknowledged_by TEXT NOT NULL DEFAULT '', acknowledged_at TEXT,
  closed_by TEXT NOT NULL DEFAULT '', closed_at TEXT, outcome TEXT NOT NULL DEFAULT '',
  event_count {int} NOT NULL DEFAULT 0, max_count {int} NOT NULL DEFAULT 0,
  max_dwell_s {real} NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS incidents_started ON incidents(started_at);
CREATE INDEX IF NOT EXISTS incidents_alarm ON incidents(camera, zone, category, alarm_active);
CREATE TABLE IF NOT EXISTS incident_events ({rowid}
  event_id TEXT PRIMARY KEY, incident_id TEXT NOT NULL REFERENCES incidents(id)
);
CREATE INDEX IF NOT EXISTS incident_events_incident ON incident_events(incident_id);
CREATE TABLE IF NOT EXISTS incident_history (
  id {serial}, incident_id TEXT NOT NULL REFERENCES incidents(id),
  ts TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, details TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS incident_history_incident ON incident_history(incident_id);
CREATE TABLE IF NOT EXISTS incident_cursor (id {int} PRIMARY KEY CHECK (id = 1), last_rowid {int} NOT NULL);
-- the recording index: every closed segment
CREATE TABLE IF NOT EXISTS recordings (
  path   TEXT PRIMARY KEY,
  camera TEXT NOT NULL,
  start  TEXT NOT NULL,
  "end"  TEXT NOT NULL,
  bytes  {int} NOT NULL,
  sha256 TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS recordings_camera_start ON recordings(camera, start);
-- evidence files (snapshots, clips) with their SHA-256; rows are never edited
CREATE TABLE IF NOT EXISTS evidence ({rowid}
  id          TEXT PRIMARY KEY,
  kind        TEXT NOT NULL,
  event_id    TEXT NOT NULL,
  incident_id TEXT NOT NULL,
  camera      TEXT NOT NULL,
  path        TEXT NOT NULL UNIQUE,
  bytes       {int} NOT NULL,
  sha256      TEXT NOT NULL,
  created_at  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS evidence_event ON evidence(event_id);
CREATE INDEX IF NOT EXISTS evidence_incident ON evidence(incident_id);
-- legal holds that retention respects
CREATE TABLE IF NOT EXISTS legal_holds (
  id {serial}, camera TEXT NOT NULL, from_ts TEXT NOT NULL, to_ts TEXT NOT NULL,
  reason TEXT NOT NULL, created_by TEXT NOT NULL, created_at TEXT NOT NULL,
  released_at TEXT, released_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS legal_holds_camera ON legal_holds(camera, released_at);
-- the hash-chained audit log; audit_head guards against rows removed from the end
CREATE TABLE IF NOT EXISTS audit (
  seq       {int} PRIMARY KEY,
  ts        TEXT NOT NULL,
  actor     TEXT NOT NULL,
  action    TEXT NOT NULL,
  target    TEXT NOT NULL,
  details   TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS audit_head (
  id   {int} PRIMARY KEY CHECK (id = 1),
  seq  {int} NOT NULL,
  hash TEXT NOT NULL
);
-- police export requests and their disclosure records
CREATE TABLE IF NOT EXISTS export_requests (
  id {serial},
  reference TEXT NOT NULL, officer TEXT NOT NULL, force TEXT NOT NULL, cameras TEXT NOT NULL,
  from_ts TEXT NOT NULL, to_ts TEXT NOT NULL, reason TEXT NOT NULL,
  requested_by TEXT NOT NULL, requested_at TEXT NOT NULL, state TEXT NOT NULL,
  decided_by TEXT NOT NULL DEFAULT '', decided_at TEXT, decision_reason TEXT NOT NULL DEFAULT '',
  progress {real} NOT NULL DEFAULT 0, package_dir TEXT NOT NULL DEFAULT '', zip_path TEXT NOT NULL DEFAULT '',
  zip_sha256 TEXT NOT NULL DEFAULT '', zip_bytes {int} NOT NULL DEFAULT 0, error TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS disclosures (
  id {serial}, request_id {int} NOT NULL REFERENCES export_requests(id),
  at TEXT NOT NULL, recipient TEXT NOT NULL, organisation TEXT NOT NULL, reason TEXT NOT NULL,
  disclosed TEXT NOT NULL, by_user TEXT NOT NULL
);
-- the LJAG register: sites, cameras, mobile camera deployments
CREATE TABLE IF NOT EXISTS register_sites (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, cluster TEXT NOT NULL, lat {real} NOT NULL,
  lon {real} NOT NULL, owner TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS register_cameras (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, home_site TEXT NOT NULL, mobile {int} NOT NULL
);
CREATE TABLE IF NOT EXISTS deployments (
  id {serial}, camera TEXT NOT NULL, site TEXT NOT NULL,
  from_ts TEXT NOT NULL, to_ts TEXT, ljag_case TEXT NOT NULL, reason TEXT NOT NULL,
  deployed_by TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS deployments_camera ON deployments(camera, from_ts);
-- console accounts (argon2id hashes)
CREATE TABLE IF NOT EXISTS users (
  name TEXT PRIMARY KEY, role TEXT NOT NULL, password_hash TEXT NOT NULL,
  failed_logins {int} NOT NULL DEFAULT 0, locked_until TEXT, created_at TEXT NOT NULL
);
-- console sessions (only token hashes)
CREATE TABLE IF NOT EXISTS console_sessions (
  token_hash TEXT PRIMARY KEY, "user" TEXT NOT NULL, role TEXT NOT NULL, csrf TEXT NOT NULL,
  created_at TEXT NOT NULL, last_seen TEXT NOT NULL, ended_at TEXT, unstaffed_since TEXT
);
CREATE INDEX IF NOT EXISTS console_sessions_seen ON console_sessions(last_seen);
)";

// Camera nodes announce recording segments and evidence files over the bus: the recording
// names the node that holds the file; announcements are not events, so where each source
// resumes is kept beside the events instead of read from them.
constexpr const char* kVersion2 = R"(
ALTER TABLE recordings ADD COLUMN node TEXT NOT NULL DEFAULT '';
CREATE TABLE source_progress (source TEXT PRIMARY KEY, last_seq {int} NOT NULL);
INSERT INTO source_progress (source, last_seq) SELECT source, MAX(seq) FROM events GROUP BY source;
)";

// Rows that must never change, refused by the database itself (version 1).
constexpr const char* kSqliteGuards = R"(
CREATE TRIGGER IF NOT EXISTS incident_history_append_only_u BEFORE UPDATE ON incident_history
  BEGIN SELECT RAISE(ABORT, 'incident history is append-only'); END;
CREATE TRIGGER IF NOT EXISTS incident_history_append_only_d BEFORE DELETE ON incident_history
  BEGIN SELECT RAISE(ABORT, 'incident history is append-only'); END;
CREATE TRIGGER IF NOT EXISTS evidence_never_edited BEFORE UPDATE ON evidence
  BEGIN SELECT RAISE(ABORT, 'evidence rows are never edited'); END;
)";
constexpr const char* kPostgresqlGuards = R"(
CREATE OR REPLACE FUNCTION cctv_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN RAISE EXCEPTION '%', TG_ARGV[0]; END $$;
CREATE TRIGGER incident_history_append_only BEFORE UPDATE OR DELETE ON incident_history
  FOR EACH ROW EXECUTE FUNCTION cctv_refuse_change('incident history is append-only');
CREATE TRIGGER incident_history_never_truncated BEFORE TRUNCATE ON incident_history
  FOR EACH STATEMENT EXECUTE FUNCTION cctv_refuse_change('incident history is append-only');
CREATE TRIGGER evidence_never_edited BEFORE UPDATE ON evidence
  FOR EACH ROW EXECUTE FUNCTION cctv_refuse_change('evidence rows are never edited');
)";

// Console accounts can be disabled; failed logins slow down the next attempt per client address
// and per attempted name (login_throttle.cpp) instead of locking the account; a session keeps
// the address it logged in from, for `cctv user sessions`.
constexpr const char* kVersion3 = R"(
ALTER TABLE users ADD COLUMN disabled {int} NOT NULL DEFAULT 0;
ALTER TABLE users DROP COLUMN failed_logins;
ALTER TABLE users DROP COLUMN locked_until;
ALTER TABLE console_sessions ADD COLUMN client_address TEXT;
CREATE TABLE login_throttle (
  subject TEXT PRIMARY KEY, failures {int} NOT NULL, last_failure TEXT NOT NULL
);
)";

// Test alarms (cctv inject-alarms) become incidents the console shows as tests and the LJAG
// analysis leaves out; every incident before this version was real.
constexpr const char* kVersion4 = R"(
ALTER TABLE incidents ADD COLUMN test {int} NOT NULL DEFAULT 0;
)";

// Each console user's camera wall (layout and cameras, as JSON), restored at their next login.
constexpr const char* kVersion5 = R"(
CREATE TABLE user_walls (
  username TEXT PRIMARY KEY, wall TEXT NOT NULL, saved_at TEXT NOT NULL
);
)";

// A police request may ask for a redacted working copy as well (JSON: keep_tracks, faces;
// empty: none).
constexpr const char* kVersion6 = R"(
ALTER TABLE export_requests ADD COLUMN redaction TEXT NOT NULL DEFAULT '';
)";

constexpr const char* kMigrations[] = {kVersion1, kVersion2, kVersion3, kVersion4, kVersion5,
                                       kVersion6};
static_assert(std::size(kMigrations) == kSchemaVersion);

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at)) {
    text.replace(at, from.size(), to);
    at += to.size();
  }
}

// One migration as `dialect` writes it.
std::string migration(int index, sql::Dialect dialect) {
  const bool pg = dialect == sql::Dialect::postgresql;
  std::string ddl = kMigrations[index];
  replace_all(ddl, "{serial}",
              pg ? "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
                 : "INTEGER PRIMARY KEY AUTOINCREMENT");
  replace_all(ddl, "{int}", pg ? "BIGINT" : "INTEGER");
  replace_all(ddl, "{real}", pg ? "DOUBLE PRECISION" : "REAL");
  replace_all(ddl, "{rowid}", pg ? "\n  rowid BIGINT GENERATED ALWAYS AS IDENTITY," : "");
  if (index == 0) ddl += pg ? kPostgresqlGuards : kSqliteGuards;
  return ddl;
}

bool has_version_table(const sql::Database& db) {
  sql::Statement table(
      db, db.dialect() == sql::Dialect::postgresql
              ? "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() "
                "AND table_name = 'schema_version'"
              : "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'");
  return table.step();
}

int read_version(const sql::Database& db) {
  if (!has_version_table(db)) return 0;
  sql::Statement s(db, "SELECT version FROM schema_version WHERE id = 1");
  return s.step() ? static_cast<int>(s.integer(0)) : 0;
}

void refuse_newer(const sql::Database& db, int version) {
  if (version <= kSchemaVersion) return;
  throw SchemaError("the store " + db.path() + " has schema version " + std::to_string(version) +
                    ", newer than this cctv understands (" + std::to_string(kSchemaVersion) +
                    "): run the cctv release that wrote it, or a later one");
}

// Inside a write transaction: a second process opening the store at the same moment waits,
// then finds the work done.
void upgrade(sql::Database& db) {
  db.exec(
      "CREATE TABLE IF NOT EXISTS schema_version (id INTEGER PRIMARY KEY CHECK (id = 1), "
      "version INTEGER NOT NULL, migrated_at TEXT NOT NULL)");  // the same in both dialects
  int version = read_version(db);
  refuse_newer(db, version);
  for (; version < kSchemaVersion; ++version) db.exec(migration(version, db.dialect()));
  sql::Statement s(db,
                   "INSERT INTO schema_version (id, version, migrated_at) VALUES (1, ?1, ?2) "
                   "ON CONFLICT (id) DO UPDATE SET version = excluded.version, "
                   "migrated_at = excluded.migrated_at");
  s.bind(1, std::int64_t{kSchemaVersion}).bind(2, format_utc(now_utc())).step();
}

}  // namespace

sql::OpenOptions open_options(Access access, sql::Sync sync) {
  return {.sync = sync, .read_only = access == Access::read};
}

void prepare_schema(sql::Database& db, Access access) {
  const int version = read_version(db);
  refuse_newer(db, version);
  if (version == kSchemaVersion) return;
  if (access == Access::read) {
    throw SchemaError("the store " + db.path() + " has schema version " + std::to_string(version) +
                      ", this cctv reads version " + std::to_string(kSchemaVersion) +
                      ": start the store node (cctv store or cctv run) first, it migrates it");
  }
  sql::Transaction tx(db);
  upgrade(db);
  tx.commit();
}

int schema_version(const std::string& db_path) {
  const sql::Database db(db_path, {.read_only = true});
  return read_version(db);
}

}  // namespace cctv::storage
