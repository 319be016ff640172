// SPDX-License-Identifier: Apache-2.0
// The alarm list, incident search, one incident, manual incidents and the workflow steps.
#include <algorithm>

#include "cctv/storage/incident_json.hpp"
#include "console_state.hpp"

namespace cctv::console {
namespace {

constexpr const char* kIncidentPath = R"(/api/incidents/([A-Za-z0-9-]{1,64}))";
constexpr std::size_t kLongText = 4000;
constexpr std::size_t kShortText = 200;
constexpr std::size_t kBulkAcknowledge = 1000;  // the alarm list's own limit per state

bool held(const storage::Incident& i, const Session& s) {
  return s.unstaffed_since && i.kind != "manual" && i.state == storage::IncidentState::new_ &&
         i.started_at >= *s.unstaffed_since && i.started_at < s.created_at;
}

storage::Incident existing(ConsoleState& state, const std::string& id) {
  auto incident = state.incidents.get(id);
  if (!incident) throw ApiError(404, "no incident '" + id + "'");
  return *incident;
}

// Held alarms first, then active ones (still going on), then new before acknowledged, then by
// priority, newest first.
void sort_alarms(std::vector<storage::Incident>& alarms, const Session& s) {
  const auto rank = [&](const storage::Incident& i) {
    return std::make_tuple(!held(i, s), !i.alarm_active, i.state != storage::IncidentState::new_,
                           i.priority);
  };
  std::stable_sort(
      alarms.begin(), alarms.end(), [&](const storage::Incident& a, const storage::Incident& b) {
        return std::make_tuple(rank(a), b.started_at) < std::make_tuple(rank(b), a.started_at);
      });
}

void list_alarms(ConsoleState& state, httplib::Response& res, const Session& s) {
  std::vector<storage::Incident> alarms;
  for (const auto st : {storage::IncidentState::new_, storage::IncidentState::acknowledged}) {
    storage::IncidentQuery q;
    q.state = st;
    q.limit = 1000;
    for (storage::Incident& i : state.incidents.search(q)) {
      if (i.kind != "manual") alarms.push_back(std::move(i));
    }
  }
  sort_alarms(alarms, s);
  nlohmann::json out = {{"alarms", nlohmann::json::array()}, {"held_alarms", 0}};
  for (const storage::Incident& i : alarms) {
    out["alarms"].push_back(console_incident_json(state, i, s));
    out["held_alarms"] = out["held_alarms"].get<int>() + (held(i, s) ? 1 : 0);
  }
  reply_json(res, out);
}

void search_incidents(ConsoleState& state, const httplib::Request& req, httplib::Response& res,
                      const Session& s) {
  storage::IncidentQuery q;
  q.since = query_time(req, "from");
  q.until = query_time(req, "to");
  q.site = query_text(req, "site", kShortText);
  q.camera = query_text(req, "camera", kShortText);
  q.category = query_text(req, "category", kShortText);
  q.text = query_text(req, "q", kShortText);
  if (const auto st = query_text(req, "state", kShortText)) {
    q.state = storage::parse_incident_state(*st);
    if (!q.state) throw ApiError(400, "'state' must be new, acknowledged or closed");
  }
  if (const auto limit = query_text(req, "limit", 8)) {
    const int n = std::atoi(limit->c_str());
    if (n < 1 || n > 5000) throw ApiError(400, "'limit' must be from 1 to 5000");
    q.limit = n;
  }
  nlohmann::json out = {{"incidents", nlohmann::json::array()}};
  for (const storage::Incident& i : state.incidents.search(q))
    out["incidents"].push_back(console_incident_json(state, i, s));
  reply_json(res, out);
}

void show_incident(ConsoleState& state, const std::string& id, httplib::Response& res,
                   const Session& s) {
  nlohmann::json out = console_incident_json(state, existing(state, id), s);
  out["history"] = storage::history_json(state.incidents.history(id));
  out["events"] = nlohmann::json::array();
  for (const Event& e : state.events.by_ids(state.incidents.event_ids(id))) {
    out["events"].push_back(nlohmann::json::parse(to_json(e)));
  }
  out["evidence"] = nlohmann::json::array();
  for (const storage::Evidence& e : incident_evidence(state, id))
    out["evidence"].push_back(evidence_json(e));
  reply_json(res, out);
}

void create_incident(ConsoleState& state, const httplib::Request& req, httplib::Response& res,
                     const Session& s) {
  const JsonBody body(req.body, {"category", "site", "camera", "occurred_at", "description",
                                 "action_taken", "priority"});
  storage::ManualIncident m;
  m.category = body.text("category", kShortText);
  m.site = body.text("site", kShortText);
  m.camera = body.optional_text("camera", kShortText);
  m.occurred_at = body.time("occurred_at");
  m.description = body.text("description", kLongText);
  m.action_taken = body.optional_text("action_taken", kLongText);
  m.priority = body.optional_int("priority", 1, 4).value_or(3);
  if (!state.params.config.find_site(m.site)) throw ApiError(400, "unknown site '" + m.site + "'");
  if (!m.camera.empty() && !state.params.config.find_camera(m.camera)) {
    throw ApiError(400, "unknown camera '" + m.camera + "'");
  }
  if (m.occurred_at > now_utc() + std::chrono::minutes(5))
    throw ApiError(400, "'occurred_at' is in the future");
  const std::string id = state.store.create_incident(s.user, m);
  state.incidents_changed();
  reply_json(res, console_incident_json(state, existing(state, id), s), 201);
}

// One workflow step: validates the body into the step's fields; the store applies and audits
// them; answers the incident.
using StepFields = std::function<nlohmann::json(const JsonBody&)>;

void add_step(Api& api, ConsoleState& state, const std::string& name,
              std::initializer_list<std::string_view> fields, StepFields read_fields) {
  api.post(std::string(kIncidentPath) + "/" + name, kWatchers,
           [&state, name, fields = std::vector<std::string_view>(fields), read_fields](
               const httplib::Request& req, httplib::Response& res, const Session& s) {
             const std::string id = req.matches[1];
             existing(state, id);
             const JsonBody body(req.body, fields);
             state.store.incident_step(s.user, id, name, read_fields(body));
             state.incidents_changed();
             reply_json(res, console_incident_json(state, existing(state, id), s));
           });
}

// Many alarms at once (a flood of repeats): each acknowledged with the operator's note and
// audited by the store node, as one step each would be; those that could not be are listed.
void acknowledge_alarms(ConsoleState& state, const httplib::Request& req, httplib::Response& res,
                        const Session& s) {
  const JsonBody body(req.body, {"ids", "note"});
  const std::vector<std::string> ids = body.text_list("ids", kBulkAcknowledge, 64);
  const std::string note = body.text("note", kLongText);
  const nlohmann::json outcome = state.store.acknowledge_all(s.user, ids, note);
  state.incidents_changed();
  reply_json(res, outcome);
}

void add_workflow_routes(Api& api, ConsoleState& state) {
  api.post("/api/alarms/acknowledge", kWatchers,
           [&state](const httplib::Request& req, httplib::Response& res, const Session& s) {
             acknowledge_alarms(state, req, res, s);
           });
  add_step(api, state, "acknowledge", {}, [](const JsonBody&) { return nlohmann::json::object(); });
  add_step(api, state, "assign", {"assignee"}, [](const JsonBody& b) {
    return nlohmann::json{{"assignee", b.text("assignee", 64)}};
  });
  add_step(api, state, "notes", {"text"}, [](const JsonBody& b) {
    return nlohmann::json{{"text", b.text("text", kLongText)}};
  });
  add_step(api, state, "close", {"outcome", "note"}, [](const JsonBody& b) {
    return nlohmann::json{{"outcome", b.text("outcome", kShortText)},
                          {"note", b.optional_text("note", kLongText)}};
  });
  add_step(api, state, "priority", {"priority"}, [](const JsonBody& b) {
    const auto priority = b.optional_int("priority", 1, 4);
    if (!priority) throw ApiError(400, "'priority' is required");
    return nlohmann::json{{"priority", *priority}};
  });
  add_step(api, state, "police-ref", {"police_ref"}, [](const JsonBody& b) {
    return nlohmann::json{{"police_ref", b.text("police_ref", 64)}};
  });
}

}  // namespace

std::string tamper_kind(ConsoleState& state, const storage::Incident& incident) {
  const auto events = state.incidents.event_ids(incident.id);
  if (events.empty()) return "";
  const auto first = state.events.by_ids({events.front()});
  return first.empty() ? "" : first.front().kind;
}

nlohmann::json console_incident_json(ConsoleState& state, const storage::Incident& incident,
                                     const Session& session) {
  nlohmann::json out = storage::incident_json(incident);
  out["held"] = held(incident, session);
  out["snapshot_url"] = nullptr;
  out["thumbnail_url"] = nullptr;
  // The alarm's picture is the snapshot of its first (start) event; a camera tamper's also has
  // the reference view (the scene before) and the kind of tamper.
  const auto events = state.incidents.event_ids(incident.id);
  if (!events.empty()) {
    for (const storage::Evidence& e : state.evidence.of_event(events.front())) {
      if (e.kind == storage::EvidenceKind::snapshot) {
        out["snapshot_url"] = "/evidence/" + e.id;
        out["thumbnail_url"] = thumbnail_url(e);
      } else if (e.kind == storage::EvidenceKind::snapshot_reference) {
        out["reference_url"] = "/evidence/" + e.id;
        out["reference_thumbnail_url"] = thumbnail_url(e);
      }
    }
  }
  if (incident.category == to_string(EventType::camera_tamper)) {
    out["tamper_kind"] = tamper_kind(state, incident);
  }
  return out;
}

void add_incident_routes(Api& api, ConsoleState& state) {
  api.get("/api/alarms", kWatchers,
          [&state](const httplib::Request&, httplib::Response& res, const Session& s) {
            list_alarms(state, res, s);
          });
  api.get("/api/incidents", kWatchers,
          [&state](const httplib::Request& req, httplib::Response& res, const Session& s) {
            search_incidents(state, req, res, s);
          });
  api.post("/api/incidents", kWatchers,
           [&state](const httplib::Request& req, httplib::Response& res, const Session& s) {
             create_incident(state, req, res, s);
           });
  api.get(kIncidentPath, kWatchers,
          [&state](const httplib::Request& req, httplib::Response& res, const Session& s) {
            show_incident(state, req.matches[1], res, s);
          });
  add_workflow_routes(api, state);
}

}  // namespace cctv::console
