// SPDX-License-Identifier: Apache-2.0
#include "cctv/storage/store_requests.hpp"

#include <map>

#include "cctv/storage/audit_log.hpp"
#include "cctv/storage/user_walls.hpp"
#include "time_json.hpp"
#include "user_requests.hpp"

namespace cctv::storage {
namespace {

using nlohmann::json;

// Each type that crosses, written and read in one place so the two halves agree.

Timestamp time_of(const json& j, const char* name) {
  const auto t = parse_utc(j.at(name).get<std::string>());
  if (!t) throw std::invalid_argument(std::string("'") + name + "' is not a UTC time");
  return *t;
}

std::optional<Timestamp> optional_time_of(const json& j, const char* name) {
  if (!j.contains(name) || j.at(name).is_null()) return std::nullopt;
  return time_of(j, name);
}

json session_json(const Session& s) {
  return {{"token_hash", s.token_hash},
          {"user", s.user},
          {"role", to_string(s.role)},
          {"csrf", s.csrf},
          {"created_at", format_utc(s.created_at)},
          {"unstaffed_since", time_or_null(s.unstaffed_since)}};
}

Session session_of(const json& j) {
  const auto role = parse_role(j.at("role").get<std::string>());
  if (!role) throw std::invalid_argument("unknown role in a session");
  return {j.at("token_hash"),
          j.at("user"),
          *role,
          j.at("csrf"),
          time_of(j, "created_at"),
          optional_time_of(j, "unstaffed_since")};
}

json manual_incident_json(const ManualIncident& m) {
  return {{"category", m.category},       {"site", m.site},
          {"camera", m.camera},           {"occurred_at", format_utc(m.occurred_at)},
          {"description", m.description}, {"action_taken", m.action_taken},
          {"priority", m.priority}};
}

ManualIncident manual_incident_of(const json& j) {
  return {j.at("category"),    j.at("site"),         j.at("camera"),  time_of(j, "occurred_at"),
          j.at("description"), j.at("action_taken"), j.at("priority")};
}

json export_request_json(const NewExportRequest& r) {
  return {{"reference", r.reference},   {"officer", r.officer},
          {"force", r.force},           {"cameras", r.cameras},
          {"from", format_utc(r.from)}, {"to", format_utc(r.to)},
          {"reason", r.reason},         {"redaction", redaction_json(r.redaction)}};
}

NewExportRequest export_request_of(const json& j) {
  return {j.at("reference"),  j.at("officer"),
          j.at("force"),      j.at("cameras"),
          time_of(j, "from"), time_of(j, "to"),
          j.at("reason"),     redaction_of(j.value("redaction", nlohmann::json()))};
}

json deployment_request_json(const DeploymentRequest& r) {
  return {{"camera", r.camera},
          {"site", r.site},
          {"at", format_utc(r.at)},
          {"ljag_case", r.ljag_case},
          {"reason", r.reason}};
}

DeploymentRequest deployment_request_of(const json& j) {
  return {j.at("camera"), j.at("site"), time_of(j, "at"), j.at("ljag_case"), j.at("reason")};
}

constexpr std::pair<LoginOutcome, std::string_view> kOutcomes[] = {
    {LoginOutcome::ok, "ok"},
    {LoginOutcome::bad_credentials, "bad_credentials"},
    {LoginOutcome::throttled, "throttled"}};

std::string_view outcome_name(LoginOutcome o) {
  for (const auto& [outcome, name] : kOutcomes) {
    if (outcome == o) return name;
  }
  return "bad_credentials";
}

LoginOutcome outcome_of(const std::string& text) {
  for (const auto& [outcome, name] : kOutcomes) {
    if (name == text) return outcome;
  }
  return LoginOutcome::bad_credentials;
}

// The answer for an exception a request raised: its kind lets the client throw it again.
json error_answer(std::exception_ptr e) {
  const auto error = [](const char* kind, const std::exception& x, const std::string& field = "") {
    return json{{"error", {{"kind", kind}, {"message", x.what()}, {"field", field}}}};
  };
  try {
    std::rethrow_exception(e);
  } catch (const DeploymentError& x) {
    return error("deployment", x, x.field());
  } catch (const IncidentInputError& x) {
    return error("incident_input", x);
  } catch (const IncidentError& x) {
    return error("incident", x);
  } catch (const ExportRequestError& x) {
    return error("export_request", x);
  } catch (const UserError& x) {
    return error("user", x);
  } catch (const json::exception& x) {
    return error("request", x);
  } catch (const std::invalid_argument& x) {
    return error("request", x);
  } catch (const std::exception& x) {
    return error("internal", x);
  }
}

[[noreturn]] void throw_error(const json& error) {
  const std::string kind = error.value("kind", "internal");
  const std::string message = error.value("message", "the store failed without a reason");
  if (kind == "deployment") throw DeploymentError(error.value("field", ""), message);
  if (kind == "incident_input") throw IncidentInputError(message);
  if (kind == "incident") throw IncidentError(message);
  if (kind == "export_request") throw ExportRequestError(message);
  if (kind == "user") throw UserError(message);
  throw StoreRequestError("the store refused a request (" + kind + "): " + message);
}

// Unacknowledged alarms raised while no operator was logged in, before this session began.
int held_alarm_count(const IncidentLog& incidents, const Session& session) {
  if (!session.unstaffed_since) return 0;
  IncidentQuery q;
  q.since = *session.unstaffed_since;
  q.until = session.created_at;
  q.state = IncidentState::new_;
  q.limit = 100000;
  int held = 0;
  for (const Incident& i : incidents.search(q)) held += i.kind != "manual";
  return held;
}

}  // namespace

struct StoreRequests::Impl {
  explicit Impl(const StoreRequestsParams& p)
      : db_path(p.db_path),
        users(p.db_path),
        throttle(p.db_path, p.login),
        sessions(p.db_path, p.sessions),
        incidents(p.db_path, p.categories),
        audit(p.db_path),
        exports(p.db_path),
        sites(p.db_path),
        walls(p.db_path) {}

  using Op = json (Impl::*)(const json&);
  static const std::map<std::string, Op, std::less<>>& ops() {
    static const std::map<std::string, Op, std::less<>> table = {
        {"audit", &Impl::append_audit},
        {"login", &Impl::login},
        {"session.touch", &Impl::touch_session},
        {"session.end", &Impl::end_session},
        {"incident.create", &Impl::create_incident},
        {"incident.step", &Impl::incident_step},
        {"incident.acknowledge_all", &Impl::acknowledge_all},
        {"wall.save", &Impl::save_wall},
        {"export.submit", &Impl::submit_export},
        {"export.approve", &Impl::approve_export},
        {"export.refuse", &Impl::refuse_export},
        {"export.download", &Impl::record_download},
        {"deployment.create", &Impl::deploy},
        {"user.admin", &Impl::user_admin},
    };
    return table;
  }

  json append_audit(const json& r) {
    audit.append(r.at("actor"), r.at("action"), r.at("target"), r.at("details").dump());
    return nullptr;
  }

  json login(const json& r) {
    const std::string user = r.at("user");
    const std::string ip = r.at("ip");
    const json where = {{"ip", ip}};
    const Timestamp now = now_utc();
    if (const auto wait = throttle.wait(ip, user, now); wait.count() > 0) {
      audit.append(user, "login.throttled", user, where.dump());
      return {{"outcome", outcome_name(LoginOutcome::throttled)}, {"retry_after", wait.count()}};
    }
    const std::optional<User> account = users.find(user);
    if (!r.at("password_ok").get<bool>() || !account || account->disabled) {
      throttle.record_failure(ip, user, now);
      audit.append(user, "login.failed", user, where.dump());
      return {{"outcome", outcome_name(LoginOutcome::bad_credentials)}};
    }
    throttle.record_success(ip);
    const NewSession created = sessions.create(*account, now, ip);
    const int held = held_alarm_count(incidents, created.session);
    audit.append(user, "login", user, json{{"ip", ip}, {"held_alarms", held}}.dump());
    return {{"outcome", outcome_name(LoginOutcome::ok)},
            {"token", created.token},
            {"session", session_json(created.session)},
            {"held_alarms", held}};
  }

  json touch_session(const json& r) {
    const auto session = sessions.touch(r.at("token"), now_utc());
    return session ? session_json(*session) : json(nullptr);
  }

  json end_session(const json& r) {
    sessions.end(r.at("token"), now_utc());
    audit.append(r.at("user"), "logout", r.at("user"));
    return nullptr;
  }

  json create_incident(const json& r) {
    const ManualIncident m = manual_incident_of(r.at("incident"));
    const std::string id = incidents.create(r.at("actor"), m);
    audit.append(r.at("actor"), "incident.create", id,
                 json{{"category", m.category}, {"site", m.site}}.dump());
    return {{"id", id}};
  }

  json incident_step(const json& r) {
    const std::string actor = r.at("actor");
    const std::string id = r.at("incident");
    const std::string step = r.at("step");
    const json& f = r.at("fields");
    if (step == "acknowledge") {
      incidents.acknowledge(id, actor);
    } else if (step == "assign") {
      incidents.assign(id, actor, f.at("assignee"));
    } else if (step == "notes") {
      incidents.add_note(id, actor, f.at("text"));
    } else if (step == "close") {
      incidents.close(id, actor, f.at("outcome"), f.at("note"));
    } else if (step == "priority") {
      incidents.set_priority(id, actor, f.at("priority"));
    } else if (step == "police-ref") {
      incidents.set_police_ref(id, actor, f.at("police_ref"));
    } else {
      throw std::invalid_argument("unknown incident step '" + step + "'");
    }
    audit.append(actor, "incident." + step, id, f.dump());
    return nullptr;
  }

  json acknowledge_all(const json& r) {
    const std::string actor = r.at("actor");
    const std::string note = r.at("note");
    json out = {{"acknowledged", json::array()}, {"refused", json::array()}};
    for (const std::string id : r.at("incidents")) {
      try {
        incidents.acknowledge(id, actor, note);
      } catch (const IncidentError& e) {
        out["refused"].push_back({{"id", id}, {"reason", e.what()}});
        continue;
      }
      audit.append(actor, "incident.acknowledge", id, json{{"note", note}, {"bulk", true}}.dump());
      out["acknowledged"].push_back(id);
    }
    return out;
  }

  json save_wall(const json& r) {
    walls.save(r.at("user"), r.at("wall"), now_utc());
    return nullptr;
  }

  json submit_export(const json& r) {
    return {{"id", exports.submit(r.at("actor"), export_request_of(r.at("request")))}};
  }
  json approve_export(const json& r) {
    exports.approve(r.at("actor"), r.at("id"), r.at("note"));
    return nullptr;
  }
  json refuse_export(const json& r) {
    exports.refuse(r.at("actor"), r.at("id"), r.at("reason"));
    return nullptr;
  }
  json record_download(const json& r) {
    exports.record_download(r.at("actor"), r.at("id"));
    return nullptr;
  }

  json deploy(const json& r) {
    const Deployment d = sites.deploy(r.at("actor"), deployment_request_of(r.at("request")));
    json made = deployment_json(d);
    audit.append(r.at("actor"), "deployment.create", d.camera, made.dump());
    return made;
  }

  json user_admin(const json& r) { return answer_user_admin(db_path, r); }

  std::string db_path;
  UserStore users;
  LoginThrottle throttle;
  SessionStore sessions;
  IncidentLog incidents;
  AuditLog audit;
  ExportRequests exports;
  SiteRegister sites;
  UserWalls walls;
};

StoreRequests::StoreRequests(StoreRequestsParams params) : impl_(std::make_unique<Impl>(params)) {}
StoreRequests::~StoreRequests() = default;

json StoreRequests::answer(const json& request) {
  try {
    const auto& ops = Impl::ops();
    const auto op = ops.find(request.at("op").get<std::string>());
    if (op == ops.end())
      throw std::invalid_argument("unknown op '" + request.value("op", "") + "'");
    return {{"ok", (*impl_.*(op->second))(request)}};
  } catch (...) {
    return error_answer(std::current_exception());
  }
}

json StoreClient::call(const json& request) {
  const json answer = transport_(request);
  if (answer.contains("ok")) return answer.at("ok");
  if (answer.contains("error")) throw_error(answer.at("error"));
  throw StoreRequestError("the store's answer has neither 'ok' nor 'error'");
}

void StoreClient::audit(const std::string& actor, const std::string& action,
                        const std::string& target, const json& details) {
  call({{"op", "audit"},
        {"actor", actor},
        {"action", action},
        {"target", target},
        {"details", details}});
}

LoginAnswer StoreClient::login(const std::string& user, bool password_ok, const std::string& ip) {
  const json a = call({{"op", "login"}, {"user", user}, {"password_ok", password_ok}, {"ip", ip}});
  LoginAnswer out;
  out.outcome = outcome_of(a.at("outcome"));
  if (out.outcome == LoginOutcome::throttled)
    out.retry_after = std::chrono::seconds(a.at("retry_after"));
  if (out.outcome == LoginOutcome::ok) {
    out.token = a.at("token");
    out.session = session_of(a.at("session"));
    out.held_alarms = a.at("held_alarms");
  }
  return out;
}

std::optional<Session> StoreClient::touch_session(const std::string& token) {
  const json s = call({{"op", "session.touch"}, {"token", token}});
  if (s.is_null()) return std::nullopt;
  return session_of(s);
}

void StoreClient::end_session(const std::string& token, const std::string& user) {
  call({{"op", "session.end"}, {"token", token}, {"user", user}});
}

std::string StoreClient::create_incident(const std::string& actor, const ManualIncident& m) {
  return call({{"op", "incident.create"}, {"actor", actor}, {"incident", manual_incident_json(m)}})
      .at("id");
}

void StoreClient::incident_step(const std::string& actor, const std::string& incident,
                                const std::string& step, const json& fields) {
  call({{"op", "incident.step"},
        {"actor", actor},
        {"incident", incident},
        {"step", step},
        {"fields", fields}});
}

json StoreClient::acknowledge_all(const std::string& actor,
                                  const std::vector<std::string>& incidents,
                                  const std::string& note) {
  return call({{"op", "incident.acknowledge_all"},
               {"actor", actor},
               {"incidents", incidents},
               {"note", note}});
}

void StoreClient::save_wall(const std::string& user, const json& wall) {
  call({{"op", "wall.save"}, {"user", user}, {"wall", wall}});
}

std::int64_t StoreClient::submit_export(const std::string& actor, const NewExportRequest& r) {
  return call({{"op", "export.submit"}, {"actor", actor}, {"request", export_request_json(r)}})
      .at("id");
}

void StoreClient::approve_export(const std::string& actor, std::int64_t id,
                                 const std::string& note) {
  call({{"op", "export.approve"}, {"actor", actor}, {"id", id}, {"note", note}});
}

void StoreClient::refuse_export(const std::string& actor, std::int64_t id,
                                const std::string& reason) {
  call({{"op", "export.refuse"}, {"actor", actor}, {"id", id}, {"reason", reason}});
}

void StoreClient::record_download(const std::string& actor, std::int64_t id) {
  call({{"op", "export.download"}, {"actor", actor}, {"id", id}});
}

json StoreClient::user_admin(const std::string& actor, const std::string& action, json fields) {
  fields["op"] = "user.admin";
  fields["actor"] = actor;
  fields["action"] = action;
  return call(fields);
}

json StoreClient::deploy(const std::string& actor, const DeploymentRequest& r) {
  return call(
      {{"op", "deployment.create"}, {"actor", actor}, {"request", deployment_request_json(r)}});
}

}  // namespace cctv::storage
