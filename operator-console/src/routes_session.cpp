// SPDX-License-Identifier: Apache-2.0
// Log in, who am I, log out. Logging in is the one API call without a session.
#include "console_state.hpp"

namespace cctv::console {
namespace {

std::string session_cookie(const std::string& token, Millis max_age) {
  return std::string(kSessionCookie) + "=" + token +
         "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
         std::to_string(std::chrono::duration_cast<std::chrono::seconds>(max_age).count());
}

// Unacknowledged alarms raised while no operator was logged in.
int held_alarm_count(ConsoleState& state, const Session& session) {
  if (!session.unstaffed_since) return 0;
  storage::IncidentQuery q;
  q.since = *session.unstaffed_since;
  q.until = session.created_at;
  q.state = storage::IncidentState::new_;
  q.limit = 100000;
  int held = 0;
  for (const storage::Incident& i : state.incidents.search(q)) held += i.kind != "manual";
  return held;
}

nlohmann::json session_json(const Session& s) {
  return {{"user", s.user}, {"role", to_string(s.role)}, {"csrf", s.csrf}};
}

void login(ConsoleState& state, const httplib::Request& req, httplib::Response& res) {
  const JsonBody body(req.body, {"user", "password"});
  const std::string user = body.text("user", 64);
  const std::string password = body.text("password", 1024);
  const Timestamp now = now_utc();
  const LoginResult result = state.users.authenticate(user, password, now);
  if (result.outcome == LoginResult::Outcome::locked) {
    state.audit.append(user, "login.locked", user, nlohmann::json{{"ip", req.remote_addr}}.dump());
    throw ApiError(
        429, "too many failed logins; try again after " + format_london(*result.locked_until));
  }
  if (result.outcome != LoginResult::Outcome::ok) {
    state.audit.append(user, "login.failed", user, nlohmann::json{{"ip", req.remote_addr}}.dump());
    throw ApiError(401, "wrong user name or password");
  }
  const NewSession created = state.sessions.create(*result.user, now);
  const int held = held_alarm_count(state, created.session);
  state.audit.append(user, "login", user,
                     nlohmann::json{{"ip", req.remote_addr}, {"held_alarms", held}}.dump());
  res.set_header("Set-Cookie", session_cookie(created.token, state.params.idle_timeout));
  nlohmann::json out = session_json(created.session);
  out["held_alarms"] = held;
  reply_json(res, out);
}

}  // namespace

void add_session_routes(httplib::Server& server, Api& api, ConsoleState& state) {
  const Roles everyone = {Role::operator_, Role::supervisor, Role::police, Role::ljag, Role::admin};
  server.Post("/api/session", [&state](const httplib::Request& req, httplib::Response& res) {
    try {
      login(state, req, res);
    } catch (...) {
      Api::answer_exception(res, std::current_exception());
    }
  });
  api.get("/api/session", everyone,
          [](const httplib::Request&, httplib::Response& res, const Session& s) {
            reply_json(res, session_json(s));
          });
  api.del("/api/session", everyone,
          [&state](const httplib::Request& req, httplib::Response& res, const Session& s) {
            state.sessions.end(cookie_value(req, kSessionCookie), now_utc());
            state.audit.append(s.user, "logout", s.user);
            res.set_header("Set-Cookie", std::string(kSessionCookie) +
                                             "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
            res.status = 204;
          });
}

}  // namespace cctv::console
