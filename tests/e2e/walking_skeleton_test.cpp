// SPDX-License-Identifier: Apache-2.0
// The walking skeleton end to end: `cctv run` on a synthetic camera raises loitering and
// crowding alarms that travel capture -> analytics -> ZeroMQ -> SQLite, and stops on SIGINT.
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <map>
#include <thread>

#include <nlohmann/json.hpp>

#include "cctv/common/event.hpp"
#include "cctv/storage/event_store.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace cctv {
namespace {

std::string skeleton_config(int pub_port, int sub_port) {
  return R"(sites: [{id: talbot-walk, name: Talbot Walk, cluster: Harlesden, lat: 51.5443, lon: -0.2497}]
cameras:
  - {id: tw1, name: Talbot Walk East, site: talbot-walk, kind: mobile, url: "test://street",
     analytics: {fps: 6, width: 640, height: 360}}
  - {id: kh1, name: Kilburn High Road, site: talbot-walk, url: "test://walkers",
     analytics: {fps: 6, width: 320, height: 180}}
zones:
  - id: tw1-walkway
    camera: tw1
    polygon: [[0.02, 0.55], [0.98, 0.55], [0.98, 0.98], [0.02, 0.98]]
    rules:
      loitering: {dwell_s: 3, grace_s: 2}
      crowding: {min_people: 5, min_duration_s: 2, hysteresis: 1, cooldown_s: 60}
bus: {source: e2e-node, publish: "tcp://127.0.0.1:)" +
         std::to_string(pub_port) + R"(", subscribe: "tcp://127.0.0.1:)" + std::to_string(sub_port) +
         R"(", broker: true,
      replay: "tcp://127.0.0.1:*"}
)";
}

bool has(const std::vector<Event>& events, EventType type, EventPhase phase) {
  return std::any_of(events.begin(), events.end(),
                     [&](const Event& e) { return e.type == type && e.phase == phase; });
}

// Polls `cctv events --json` until both alarms are stored or the deadline passes.
std::vector<Event> wait_for_alarms(const test::TempDir& dir, std::chrono::seconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::vector<Event> events;
  while (std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    const auto result = test::run_command({CCTV_BINARY, "events", "--data", (dir / "data").string(), "--json"});
    if (result.exit_code != 0) continue;
    events.clear();
    for (const auto& item : nlohmann::json::parse(result.out)) events.push_back(event_from_json(item.dump()));
    if (has(events, EventType::loitering, EventPhase::start) && has(events, EventType::crowding, EventPhase::start)) {
      break;
    }
  }
  return events;
}

TEST(E2E_WalkingSkeleton, alarms_travel_from_capture_to_sqlite_and_sigint_stops_cleanly) {
  test::TempDir dir;
  const auto config = dir.write("skeleton.yaml", skeleton_config(test::free_tcp_port(), test::free_tcp_port()));
  test::Process cctv({CCTV_BINARY, "run", "--config", config.string(), "--data", (dir / "data").string()},
                     dir / "run.log");

  const auto events = wait_for_alarms(dir, std::chrono::seconds(40));
  EXPECT_TRUE(has(events, EventType::loitering, EventPhase::start)) << test::read_file(dir / "run.log.err");
  EXPECT_TRUE(has(events, EventType::crowding, EventPhase::start));

  cctv.signal(SIGINT);
  EXPECT_EQ(cctv.wait(std::chrono::seconds(10)), 0) << test::read_file(dir / "run.log.err");

  // The SQLite file itself holds the alarms, with the fields the analytics set.
  storage::EventStore store((dir / "data" / "cctv.db").string());
  const auto stored = store.query({.camera = "tw1", .type = EventType::loitering});
  ASSERT_FALSE(stored.empty());
  const Event& first = stored.front();
  EXPECT_EQ(first.phase, EventPhase::start);
  EXPECT_EQ(first.source, "e2e-node");
  EXPECT_EQ(first.site, "talbot-walk");
  EXPECT_EQ(first.zone, "tw1-walkway");
  ASSERT_TRUE(first.dwell_s && first.entered_at);
  EXPECT_GE(*first.dwell_s, 3.0);
  EXPECT_EQ(first.track_ids.size(), 1u);
  EXPECT_GE(first.seq, 1u);
  const auto walkers = store.query({.camera = "kh1"});
  EXPECT_TRUE(walkers.empty()) << "the walkers camera has no zones and must raise nothing";

  // The events are grouped into incidents: one per zone alarm episode.
  const auto listed = test::run_command({CCTV_BINARY, "incidents", "--data", (dir / "data").string(), "--json"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  std::map<std::string, int> per_category;
  for (const auto& incident : nlohmann::json::parse(listed.out)) {
    EXPECT_EQ(incident["camera"], "tw1");
    EXPECT_EQ(incident["state"], "new");
    ++per_category[incident["category"].get<std::string>()];
  }
  EXPECT_EQ(per_category["loitering"], 1) << listed.out;
  EXPECT_EQ(per_category["crowding"], 1) << listed.out;
}

}  // namespace
}  // namespace cctv
