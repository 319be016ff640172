// SPDX-License-Identifier: Apache-2.0
// Groups stored events into incidents. Works from a cursor over the events table in the same
// database, in one transaction per batch, so a crash never leaves an event ungrouped or
// grouped twice. An incident is one alarm episode of a zone (loitering by several people at
// once is one incident) or one outage of a camera; it stays alarm_active while any of its
// episodes has started and not ended. An incident of test alarms is marked so, and closes
// itself when its alarm ends. Offline analysis results (`cctv analyse --data`) are stored
// events, never incidents: they are found with `cctv events`, they do not ring the control room.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "cctv/common/event.hpp"
#include "cctv/common/offline_analysis.hpp"
#include "incident_db.hpp"

namespace cctv::storage {
namespace {

constexpr int kBatch = 500;

// The episode an event belongs to within its incident.
std::string episode_key(const Event& e) {
  if (e.type == EventType::camera_offline || e.type == EventType::camera_online) return "outage";
  std::string key = format_utc(e.started_at.value_or(e.ts));
  if (e.type == EventType::loitering && !e.track_ids.empty())
    key += "#" + std::to_string(e.track_ids.front());
  return key;
}

std::string category_of(const Event& e) {
  return std::string(
      to_string(e.type == EventType::camera_online ? EventType::camera_offline : e.type));
}

bool opens(const Event& e) {
  return e.phase == EventPhase::start || e.phase == EventPhase::update ||
         e.type == EventType::camera_offline;
}
bool closes(const Event& e) {
  return e.phase == EventPhase::end || e.type == EventType::camera_online;
}

int default_priority(const Event& e) {
  switch (e.type) {
    case EventType::crowding:
    case EventType::camera_offline:
    case EventType::camera_error:
    case EventType::camera_tamper:
      return 2;
    default:
      return 3;
  }
}

class Grouper {
 public:
  explicit Grouper(sql::Database& db) : db_(db) {}

  void apply(const Event& e) {
    if (is_offline_analysis(e) || already_linked(e.id)) return;
    std::optional<Incident> incident = find_incident(e);
    if (!incident) incident = create_incident(e);
    link(*incident, e);
  }

 private:
  bool already_linked(const std::string& event_id) {
    sql::Statement s(db_, "SELECT 1 FROM incident_events WHERE event_id = ?1");
    s.bind(1, event_id);
    return s.step();
  }

  // The active incident of the same camera/zone/category; for an end or an error, also the
  // latest unclosed one (its start may have been grouped already).
  std::optional<Incident> find_incident(const Event& e) {
    const bool active_only = opens(e);
    sql::Statement s(
        db_,
        std::string("SELECT ") + incident_db::kColumns +
            " FROM incidents WHERE camera = ?1 AND zone = ?2 AND category = ?3 AND kind != 'manual'"
            " AND (alarm_active = 1 OR (?4 = 0 AND state != 'closed')) ORDER BY started_at DESC "
            "LIMIT 1");
    s.bind(1, e.camera)
        .bind(2, e.zone)
        .bind(3, category_of(e))
        .bind(4, static_cast<std::int64_t>(active_only));
    if (!s.step()) return std::nullopt;
    return incident_db::read(s);
  }

  Incident create_incident(const Event& e) {
    Incident i;
    i.id = new_uuid();
    i.kind = e.zone.empty() ? "camera" : "alarm";
    i.category = category_of(e);
    i.priority = default_priority(e);
    i.camera = e.camera;
    i.site = e.site;
    i.zone = e.zone;
    i.started_at = e.started_at.value_or(e.ts);
    i.description = e.message;
    i.test = e.test;
    incident_db::insert(db_, i);
    incident_db::record(db_, i.id, "system", "created", nlohmann::json{{"event", e.id}}.dump());
    return i;
  }

  void link(const Incident& i, const Event& e) {
    auto episodes = open_episodes(i.id);
    const std::string key = episode_key(e);
    if (opens(e) && std::find(episodes.begin(), episodes.end(), key) == episodes.end())
      episodes.push_back(key);
    if (closes(e)) std::erase(episodes, key);
    const bool active = !episodes.empty();
    sql::Statement s(db_,
                     "UPDATE incidents SET open_episodes = ?2, alarm_active = ?3, ended_at = ?4, "
                     "event_count = event_count + 1, "
                     "max_count = CASE WHEN ?5 > max_count THEN ?5 ELSE max_count END, "
                     "max_dwell_s = CASE WHEN ?6 > max_dwell_s THEN ?6 ELSE max_dwell_s END "
                     "WHERE id = ?1");
    s.bind(1, i.id)
        .bind(2, nlohmann::json(episodes).dump())
        .bind(3, static_cast<std::int64_t>(active));
    if (active) {
      s.bind_null(4);
    } else {
      s.bind(4, format_utc(e.ts));
    }
    s.bind(5, static_cast<std::int64_t>(e.count.value_or(0))).bind(6, e.dwell_s.value_or(0.0));
    s.step();
    sql::Statement l(db_, "INSERT INTO incident_events (event_id, incident_id) VALUES (?1, ?2)");
    l.bind(1, e.id).bind(2, i.id);
    l.step();
    if (e.phase != EventPhase::update) {
      incident_db::record(
          db_, i.id, "system", "event",
          nlohmann::json{
              {"event", e.id}, {"type", to_string(e.type)}, {"phase", to_string(e.phase)}}
              .dump());
    }
    if (!active && i.test && i.state != IncidentState::closed) close_test(i, e);
  }

  // A test alarm closes itself when it ends, so that a drill does not wait in the alarm list
  // for an operator to close it.
  void close_test(const Incident& i, const Event& e) {
    sql::Statement s(db_,
                     "UPDATE incidents SET state = 'closed', closed_by = 'system', closed_at = ?2, "
                     "outcome = ?3 WHERE id = ?1");
    s.bind(1, i.id).bind(2, format_utc(e.ts)).bind(3, std::string(kTestAlarmOutcome));
    s.step();
    incident_db::record(
        db_, i.id, "system", "closed",
        nlohmann::json{{"outcome", kTestAlarmOutcome}, {"note", "the test alarm ended"}}.dump());
  }

  std::vector<std::string> open_episodes(const std::string& id) {
    sql::Statement s(db_, "SELECT open_episodes FROM incidents WHERE id = ?1");
    s.bind(1, id);
    s.step();
    return nlohmann::json::parse(s.text(0)).get<std::vector<std::string>>();
  }

  sql::Database& db_;
};

}  // namespace

std::int64_t IncidentLog::catch_up() {
  std::lock_guard lock(impl_->mutex);
  std::int64_t total = 0;
  for (;;) {
    sql::Transaction tx(impl_->db);
    sql::Statement cursor(
        impl_->db, "SELECT coalesce((SELECT last_rowid FROM incident_cursor WHERE id = 1), 0)");
    cursor.step();
    sql::Statement rows(impl_->db,
                        "SELECT rowid, json FROM events WHERE rowid > ?1 ORDER BY rowid LIMIT ?2");
    rows.bind(1, cursor.integer(0)).bind(2, static_cast<std::int64_t>(kBatch));
    Grouper grouper(impl_->db);
    std::int64_t last = -1, n = 0;
    while (rows.step()) {
      last = rows.integer(0);
      grouper.apply(event_from_json(rows.text(1)));
      ++n;
    }
    if (n == 0) return total;
    sql::Statement save(impl_->db,
                        "INSERT INTO incident_cursor (id, last_rowid) VALUES (1, ?1) "
                        "ON CONFLICT (id) DO UPDATE SET last_rowid = excluded.last_rowid");
    save.bind(1, last);
    save.step();
    tx.commit();
    total += n;
  }
}

}  // namespace cctv::storage
