// SPDX-License-Identifier: Apache-2.0
// Loss-free delivery over real sockets: Publisher (outbox + replay socket + heartbeat) ->
// Broker -> ReliableSubscriber. No warm-up here: whatever the slow joiner drops must come back
// through replay, and every test checks exact seq lists (in order, no gaps, no duplicates).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "bus_test_util.hpp"
#include "cctv/bus/publisher.hpp"
#include "cctv/bus/reliable_subscriber.hpp"
#include "support/temp_dir.hpp"
#include "support/thread_cpu.hpp"

namespace cctv::bus {
namespace {

using namespace std::chrono_literals;
using test::thread_cpu_time;
using test_util::make_event;

constexpr auto kDeadline = 20s;  // generous: only reached when something is broken
using Clock = std::chrono::steady_clock;

std::vector<std::uint64_t> range(std::uint64_t first, std::uint64_t last) {
  std::vector<std::uint64_t> out;
  for (std::uint64_t s = first; s <= last; ++s) out.push_back(s);
  return out;
}

std::vector<std::uint64_t> seqs(const std::vector<Event>& events, const std::string& source) {
  std::vector<std::uint64_t> out;
  for (const Event& e : events) {
    if (e.source == source) out.push_back(e.seq);
  }
  return out;
}

class Bus_Reliable : public ::testing::Test {
 protected:
  Bus_Reliable() : ports_(ctx) {}

  PublisherParams params(const std::string& source) {
    return test_util::publisher_params(dir, ports_.frontend, source);
  }

  ReliableSubscriberParams sub_params(std::map<std::string, std::uint64_t> start = {},
                                      std::string consumer = "") {
    return {.endpoint = ports_.backend,
            .start = std::move(start),
            .consumer = std::move(consumer),
            .replay_timeout = 1000ms,
            .retry_pause = 100ms};
  }

  // Publishes n events; returns their ids in seq order.
  static std::vector<std::string> publish(Publisher& pub, int n) {
    std::vector<std::string> ids;
    for (int i = 0; i < n; ++i) {
      Event e = make_event(EventType::loitering, "hl" + std::to_string(i % 3));
      pub.publish(e);
      ids.push_back(e.id);
    }
    return ids;
  }

  // Polls until `n` events arrived; fails the test at the deadline.
  static std::vector<Event> collect(ReliableSubscriber& sub, std::size_t n) {
    std::vector<Event> got;
    const auto deadline = Clock::now() + kDeadline;
    while (got.size() < n && Clock::now() < deadline) {
      for (Event& e : sub.poll(50ms)) got.push_back(std::move(e));
    }
    EXPECT_EQ(got.size(), n) << "events missing at the deadline";
    return got;
  }

  zmq::context_t ctx;  // declared first: outlives every socket
  test::TempDir dir;

 private:
  test_util::BrokerOnFreePorts ports_;
};

TEST_F(Bus_Reliable, late_subscriber_receives_everything_since_a_given_seq) {
  Publisher pub(ctx, params("node-a"));
  const auto ids = publish(pub, 50);  // nobody listening: the bus drops all of them
  ReliableSubscriber sub(ctx, sub_params({{"node-a", 20}}));

  const auto got = collect(sub, 30);
  EXPECT_EQ(seqs(got, "node-a"), range(21, 50));
  for (const Event& e : got) EXPECT_EQ(e.id, ids[e.seq - 1]);
  EXPECT_EQ(sub.stats().replayed, 30u) << "all came from the replay socket";

  publish(pub, 10);  // and then it carries on live
  EXPECT_EQ(seqs(collect(sub, 10), "node-a"), range(51, 60));
  EXPECT_TRUE(sub.caught_up());
  EXPECT_EQ(sub.delivered_seq("node-a"), 60u);
  EXPECT_TRUE(sub.poll(200ms).empty()) << "nothing twice";
}

TEST_F(Bus_Reliable, waiting_with_nothing_to_receive_sleeps_rather_than_spins) {
  ReliableSubscriber sub(ctx, sub_params());
  // 1 ms polls: the remainder of each is under a millisecond from the start, the case that was
  // truncated to a zero wait and spun (the whole wait on the CPU).
  const auto cpu_before = thread_cpu_time();
  const auto wall_before = Clock::now();
  for (int i = 0; i < 300; ++i) EXPECT_TRUE(sub.poll(1ms).empty());
  const auto wall = Clock::now() - wall_before;
  const auto cpu = thread_cpu_time() - cpu_before;
  EXPECT_LT(cpu, wall / 2) << "CPU " << cpu.count() / 1000 << " us in "
                           << std::chrono::duration_cast<std::chrono::microseconds>(wall).count()
                           << " us of waiting";
}

TEST_F(Bus_Reliable, publisher_restart_continues_the_seq_and_unacked_events_stay_replayable) {
  std::vector<std::string> ids;
  {
    Publisher first(ctx, params("node-a"));
    ids = publish(first, 5);
  }
  Publisher second(ctx, params("node-a"));  // same outbox file, new replay port
  const auto more = publish(second, 3);
  ids.insert(ids.end(), more.begin(), more.end());
  EXPECT_EQ(second.outbox().last_seq(), 8u);

  ReliableSubscriber sub(ctx, sub_params());  // a store that has nothing yet
  const auto got = collect(sub, 8);
  EXPECT_EQ(seqs(got, "node-a"), range(1, 8));
  for (const Event& e : got) EXPECT_EQ(e.id, ids[e.seq - 1]);
}

TEST_F(Bus_Reliable, lost_tail_is_recovered_through_the_heartbeat) {
  ReliableSubscriber sub(ctx, sub_params());
  {
    Publisher first(ctx, params("node-a"));
    publish(first, 3);
    EXPECT_EQ(seqs(collect(sub, 3), "node-a"), range(1, 3));
  }
  {
    // The node stored 4..6 and died before sending them: the tail before a quiet period.
    Outbox outbox(params("node-a").outbox);
    for (int i = 0; i < 3; ++i) {
      Event e = make_event(EventType::camera_offline, "hl1");
      outbox.append(e);
    }
  }
  const auto replayed_before = sub.stats().replayed;
  Publisher restarted(ctx, params("node-a"));  // publishes nothing; only heartbeats
  const auto got = collect(sub, 3);
  EXPECT_EQ(seqs(got, "node-a"), range(4, 6));
  for (const Event& e : got) EXPECT_EQ(e.type, EventType::camera_offline);
  EXPECT_EQ(sub.stats().replayed - replayed_before, 3u);
  EXPECT_TRUE(sub.caught_up());
}

TEST_F(Bus_Reliable, outbox_is_pruned_after_the_store_acknowledges) {
  PublisherParams p = params("node-a");
  p.outbox.keep_acked = 1h;  // all are young, so the count decides:
  p.outbox.keep_acked_events = 5;
  Publisher pub(ctx, p);
  publish(pub, 20);

  ReliableSubscriber console(ctx, sub_params());  // no consumer name: never acknowledges
  EXPECT_EQ(seqs(collect(console, 20), "node-a"), range(1, 20));
  ReliableSubscriber store(ctx, sub_params({}, "store"));
  const auto stored = collect(store, 20);
  EXPECT_EQ(pub.outbox().size(), 20u) << "nothing acknowledged yet";
  store.acknowledge(stored);
  const auto deadline = Clock::now() + kDeadline;
  while (pub.outbox().size() > 5 && Clock::now() < deadline) store.poll(20ms);
  EXPECT_EQ(pub.outbox().size(), 5u) << "all but the 5 newest acknowledged events pruned";

  // A console joining now from seq 0 gets what was kept and a count of what was pruned.
  ReliableSubscriber late(ctx, sub_params({{"node-a", 0}}));
  EXPECT_EQ(seqs(collect(late, 5), "node-a"), range(16, 20));
  EXPECT_EQ(late.stats().lost, 15u);
}

TEST_F(Bus_Reliable, interleaved_live_and_replayed_events_arrive_in_order_once) {
  Publisher a(ctx, params("node-a"));
  Publisher b(ctx, params("node-b"));
  publish(a, 300);  // before anyone listens
  std::jthread publishing([&] {
    publish(a, 700);
    publish(b, 1000);
  });
  ReliableSubscriber sub(ctx, sub_params());  // joins while events are flowing
  const auto got = collect(sub, 2000);
  publishing.join();
  EXPECT_EQ(seqs(got, "node-a"), range(1, 1000));
  EXPECT_EQ(seqs(got, "node-b"), range(1, 1000));
  EXPECT_GE(sub.stats().replayed, 300u);
}

}  // namespace
}  // namespace cctv::bus
