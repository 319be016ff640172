// SPDX-License-Identifier: Apache-2.0
#include "incident_db.hpp"

namespace cctv::storage::incident_db {
namespace {

std::optional<Timestamp> optional_time(const sql::Statement& s, int column) {
  if (s.is_null(column)) return std::nullopt;
  return parse_utc(s.text(column));
}

void bind_time(sql::Statement& s, int index, const std::optional<Timestamp>& t) {
  if (t) {
    s.bind(index, format_utc(*t));
  } else {
    s.bind_null(index);
  }
}

}  // namespace

Incident read(const sql::Statement& s) {
  Incident i;
  i.id = s.text(0);
  i.kind = s.text(1);
  i.category = s.text(2);
  i.state = parse_incident_state(s.text(3)).value_or(IncidentState::new_);
  i.priority = static_cast<int>(s.integer(4));
  i.camera = s.text(5);
  i.site = s.text(6);
  i.zone = s.text(7);
  i.started_at = parse_utc(s.text(8)).value_or(Timestamp{});
  i.ended_at = optional_time(s, 9);
  i.alarm_active = s.integer(10) != 0;
  i.description = s.text(11);
  i.action_taken = s.text(12);
  i.police_ref = s.text(13);
  i.assigned_to = s.text(14);
  i.acknowledged_by = s.text(15);
  i.acknowledged_at = optional_time(s, 16);
  i.closed_by = s.text(17);
  i.closed_at = optional_time(s, 18);
  i.outcome = s.text(19);
  i.event_count = s.integer(20);
  i.max_count = s.integer(21);
  i.max_dwell_s = s.real(22);
  i.test = s.integer(23) != 0;
  return i;
}

std::optional<Incident> load(const sql::Database& db, const std::string& id) {
  sql::Statement s(db, std::string("SELECT ") + kColumns + " FROM incidents WHERE id = ?1");
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  return read(s);
}

void insert(sql::Database& db, const Incident& i) {
  sql::Statement s(
      db, std::string("INSERT INTO incidents (") + kColumns +
              ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
              "?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24)");
  s.bind(1, i.id).bind(2, i.kind).bind(3, i.category).bind(4, to_string(i.state));
  s.bind(5, static_cast<std::int64_t>(i.priority))
      .bind(6, i.camera)
      .bind(7, i.site)
      .bind(8, i.zone);
  s.bind(9, format_utc(i.started_at));
  bind_time(s, 10, i.ended_at);
  s.bind(11, static_cast<std::int64_t>(i.alarm_active))
      .bind(12, i.description)
      .bind(13, i.action_taken);
  s.bind(14, i.police_ref).bind(15, i.assigned_to).bind(16, i.acknowledged_by);
  bind_time(s, 17, i.acknowledged_at);
  s.bind(18, i.closed_by);
  bind_time(s, 19, i.closed_at);
  s.bind(20, i.outcome).bind(21, i.event_count).bind(22, i.max_count).bind(23, i.max_dwell_s);
  s.bind(24, static_cast<std::int64_t>(i.test));
  s.step();
}

void record(sql::Database& db, const std::string& id, const std::string& actor,
            const std::string& action, const std::string& details_json) {
  sql::Statement s(db,
                   "INSERT INTO incident_history (incident_id, ts, actor, action, details) VALUES "
                   "(?1, ?2, ?3, ?4, ?5)");
  s.bind(1, id).bind(2, format_utc(now_utc())).bind(3, actor).bind(4, action).bind(5, details_json);
  s.step();
}

}  // namespace cctv::storage::incident_db
