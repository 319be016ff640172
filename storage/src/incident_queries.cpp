// SPDX-License-Identifier: Apache-2.0
// Reading the incident log: one incident, searches, its history and events.
#include "incident_db.hpp"

namespace cctv::storage {

std::optional<Incident> IncidentLog::get(const std::string& id) const {
  std::lock_guard lock(impl_->mutex);
  return incident_db::load(impl_->db, id);
}

std::vector<Incident> IncidentLog::search(const IncidentQuery& q) const {
  std::lock_guard lock(impl_->mutex);
  // The position of a substring (0: absent), as each dialect names it.
  const std::string find = impl_->db.dialect() == sql::Dialect::postgresql ? "strpos" : "instr";
  sql::Statement s(
      impl_->db,
      std::string("SELECT ") + incident_db::kColumns +
          " FROM incidents i WHERE (?1 IS NULL OR started_at >= ?1) AND (?2 IS NULL OR started_at "
          "< ?2)"
          " AND (?3 IS NULL OR site = ?3) AND (?4 IS NULL OR camera = ?4)"
          " AND (?5 IS NULL OR category = ?5) AND (?6 IS NULL OR state = ?6)"
          " AND (?7 IS NULL OR " +
          find +
          "(lower(description || ' ' || action_taken || ' ' ||"
          " police_ref || ' ' || outcome), lower(?7)) > 0 OR EXISTS (SELECT 1 FROM incident_history"
          " h WHERE h.incident_id = i.id AND " +
          find +
          "(lower(h.details), lower(?7)) > 0))"
          " ORDER BY started_at DESC LIMIT ?8");
  if (q.since) s.bind(1, format_utc(*q.since));
  if (q.until) s.bind(2, format_utc(*q.until));
  if (q.site) s.bind(3, *q.site);
  if (q.camera) s.bind(4, *q.camera);
  if (q.category) s.bind(5, *q.category);
  if (q.state) s.bind(6, to_string(*q.state));
  if (q.text) s.bind(7, *q.text);
  s.bind(8, static_cast<std::int64_t>(q.limit));
  std::vector<Incident> out;
  while (s.step()) out.push_back(incident_db::read(s));
  return out;
}

std::vector<IncidentHistory> IncidentLog::history(const std::string& id) const {
  std::lock_guard lock(impl_->mutex);
  sql::Statement s(
      impl_->db,
      "SELECT ts, actor, action, details FROM incident_history WHERE incident_id = ?1 ORDER BY id");
  s.bind(1, id);
  std::vector<IncidentHistory> out;
  while (s.step())
    out.push_back({parse_utc(s.text(0)).value_or(Timestamp{}), s.text(1), s.text(2), s.text(3)});
  return out;
}

std::vector<std::string> IncidentLog::event_ids(const std::string& id) const {
  std::lock_guard lock(impl_->mutex);
  sql::Statement s(impl_->db,
                   "SELECT event_id FROM incident_events WHERE incident_id = ?1 ORDER BY rowid");
  s.bind(1, id);
  std::vector<std::string> out;
  while (s.step()) out.push_back(s.text(0));
  return out;
}

std::vector<Incident> IncidentLog::ended_alarms_without(const std::string& action, Timestamp since,
                                                        int limit) const {
  std::lock_guard lock(impl_->mutex);
  sql::Statement s(
      impl_->db, std::string("SELECT ") + incident_db::kColumns +
                     " FROM incidents i WHERE kind = 'alarm' AND test = 0 AND alarm_active = 0 AND "
                     "ended_at IS NOT NULL"
                     " AND started_at >= ?1 AND NOT EXISTS (SELECT 1 FROM incident_history h"
                     " WHERE h.incident_id = i.id AND h.action = ?2) ORDER BY started_at LIMIT ?3");
  s.bind(1, format_utc(since)).bind(2, action).bind(3, static_cast<std::int64_t>(limit));
  std::vector<Incident> out;
  while (s.step()) out.push_back(incident_db::read(s));
  return out;
}

std::vector<IncidentChange> IncidentLog::changes_after(std::int64_t cursor, int limit) const {
  std::lock_guard lock(impl_->mutex);
  sql::Statement s(
      impl_->db, "SELECT id, incident_id FROM incident_history WHERE id > ?1 ORDER BY id LIMIT ?2");
  s.bind(1, cursor).bind(2, static_cast<std::int64_t>(limit));
  std::vector<IncidentChange> out;
  while (s.step()) out.push_back({s.integer(0), s.text(1)});
  return out;
}

std::int64_t IncidentLog::last_change() const {
  std::lock_guard lock(impl_->mutex);
  sql::Statement s(impl_->db, "SELECT COALESCE(MAX(id), 0) FROM incident_history");
  s.step();
  return s.integer(0);
}

}  // namespace cctv::storage
