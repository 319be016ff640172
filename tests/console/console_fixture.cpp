// SPDX-License-Identifier: Apache-2.0
#include "console_fixture.hpp"

#include "cctv/node/bus_setup.hpp"
#include "cctv/reports/register_sync.hpp"
#include "cctv/storage/site_register.hpp"

namespace cctv::test {

void ConsoleTest::SetUp() {
  storage::UserStore users(db_path());
  for (const char* role : {"operator", "supervisor", "police", "ljag", "admin"}) {
    users.add(std::string(role) + "1", *storage::parse_role(role), kPassword);
  }
  users.add("operator2", storage::Role::operator_, kPassword);
  if (live_ctx && !publish_endpoint.empty()) {
    config::Config config = test_config();
    config.storage.data_dir = dir.path().string();
    config.bus = {.source = "console-test",
                  .publish = publish_endpoint,
                  .subscribe = live_endpoint,
                  .broker = false,
                  .replay = "tcp://127.0.0.1:*"};
    store_node = std::make_unique<node::StoreNode>(
        node::StoreNodeParams{config, live_ctx, node::publisher_params(config, "store")});
    store_node->start();
  } else {
    storage::SiteRegister sites(db_path());
    reports::sync_register(sites, test_config());
    store_requests = std::make_unique<storage::StoreRequests>(
        storage::StoreRequestsParams{.db_path = db_path(),
                                     .categories = test_config().incidents.categories,
                                     .sessions = sessions});
  }
  start();
}

void ConsoleTest::TearDown() {
  server.reset();
  store_node.reset();
  store_requests.reset();
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
  storage::StoreTransport store = [this](const nlohmann::json& request) {
    return store_node ? store_node->answer(request) : store_requests->answer(request);
  };
  config::Config config = test_config();
  config.console.tls = tls;
  return {.bind = "127.0.0.1:0",
          .db_path = db_path(),
          .store = store,
          .data_dir = dir.path().string(),
          .config = config,
          .ctx = live_ctx,
          .live_endpoint = live_endpoint,
          .sessions = sessions,
          .live_linger = live_linger};
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
