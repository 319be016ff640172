// SPDX-License-Identifier: Apache-2.0
// The camera node's event dispatcher: alarms leave the frame thread at once, snapshots are
// announced before the alarm that names them, and a queue that cannot keep up drops (snapshots
// first) and counts instead of growing.
#include <gtest/gtest.h>

#include <chrono>
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
