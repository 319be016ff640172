// SPDX-License-Identifier: Apache-2.0
// Private: the incident tables and the row helpers the workflow and the grouping share.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "cctv/common/sqlite.hpp"
#include "cctv/storage/incident_log.hpp"

namespace cctv::storage::incident_db {

inline constexpr const char* kSchema = R"(
CREATE TABLE IF NOT EXISTS incidents (
  id TEXT PRIMARY KEY, kind TEXT NOT NULL, category TEXT NOT NULL, state TEXT NOT NULL,
  priority INTEGER NOT NULL, camera TEXT NOT NULL, site TEXT NOT NULL, zone TEXT NOT NULL,
  started_at TEXT NOT NULL, ended_at TEXT, alarm_active INTEGER NOT NULL DEFAULT 0,
  open_episodes TEXT NOT NULL DEFAULT '[]',
  description TEXT NOT NULL DEFAULT '', action_taken TEXT NOT NULL DEFAULT '',
  police_ref TEXT NOT NULL DEFAULT '', assigned_to TEXT NOT NULL DEFAULT '',
  acknowledged_by TEXT NOT NULL DEFAULT '', acknowledged_at TEXT,
  closed_by TEXT NOT NULL DEFAULT '', closed_at TEXT, outcome TEXT NOT NULL DEFAULT '',
  event_count INTEGER NOT NULL DEFAULT 0, max_count INTEGER NOT NULL DEFAULT 0,
  max_dwell_s REAL NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS incidents_started ON incidents(started_at);
CREATE INDEX IF NOT EXISTS incidents_alarm ON incidents(camera, zone, category, alarm_active);
CREATE TABLE IF NOT EXISTS incident_events (
  event_id TEXT PRIMARY KEY, incident_id TEXT NOT NULL REFERENCES incidents(id)
);
CREATE INDEX IF NOT EXISTS incident_events_incident ON incident_events(incident_id);
CREATE TABLE IF NOT EXISTS incident_history (
  id INTEGER PRIMARY KEY AUTOINCREMENT, incident_id TEXT NOT NULL REFERENCES incidents(id),
  ts TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, details TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS incident_history_incident ON incident_history(incident_id);
CREATE TRIGGER IF NOT EXISTS incident_history_append_only_u BEFORE UPDATE ON incident_history
  BEGIN SELECT RAISE(ABORT, 'incident history is append-only'); END;
CREATE TRIGGER IF NOT EXISTS incident_history_append_only_d BEFORE DELETE ON incident_history
  BEGIN SELECT RAISE(ABORT, 'incident history is append-only'); END;
CREATE TABLE IF NOT EXISTS incident_cursor (id INTEGER PRIMARY KEY CHECK (id = 1), last_rowid INTEGER NOT NULL);
)";

inline constexpr const char* kColumns =
    "id, kind, category, state, priority, camera, site, zone, started_at, ended_at, alarm_active, "
    "description, action_taken, police_ref, assigned_to, acknowledged_by, acknowledged_at, closed_by, "
    "closed_at, outcome, event_count, max_count, max_dwell_s";

Incident read(const sql::Statement& s);
std::optional<Incident> load(const sql::Database& db, const std::string& id);
void insert(sql::Database& db, const Incident& i);
void record(sql::Database& db, const std::string& id, const std::string& actor, const std::string& action,
            const std::string& details_json);

}  // namespace cctv::storage::incident_db

namespace cctv::storage {

struct IncidentLog::Impl {
  Impl(const std::string& path, std::vector<std::string> cats) : db(path), categories(std::move(cats)) {
    db.exec(incident_db::kSchema);
  }
  sql::Database db;
  std::vector<std::string> categories;
  mutable std::mutex mutex;
};

}  // namespace cctv::storage
