// SPDX-License-Identifier: Apache-2.0
// `cctv run` on real RTSP cameras served by `cctv fake-cameras`: segments are recorded and
// indexed with their SHA-256; when the cameras go away `camera_offline` is stored within the
// threshold, and `camera_online` with the outage when they return; the outage is one
// camera incident whose alarm is over.
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <thread>

#include "cctv/common/sha256.hpp"
#include "cctv/storage/event_store.hpp"
#include "cctv/storage/incident_log.hpp"
#include "cctv/storage/recording_index.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace cctv {
namespace {

using namespace std::chrono_literals;

// Cameras hl1 (one mount each) and, when `extra` > 0, x1..xN on the same mount as hl1 (as
// many clients).
std::string config_for(int rtsp, const test::TempDir& dir, int extra = 0) {
  const auto url = [&](const char* name) {
    return "rtsp://127.0.0.1:" + std::to_string(rtsp) + "/" + name;
  };
  std::string cameras = "  - {id: hl1, site: s1, url: \"" + url("hl1") +
                        "\", offline_after_s: 2,\n"
                        "     analytics: {fps: 5, width: 320, height: 180}}\n";
  for (int i = 1; i <= extra; ++i) {
    cameras += "  - {id: x" + std::to_string(i) + ", site: s1, url: \"" + url("hl1") +
               "\", offline_after_s: 2, analytics: {fps: 5, width: 320, height: 180}}\n";
  }
  return "sites: [{id: s1, name: Site One}]\n"
         "cameras:\n" +
         cameras + "storage: {data_dir: " + (dir / "data").string() +
         ", segment_s: 2}\n"
         "bus: {source: rtsp-node, publish: \"tcp://127.0.0.1:" +
         std::to_string(test::free_tcp_port()) +
         "\", subscribe: \"tcp://127.0.0.1:" + std::to_string(test::free_tcp_port()) +
         "\", replay: \"tcp://127.0.0.1:*\", outbox_sync: normal}\n";
}

std::unique_ptr<test::Process> fake_cameras(int port, const test::TempDir& dir,
                                            const std::string& log) {
  auto p = std::make_unique<test::Process>(
      std::vector<std::string>{CCTV_BINARY, "fake-cameras", "--port", std::to_string(port),
                               "--camera", "hl1=walkers", "--width", "640", "--height", "360",
                               "--fps", "10"},
      dir / log);
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (test::read_file(dir / log).find("rtsp://") == std::string::npos &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(50ms);
  }
  return p;
}

// Polls `check` every 200 ms until it holds or `timeout` passes.
template <typename Check>
bool eventually(std::chrono::seconds timeout, Check check) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (check()) return true;
    std::this_thread::sleep_for(200ms);
  }
  return check();
}

std::vector<Event> events_of(const std::string& db, EventType type) {
  if (!std::filesystem::exists(db)) return {};
  return storage::EventStore(db).query({.type = type});
}

TEST(E2E_RtspCameras, records_indexes_and_reports_outages) {
  test::TempDir dir;
  const int rtsp = test::free_tcp_port();
  auto cameras = fake_cameras(rtsp, dir, "fake1.log");
  const auto config = dir.write("rtsp.yaml", config_for(rtsp, dir));
  test::Process cctv({CCTV_BINARY, "run", "--config", config.string()}, dir / "run.log");
  const std::string db = (dir / "data" / "cctv.db").string();

  // Segments close every ~2 s and are indexed with size and hash.
  ASSERT_TRUE(eventually(30s, [&] {
    return std::filesystem::exists(db) &&
           storage::RecordingIndex(db)
                   .find("hl1", now_utc() - std::chrono::hours(1), now_utc())
                   .size() >= 2;
  })) << test::read_file(dir / "run.log.err");
  for (const auto& r :
       storage::RecordingIndex(db).find("hl1", now_utc() - std::chrono::hours(1), now_utc())) {
    EXPECT_EQ(r.sha256, sha256_file(r.path)) << r.path;
    EXPECT_EQ(r.bytes, static_cast<std::int64_t>(std::filesystem::file_size(r.path)));
    EXPECT_NE(r.path.find("/recordings/hl1/"), std::string::npos) << r.path;
  }

  // The camera goes away: offline within offline_after_s (2 s) plus a margin.
  cameras->signal(SIGKILL);
  cameras->wait(5s);
  const Timestamp killed = now_utc();
  ASSERT_TRUE(eventually(15s, [&] { return !events_of(db, EventType::camera_offline).empty(); }))
      << test::read_file(dir / "run.log.err");
  const Event offline = events_of(db, EventType::camera_offline).front();
  EXPECT_LE(seconds_between(killed, offline.ts), 5.0);
  EXPECT_EQ(offline.severity, Severity::alarm);

  // It comes back on the same port: online, with the outage it had.
  std::this_thread::sleep_for(2s);
  cameras = fake_cameras(rtsp, dir, "fake2.log");
  ASSERT_TRUE(eventually(40s, [&] { return !events_of(db, EventType::camera_online).empty(); }))
      << test::read_file(dir / "run.log.err");
  const Event online = events_of(db, EventType::camera_online).front();
  ASSERT_TRUE(online.outage_s);
  EXPECT_GE(*online.outage_s, 3.0);
  EXPECT_LE(*online.outage_s, 60.0);

  cctv.signal(SIGTERM);
  EXPECT_EQ(cctv.wait(20s), 0) << test::read_file(dir / "run.log.err");
  storage::IncidentLog incidents(db);
  incidents.catch_up();
  const auto outages = incidents.search({.category = "camera_offline"});
  ASSERT_EQ(outages.size(), 1u);
  EXPECT_EQ(outages[0].kind, "camera");
  EXPECT_FALSE(outages[0].alarm_active) << "the camera came back";
}

// The camera server ends every stream at once and comes back while the cameras reconnect:
// SIGTERM still stops the node cleanly (exit 0, every camera stopped, the store drained) within
// 10 s.
TEST(E2E_RtspCameras, stops_within_10_s_while_its_cameras_reconnect) {
  test::TempDir dir;
  const int rtsp = test::free_tcp_port();
  auto cameras = fake_cameras(rtsp, dir, "fake1.log");
  const auto config = dir.write("rtsp.yaml", config_for(rtsp, dir, 7));
  test::Process cctv({CCTV_BINARY, "run", "--config", config.string()}, dir / "run.log");
  const std::string db = (dir / "data" / "cctv.db").string();
  ASSERT_TRUE(eventually(40s, [&] {
    return std::filesystem::exists(db) &&
           storage::RecordingIndex(db)
                   .find("x7", now_utc() - std::chrono::hours(1), now_utc())
                   .size() >= 1;
  })) << test::read_file(dir / "run.log.err");

  cameras->signal(SIGTERM);
  cameras->wait(5s);
  std::this_thread::sleep_for(1s);
  cameras = fake_cameras(rtsp, dir, "fake2.log");
  std::this_thread::sleep_for(500ms);

  const auto asked = std::chrono::steady_clock::now();
  cctv.signal(SIGTERM);
  EXPECT_EQ(cctv.wait(20s), 0) << test::read_file(dir / "run.log.err");
  EXPECT_LT(std::chrono::steady_clock::now() - asked, 10s);
  const std::string log = test::read_file(dir / "run.log.err") + test::read_file(dir / "run.log");
  EXPECT_NE(log.find("events stored"), std::string::npos) << "the store stopped in order";
  EXPECT_EQ(log.find("abandoned"), std::string::npos) << log;
}

}  // namespace
}  // namespace cctv
