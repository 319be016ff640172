// SPDX-License-Identifier: Apache-2.0
// The bus over real sockets: publishers -> Broker (XSUB/XPUB) -> subscribers.
//
// ZeroMQ's slow joiner: a PUB socket drops messages until the subscriptions have reached it,
// so every test first warms each publisher up (publishing throw-away events until the
// subscriber sees one) and asserts only on events published after that. Warm-up events use
// the publisher's own seq counter, so the events under test continue its sequence.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cerrno>
#include <chrono>
#include <map>
#include <optional>
#include <regex>
#include <stdexcept>
#include <string>
#include <vector>
#include <zmq.hpp>

#include "cctv/bus/broker.hpp"
#include "cctv/bus/publisher.hpp"
#include "cctv/bus/subscriber.hpp"
#include "cctv/bus/topics.hpp"
#include "support/temp_dir.hpp"

namespace cctv::bus {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

constexpr auto kDeadline = 10s;  // generous: only reached when something is broken
constexpr auto kPoll = 20ms;
const std::string kWarmupCamera = "warmup";

std::string tcp_endpoint(int port) { return "tcp://127.0.0.1:" + std::to_string(port); }

Event make_event(EventType type, const std::string& camera) {
  Event e;
  e.type = type;
  e.phase = EventPhase::instant;
  e.camera = camera;
  e.site = "high-street";
  e.ts = now_utc();
  return e;
}

bool is_warmup(const Received& r) { return r.event && r.event->camera == kWarmupCamera; }

struct WarmUp {
  Received first;              // the first warm-up event from this publisher that got through
  std::uint64_t last_seq = 0;  // seq of the last warm-up published
};

// Publishes warm-up events until `sub` receives one from `pub`. Every event `pub` publishes
// after that reaches `sub` (the subscription is on pub's socket now).
WarmUp warm_up(Publisher& pub, Subscriber& sub) {
  const auto deadline = std::chrono::steady_clock::now() + kDeadline;
  while (std::chrono::steady_clock::now() < deadline) {
    Event w = make_event(EventType::loitering, kWarmupCamera);
    const std::uint64_t seq = pub.publish(w);
    while (auto r = sub.receive(kPoll)) {
      if (is_warmup(*r) && r->event->source == w.source) return {*r, seq};
    }
  }
  throw std::runtime_error("subscription never reached the publisher");
}

// The next message that is not a warm-up event.
Received next_message(Subscriber& sub) {
  const auto deadline = std::chrono::steady_clock::now() + kDeadline;
  while (std::chrono::steady_clock::now() < deadline) {
    if (auto r = sub.receive(kPoll); r && !is_warmup(*r)) return *r;
  }
  throw std::runtime_error("no message before the deadline");
}

class Bus_PubSub : public ::testing::Test {
 protected:
  Bus_PubSub() {
    // free_tcp_port() races with other processes; take fresh ports if a bind fails.
    for (int attempt = 0; !broker_; ++attempt) {
      frontend = tcp_endpoint(test::free_tcp_port());
      do backend = tcp_endpoint(test::free_tcp_port());
      while (backend == frontend);
      try {
        broker_.emplace(ctx, frontend, backend);
      } catch (const zmq::error_t&) {
        if (attempt == 4) throw;
      }
    }
  }

  zmq::context_t ctx;  // declared first: outlives every socket
  std::string frontend;
  std::string backend;

 private:
  std::optional<Broker> broker_;
};

TEST(Bus_Topics, event_topic_is_prefix_type_and_camera) {
  EXPECT_EQ(event_topic(make_event(EventType::loitering, "hl1")), "evt.loitering.hl1");
  EXPECT_EQ(event_topic(make_event(EventType::camera_offline, "cam-7")),
            "evt.camera_offline.cam-7");
}

TEST_F(Bus_PubSub, publish_stamps_source_seq_from_first_seq_and_an_id) {
  Publisher pub(ctx, frontend, "node-a");
  Publisher later(ctx, frontend, "node-b", 40);
  for (std::uint64_t want : {1u, 2u, 3u}) {
    Event e = make_event(EventType::crowding, "hl2");
    EXPECT_EQ(pub.publish(e), want);
    EXPECT_EQ(e.seq, want);
    EXPECT_EQ(e.source, "node-a");
    EXPECT_TRUE(std::regex_match(e.id, std::regex("[0-9a-f-]{36}"))) << e.id;
  }
  Event kept = make_event(EventType::crowding, "hl2");
  kept.id = "given-id";
  EXPECT_EQ(later.publish(kept), 40u);
  EXPECT_EQ(kept.id, "given-id");
}

TEST_F(Bus_PubSub, two_publishers_reach_one_subscriber_through_the_broker) {
  Subscriber sub(ctx, backend);
  Publisher a(ctx, frontend, "node-a");
  Publisher b(ctx, frontend, "node-b");
  const std::uint64_t a0 = warm_up(a, sub).last_seq;
  const std::uint64_t b0 = warm_up(b, sub).last_seq;

  for (int i = 0; i < 3; ++i) {
    Event la = make_event(EventType::loitering, "hl1");
    Event cb = make_event(EventType::crowding, "hl2");
    a.publish(la);
    b.publish(cb);
  }
  std::map<std::string, std::vector<Received>> by_source;
  for (int i = 0; i < 6; ++i) {
    Received r = next_message(sub);
    ASSERT_TRUE(r.event) << r.error;
    by_source[r.event->source].push_back(r);
  }
  ASSERT_EQ(by_source["node-a"].size(), 3u);
  ASSERT_EQ(by_source["node-b"].size(), 3u);
  for (std::uint64_t i = 0; i < 3; ++i) {
    const Received& ra = by_source["node-a"][i];
    const Received& rb = by_source["node-b"][i];
    EXPECT_EQ(ra.topic, "evt.loitering.hl1");
    EXPECT_EQ(rb.topic, "evt.crowding.hl2");
    EXPECT_EQ(ra.event->seq, a0 + 1 + i);  // continues the warm-ups' 1, 2, 3, ...
    EXPECT_EQ(rb.event->seq, b0 + 1 + i);
    EXPECT_FALSE(ra.gap || rb.gap);
  }
  EXPECT_EQ(sub.last_seq("node-a"), a0 + 3);
  EXPECT_EQ(sub.last_seq("node-b"), b0 + 3);
  EXPECT_EQ(sub.last_seq("node-z"), std::nullopt);
}

TEST_F(Bus_PubSub, prefix_subscriber_receives_only_its_event_type) {
  Subscriber all(ctx, backend);
  Subscriber loitering(ctx, backend, {"evt.loitering."});
  Publisher pub(ctx, frontend, "node-a");
  warm_up(pub, all);
  warm_up(pub, loitering);

  Event crowd = make_event(EventType::crowding, "hl1");
  Event loiter = make_event(EventType::loitering, "hl1");
  pub.publish(crowd);
  pub.publish(loiter);

  // Messages from one publisher arrive in order, so had the crowding event passed the filter
  // it would come first.
  EXPECT_EQ(next_message(loitering).topic, "evt.loitering.hl1");
  EXPECT_EQ(next_message(all).topic, "evt.crowding.hl1");
  EXPECT_EQ(next_message(all).topic, "evt.loitering.hl1");
}

TEST_F(Bus_PubSub, reports_a_gap_when_a_source_skips_seqs) {
  Subscriber sub(ctx, backend);
  // Starts high so that the replay publisher below, counting from 1, stays below last_seq.
  Publisher first(ctx, frontend, "node-g", 1000);
  const std::uint64_t k = warm_up(first, sub).last_seq;  // warm-ups took seqs 1000..k
  Event e1 = make_event(EventType::loitering, "hl1");
  Event e2 = make_event(EventType::loitering, "hl1");
  first.publish(e1);
  first.publish(e2);
  for (std::uint64_t want : {k + 1, k + 2}) {
    Received r = next_message(sub);
    ASSERT_TRUE(r.event) << r.error;
    EXPECT_EQ(r.event->seq, want);
    EXPECT_FALSE(r.gap);
  }

  // Same source restarting at k+5: k+3 and k+4 never arrive. Its first message to get through
  // (seq m, k+5 unless the slow joiner dropped some) must report Gap{node-g, k+3, m-1}.
  Publisher second(ctx, frontend, "node-g", k + 5);
  const WarmUp w = warm_up(second, sub);
  const std::uint64_t m = w.first.event->seq;
  ASSERT_GE(m, k + 5);
  ASSERT_TRUE(w.first.gap);
  EXPECT_EQ(w.first.gap->source, "node-g");
  EXPECT_EQ(w.first.gap->first, k + 3);
  EXPECT_EQ(w.first.gap->last, m - 1);

  Event e3 = make_event(EventType::loitering, "hl1");
  second.publish(e3);
  Received after = next_message(sub);
  EXPECT_EQ(after.event->seq, w.last_seq + 1);
  EXPECT_FALSE(after.gap);

  // A replay (seq <= last) is delivered without a gap and does not move last_seq back.
  Publisher replay(ctx, frontend, "node-g", 1);
  const WarmUp rw = warm_up(replay, sub);
  EXPECT_LE(rw.first.event->seq, rw.last_seq);
  EXPECT_FALSE(rw.first.gap);
  EXPECT_EQ(sub.last_seq("node-g"), w.last_seq + 1);
}

TEST_F(Bus_PubSub, undecodable_payload_is_returned_as_an_error) {
  Subscriber sub(ctx, backend);
  zmq::socket_t raw(ctx, zmq::socket_type::pub);
  raw.set(zmq::sockopt::linger, 0);
  raw.connect(frontend);
  auto send = [&](const std::vector<std::string>& parts) {
    for (std::size_t i = 0; i < parts.size(); ++i) {
      auto flags = i + 1 < parts.size() ? zmq::send_flags::sndmore : zmq::send_flags::none;
      raw.send(zmq::buffer(parts[i]), flags);
    }
  };

  std::optional<Received> r;
  const auto deadline = std::chrono::steady_clock::now() + kDeadline;
  while (!r && std::chrono::steady_clock::now() < deadline) {
    send({"evt.loitering.bad", "{not json"});
    ASSERT_NO_THROW(r = sub.receive(kPoll));
  }
  ASSERT_TRUE(r) << "nothing arrived";
  EXPECT_FALSE(r->event);
  EXPECT_EQ(r->topic, "evt.loitering.bad");
  EXPECT_THAT(r->error, HasSubstr("event is not valid JSON"));

  // The raw socket is subscribed now: later messages arrive, after any queued junk.
  send({"evt.loitering.bad", R"({"schema":2})"});
  send({"evt.loitering.one-part"});
  auto next_other = [&] {
    Received got;
    do got = next_message(sub);
    while (got.error.find("not valid JSON") != std::string::npos);
    return got;
  };
  EXPECT_EQ(next_other().error,
            "event field 'schema': unsupported schema version 2; this build reads version 1");
  EXPECT_EQ(next_other().error, "expected a 2-part message [topic, json], got 1 part(s)");
}

TEST_F(Bus_PubSub, receive_times_out_with_nothing) {
  Subscriber sub(ctx, backend);
  EXPECT_EQ(sub.receive(10ms), std::nullopt);
}

TEST(Bus_Broker, bind_failure_names_the_endpoint) {
  zmq::context_t ctx;
  const std::string frontend = tcp_endpoint(test::free_tcp_port());
  std::string backend;
  do backend = tcp_endpoint(test::free_tcp_port());
  while (backend == frontend);
  Broker first(ctx, frontend, backend);
  try {
    Broker second(ctx, frontend, tcp_endpoint(test::free_tcp_port()));
    FAIL() << "a second broker bound " << frontend;
  } catch (const zmq::error_t& e) {
    EXPECT_EQ(e.num(), EADDRINUSE);
    EXPECT_THAT(e.what(), HasSubstr("broker cannot bind frontend " + frontend));
  }
}

TEST(Bus_Broker, carries_events_over_ipc_in_a_temp_dir) {
  test::TempDir dir;
  zmq::context_t ctx;
  const std::string frontend = "ipc://" + (dir / "frontend.sock").string();
  const std::string backend = "ipc://" + (dir / "backend.sock").string();
  Broker broker(ctx, frontend, backend);
  Subscriber sub(ctx, backend);
  Publisher pub(ctx, frontend, "node-ipc");
  warm_up(pub, sub);
  Event e = make_event(EventType::camera_offline, "cam-9");
  e.severity = Severity::warning;
  pub.publish(e);
  Received r = next_message(sub);
  ASSERT_TRUE(r.event) << r.error;
  EXPECT_EQ(*r.event, e);
  EXPECT_EQ(r.topic, "evt.camera_offline.cam-9");
}

}  // namespace
}  // namespace cctv::bus
