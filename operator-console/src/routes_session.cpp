// SPDX-License-Identifier: Apache-2.0
// Log in, who am I, log out. Logging in is the one API call without a session.
#include "console_state.hpp"

namespace cctv::console {
namespace {

// Secure over HTTPS: the browser then never sends the session over plain HTTP.
std::string session_cookie(const ConsoleState& state, const std::string& token, Millis max_age) {
  return std::string(kSessionCookie) + "=" + token + "; Path=/; HttpOnly; SameSite=Strict" +
         (state.https() ? "; Secure" : "") + "; Max-Age=" +
         std::to_string(std::chrono::duration_cast<std::chrono::seconds>(max_age).count());
}

nlohmann::json session_json(const Session& s) {
  return {{"user", s.user}, {"role", to_string(s.role)}, {"csrf", s.csrf}};
}

// 429 with when to try again, the same for every name: the throttle counts unknown names too.
void refuse_throttled(httplib::Response& res, std::chrono::seconds retry_after) {
  const auto seconds = std::to_string(retry_after.count());
  res.set_header("Retry-After", seconds);
  reply_json(res,
             {{"error", "too many failed logins; try again in " + seconds + " s"},
              {"retry_after", retry_after.count()}},
             429);
}

void login(ConsoleState& state, const httplib::Request& req, httplib::Response& res) {
  require_json_body(req);
  const JsonBody body(req.body, {"user", "password"});
  const std::string user = body.text("user", 64);
  const std::string password = body.text("password", 1024);
  // A throttled attempt is refused before the costly hash check, for known and unknown names
  // alike; the store checks again, since other consoles count failures too.
  if (const auto wait = state.throttle.wait(req.remote_addr, user, now_utc()); wait.count() > 0) {
    state.store.audit(user, "login.throttled", user, {{"ip", req.remote_addr}});
    return refuse_throttled(res, wait);
  }
  // The hash check here, the counting and the session in the store.
  const bool password_ok = state.users.password_matches(user, password);
  const storage::LoginAnswer result = state.store.login(user, password_ok, req.remote_addr);
  if (result.outcome == LoginOutcome::throttled) return refuse_throttled(res, result.retry_after);
  if (result.outcome != LoginOutcome::ok || !result.session) {
    throw ApiError(401, "wrong user name or password");
  }
  // The session ends at its lifetime at the latest (the store ends it sooner when unused).
  res.set_header("Set-Cookie", session_cookie(state, result.token, state.params.sessions.lifetime));
  nlohmann::json out = session_json(*result.session);
  out["held_alarms"] = result.held_alarms;
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
            state.store.end_session(cookie_value(req, kSessionCookie), s.user);
            res.set_header("Set-Cookie", session_cookie(state, "", Millis(0)));
            res.status = 204;
          });
}

}  // namespace cctv::console
