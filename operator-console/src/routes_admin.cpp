// SPDX-License-Identifier: Apache-2.0
// The admin page's API (/api/admin, role admin only): console accounts and their sessions, the
// audit log with search and verification, and every camera's health history. Each change goes
// to the store, which applies and audits it as `cctv user` does (storage::UserAdmin).
#include "console_state.hpp"

namespace cctv::console {
namespace {

constexpr const char* kUserPath = "/api/admin/users/([A-Za-z0-9._-]{1,64})";
constexpr std::size_t kMaxPassword = 256;
constexpr int kAuditPage = 200;
constexpr std::size_t kHealthRows = 500;
constexpr auto kHealthWindow = std::chrono::days(30);
const Roles kAdmins = {Role::admin};

nlohmann::json user_json(const User& u) {
  return {{"name", u.name},
          {"role", to_string(u.role)},
          {"created_at", format_utc(u.created_at)},
          {"created_local", format_london(u.created_at)},
          {"disabled", u.disabled}};
}

Role role_field(const JsonBody& body) {
  const std::string text = body.text("role", 32);
  const auto role = parse_role(text);
  if (!role) throw ApiError(400, "'role' is '" + text + "'; use one of " + storage::kRoleNames);
  return *role;
}

// The named account, which must exist (404 otherwise).
User existing_user(ConsoleState& state, const std::string& name) {
  const auto user = state.users.find(name);
  if (!user) throw ApiError(404, "no user '" + name + "'");
  return *user;
}

// An admin cannot lock themself out: the last way back would be the command line.
void refuse_own_account(const Session& s, const std::string& name, const std::string& what) {
  if (s.user == name) throw ApiError(409, "you cannot " + what + " your own account");
}

// POST /api/admin/users/NAME/<step>: one change to one existing account, as the store's
// user.admin `action` with the fields `read` takes from the body (none when null).
struct UserStep {
  const char* step;
  const char* action;
  std::vector<std::string_view> fields;
  const char* own_account;  // what an admin may not do to themself; null: allowed
  nlohmann::json (*read)(const JsonBody&);
};

const std::vector<UserStep>& user_steps() {
  static const std::vector<UserStep> steps = {
      {"disable", "disable", {}, "disable", nullptr},
      {"enable", "enable", {}, nullptr, nullptr},
      {"remove", "remove", {}, "remove", nullptr},
      {"password",
       "reset-password",
       {"password"},
       nullptr,
       [](const JsonBody& b) {
         return nlohmann::json{{"password", b.text("password", kMaxPassword)}};
       }},
      {"role",
       "role",
       {"role"},
       "change the role of",
       [](const JsonBody& b) {
         return nlohmann::json{{"role", to_string(role_field(b))}};
       }},
      {"unlock", "unlock", {}, nullptr, nullptr},
      {"revoke", "revoke-user", {}, nullptr, nullptr},
  };
  return steps;
}

nlohmann::json users_json(ConsoleState& state) {
  nlohmann::json users = nlohmann::json::array();
  for (const User& u : state.users.list()) users.push_back(user_json(u));
  return users;
}

void add_user_routes(Api& api, ConsoleState& state) {
  api.get("/api/admin/users", kAdmins,
          [&state](const httplib::Request&, httplib::Response& res, const Session&) {
            reply_json(res, {{"users", users_json(state)}});
          });
  api.post("/api/admin/users", kAdmins,
           [&state](const httplib::Request& req, httplib::Response& res, const Session& s) {
             const JsonBody body(req.body, {"name", "role", "password"});
             const std::string name = body.text("name", 64);
             const Role role = role_field(body);
             state.store.user_admin(s.user, "add",
                                    {{"name", name},
                                     {"role", to_string(role)},
                                     {"password", body.text("password", kMaxPassword)}});
             reply_json(res, user_json(existing_user(state, name)), 201);
           });
  for (const UserStep& step : user_steps()) {
    api.post(
        std::string(kUserPath) + "/" + step.step, kAdmins,
        [&state, &step](const httplib::Request& req, httplib::Response& res, const Session& s) {
          const JsonBody body(req.body, step.fields);
          const std::string name = req.matches[1];
          existing_user(state, name);
          if (step.own_account) refuse_own_account(s, name, step.own_account);
          nlohmann::json fields = step.read ? step.read(body) : nlohmann::json::object();
          fields["name"] = name;
          nlohmann::json done = state.store.user_admin(s.user, step.action, std::move(fields));
          reply_json(res, {{"done", std::move(done)}, {"users", users_json(state)}});
        });
  }
}

void add_session_admin_routes(Api& api, ConsoleState& state) {
  // Who is logged in from where: the store audits each look ("session.list").
  api.get("/api/admin/sessions", kAdmins,
          [&state](const httplib::Request&, httplib::Response& res, const Session& s) {
            reply_json(res, {{"sessions", state.store.user_admin(s.user, "sessions")}});
          });
  api.post(R"(/api/admin/sessions/([0-9a-f]{16})/revoke)", kAdmins,
           [&state](const httplib::Request& req, httplib::Response& res, const Session& s) {
             const JsonBody body(req.body, {});
             const nlohmann::json done = state.store.user_admin(
                 s.user, "revoke-session", {{"session", req.matches[1].str()}});
             if (done.at("sessions_ended") == 0)
               throw ApiError(404, "no open session " + std::string(req.matches[1]));
             reply_json(res, {{"done", done}});
           });
}

nlohmann::json audit_entry_json(const storage::AuditEntry& e) {
  nlohmann::json details = nlohmann::json::parse(e.details, nullptr, false);
  if (details.is_discarded()) details = e.details;  // a row written by hand: shown as text
  return {{"seq", e.seq},      {"ts", format_utc(e.ts)}, {"ts_local", format_london(e.ts)},
          {"actor", e.actor},  {"action", e.action},     {"target", e.target},
          {"details", details}};
}

void add_audit_routes(Api& api, ConsoleState& state) {
  api.get(
      "/api/admin/audit", kAdmins,
      [&state](const httplib::Request& req, httplib::Response& res, const Session&) {
        storage::AuditQuery q{.text = query_text(req, "q", 200).value_or(""), .limit = kAuditPage};
        if (const auto before = query_text(req, "before", 20)) {
          if (before->find_first_not_of("0123456789") != std::string::npos || before->size() > 18)
            throw ApiError(400, "'before' must be an audit row number");
          q.before_seq = std::stoll(*before);
        }
        nlohmann::json rows = nlohmann::json::array();
        const auto found = state.audit.search(q);
        for (const storage::AuditEntry& e : found) rows.push_back(audit_entry_json(e));
        const bool more = static_cast<int>(found.size()) == kAuditPage;
        reply_json(res, {{"entries", rows},
                         {"next_before", more ? nlohmann::json(found.back().seq) : nullptr}});
      });
  // As `cctv audit verify`: the hash chain checked from the first row to the head.
  api.get("/api/admin/audit/verify", kAdmins,
          [&state](const httplib::Request&, httplib::Response& res, const Session& s) {
            nlohmann::json problems = nlohmann::json::array();
            for (const storage::AuditProblem& p : state.audit.verify())
              problems.push_back({{"seq", p.seq}, {"what", p.what}});
            state.store.audit(s.user, "audit.verify", "audit log",
                              {{"intact", problems.empty()}, {"problems", problems.size()}});
            reply_json(res, {{"intact", problems.empty()}, {"problems", problems}});
          });
}

// Camera health incidents (offline, tamper, ...), newest first, over the last 30 days.
void add_camera_health_route(Api& api, ConsoleState& state) {
  api.get("/api/admin/camera-health", kAdmins,
          [&state](const httplib::Request& req, httplib::Response& res, const Session&) {
            storage::IncidentQuery q;
            q.since = query_time(req, "since").value_or(now_utc() - kHealthWindow);
            q.camera = query_text(req, "camera", 64);
            q.limit = 100000;
            nlohmann::json rows = nlohmann::json::array();
            for (const storage::Incident& i : state.incidents.search(q)) {
              if (i.kind != "camera") continue;
              rows.push_back({{"id", i.id},
                              {"camera", i.camera},
                              {"category", i.category},
                              {"started_local", format_london(i.started_at)},
                              {"ended_local", i.ended_at ? format_london(*i.ended_at) : ""},
                              {"description", i.description},
                              {"state", to_string(i.state)}});
              if (rows.size() == kHealthRows) break;
            }
            reply_json(res, {{"events", rows}});
          });
}

}  // namespace

void add_admin_routes(Api& api, ConsoleState& state) {
  add_user_routes(api, state);
  add_session_admin_routes(api, state);
  add_audit_routes(api, state);
  add_camera_health_route(api, state);
}

}  // namespace cctv::console
