// SPDX-License-Identifier: Apache-2.0
// Crash recovery where a camera node starts: segments a crash left on the node's own disk,
// never announced, are recovered before its cameras record again and reach the store's index
// like any other segment (with the node that holds them), audited once, and clips cut them.
// A real broker, store node and camera node (a record-only test:// camera) in this process.
#include <gtest/gtest.h>

#include <filesystem>

#include "cctv/bus/broker.hpp"
#include "cctv/capture/recording_layout.hpp"
#include "cctv/common/sha256.hpp"
#include "cctv/config/loader.hpp"
#include "cctv/node/bus_setup.hpp"
#include "cctv/node/camera_node.hpp"
#include "cctv/node/data_layout.hpp"
#include "cctv/node/store_node.hpp"
#include "cctv/storage/audit_log.hpp"
#include "cctv/storage/clip_extractor.hpp"
#include "cctv/storage/recording_index.hpp"
#include "storage/footage_test_util.hpp"
#include "storage/media_test_util.hpp"
#include "support/temp_dir.hpp"
#include "support/wait.hpp"

namespace cctv::node {
namespace {

using namespace std::chrono_literals;

// One record-only camera; the bus is set by the fixture.
constexpr const char* kRecordOnly = R"(sites:
  - {id: talbot-walk, name: Talbot Walk, cluster: Harlesden, lat: 51.5443, lon: -0.2497}
cameras:
  - {id: tw1, name: Talbot Walk East, site: talbot-walk, url: "test://street",
     analytics: {enabled: false}}
storage: {segment_s: 2}
)";

class Node_SegmentRecovery : public ::testing::Test {
 protected:
  void SetUp() override {
    auto loaded = config::load_config_file(dir.write("recovery.yaml", kRecordOnly).string());
    ASSERT_TRUE(loaded.config) << "the test's config is invalid";
    config = *loaded.config;
    config.bus = {.source = "recovery-test",
                  .publish = "tcp://127.0.0.1:" + std::to_string(test::free_tcp_port()),
                  .subscribe = "tcp://127.0.0.1:" + std::to_string(test::free_tcp_port()),
                  .broker = false,
                  .replay = "tcp://127.0.0.1:*",
                  .store_requests = "tcp://127.0.0.1:*"};
    broker = std::make_unique<bus::Broker>(ctx, config.bus.publish, config.bus.subscribe);
    config.storage.data_dir = (dir / "store").string();
    camera_config = config;
    camera_config.storage.data_dir = (dir / "camera").string();
  }
  void TearDown() override {
    if (cameras) cameras->stop();
    if (store) store->stop();
  }
  // The camera node has its own disk, as another machine's would be.
  void start_cameras() {
    cameras = std::make_unique<CameraNode>(CameraNodeParams{
        camera_config, {"tw1"}, {}, &ctx, publisher_params(camera_config, "cameras")});
    cameras->start();
  }
  void start_nodes() {
    store = std::make_unique<StoreNode>(
        StoreNodeParams{config, &ctx, publisher_params(config, "store")});
    store->start();
    start_cameras();
  }
  // A segment of tw1 that started at `start`, cut by SIGKILL, where the recorder puts it.
  std::filesystem::path killed_segment(Timestamp start) {
    const auto file =
        std::filesystem::absolute(capture::segment_path(camera_dir().parent_path(), "tw1", start));
    test::record_until_killed(file, 20000);
    return file;
  }
  std::filesystem::path camera_dir() const {
    return recordings_dir(camera_config.storage.data_dir) / "tw1";
  }
  std::string db() const { return database_path(config.storage.data_dir); }
  std::optional<storage::Recording> indexed(const std::filesystem::path& file) const {
    return storage::RecordingIndex(db()).at(file.string());
  }
  std::vector<storage::AuditEntry> recoveries() const {
    std::vector<storage::AuditEntry> rows = storage::AuditLog(db()).list();
    std::erase_if(rows, [](const auto& row) { return row.action != "recording.recover"; });
    return rows;
  }

  test::TempDir dir;
  zmq::context_t ctx;
  std::unique_ptr<bus::Broker> broker;
  config::Config config;
  config::Config camera_config;
  std::unique_ptr<StoreNode> store;
  std::unique_ptr<CameraNode> cameras;  // stopped before the store
};

TEST_F(Node_SegmentRecovery, a_segment_a_crash_left_is_indexed_audited_and_clippable) {
  const Timestamp start = time_point_cast<Millis>(now_utc() - 10min);
  const auto file = killed_segment(start);
  const test::Media cut = test::read_media(file);
  ASSERT_FALSE(cut.closed);
  start_nodes();

  ASSERT_TRUE(test::wait_until(20s, [&] { return indexed(file).has_value(); }));
  const storage::Recording row = *indexed(file);
  EXPECT_EQ(row.camera, "tw1");
  EXPECT_EQ(row.node, node_name(config.bus) + "/cameras");
  EXPECT_EQ(row.start, start) << "the file name's time";
  EXPECT_NEAR(std::chrono::duration<double>(row.end - start).count(), cut.duration_s(), 0.002);
  EXPECT_EQ(row.sha256, sha256_file(file.string()));
  EXPECT_EQ(row.bytes, static_cast<std::int64_t>(std::filesystem::file_size(file)));
  EXPECT_TRUE(test::read_media(file).closed) << "remuxed into a closed file";

  const auto audited = recoveries();
  ASSERT_EQ(audited.size(), 1u);
  EXPECT_EQ(audited[0].actor, "system");
  EXPECT_EQ(audited[0].target, file.string());
  EXPECT_NE(audited[0].details.find(row.sha256), std::string::npos) << audited[0].details;
  EXPECT_NE(audited[0].details.find("remuxed"), std::string::npos) << audited[0].details;

  // Repaired before the camera recorded again.
  const auto live = [&] {
    return storage::RecordingIndex(db()).find("tw1", start + 1min, now_utc() + 1h);
  };
  ASSERT_TRUE(test::wait_until(20s, [&] { return !live().empty(); }));
  const auto repaired = std::chrono::file_clock::to_sys(std::filesystem::last_write_time(file));
  EXPECT_LE(repaired, live().front().start);

  const storage::Clip clip =
      storage::extract_clip(storage::RecordingIndex(db()).find("tw1", start, start + 1s), start,
                            start + 1s, dir / "clip.mp4");
  EXPECT_EQ(clip.start, start);
  EXPECT_EQ(clip.frames, test::kFootageFps);

  // A graceful restart finds nothing more to recover, and audits nothing twice.
  cameras->stop();
  start_cameras();
  const std::size_t before = storage::RecordingIndex(db()).oldest(1000).size();
  ASSERT_TRUE(test::wait_until(
      20s, [&] { return storage::RecordingIndex(db()).oldest(1000).size() > before; }));
  EXPECT_EQ(recoveries().size(), 1u);

  // A crash between an announcement and its mark leaves the mark behind: the segments after it
  // are announced again, unchanged, and change nothing (no audit row, the same index row).
  cameras->stop();
  const std::string order = std::filesystem::relative(file, camera_dir()).replace_extension();
  dir.write("camera/recordings/tw1/.announced", order.substr(0, order.size() - 1) + "\n");
  const Timestamp restarted = now_utc();
  start_cameras();
  ASSERT_TRUE(test::wait_until(20s, [&] {
    return !storage::RecordingIndex(db()).find("tw1", restarted, now_utc() + 1h).empty();
  }));
  EXPECT_EQ(indexed(file), row);
  EXPECT_EQ(recoveries().size(), 1u);
}

TEST_F(Node_SegmentRecovery, only_segments_after_the_announced_mark_are_recovered) {
  const Timestamp start = time_point_cast<Millis>(now_utc() - 10min);
  const auto older = killed_segment(start);
  const auto marked = killed_segment(start + 1min);
  const auto newer = killed_segment(start + 2min);
  dir.write("camera/recordings/tw1/.announced",
            std::filesystem::relative(marked, camera_dir()).replace_extension().string() + "\n");
  start_nodes();

  ASSERT_TRUE(test::wait_until(20s, [&] { return indexed(newer).has_value(); }));
  EXPECT_FALSE(indexed(marked)) << "announced before the crash, as far as the node knows";
  EXPECT_FALSE(indexed(older));
  EXPECT_FALSE(test::read_media(older).closed) << "never opened for recovery";
  EXPECT_EQ(recoveries().size(), 1u);
}

TEST_F(Node_SegmentRecovery, a_segment_named_by_a_clock_gone_wrong_is_timed_by_its_file) {
  const auto file = killed_segment(time_point_cast<Millis>(now_utc() + 10min));
  const Timestamp written = time_point_cast<Millis>(
      std::chrono::file_clock::to_sys(std::filesystem::last_write_time(file)));
  const test::Media cut = test::read_media(file);
  start_nodes();

  ASSERT_TRUE(test::wait_until(20s, [&] { return indexed(file).has_value(); }));
  const storage::Recording row = *indexed(file);
  EXPECT_EQ(row.end, written) << "its frames end when the file was last written";
  EXPECT_NEAR(std::chrono::duration<double>(row.end - row.start).count(), cut.duration_s(), 0.002);
}

}  // namespace
}  // namespace cctv::node
