// SPDX-License-Identifier: Apache-2.0
// The admin page's API: an admin adds, disables, enables, resets, unlocks, re-roles and removes
// accounts and ends sessions, each applied and audited by the store as `cctv user` does; every
// other role gets 403; changes need the CSRF token, JSON and the console's own origin; bad input
// is a 4xx naming the field; the audit log is searched page by page and its chain verified.
#include "cctv/common/sql.hpp"
#include "cctv/storage/audit_log.hpp"
#include "cctv/storage/login_throttle.hpp"
#include "console_fixture.hpp"

namespace cctv::test {
namespace {

class Console_Admin : public ConsoleTest {
 protected:
  std::vector<std::string> audited(const std::string& target) {
    std::vector<std::string> out;
    for (const storage::AuditEntry& e : storage::AuditLog(db_path()).list()) {
      if (e.target == target) out.push_back(e.actor + " " + e.action);
    }
    return out;
  }
  // A login that may be refused: an empty cookie then.
  Login sign_in(const std::string& name, const std::string& password) {
    const auto r =
        client().Post("/api/session", nlohmann::json{{"user", name}, {"password", password}}.dump(),
                      "application/json");
    if (!r || r->status != 200) return {};
    const std::string cookie = r->get_header_value("Set-Cookie");
    return {cookie.substr(0, cookie.find(';')), json(r).value("csrf", "")};
  }
  bool still_logged_in(const Login& who) { return get("/api/session", who)->status == 200; }
  std::string user_path(const std::string& name, const std::string& step) {
    return "/api/admin/users/" + name + "/" + step;
  }
  const std::string kAdd =
      nlohmann::json{
          {"name", "newbie"}, {"role", "operator"}, {"password", kPassword}}
          .dump();
};

TEST_F(Console_Admin, an_admin_manages_an_account_from_start_to_end_and_each_step_is_audited) {
  const Login admin = login("admin1");
  const auto added = post("/api/admin/users", kAdd, admin);
  ASSERT_EQ(added->status, 201) << added->body;
  EXPECT_EQ(json(added)["role"], "operator");
  EXPECT_EQ(json(added)["disabled"], false);
  const Login newbie = sign_in("newbie", kPassword);
  ASSERT_FALSE(newbie.cookie.empty()) << "the new account logs in with its password";

  ASSERT_EQ(post(user_path("newbie", "role"), R"({"role":"supervisor"})", admin)->status, 200);
  EXPECT_FALSE(still_logged_in(newbie)) << "a session carries the role it was opened with";
  EXPECT_EQ(storage::UserStore(db_path()).find("newbie")->role, storage::Role::supervisor);

  const Login again = sign_in("newbie", kPassword);
  const auto disabled = post(user_path("newbie", "disable"), "{}", admin);
  ASSERT_EQ(disabled->status, 200) << disabled->body;
  EXPECT_FALSE(still_logged_in(again));
  EXPECT_TRUE(sign_in("newbie", kPassword).cookie.empty()) << "a disabled account cannot log in";
  EXPECT_EQ(json(disabled)["users"].size(), 7u) << "the answer lists every account";
  ASSERT_EQ(post(user_path("newbie", "enable"), "{}", admin)->status, 200);

  const std::string reset = R"({"password":"another long password"})";
  ASSERT_EQ(post(user_path("newbie", "password"), reset, admin)->status, 200);
  EXPECT_TRUE(sign_in("newbie", kPassword).cookie.empty()) << "the old password no longer works";
  EXPECT_FALSE(sign_in("newbie", "another long password").cookie.empty());

  storage::LoginThrottle(db_path()).record_failure("10.9.9.9", "newbie", now_utc());
  const auto unlocked = post(user_path("newbie", "unlock"), "{}", admin);
  EXPECT_EQ(json(unlocked)["done"]["cleared"], true);
  const Login last = sign_in("newbie", "another long password");
  const auto revoked = post(user_path("newbie", "revoke"), "{}", admin);
  EXPECT_EQ(json(revoked)["done"]["sessions_ended"], 2) << "this one and the one before";
  EXPECT_FALSE(still_logged_in(last));
  ASSERT_EQ(post(user_path("newbie", "remove"), "{}", admin)->status, 200);
  EXPECT_FALSE(storage::UserStore(db_path()).find("newbie"));

  EXPECT_EQ(audited("newbie"), (std::vector<std::string>{
                                   "admin1 user.add", "newbie login", "admin1 user.role",
                                   "newbie login", "admin1 user.disable", "newbie login.failed",
                                   "admin1 user.enable", "admin1 user.reset-password",
                                   "newbie login.failed", "newbie login", "admin1 user.unlock",
                                   "newbie login", "admin1 session.revoke", "admin1 user.remove"}));
}

TEST_F(Console_Admin, sessions_are_listed_and_one_is_ended_by_its_id) {
  const Login admin = login("admin1"), op = login("operator1");
  const auto sessions = json(get("/api/admin/sessions", admin))["sessions"];
  std::string id;
  for (const auto& s : sessions) {
    EXPECT_FALSE(s.contains("token")) << "never the token";
    if (s["user"] == "operator1") id = s["id"];
  }
  ASSERT_EQ(id.size(), 16u) << sessions.dump();
  EXPECT_EQ(post("/api/admin/sessions/" + id + "/revoke", "{}", admin)->status, 200);
  EXPECT_FALSE(still_logged_in(op));
  EXPECT_TRUE(still_logged_in(admin));
  EXPECT_EQ(post("/api/admin/sessions/" + id + "/revoke", "{}", admin)->status, 404)
      << "already ended";
  EXPECT_EQ(audited("all"), std::vector<std::string>{"admin1 session.list"});
  EXPECT_EQ(audited(id), std::vector<std::string>{"admin1 session.revoke"});
}

TEST_F(Console_Admin, every_other_role_gets_403_and_changes_need_csrf_json_and_own_origin) {
  for (const char* role : {"operator1", "supervisor1", "police1", "ljag1"}) {
    const Login who = login(role);
    for (const char* path : {"/api/admin/users", "/api/admin/sessions", "/api/admin/audit",
                             "/api/admin/audit/verify", "/api/admin/camera-health"}) {
      EXPECT_EQ(get(path, who)->status, 403) << role << " " << path;
    }
    EXPECT_EQ(post("/api/admin/users", kAdd, who)->status, 403) << role;
    EXPECT_EQ(post(user_path("operator2", "disable"), "{}", who)->status, 403) << role;
  }
  EXPECT_EQ(get("/api/admin/users")->status, 401) << "not logged in";
  const Login admin = login("admin1");
  EXPECT_EQ(post("/api/admin/users", kAdd, admin, false)->status, 403) << "no CSRF token";
  const httplib::Headers h = {{"Cookie", admin.cookie}, {"X-CSRF-Token", admin.csrf}};
  EXPECT_EQ(client().Post("/api/admin/users", h, kAdd, "text/plain")->status, 415);
  httplib::Headers foreign = h;
  foreign.emplace("Origin", "http://attacker.example");
  EXPECT_EQ(client().Post("/api/admin/users", foreign, kAdd, "application/json")->status, 403);
  EXPECT_FALSE(storage::UserStore(db_path()).find("newbie")) << "nothing was added";
}

TEST_F(Console_Admin, bad_input_is_a_4xx_with_a_reason_and_changes_nothing) {
  const Login admin = login("admin1");
  const std::vector<std::tuple<std::string, std::string, int, std::string>> cases = {
      {"/api/admin/users", R"({"name":"x","role":"boss","password":"long enough pw"})", 400,
       "'role'"},
      {"/api/admin/users", R"({"name":"x","role":"operator","password":"short"})", 400, "password"},
      {"/api/admin/users", R"({"name":"bad name","role":"operator","password":"long enough pw"})",
       400, "name"},
      {"/api/admin/users", R"({"role":"operator","password":"long enough pw"})", 400, "'name'"},
      {"/api/admin/users", R"({"name":"operator2","role":"operator","password":"long enough pw"})",
       400, "already exists"},
      {"/api/admin/users", R"({"name":"x","role":"operator","password":"long enough pw","x":1})",
       400, "unknown field 'x'"},
      {"/api/admin/users/nobody/disable", "{}", 404, "no user 'nobody'"},
      {"/api/admin/users/operator2/role", R"({"role":"king"})", 400, "'role'"},
      {"/api/admin/users/operator2/password", R"({"password":"short"})", 400, "password"},
      {"/api/admin/users/operator2/password", "{}", 400, "'password' is required"},
      {"/api/admin/users/admin1/disable", "{}", 409, "your own account"},
      {"/api/admin/users/admin1/remove", "{}", 409, "your own account"},
      {"/api/admin/users/admin1/role", R"({"role":"operator"})", 409, "your own account"},
      {"/api/admin/sessions/0123456789abcdef/revoke", "{}", 404, "no open session"},
  };
  for (const auto& [path, body, status, reason] : cases) {
    const auto r = post(path, body, admin);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, status) << path << " " << body << " -> " << r->body;
    EXPECT_NE(json(r).value("error", "").find(reason), std::string::npos) << r->body;
  }
  EXPECT_EQ(get("/api/admin/audit?before=12x", admin)->status, 400);
  EXPECT_EQ(get("/api/admin/camera-health?since=yesterday", admin)->status, 400);
  EXPECT_EQ(storage::UserStore(db_path()).list().size(), 6u);
  EXPECT_EQ(storage::UserStore(db_path()).find("operator2")->role, storage::Role::operator_);
  EXPECT_FALSE(storage::UserStore(db_path()).find("admin1")->disabled);
}

TEST_F(Console_Admin, the_audit_log_is_searched_newest_first_page_by_page_and_verified) {
  const Login admin = login("admin1");
  storage::AuditLog log(db_path());
  for (int i = 0; i < 250; ++i)
    log.append("operator1", "incident.notes", "incident " + std::to_string(i));
  log.append("supervisor1", "export.approve", "export request 7",
             R"({"note":"Needle in haystack"})");

  const auto found = json(get("/api/admin/audit?q=NEEDLE", admin));
  ASSERT_EQ(found["entries"].size(), 1u) << "any case, in the details too";
  EXPECT_EQ(found["entries"][0]["actor"], "supervisor1");
  EXPECT_EQ(found["entries"][0]["details"]["note"], "Needle in haystack");
  EXPECT_TRUE(found["next_before"].is_null());

  const auto first = json(get("/api/admin/audit?q=incident.notes", admin));
  ASSERT_EQ(first["entries"].size(), 200u);
  EXPECT_EQ(first["entries"][0]["target"], "incident 249") << "newest first";
  const auto next = first["next_before"].get<std::int64_t>();
  const auto second =
      json(get("/api/admin/audit?q=incident.notes&before=" + std::to_string(next), admin));
  ASSERT_EQ(second["entries"].size(), 50u);
  EXPECT_EQ(second["entries"][49]["target"], "incident 0");

  const auto intact = json(get("/api/admin/audit/verify", admin));
  EXPECT_EQ(intact["intact"], true) << intact.dump();
  sql::Database(db_path()).exec("UPDATE audit SET actor = 'someone else' WHERE seq = 5");
  const auto broken = json(get("/api/admin/audit/verify", admin));
  EXPECT_EQ(broken["intact"], false);
  ASSERT_FALSE(broken["problems"].empty());
  EXPECT_EQ(broken["problems"][0]["seq"], 5);
  EXPECT_EQ(audited("audit log"),
            (std::vector<std::string>{"admin1 audit.verify", "admin1 audit.verify"}));
}

TEST_F(Console_Admin, camera_health_history_lists_camera_faults_not_alarms) {
  const Login admin = login("admin1");
  raise_alarm("tw1", now_utc() - std::chrono::hours(1));
  Event offline;  // a camera fault: an event without a zone
  offline.id = "e-offline";
  offline.source = "test";
  offline.seq = 42;
  offline.type = EventType::camera_offline;
  offline.phase = EventPhase::start;
  offline.camera = "mob1";
  offline.site = "talbot-walk";
  offline.ts = now_utc() - std::chrono::minutes(30);
  offline.started_at = offline.ts;
  offline.message = "no frames for 30 s";
  offline.severity = Severity::warning;
  storage::EventStore(db_path()).upsert({offline});
  storage::IncidentLog(db_path()).catch_up();
  const auto events = json(get("/api/admin/camera-health", admin))["events"];
  ASSERT_EQ(events.size(), 1u) << events.dump();
  EXPECT_EQ(events[0]["camera"], "mob1");
  EXPECT_EQ(events[0]["category"], "camera_offline");
  EXPECT_EQ(json(get("/api/admin/camera-health?camera=tw1", admin))["events"].size(), 0u);
}

}  // namespace
}  // namespace cctv::test
