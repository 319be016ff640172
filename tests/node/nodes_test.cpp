// SPDX-License-Identifier: Apache-2.0
// The nodes in one process over a real broker: a camera node with no database, a store node
// that indexes what it announces, deployments followed through the store's notices, and a
// console that reaches the store only through its request socket.
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <thread>

#include "cctv/bus/broker.hpp"
#include "cctv/bus/live_feed.hpp"
#include "cctv/config/loader.hpp"
#include "cctv/node/bus_setup.hpp"
#include "cctv/node/camera_node.hpp"
#include "cctv/node/console_node.hpp"
#include "cctv/node/data_layout.hpp"
#include "cctv/node/store_node.hpp"
#include "cctv/storage/audit_log.hpp"
#include "cctv/storage/event_store.hpp"
#include "cctv/storage/evidence.hpp"
#include "cctv/storage/incident_log.hpp"
#include "cctv/storage/recording_index.hpp"
#include "cctv/storage/site_register.hpp"
#include "cctv/storage/users.hpp"
#include "support/temp_dir.hpp"
#include "support/wait.hpp"

namespace cctv::node {
namespace {

std::string config_yaml(const std::string& front, const std::string& back) {
  return R"(sites:
  - {id: talbot-walk, name: Talbot Walk, cluster: Harlesden, lat: 51.5443, lon: -0.2497}
  - {id: harlesden-tc, name: Harlesden, cluster: Harlesden, lat: 51.5366, lon: -0.2476}
cameras:
  - {id: tw1, name: Talbot Walk East, site: talbot-walk, kind: mobile, url: "test://street",
     analytics: {fps: 6, width: 640, height: 360}}
zones:
  - id: tw1-walkway
    camera: tw1
    polygon: [[0.02, 0.55], [0.98, 0.55], [0.98, 0.98], [0.02, 0.98]]
    rules: {loitering: {dwell_s: 3, grace_s: 2}}
storage: {segment_s: 1}
bus: {source: node-test, publish: ")" +
         front + R"(", subscribe: ")" + back + R"(", broker: false,
      replay: "tcp://127.0.0.1:5572"}
)";
}

class NodesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    front = "tcp://127.0.0.1:" + std::to_string(test::free_tcp_port());
    back = "tcp://127.0.0.1:" + std::to_string(test::free_tcp_port());
    broker = std::make_unique<bus::Broker>(ctx, front, back);
    const auto file = dir.write("nodes.yaml", config_yaml(front, back));
    auto loaded = config::load_config_file(file.string());
    ASSERT_TRUE(loaded.config) << "the test's config is invalid";
    config = *loaded.config;
    config.storage.data_dir = (dir / "store").string();
  }
  // A camera node with a data directory of its own (another machine, as far as files go).
  std::unique_ptr<CameraNode> camera_node() {
    config::Config own = config;
    own.storage.data_dir = (dir / "camera").string();
    std::filesystem::create_directories(own.storage.data_dir);
    return std::make_unique<CameraNode>(
        CameraNodeParams{own, {"tw1"}, {}, &ctx, publisher_params(own, "cameras")});
  }
  std::string db() const { return database_path(config.storage.data_dir); }

  test::TempDir dir;
  zmq::context_t ctx;
  std::string front, back;
  std::unique_ptr<bus::Broker> broker;
  config::Config config;
};

TEST_F(NodesTest, a_camera_node_without_a_database_gets_its_alarms_snapshots_and_footage_stored) {
  bus::LiveSubscriber notices(ctx, back, {std::string(bus::kNoticePrefix) + bus::kIncidentNotice});
  StoreNode store({config, &ctx, publisher_params(config, "store")});
  store.start();
  auto cameras = camera_node();
  cameras->start();

  storage::EventStore events(db());
  const auto loitering_start = [&] {
    for (const Event& e : events.query({.camera = "tw1", .type = EventType::loitering}))
      if (e.phase == EventPhase::start) return std::optional<Event>(e);
    return std::optional<Event>();
  };
  ASSERT_TRUE(
      test::wait_until(std::chrono::seconds(60), [&] { return loitering_start().has_value(); }));
  const Event alarm = *loitering_start();
  EXPECT_EQ(alarm.source, node_name(config.bus) + "/cameras");
  // Its snapshot was announced before it and registered with the size and hash the camera
  // node measured; the file itself is on the camera node's disk.
  ASSERT_FALSE(alarm.snapshot.empty());
  storage::EvidenceStore evidence(db(), config.storage.data_dir);
  const auto snapshot = evidence.get(alarm.snapshot);
  ASSERT_TRUE(snapshot) << "the alarm names a snapshot the store does not know";
  const auto file = dir / "camera" / snapshot->path;
  ASSERT_TRUE(std::filesystem::exists(file));
  EXPECT_EQ(static_cast<std::int64_t>(std::filesystem::file_size(file)), snapshot->bytes);
  EXPECT_EQ(evidence.of_event(alarm.id).size(), 2u) << "the annotated and the clean snapshot";
  EXPECT_FALSE(std::filesystem::exists(dir / "camera" / "cctv.db")) << "camera nodes keep no store";

  const auto recordings = [&] {
    return storage::RecordingIndex(db()).find("tw1", Timestamp{},
                                              now_utc() + std::chrono::hours(1));
  };
  ASSERT_TRUE(test::wait_until(std::chrono::seconds(20), [&] { return recordings().size() >= 2; }));
  const storage::Recording segment = recordings().front();
  EXPECT_EQ(segment.node, node_name(config.bus) + "/cameras");
  EXPECT_TRUE(std::filesystem::path(segment.path).is_absolute());
  EXPECT_TRUE(std::filesystem::exists(segment.path));

  // The store announced the incident the alarm opened.
  const auto notice = notices.receive(std::chrono::seconds(5));
  ASSERT_TRUE(notice);
  EXPECT_EQ(notice->kind, bus::LiveMessage::Kind::notice);
  EXPECT_NE(notice->meta.find("cursor"), std::string::npos);
  cameras->stop();
  store.stop();
}

// console.users: each account made on the store's first start with them, never changed after.
TEST_F(NodesTest, the_store_makes_the_configured_console_users_once_and_never_overwrites_them) {
  config.console.users = {{"duty-operator", "operator"}, {"cr-supervisor", "supervisor"}};
  std::filesystem::create_directories(config.storage.data_dir);
  storage::UserStore(db()).add("cr-supervisor", storage::Role::admin, "the admin's own password");
  {
    StoreNode store({config, &ctx, publisher_params(config, "store")});
    store.start();
  }
  storage::UserStore users(db());
  ASSERT_TRUE(users.find("duty-operator"));
  EXPECT_EQ(users.find("duty-operator")->role, storage::Role::operator_);
  EXPECT_EQ(users.find("cr-supervisor")->role, storage::Role::admin) << "existing: left alone";
  EXPECT_TRUE(users.password_matches("cr-supervisor", "the admin's own password"));
  users.set_password("duty-operator", "chosen after the first login");
  {
    StoreNode again({config, &ctx, publisher_params(config, "store")});
    again.start();
  }
  EXPECT_TRUE(users.password_matches("duty-operator", "chosen after the first login"))
      << "a restart does not make the account again";
  int added = 0;
  for (const auto& e : storage::AuditLog(db()).list()) added += e.action == "user.add";
  EXPECT_EQ(added, 1);
}

TEST_F(NodesTest, a_camera_node_follows_a_deployment_the_store_hears_of) {
  StoreNode store({config, &ctx, publisher_params(config, "store")});
  store.start();
  auto cameras = camera_node();
  cameras->start();
  EXPECT_EQ(cameras->site_of("tw1"), "talbot-walk");
  storage::SiteRegister(db()).deploy(
      "test", {.camera = "tw1", .site = "harlesden-tc", .at = now_utc(), .reason = "test"});
  EXPECT_EQ(cameras->site_of("tw1"), "talbot-walk") << "nobody has said so on the bus yet";
  announce_change(front, bus::kDeploymentNotice, R"({"changed":"tw1"})");
  EXPECT_TRUE(test::wait_until(std::chrono::seconds(5),
                               [&] { return cameras->site_of("tw1") == "harlesden-tc"; }));
  EXPECT_EQ(store.current_sites().at("tw1"), "harlesden-tc");
  cameras->stop();
  store.stop();
}

TEST_F(NodesTest, a_camera_node_started_after_a_move_is_told_where_it_is_by_the_store) {
  {
    StoreNode first({config, &ctx, publisher_params(config, "store")});
    first.start();
    storage::SiteRegister reg(db());
    reg.deploy("test", {.camera = "tw1", .site = "harlesden-tc", .at = now_utc(), .reason = "t"});
    first.stop();
  }
  StoreNode store({config, &ctx, publisher_params(config, "store")});
  store.start();
  auto cameras = camera_node();  // knows only the config's site
  cameras->start();
  EXPECT_TRUE(test::wait_until(std::chrono::seconds(8), [&] {
    return cameras->site_of("tw1") == "harlesden-tc";
  })) << "the store's beacon repeats where every camera is";
  cameras->stop();
  store.stop();
}

TEST_F(NodesTest, a_camera_node_refuses_a_camera_the_config_does_not_have) {
  config::Config own = config;
  EXPECT_THROW(CameraNode({own, {"nope"}, {}, &ctx, publisher_params(own, "x")}),
               std::invalid_argument);
}

// A console logged in over HTTP, with its session cookie and CSRF token.
struct ConsoleUser {
  httplib::Client http;
  httplib::Headers headers;
  int status(const httplib::Result& r) { return r ? r->status : 0; }
  httplib::Result post(const std::string& path, const nlohmann::json& body) {
    return http.Post(path, headers, body.dump(), "application/json");
  }
};

ConsoleUser log_in(int port, const std::string& user, const std::string& password) {
  ConsoleUser u{httplib::Client("127.0.0.1", port), {}};
  u.http.set_read_timeout(10);
  const auto r =
      u.http.Post("/api/session", nlohmann::json{{"user", user}, {"password", password}}.dump(),
                  "application/json");
  EXPECT_EQ(u.status(r), 200) << (r ? r->body : "no answer");
  if (!r) return u;
  const std::string cookie = r->get_header_value("Set-Cookie");
  u.headers = {{"Cookie", cookie.substr(0, cookie.find(';'))},
               {"X-CSRF-Token", nlohmann::json::parse(r->body).value("csrf", "")}};
  return u;
}

TEST_F(NodesTest, a_console_node_writes_only_through_the_store_node_and_waits_out_its_restart) {
  config.bus.store_requests = "tcp://127.0.0.1:*";
  auto store = std::make_unique<StoreNode>(
      StoreNodeParams{config, &ctx, publisher_params(config, "store"), "cctv", true});
  store->start();
  storage::UserStore(db()).add("op1", storage::Role::operator_, "correct horse battery");
  bus::LiveSubscriber notices(ctx, back, {std::string(bus::kNoticePrefix) + bus::kIncidentNotice});
  config::Config own = config;  // the console's machine: it dials the store's request socket
  own.bus.store_requests = store->requests_endpoint();
  own.console.bind = "127.0.0.1:0";
  ConsoleNode console({own, &ctx});
  console.start();

  ConsoleUser op = log_in(console.port(), "op1", "correct horse battery");
  const auto created = op.post("/api/incidents", {{"category", "other"},
                                                  {"site", "talbot-walk"},
                                                  {"occurred_at", format_utc(now_utc())},
                                                  {"description", "a fight"}});
  ASSERT_EQ(op.status(created), 201) << created->body;
  const std::string id = nlohmann::json::parse(created->body).at("id");
  EXPECT_TRUE(notices.receive(std::chrono::seconds(5))) << "the store announced the new incident";
  const auto ack = op.post("/api/incidents/" + id + "/acknowledge", nlohmann::json::object());
  ASSERT_EQ(op.status(ack), 200) << ack->body;
  EXPECT_EQ(storage::IncidentLog(db()).get(id)->acknowledged_by, "op1");
  std::vector<std::string> audited;
  for (const auto& e : storage::AuditLog(db()).list()) audited.push_back(e.action);
  EXPECT_EQ(audited,
            (std::vector<std::string>{"login", "incident.create", "incident.acknowledge"}));
  const auto deployed =
      op.post("/api/ljag/deployments",
              {{"camera", "tw1"}, {"site", "harlesden-tc"}, {"reason", "ASB hotspot"}});
  EXPECT_EQ(op.status(deployed), 403) << "operators do not deploy cameras";

  // The store goes away: a step is refused with a reason, not hung or lost silently.
  store.reset();
  const auto started = std::chrono::steady_clock::now();
  const auto refused = op.post("/api/incidents/" + id + "/notes", {{"text", "PC attending"}});
  EXPECT_EQ(op.status(refused), 503);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(8));
  if (refused) {
    EXPECT_NE(refused->body.find("store did not answer"), std::string::npos);
  }

  // Back on the same address: the console carries on without a restart or a new login.
  config.bus.store_requests = own.bus.store_requests;
  store = std::make_unique<StoreNode>(
      StoreNodeParams{config, &ctx, publisher_params(config, "store"), "cctv", true});
  store->start();
  const auto noted = op.post("/api/incidents/" + id + "/notes", {{"text", "PC attending"}});
  EXPECT_EQ(op.status(noted), 200) << (noted ? noted->body : "no answer");
  console.stop();
  store->stop();
}

}  // namespace
}  // namespace cctv::node
