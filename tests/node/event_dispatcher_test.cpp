// SPDX-License-Identifier: Apache-2.0
// The camera node's event dispatcher: alarms leave the frame thread at once, snapshots are
// announced before the alarm that names them, alarms do not wait for segments to be hashed, and
// a queue that cannot keep up drops (snapshots first) and counts instead of growing.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <thread>

#include "../../node/src/event_dispatcher.hpp"
#include "cctv/bus/outbox.hpp"
#include "support/temp_dir.hpp"

namespace cctv::node {
namespace {

class EventDispatcherTest : public ::testing::Test {
 protected:
  bus::PublisherParams params() const {
    return {.endpoint = "tcp://127.0.0.1:" + std::to_string(test::free_tcp_port()),
            .replay = "tcp://127.0.0.1:*",
            .outbox = {
                .path = (dir / "outbox.db").string(), .source = "cams", .sync = sql::Sync::normal}};
  }
  // Everything the dispatcher put in the outbox, in seq order.
  std::vector<Event> published() const {
    bus::Outbox outbox({.path = (dir / "outbox.db").string(), .source = "cams"});
    std::vector<Event> out;
    for (const std::string& json : outbox.read(1, outbox.last_seq(), 100000).payloads)
      out.push_back(event_from_json(json));
    return out;
  }
  static Event alarm(int n) {
    Event e;
    e.type = EventType::loitering;
    e.phase = EventPhase::start;
    e.camera = "tw1";
    e.zone = "z" + std::to_string(n);
    e.ts = now_utc();
    e.boxes = {{0.1, 0.5, 0.1, 0.3}};
    return e;
  }

  test::TempDir dir;
  zmq::context_t ctx;
};

TEST_F(EventDispatcherTest, snapshots_are_announced_before_the_alarm_that_names_them) {
  {
    bus::Publisher publisher(ctx, params());
    EventDispatcher dispatcher(publisher, dir.path());
    dispatcher.publish(alarm(1), cv::Mat(360, 640, CV_8UC3, cv::Scalar(90, 120, 150)),
                       Polygon{{{0.1, 0.5}, {0.9, 0.5}, {0.9, 0.9}}});
  }  // destroyed: what was queued is published
  const auto events = published();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].type, EventType::evidence_file);
  EXPECT_EQ(events[1].type, EventType::evidence_file);
  ASSERT_EQ(events[2].type, EventType::loitering);
  EXPECT_EQ(events[2].snapshot, events[1].id) << "the annotated snapshot, announced last";
  EXPECT_EQ(events[1].file->kind, "snapshot");
  EXPECT_EQ(events[0].file->kind, "snapshot_clean");
  EXPECT_EQ(events[1].file->event, events[2].id);
  EXPECT_TRUE(std::filesystem::exists(dir / events[1].file->path));
}

// A camera tamper also keeps the reference view (the scene before), as its own evidence file of
// the same event.
TEST_F(EventDispatcherTest, a_tamper_keeps_the_reference_view_beside_its_snapshots) {
  Event tamper = alarm(1);
  tamper.type = EventType::camera_tamper;
  tamper.zone.clear();
  tamper.kind = "covered";
  {
    bus::Publisher publisher(ctx, params());
    EventDispatcher dispatcher(publisher, dir.path());
    dispatcher.publish(tamper, cv::Mat(360, 640, CV_8UC3, cv::Scalar(20, 20, 20)), {},
                       cv::Mat(360, 640, CV_8UC3, cv::Scalar(90, 120, 150)));
  }
  const auto events = published();
  ASSERT_EQ(events.size(), 4u);
  ASSERT_EQ(events[3].type, EventType::camera_tamper);
  EXPECT_EQ(events[3].kind, "covered");
  EXPECT_EQ(events[0].file->kind, "snapshot_reference");
  EXPECT_EQ(events[1].file->kind, "snapshot_clean");
  EXPECT_EQ(events[2].file->kind, "snapshot");
  EXPECT_EQ(events[3].snapshot, events[2].id);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(events[i].file->event, events[3].id);
    EXPECT_TRUE(std::filesystem::exists(dir / events[i].file->path)) << events[i].file->path;
  }
  EXPECT_TRUE(events[0].file->path.ends_with("-reference.jpg"));
}

// Cameras started together close their segments together; hashing them all takes seconds on a
// busy node. An alarm raised meanwhile goes ahead of the segments still waiting. Here the outbox
// is held by another writer while the segments and the alarm queue up, so the dispatcher is
// busy with the first segment when the others and the alarm arrive.
TEST_F(EventDispatcherTest, an_alarm_goes_ahead_of_segments_waiting_to_be_hashed) {
  constexpr int kSegments = 12;
  const auto camera_dir = dir / "recordings" / "tw1";
  std::filesystem::create_directories(camera_dir);
  std::vector<capture::Segment> segments;
  for (int i = 0; i < kSegments; ++i) {
    const Timestamp start = now_utc() + std::chrono::minutes(i);
    const auto path = camera_dir / (std::to_string(10 + i) + ".mkv");
    std::ofstream(path, std::ios::binary) << std::string(1 << 20, static_cast<char>('a' + i));
    segments.push_back({"tw1", start, start + std::chrono::minutes(1), path, 1 << 20});
  }
  {
    bus::Publisher publisher(ctx, params());
    EventDispatcher dispatcher(publisher, dir.path());
    sql::Database other((dir / "outbox.db").string());
    other.exec("BEGIN IMMEDIATE");
    for (const capture::Segment& s : segments) dispatcher.announce_segment("tw1", s);
    dispatcher.publish(alarm(1));
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    other.exec("COMMIT");
  }
  const auto events = published();
  ASSERT_EQ(events.size(), static_cast<std::size_t>(kSegments + 1));
  const auto alarm_at =
      std::find_if(events.begin(), events.end(),
                   [](const Event& e) { return e.type == EventType::loitering; }) -
      events.begin();
  EXPECT_LE(alarm_at, 1) << "behind at most the segment being hashed when it was raised";
  std::vector<std::string> announced;
  for (const Event& e : events) {
    if (e.type == EventType::recording_segment) announced.push_back(e.file->path);
  }
  ASSERT_EQ(announced.size(), segments.size());
  for (int i = 0; i < kSegments; ++i) {
    EXPECT_EQ(announced[i], std::filesystem::absolute(segments[i].path).string())
        << "segments in the order closed";
  }
}

TEST_F(EventDispatcherTest, a_queue_that_cannot_keep_up_drops_snapshots_first_and_counts_them) {
  constexpr int kAlarms = 60;
  DispatchDrops drops;
  {
    bus::Publisher publisher(ctx, params());
    EventDispatcher dispatcher(publisher, dir.path());
    const cv::Mat frame(360, 640, CV_8UC3, cv::Scalar(90, 120, 150));
    // Far faster than two JPEG encodes and their fsyncs per alarm.
    for (int i = 0; i < kAlarms; ++i) dispatcher.publish(alarm(i), frame, {});
    drops = dispatcher.drops("tw1");
  }
  EXPECT_GE(drops.snapshots,
            static_cast<std::uint64_t>(kAlarms) - EventDispatcher::kMaxFrames - 10);
  EXPECT_EQ(drops.events, 0u) << "an alarm is never dropped for its snapshot";
  std::map<EventType, int> kinds;
  for (const Event& e : published()) ++kinds[e.type];
  EXPECT_EQ(kinds[EventType::loitering], kAlarms) << "every alarm went out";
  EXPECT_EQ(kinds[EventType::evidence_file], 2 * (kAlarms - static_cast<int>(drops.snapshots)));
}

TEST_F(EventDispatcherTest, past_its_bound_the_queue_drops_events_and_counts_them_never_blocking) {
  constexpr int kEvents = 3 * static_cast<int>(EventDispatcher::kMaxJobs);
  DispatchDrops drops;
  {
    bus::Publisher publisher(ctx, params());
    EventDispatcher dispatcher(publisher, dir.path());
    for (int i = 0; i < kEvents; ++i) dispatcher.publish(alarm(i));
    drops = dispatcher.drops("tw1");
  }
  EXPECT_GT(drops.events, 0u);
  EXPECT_EQ(published().size() + drops.events, static_cast<std::size_t>(kEvents))
      << "each event either published or counted";
}

// Whatever the outbox refuses is counted, batch by batch, and nothing half-kept: here every
// insert after the second fails inside SQLite (a trigger, as a refusing disk would).
TEST_F(EventDispatcherTest, events_the_outbox_refuses_are_counted_as_dropped) {
  constexpr int kAlarms = 10;
  bus::Publisher publisher(ctx, params());
  sql::Database((dir / "outbox.db").string())
      .exec(
          "CREATE TRIGGER refuse BEFORE INSERT ON outbox WHEN NEW.seq > 2 "
          "BEGIN SELECT RAISE(ABORT, 'disk refuses'); END");
  EventDispatcher dispatcher(publisher, dir.path());
  for (int i = 0; i < kAlarms; ++i) dispatcher.publish(alarm(i));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (dispatcher.drops("tw1").events < kAlarms - 2 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(dispatcher.drops("tw1").events, static_cast<std::uint64_t>(kAlarms - 2));
  EXPECT_EQ(published().size(), 2u);
}

}  // namespace
}  // namespace cctv::node
