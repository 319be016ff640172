// SPDX-License-Identifier: Apache-2.0
#include "console_fixture.hpp"

namespace cctv::test {

void ConsoleTest::SetUp() {
  storage::UserStore users(db_path());
  for (const char* role : {"operator", "supervisor", "police", "ljag", "admin"}) {
    users.add(std::string(role) + "1", *storage::parse_role(role), kPassword);
  }
  users.add("operator2", storage::Role::operator_, kPassword);
  start();
}

config::Config ConsoleTest::test_config() {
  config::Config c;
  c.sites = {{.id = "talbot-walk",
              .name = "Talbot Walk",
              .cluster = "Harlesden",
              .lat = 51.5443,
              .lon = -0.2497},
             {.id = "neasden-tc",
              .name = "Neasden Town Centre",
              .cluster = "Harlesden",
              .lat = 51.5556,
              .lon = -0.2510}};
  c.cameras = {
      {.id = "tw1", .name = "Talbot Walk East", .site = "talbot-walk", .url = "test://street"},
      {.id = "mob1",
       .name = "Mobile 1",
       .site = "talbot-walk",
       .kind = config::CameraKind::mobile,
       .url = "test://street"}};
  return c;
}

console::ConsoleParams ConsoleTest::params() {
  return {.bind = "127.0.0.1:0",
          .db_path = db_path(),
          .data_dir = dir.path().string(),
          .config = test_config(),
          .ctx = live_ctx,
          .live_endpoint = live_endpoint,
          .notice_endpoint = notice_endpoint};
}

void ConsoleTest::start() {
  server.reset();
  server = std::make_unique<console::ConsoleServer>(params());
}

httplib::Client ConsoleTest::client() const {
  httplib::Client c("127.0.0.1", server->port());
  c.set_read_timeout(10);
  return c;
}

Login ConsoleTest::login(const std::string& user) {
  const nlohmann::json body = {{"user", user}, {"password", kPassword}};
  auto r = client().Post("/api/session", body.dump(), "application/json");
  EXPECT_TRUE(r && r->status == 200) << (r ? r->body : "no answer");
  const std::string set_cookie = r->get_header_value("Set-Cookie");
  Login l{set_cookie.substr(0, set_cookie.find(';')), json(r).value("csrf", "")};
  logins[user] = l;
  return l;
}

httplib::Result ConsoleTest::get(const std::string& path, const Login& who) {
  httplib::Headers h;
  if (!who.cookie.empty()) h.emplace("Cookie", who.cookie);
  return client().Get(path, h);
}

httplib::Result ConsoleTest::post(const std::string& path, const std::string& body,
                                  const Login& who, bool with_csrf) {
  httplib::Headers h;
  if (!who.cookie.empty()) h.emplace("Cookie", who.cookie);
  if (with_csrf) h.emplace("X-CSRF-Token", who.csrf);
  return client().Post(path, h, body, "application/json");
}

nlohmann::json ConsoleTest::json(const httplib::Result& r) {
  if (!r) return nullptr;
  return nlohmann::json::parse(r->body, nullptr, false);
}

std::string ConsoleTest::raise_alarm(const std::string& camera, Timestamp started) {
  Event e;
  e.id = "evt-" + std::to_string(started.time_since_epoch().count()) + "-" + camera;
  e.source = "test";
  e.seq = static_cast<std::uint64_t>(started.time_since_epoch().count());
  e.type = EventType::loitering;
  e.phase = EventPhase::start;
  e.camera = camera;
  e.site = "talbot-walk";
  e.zone = "walkway-" + e.id;  // an episode of its own, not grouped with another test alarm
  e.ts = started;
  e.started_at = started;
  e.entered_at = started - std::chrono::seconds(60);
  e.dwell_s = 60;
  e.track_ids = {1};
  e.severity = Severity::alarm;
  storage::EventStore(db_path()).upsert({e});
  storage::IncidentLog log(db_path());
  log.catch_up();
  for (const storage::Incident& i : log.search({})) {
    if (i.zone == e.zone) return i.id;
  }
  throw std::runtime_error("the alarm was not grouped into an incident");
}

}  // namespace cctv::test
