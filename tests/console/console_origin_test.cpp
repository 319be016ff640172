// SPDX-License-Identifier: Apache-2.0
// Cross-site requests: a page elsewhere can make a browser send a text/plain POST with the
// victim's cookies and no preflight (login CSRF logs the victim into the attacker's account).
// The console takes JSON only, and refuses any request whose Origin is not its own.
#include "console_fixture.hpp"

namespace cctv::test {
namespace {

const std::string kLoginBody =
    nlohmann::json{{"user", "operator1"}, {"password", kPassword}}.dump();
const std::string kForeignOrigin = "http://attacker.example";

class Console_Origin : public ConsoleTest {
 protected:
  std::string own_origin() const { return "http://127.0.0.1:" + std::to_string(server->port()); }

  httplib::Result login_from(const std::string& origin, const std::string& content_type) {
    httplib::Headers h;
    if (!origin.empty()) h.emplace("Origin", origin);
    return client().Post("/api/session", h, kLoginBody, content_type);
  }
};

TEST_F(Console_Origin, a_text_plain_login_from_another_site_is_refused) {
  const auto r = login_from(kForeignOrigin, "text/plain");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  EXPECT_NE(json(r).value("error", "").find("Origin 'http://attacker.example'"), std::string::npos)
      << r->body;
  EXPECT_FALSE(r->has_header("Set-Cookie"));
}

TEST_F(Console_Origin, a_json_login_from_another_site_is_refused) {
  const auto r = login_from(kForeignOrigin, "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  EXPECT_FALSE(r->has_header("Set-Cookie"));
}

TEST_F(Console_Origin, a_login_that_is_not_json_is_refused) {
  const auto r = login_from("", "text/plain");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 415);
  EXPECT_EQ(json(r).value("error", ""),
            "send the body as JSON, with the header Content-Type: application/json");
  EXPECT_FALSE(r->has_header("Set-Cookie"));
}

TEST_F(Console_Origin, a_json_login_from_the_consoles_own_page_works) {
  const auto r = login_from(own_origin(), "application/json; charset=utf-8");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
}

TEST_F(Console_Origin, state_changes_need_json_and_the_consoles_own_origin) {
  const std::string id = raise_alarm("tw1", now_utc());
  const Login op = login("operator1");
  const std::string path = "/api/incidents/" + id + "/acknowledge";
  const auto send = [&](const std::string& origin, const std::string& content_type) {
    httplib::Headers h = {{"Cookie", op.cookie}, {"X-CSRF-Token", op.csrf}, {"Origin", origin}};
    return client().Post(path, h, "{}", content_type);
  };
  EXPECT_EQ(send(own_origin(), "text/plain")->status, 415);
  EXPECT_EQ(send(kForeignOrigin, "application/json")->status, 403);
  EXPECT_EQ(storage::IncidentLog(db_path()).get(id)->state, storage::IncidentState::new_);

  EXPECT_EQ(send(own_origin(), "application/json")->status, 200);
  EXPECT_EQ(storage::IncidentLog(db_path()).get(id)->state, storage::IncidentState::acknowledged);
}

TEST_F(Console_Origin, reads_from_another_site_are_refused_too) {
  const Login op = login("operator1");
  const auto r = client().Get("/api/alarms", {{"Cookie", op.cookie}, {"Origin", kForeignOrigin}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
}

}  // namespace
}  // namespace cctv::test
