// SPDX-License-Identifier: Apache-2.0
// The console's HTTP API against a real server and SQLite file: authentication everywhere,
// role checks, CSRF, bad input answered 4xx with a JSON reason and nothing changed.
#include <fstream>
#include <thread>

#include "cctv/storage/audit_log.hpp"
#include "cctv/storage/evidence.hpp"
#include "console_fixture.hpp"

namespace cctv::test {
namespace {

// Every endpoint that needs a session, with a body that would be valid.
struct Endpoint {
  std::string method, path, body;
};

std::vector<Endpoint> endpoints(const std::string& incident) {
  const std::string i = "/api/incidents/" + incident;
  return {{"GET", "/api/session", ""},
          {"GET", "/api/meta", ""},
          {"GET", "/api/alarms", ""},
          {"GET", "/api/incidents", ""},
          {"GET", i, ""},
          {"GET", "/api/cameras", ""},
          {"GET", "/api/stream", ""},
          {"GET", "/live/tw1.mjpeg", ""},
          {"GET", "/live/wall?cameras=tw1,mob1", ""},
          {"GET", "/api/wall", ""},
          {"POST", "/api/wall", R"({"layout":4,"cameras":["tw1"]})"},
          {"POST", "/api/alarms/acknowledge", R"({"ids":[")" + incident + R"("],"note":"flood"})"},
          {"POST", "/api/incidents",
           R"({"category":"ASB","site":"talbot-walk","occurred_at":"2026-11-23T10:00:00Z","description":"x"})"},
          {"POST", i + "/acknowledge", "{}"},
          {"POST", i + "/assign", R"({"assignee":"operator2"})"},
          {"POST", i + "/notes", R"({"text":"seen on camera"})"},
          {"POST", i + "/priority", R"({"priority":1})"},
          {"POST", i + "/police-ref", R"({"police_ref":"CAD 1234"})"},
          {"POST", i + "/close", R"({"outcome":"dispersed","note":""})"}};
}

httplib::Result send(httplib::Client& c, const Endpoint& e, const httplib::Headers& h) {
  if (e.method == "GET") return c.Get(e.path, h);
  return c.Post(e.path, h, e.body, "application/json");
}

int incident_count(const std::string& db) {
  return static_cast<int>(storage::IncidentLog(db).search({}).size());
}

TEST_F(ConsoleTest, EveryEndpointAsksForALoginAndChangesNothing) {
  const std::string id = raise_alarm("tw1", now_utc());
  auto c = client();
  for (const Endpoint& e : endpoints(id)) {
    const auto r = send(c, e, {});
    ASSERT_TRUE(r) << e.path;
    EXPECT_EQ(r->status, 401) << e.method << " " << e.path;
    EXPECT_EQ(json(r).value("error", ""), "log in first") << e.path;
  }
  const auto incident = storage::IncidentLog(db_path()).get(id);
  EXPECT_EQ(incident->state, storage::IncidentState::new_);
  EXPECT_EQ(incident_count(db_path()), 1);
}

TEST_F(ConsoleTest, PoliceAndLjagMayNotUseTheControlRoomEndpoints) {
  const std::string id = raise_alarm("tw1", now_utc());
  auto c = client();
  for (const char* user : {"police1", "ljag1"}) {
    const Login who = login(user);
    for (const Endpoint& e : endpoints(id)) {
      if (e.path == "/api/session" || e.path == "/api/meta") continue;  // everyone's
      const auto r = send(c, e, {{"Cookie", who.cookie}, {"X-CSRF-Token", who.csrf}});
      ASSERT_TRUE(r);
      EXPECT_EQ(r->status, 403) << user << " " << e.method << " " << e.path;
    }
  }
  EXPECT_EQ(storage::IncidentLog(db_path()).get(id)->state, storage::IncidentState::new_);
}

TEST_F(ConsoleTest, OperatorsSupervisorsAndAdminsWorkTheAlarms) {
  for (const char* user : {"operator1", "supervisor1", "admin1"}) {
    const std::string id = raise_alarm("tw1", now_utc());
    const Login who = login(user);
    EXPECT_EQ(get("/api/alarms", who)->status, 200) << user;
    const auto ack = post("/api/incidents/" + id + "/acknowledge", "{}", who);
    EXPECT_EQ(ack->status, 200) << user << ": " << ack->body;
    EXPECT_EQ(json(ack)["acknowledged_by"], user);
  }
}

TEST_F(ConsoleTest, StateChangesWithoutTheCsrfTokenAreRefused) {
  const std::string id = raise_alarm("tw1", now_utc());
  const Login op = login("operator1");
  const auto missing = post("/api/incidents/" + id + "/acknowledge", "{}", op, false);
  EXPECT_EQ(missing->status, 403);
  EXPECT_NE(json(missing)["error"].get<std::string>().find("CSRF"), std::string::npos);
  const Login other = login("operator2");
  const auto wrong = post("/api/incidents/" + id + "/acknowledge", "{}", {op.cookie, other.csrf});
  EXPECT_EQ(wrong->status, 403) << "another session's token is not this one's";
  EXPECT_EQ(storage::IncidentLog(db_path()).get(id)->state, storage::IncidentState::new_);
}

TEST_F(ConsoleTest, BadBodiesAreRefusedWithTheFieldNamedAndNothingCreated) {
  const Login op = login("operator1");
  const std::string good_time = R"("occurred_at":"2026-11-23T10:00:00Z")";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"{not json", "not valid JSON"},
      {"[1,2]", "must be a JSON object"},
      {R"({"category":"ASB","site":"talbot-walk",)" + good_time + R"(,"description":"x","colour":"red"})",
       "unknown field 'colour'"},
      {R"({"category":"ASB","site":"talbot-walk",)" + good_time + "}", "'description' is required"},
      {R"({"category":7,"site":"talbot-walk",)" + good_time + R"(,"description":"x"})", "'category' must be a string"},
      {R"({"category":"ASB","site":"talbot-walk","occurred_at":"yesterday","description":"x"})", "'occurred_at' must be"},
      {R"({"category":"Jaywalking","site":"talbot-walk",)" + good_time + R"(,"description":"x"})", "unknown category"},
      {R"({"category":"ASB","site":"atlantis",)" + good_time + R"(,"description":"x"})", "unknown site 'atlantis'"},
      {R"({"category":"ASB","site":"talbot-walk","camera":"zz9",)" + good_time + R"(,"description":"x"})",
       "unknown camera 'zz9'"},
      {R"({"category":"ASB","site":"talbot-walk",)" + good_time + R"(,"description":"x","priority":9})",
       "'priority' must be a whole number from 1 to 4"},
      {R"({"category":"ASB","site":"talbot-walk","occurred_at":"2099-01-01T00:00:00Z","description":"x"})",
       "in the future"},
      {R"({"category":"ASB","site":"talbot-walk",)" + good_time + R"(,"description":")" + std::string(5000, 'a') + "\"}",
       "longer than 4000"},
  };
  for (const auto& [body, reason] : cases) {
    const auto r = post("/api/incidents", body, op);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << body.substr(0, 120);
    EXPECT_NE(json(r).value("error", "").find(reason), std::string::npos) << r->body << " wanted: " << reason;
  }
  EXPECT_EQ(incident_count(db_path()), 0);
}

TEST_F(ConsoleTest, OversizedBodiesAreRefusedWith413) {
  const Login op = login("operator1");
  const auto r = post("/api/incidents", std::string(200 * 1024, ' '), op);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_NE(json(r).value("error", "").find("too large"), std::string::npos) << r->body;
  EXPECT_EQ(incident_count(db_path()), 0);
}

TEST_F(ConsoleTest, PathTraversalFindsNothing) {
  const Login op = login("operator1");
  for (const char* path : {"/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/api/incidents/..%2F..%2Fetc",
                           "/live/..%2F..%2Fetc%2Fpasswd.mjpeg", "/index.html/../../../etc/passwd"}) {
    const auto r = get(path, op);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 404) << path;
    EXPECT_EQ(r->body.find("root:"), std::string::npos) << path;
  }
}

TEST_F(ConsoleTest, OverlongUtf8InThePathIsA404WithJsonNotA500) {
  const Login op = login("operator1");
  for (const char* path : {"/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd", "/%ff%fe", "/api/%c0%ae"}) {
    const auto r = get(path, op);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 404) << path << ": " << r->body;
    EXPECT_FALSE(json(r).is_discarded()) << "the reason is valid JSON: " << r->body;
  }
}

TEST_F(ConsoleTest, ApiAnswersAreNeverCached) {
  const Login op = login("operator1");
  for (const char* path : {"/api/alarms", "/api/session", "/api/no-such-thing"}) {
    const auto r = get(path, op);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->get_header_value("Cache-Control"), "no-store") << path;
  }
}

TEST_F(ConsoleTest, WrongPasswordsAreThrottledAndAudited) {
  auto c = client();
  const std::string wrong = R"({"user":"operator1","password":"not the password"})";
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(c.Post("/api/session", wrong, "application/json")->status, 401);
  const nlohmann::json right = {{"user", "operator1"}, {"password", kPassword}};
  const auto throttled = c.Post("/api/session", right.dump(), "application/json");
  EXPECT_EQ(throttled->status, 429) << "a throttled address waits, even with the right password";
  EXPECT_NE(json(throttled).value("error", "").find("try again in"), std::string::npos);
  EXPECT_EQ(
      c.Post("/api/session", R"({"user":"nobody","password":"whatever123"})", "application/json")
          ->status,
      429)
      << "and for every name it tries";

  int failed = 0;
  int refused = 0;
  for (const auto& e : storage::AuditLog(db_path()).list()) {
    failed += e.action == "login.failed";
    refused += e.action == "login.throttled";
  }
  EXPECT_EQ(failed, 5);
  EXPECT_EQ(refused, 2);
}

TEST_F(ConsoleTest, TheSessionCookieIsHttpOnlyAndSameSiteStrict) {
  const nlohmann::json body = {{"user", "operator1"}, {"password", kPassword}};
  const auto r = client().Post("/api/session", body.dump(), "application/json");
  const std::string cookie = r->get_header_value("Set-Cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos) << cookie;
  EXPECT_EQ(json(r).count("token"), 0u) << "the token never reaches JavaScript";
}

TEST_F(ConsoleTest, LogoutEndsTheSession) {
  const Login op = login("operator1");
  httplib::Headers h = {{"Cookie", op.cookie}, {"X-CSRF-Token", op.csrf}};
  EXPECT_EQ(client().Delete("/api/session", h)->status, 204);
  EXPECT_EQ(get("/api/alarms", op)->status, 401);
}

TEST_F(ConsoleTest, TheWorkflowRunsAndEveryStepIsInTheHistoryAndTheAuditLog) {
  const Login op = login("operator1");
  const auto created = post(
      "/api/incidents",
      R"({"category":"street drinking","site":"talbot-walk","camera":"tw1","occurred_at":"2026-11-23T09:30:00Z",)"
      R"("description":"group drinking by the benches","action_taken":"called PCSO","priority":2})",
      op);
  ASSERT_EQ(created->status, 201) << created->body;
  const std::string id = json(created)["id"];
  const std::string base = "/api/incidents/" + id;
  EXPECT_EQ(post(base + "/acknowledge", "{}", op)->status, 200);
  EXPECT_EQ(post(base + "/acknowledge", "{}", op)->status, 409) << "already acknowledged";
  EXPECT_EQ(post(base + "/assign", R"({"assignee":"operator2"})", op)->status, 200);
  EXPECT_EQ(post(base + "/notes", R"({"text":"PCSO on scene"})", op)->status, 200);
  EXPECT_EQ(post(base + "/police-ref", R"({"police_ref":"CAD 4411/23NOV"})", op)->status, 200);
  const auto closed = post(base + "/close", R"({"outcome":"dispersed","note":"moved on"})", op);
  ASSERT_EQ(closed->status, 200);
  EXPECT_EQ(json(closed)["state"], "closed");
  EXPECT_EQ(post(base + "/close", R"({"outcome":"dispersed"})", op)->status, 409) << "closing twice";
  EXPECT_EQ(post(base + "/close", R"({"outcome":"teleported"})", op)->status, 400);
  EXPECT_EQ(post("/api/incidents/no-such-id/acknowledge", "{}", op)->status, 404);

  const auto detail = json(get(base, op));
  std::vector<std::string> actions;
  for (const auto& h : detail["history"]) actions.push_back(h["action"]);
  EXPECT_EQ(actions, (std::vector<std::string>{"created", "acknowledged", "assigned", "note", "police_ref", "closed"}));
  std::vector<std::string> audited;
  for (const auto& e : storage::AuditLog(db_path()).list()) {
    if (e.target == id) audited.push_back(e.action);
  }
  EXPECT_EQ(audited, (std::vector<std::string>{"incident.create", "incident.acknowledge", "incident.assign",
                                               "incident.notes", "incident.police-ref", "incident.close"}));
  const auto found = json(get("/api/incidents?q=benches&state=closed", op));
  ASSERT_EQ(found["incidents"].size(), 1u);
  EXPECT_EQ(found["incidents"][0]["id"], id);
  EXPECT_EQ(get("/api/incidents?state=sleeping", op)->status, 400);
  EXPECT_EQ(get("/api/incidents?from=last-tuesday", op)->status, 400);
}

TEST_F(ConsoleTest, AlarmsRaisedWhileNobodyWasOnDutyAreHeldAndShownFirst) {
  const Login early = login("operator1");
  EXPECT_EQ(client().Delete("/api/session", {{"Cookie", early.cookie}, {"X-CSRF-Token", early.csrf}})->status, 204);
  // Raised before operator1 left: they had it on screen, so it is not held.
  const std::string before = raise_alarm("tw1", now_utc() - std::chrono::hours(2));
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  const std::string night = raise_alarm("tw1", now_utc());

  const nlohmann::json body = {{"user", "operator2"}, {"password", kPassword}};
  const auto r = client().Post("/api/session", body.dump(), "application/json");
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(json(r)["held_alarms"], 1) << "only the alarm raised after the last operator left";
  const std::string set_cookie = r->get_header_value("Set-Cookie");
  const Login morning{set_cookie.substr(0, set_cookie.find(';')), json(r)["csrf"]};
  const auto alarms = json(get("/api/alarms", morning));
  ASSERT_EQ(alarms["alarms"].size(), 2u);
  EXPECT_EQ(alarms["alarms"][0]["id"], night);
  EXPECT_TRUE(alarms["alarms"][0]["held"].get<bool>());
  EXPECT_FALSE(alarms["alarms"][1]["held"].get<bool>());
  EXPECT_EQ(alarms["alarms"][1]["id"], before);

  // A second operator joining a staffed room has nothing held.
  const nlohmann::json second = {{"user", "supervisor1"}, {"password", kPassword}};
  EXPECT_EQ(json(client().Post("/api/session", second.dump(), "application/json"))["held_alarms"], 0);
}

TEST_F(ConsoleTest, TheAlarmListAndSessionsSurviveAConsoleRestart) {
  const Login op = login("operator1");
  const std::string id = raise_alarm("tw1", now_utc());
  ASSERT_EQ(post("/api/incidents/" + id + "/acknowledge", "{}", op)->status, 200);
  start();
  const auto alarms = json(get("/api/alarms", op));
  ASSERT_EQ(alarms["alarms"].size(), 1u) << "same cookie, new console process state";
  EXPECT_EQ(alarms["alarms"][0]["state"], "acknowledged");
}

TEST_F(ConsoleTest, OpenApiAndTheWebUiAreServedWithoutLogin) {
  const auto spec = get("/api/openapi.json");
  ASSERT_EQ(spec->status, 200);
  const auto doc = json(spec);
  EXPECT_EQ(doc.value("openapi", "").substr(0, 2), "3.");
  for (const char* path : {"/api/session", "/api/alarms", "/api/incidents", "/api/incidents/{id}/close",
                           "/api/cameras", "/api/stream"}) {
    EXPECT_TRUE(doc["paths"].contains(path)) << path;
  }
  const auto index = get("/");
  ASSERT_EQ(index->status, 200);
  EXPECT_NE(index->get_header_value("Content-Type").find("text/html"), std::string::npos);
  EXPECT_NE(index->get_header_value("Content-Security-Policy").find("default-src 'self'"), std::string::npos);
}

}  // namespace
}  // namespace cctv::test

namespace cctv::test {
namespace {

TEST_F(ConsoleTest, EvidenceIsServedByIdCheckedAgainstItsHashAndAudited) {
  const Login op = login("operator1");
  const std::string incident = raise_alarm("tw1", now_utc());
  const std::string event = storage::IncidentLog(db_path()).event_ids(incident).front();
  storage::EvidenceStore store(db_path(), dir.path());
  const storage::Evidence snap =
      store.write({.kind = storage::EvidenceKind::snapshot, .camera = "tw1",
                   .path = storage::snapshot_path("tw1", now_utc(), event, storage::EvidenceKind::snapshot),
                   .event_id = event},
                  "\xff\xd8 not really a jpeg");

  const auto listed = json(get("/api/alarms", op))["alarms"][0];
  EXPECT_EQ(listed["snapshot_url"], "/evidence/" + snap.id);
  const auto detail = json(get("/api/incidents/" + incident, op));
  ASSERT_EQ(detail["evidence"].size(), 1u);
  EXPECT_EQ(detail["evidence"][0]["sha256"], snap.sha256);

  const auto served = get("/evidence/" + snap.id, op);
  ASSERT_EQ(served->status, 200);
  EXPECT_EQ(served->body, "\xff\xd8 not really a jpeg");
  EXPECT_EQ(served->get_header_value("Content-Type"), "image/jpeg");
  EXPECT_EQ(get("/evidence/" + snap.id)->status, 401);
  EXPECT_EQ(get("/evidence/no-such-evidence", op)->status, 404);
  EXPECT_EQ(get("/evidence/..%2F..%2Fcctv.db", op)->status, 404);

  {  // someone edits the file on disk
    std::ofstream(store.file(snap.path), std::ios::binary) << "\xff\xd8 edited";
  }
  const auto altered = get("/evidence/" + snap.id, op);
  EXPECT_EQ(altered->status, 409);
  EXPECT_NE(json(altered).value("error", "").find("SHA-256"), std::string::npos);

  std::vector<std::string> audited;
  for (const auto& e : storage::AuditLog(db_path()).list()) {
    if (e.target == snap.id) audited.push_back(e.action);
  }
  EXPECT_EQ(audited, (std::vector<std::string>{"evidence.view", "evidence.mismatch"}));
}

}  // namespace
}  // namespace cctv::test
