// SPDX-License-Identifier: Apache-2.0
// The system as five processes on one machine (DESIGN.md "Nodes"): a broker, a store, a
// console and two camera nodes sharing one data directory. Alarms reach the store and the
// console's live stream; one camera node is killed (the other's cameras carry on, the killed
// node's go offline in the console) and restarted (nothing lost, nothing twice); every process
// stops within 10 s of SIGTERM.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>

#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "cctv/bus/outbox.hpp"
#include "cctv/node/data_layout.hpp"
#include "cctv/storage/audit_log.hpp"
#include "cctv/storage/event_store.hpp"
#include "cctv/storage/incident_log.hpp"
#include "cctv/storage/recording_index.hpp"
#include "cctv/storage/users.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "support/wait.hpp"

namespace cctv {
namespace {

const std::string kPassword = "a long password";

std::string config_yaml(int pub, int sub, int console, int requests) {
  const auto port = [](int p) { return "\"tcp://127.0.0.1:" + std::to_string(p) + "\""; };
  return R"(sites:
  - {id: talbot-walk, name: Talbot Walk, cluster: Harlesden, lat: 51.5443, lon: -0.2497}
  - {id: preston-road, name: Preston Road, cluster: Wembley, lat: 51.5720, lon: -0.2950}
cameras:
  - {id: tw1, name: Talbot Walk East, site: talbot-walk, url: "test://street",
     analytics: {fps: 6, width: 640, height: 360}}
  - {id: kh1, name: Kilburn, site: talbot-walk, url: "test://walkers",
     analytics: {fps: 6, width: 320, height: 180}}
  - {id: pr1, name: Preston Road Parade, site: preston-road, url: "test://street",
     analytics: {fps: 6, width: 640, height: 360}}
  - {id: nt1, name: Neasden Lane, site: preston-road, url: "test://walkers",
     analytics: {fps: 6, width: 320, height: 180}}
zones:
  - {id: tw1-walkway, camera: tw1, polygon: [[0.02, 0.55], [0.98, 0.55], [0.98, 0.98], [0.02, 0.98]],
     rules: {loitering: {dwell_s: 3, grace_s: 2},
             crowding: {min_people: 5, min_duration_s: 2, hysteresis: 1, cooldown_s: 60}}}
  - {id: pr1-parade, camera: pr1, polygon: [[0.02, 0.55], [0.98, 0.55], [0.98, 0.98], [0.02, 0.98]],
     rules: {loitering: {dwell_s: 3, grace_s: 2}}}
storage: {segment_s: 2}
bus: {source: e2e, publish: )" +
         port(pub) + ", subscribe: " + port(sub) +
         R"(, broker: true, replay: "tcp://127.0.0.1:5572",
      heartbeat_s: 0.5, store_requests: )" + port(requests) + R"(}
console: {bind: "127.0.0.1:)" +
         std::to_string(console) + R"("}
)";
}

// The console's alarm stream, read in the background by a logged-in operator.
class AlarmStream {
 public:
  AlarmStream(int port, const std::string& cookie)
      : thread_([this, port, cookie] {
          httplib::Client c("127.0.0.1", port);
          c.set_read_timeout(30);
          c.Get("/api/stream", {{"Cookie", cookie}}, [&](const char* data, std::size_t n) {
            std::lock_guard lock(mutex_);
            text_.append(data, n);
            return !stop_;
          });
        }) {}
  ~AlarmStream() {
    stop_ = true;
    thread_.join();
  }
  bool has(const std::string& needle) {
    std::lock_guard lock(mutex_);
    return text_.find(needle) != std::string::npos;
  }

 private:
  std::mutex mutex_;
  std::string text_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

class E2E_FiveNodes : public ::testing::Test {
 protected:
  void SetUp() override {
    console_port = test::free_tcp_port();
    config = dir.write("nodes.yaml", config_yaml(test::free_tcp_port(), test::free_tcp_port(),
                                                 console_port, test::free_tcp_port()));
    data = (dir / "data").string();
  }
  std::unique_ptr<test::Process> node(const std::string& name, std::vector<std::string> args) {
    args.insert(args.begin(), {CCTV_BINARY});
    args.insert(args.end(), {"--config", config.string(), "--data", data});
    return std::make_unique<test::Process>(args, dir / (name + ".log"));
  }
  std::string logs(const std::string& name) {
    return test::read_file(dir / (name + ".log.err")) + test::read_file(dir / (name + ".log"));
  }
  std::string db() const { return node::database_path(data); }
  std::vector<Event> stored(EventType type) const {
    if (!std::filesystem::exists(db())) return {};
    return storage::EventStore(db()).query({.type = type});
  }
  std::size_t segments(const std::string& camera) const {
    if (!std::filesystem::exists(db())) return 0;
    return storage::RecordingIndex(db())
        .find(camera, Timestamp{}, now_utc() + std::chrono::hours(1))
        .size();
  }
  std::string login() {
    httplib::Client c("127.0.0.1", console_port);
    const auto r =
        c.Post("/api/session", nlohmann::json{{"user", "duty"}, {"password", kPassword}}.dump(),
               "application/json");
    if (!r || r->status != 200) return "";
    csrf = nlohmann::json::parse(r->body).value("csrf", "");
    const std::string cookie = r->get_header_value("Set-Cookie");
    return cookie.substr(0, cookie.find(';'));
  }
  // The console process acknowledges the first alarm of `camera`; its id, or empty.
  std::string acknowledge_alarm(const std::string& cookie, const std::string& camera) {
    httplib::Client c("127.0.0.1", console_port);
    const auto alarms = c.Get("/api/alarms", {{"Cookie", cookie}});
    if (!alarms || alarms->status != 200) {
      ADD_FAILURE() << "GET /api/alarms: " << (alarms ? alarms->body : "no answer");
      return "";
    }
    const auto listed = nlohmann::json::parse(alarms->body);
    for (const auto& a : listed["alarms"]) {
      if (a.value("camera", "") != camera) continue;
      const std::string id = a["id"];
      const auto ack = c.Post("/api/incidents/" + id + "/acknowledge",
                              {{"Cookie", cookie}, {"X-CSRF-Token", csrf}}, "{}",
                              "application/json");
      EXPECT_TRUE(ack && ack->status == 200) << (ack ? ack->body : "no answer");
      return id;
    }
    return "";
  }
  nlohmann::json camera_states(const std::string& cookie) {
    httplib::Client c("127.0.0.1", console_port);
    const auto r = c.Get("/api/cameras", {{"Cookie", cookie}});
    nlohmann::json states = nlohmann::json::object();
    if (!r || r->status != 200) {
      std::cout << "GET /api/cameras: "
                << (r ? std::to_string(r->status) + " " + r->body : "no answer") << '\n';
      return states;
    }
    const auto body = nlohmann::json::parse(r->body);
    for (const auto& cam : body["cameras"]) states[cam["id"].get<std::string>()] = cam["state"];
    return states;
  }
  // SIGTERM, then the exit within 10 s.
  void stop(std::unique_ptr<test::Process>& p, const std::string& name) {
    const auto start = std::chrono::steady_clock::now();
    p->signal(SIGTERM);
    EXPECT_EQ(p->wait(std::chrono::seconds(10)), 0) << name << " did not stop within 10 s:\n"
                                                    << logs(name);
    std::cout << name << " stopped in "
              << std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::steady_clock::now() - start)
                     .count()
              << " ms\n";
  }

  test::TempDir dir;
  std::string csrf;  // of the last login
  int console_port = 0;
  std::filesystem::path config;
  std::string data;
};

bool any_start(const std::vector<Event>& events, const std::string& camera) {
  return std::any_of(events.begin(), events.end(), [&](const Event& e) {
    return e.camera == camera && e.phase == EventPhase::start;
  });
}

TEST_F(E2E_FiveNodes, alarms_reach_store_and_console_and_a_killed_camera_node_loses_nothing) {
  std::filesystem::create_directories(data);
  storage::UserStore(db()).add("duty", storage::Role::operator_, kPassword);
  auto broker = node("broker", {"broker"});
  auto store = node("store", {"store"});
  auto console = node("console", {"console"});
  auto node_a = node("node-a", {"camera-node", "--cameras", "tw1,kh1"});
  auto node_b = node("node-b", {"camera-node", "--cameras", "pr1,nt1"});

  std::string cookie;
  ASSERT_TRUE(test::wait_until(std::chrono::seconds(20), [&] {
    return !(cookie = login()).empty();
  })) << logs("console");
  AlarmStream stream(console_port, cookie);

  // Loitering on both nodes' cameras and crowding on tw1, stored and pushed to the console.
  ASSERT_TRUE(test::wait_until(std::chrono::seconds(90),
                               [&] {
                                 const auto loitering = stored(EventType::loitering);
                                 return any_start(loitering, "tw1") &&
                                        any_start(loitering, "pr1") &&
                                        any_start(stored(EventType::crowding), "tw1");
                               }))
      << logs("store") << logs("node-a") << logs("node-b");
  EXPECT_TRUE(test::wait_until(std::chrono::seconds(5), [&] {
    return stream.has("event: incident") && stream.has("\"camera\":\"tw1\"") &&
           stream.has("\"camera\":\"pr1\"");
  })) << "the console's stream did not bring both nodes' alarms";
  // The console process only reads the store: its operator's step is written by the store node.
  const std::string acknowledged = acknowledge_alarm(cookie, "tw1");
  ASSERT_FALSE(acknowledged.empty()) << "no tw1 alarm in the console";
  EXPECT_EQ(storage::IncidentLog(db()).get(acknowledged)->acknowledged_by, "duty");
  const auto audit = storage::AuditLog(db()).list();
  EXPECT_TRUE(std::any_of(audit.begin(), audit.end(), [&](const storage::AuditEntry& e) {
    return e.action == "incident.acknowledge" && e.target == acknowledged;
  }));
  const auto listed = test::run_command({CCTV_BINARY, "events", "--data", data, "--json"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(listed.out.find("\"loitering\""), std::string::npos);
  EXPECT_NE(listed.out.find("\"crowding\""), std::string::npos);

  // Node B dies: node A's cameras keep recording; B's go offline in the console.
  node_b->signal(SIGKILL);
  node_b->wait(std::chrono::seconds(5));
  const auto tw1_then = segments("tw1");
  EXPECT_TRUE(test::wait_until(std::chrono::seconds(20), [&] {
    const auto states = camera_states(cookie);
    return states.value("pr1", "") == "offline" && states.value("nt1", "") == "offline";
  })) << camera_states(cookie).dump();
  EXPECT_NE(camera_states(cookie).value("tw1", ""), "offline");
  EXPECT_GE(segments("tw1"), tw1_then + 3) << "node A kept recording while B was down";

  // Restarted, it carries on from its outbox: its cameras come back and record again.
  const auto pr1_then = segments("pr1");
  node_b = node("node-b2", {"camera-node", "--cameras", "pr1,nt1"});
  EXPECT_TRUE(test::wait_until(std::chrono::seconds(30), [&] {
    return camera_states(cookie).value("pr1", "") == "online" && segments("pr1") >= pr1_then + 2;
  })) << logs("node-b2");

  stop(node_b, "node-b2");
  stop(node_a, "node-a");
  std::this_thread::sleep_for(std::chrono::seconds(2));  // the store takes the last announcements
  stop(console, "console");
  stop(store, "store");
  stop(broker, "broker");

  // Nothing node B published is missing from the store, and nothing is there twice.
  const std::string source_b = "e2e/cameras:pr1,nt1";
  bus::Outbox outbox({.path = node::outbox_path(data, "cameras:pr1,nt1"), .source = source_b});
  const auto held = outbox.read(1, outbox.last_seq(), 100000);
  ASSERT_EQ(held.first_seq, 1u) << "the test expects node B's whole outbox to be held";
  std::set<std::string> published;
  for (const std::string& payload : held.payloads) {
    const Event e = event_from_json(payload);
    if (!is_announcement(e.type)) published.insert(e.id);
  }
  storage::EventStore events(db());
  EXPECT_EQ(events.last_seq(source_b), outbox.last_seq()) << "every seq stored or indexed";
  std::multiset<std::string> stored_ids;
  for (const Event& e : events.query()) {
    if (e.source == source_b) stored_ids.insert(e.id);
  }
  EXPECT_EQ(std::set<std::string>(stored_ids.begin(), stored_ids.end()), published);
  EXPECT_EQ(stored_ids.size(), published.size()) << "an event stored twice";
  EXPECT_FALSE(published.empty());
}

}  // namespace
}  // namespace cctv
