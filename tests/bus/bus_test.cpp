// SPDX-License-Identifier: Apache-2.0
// The bus over real sockets: publishers -> Broker (XSUB/XPUB) -> subscribers.
//
// These test the plain Subscriber, which has no replay: ZeroMQ's slow joiner (a PUB socket
// drops messages until the subscriptions have reached it) is handled by warming each publisher
// up (publishing throw-away events until the subscriber sees one) and asserting only on events
// published after that. Warm-up events use the publisher's own seq counter, so the events
// under test continue its sequence. Loss-free delivery: reliable_subscriber_test.cpp.
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

#include "bus_test_util.hpp"
#include "cctv/bus/broker.hpp"
#include "cctv/bus/live_feed.hpp"
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

using test_util::make_event;
using test_util::tcp_endpoint;

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

// Sends hand-made events (any source and seq) the way a Publisher would, without an outbox.
class RawPublisher {
 public:
  RawPublisher(zmq::context_t& ctx, const std::string& endpoint)
      : socket_(ctx, zmq::socket_type::pub) {
    socket_.set(zmq::sockopt::linger, 0);
    socket_.connect(endpoint);
  }
  void send(const std::vector<std::string>& parts) {
    for (std::size_t i = 0; i < parts.size(); ++i) {
      auto flags = i + 1 < parts.size() ? zmq::send_flags::sndmore : zmq::send_flags::none;
      socket_.send(zmq::buffer(parts[i]), flags);
    }
  }
  void send_event(const Event& e) { send({event_topic(e), to_json(e)}); }

 private:
  zmq::socket_t socket_;
};

Event with_seq(const std::string& source, std::uint64_t seq, const std::string& camera = "hl1") {
  Event e = make_event(EventType::loitering, camera);
  e.id = new_uuid();
  e.source = source;
  e.seq = seq;
  return e;
}

class Bus_PubSub : public ::testing::Test {
 protected:
  Bus_PubSub() : ports_(ctx), frontend(ports_.frontend), backend(ports_.backend) {}

  PublisherParams params(const std::string& source) {
    return test_util::publisher_params(dir, frontend, source);
  }

  zmq::context_t ctx;  // declared first: outlives every socket
  test::TempDir dir;

 private:
  test_util::BrokerOnFreePorts ports_;

 protected:
  std::string frontend;
  std::string backend;
};

TEST(Bus_Notices, a_deployment_notice_carries_every_cameras_site_and_a_bad_one_reads_as_none) {
  const std::map<std::string, std::string> sites{{"tw1", "harlesden-tc"}, {"hl1", "honeypot-lane"}};
  EXPECT_EQ(sites_in_notice(sites_notice(sites)), sites);
  EXPECT_EQ(sites_in_notice(R"({"changed":"tw1"})"), std::nullopt) << "a writer's notice";
  EXPECT_EQ(sites_in_notice(R"({"sites":{"tw1":3}})"), std::nullopt);
  EXPECT_EQ(sites_in_notice(R"({"sites":["tw1"]})"), std::nullopt);
  EXPECT_EQ(sites_in_notice("not json"), std::nullopt);
}

TEST(Bus_Topics, event_topic_is_prefix_type_and_camera) {
  EXPECT_EQ(event_topic(make_event(EventType::loitering, "hl1")), "evt.loitering.hl1");
  EXPECT_EQ(event_topic(make_event(EventType::camera_offline, "cam-7")),
            "evt.camera_offline.cam-7");
}

TEST_F(Bus_PubSub, publish_stamps_source_seq_from_the_outbox_and_an_id) {
  Publisher pub(ctx, params("node-a"));
  for (std::uint64_t want : {1u, 2u, 3u}) {
    Event e = make_event(EventType::crowding, "hl2");
    EXPECT_EQ(pub.publish(e), want);
    EXPECT_EQ(e.seq, want);
    EXPECT_EQ(e.source, "node-a");
    EXPECT_TRUE(std::regex_match(e.id, std::regex("[0-9a-f-]{36}"))) << e.id;
  }
  Event kept = make_event(EventType::crowding, "hl2");
  kept.id = "given-id";
  EXPECT_EQ(pub.publish(kept), 4u);
  EXPECT_EQ(kept.id, "given-id");
  EXPECT_EQ(pub.outbox().last_seq(), 4u);
  EXPECT_EQ(pub.outbox().size(), 4u) << "every published event is in the outbox";
  EXPECT_THAT(pub.replay_endpoint(), ::testing::MatchesRegex("tcp://127\\.0\\.0\\.1:[0-9]+"));
}

TEST_F(Bus_PubSub, two_publishers_reach_one_subscriber_through_the_broker) {
  Subscriber sub(ctx, backend);
  Publisher a(ctx, params("node-a"));
  Publisher b(ctx, params("node-b"));
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
  Publisher pub(ctx, params("node-a"));
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
  RawPublisher raw(ctx, frontend);
  // Slow joiner: resend seq 1 until it arrives; the extra copies arrive as replays.
  std::optional<Received> first;
  const auto deadline = std::chrono::steady_clock::now() + kDeadline;
  while (!first && std::chrono::steady_clock::now() < deadline) {
    raw.send_event(with_seq("node-g", 1));
    first = sub.receive(kPoll);
  }
  ASSERT_TRUE(first && first->event) << "subscription never reached the publisher";
  EXPECT_FALSE(first->gap) << "the first event of a source is no gap";
  auto next_new = [&] {
    Received got;
    do got = next_message(sub);
    while (got.event && got.event->seq == 1);
    return got;
  };

  raw.send_event(with_seq("node-g", 2));
  raw.send_event(with_seq("node-g", 5));  // 3 and 4 never sent
  raw.send_event(with_seq("node-g", 4));  // late: a replay, no gap, last_seq stays 5
  raw.send_event(with_seq("node-g", 6));
  Received r2 = next_new();
  EXPECT_EQ(r2.event->seq, 2u);
  EXPECT_FALSE(r2.gap);
  Received r5 = next_new();
  EXPECT_EQ(r5.event->seq, 5u);
  ASSERT_TRUE(r5.gap);
  EXPECT_EQ(r5.gap->source, "node-g");
  EXPECT_EQ(r5.gap->first, 3u);
  EXPECT_EQ(r5.gap->last, 4u);
  Received r4 = next_new();
  EXPECT_EQ(r4.event->seq, 4u);
  EXPECT_FALSE(r4.gap);
  EXPECT_FALSE(next_new().gap);
  EXPECT_EQ(sub.last_seq("node-g"), 6u);
}

TEST_F(Bus_PubSub, undecodable_payload_is_returned_as_an_error) {
  Subscriber sub(ctx, backend);
  RawPublisher raw(ctx, frontend);
  std::optional<Received> r;
  const auto deadline = std::chrono::steady_clock::now() + kDeadline;
  while (!r && std::chrono::steady_clock::now() < deadline) {
    raw.send({"evt.loitering.bad", "{not json"});
    ASSERT_NO_THROW(r = sub.receive(kPoll));
  }
  ASSERT_TRUE(r) << "nothing arrived";
  EXPECT_FALSE(r->event);
  EXPECT_EQ(r->topic, "evt.loitering.bad");
  EXPECT_THAT(r->error, HasSubstr("event is not valid JSON"));

  // The raw socket is subscribed now: later messages arrive, after any queued junk.
  raw.send({"evt.loitering.bad", R"({"schema":2})"});
  raw.send({"evt.loitering.one-part"});
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

TEST_F(Bus_PubSub, heartbeats_are_decoded_when_subscribed) {
  Subscriber sub(ctx, backend, {kHeartbeatPrefix});
  Publisher pub(ctx, params("node-h"));
  Event e = make_event(EventType::crowding, "hl2");
  pub.publish(e);
  const auto deadline = std::chrono::steady_clock::now() + kDeadline;
  std::optional<Heartbeat> hb;
  while (!hb && std::chrono::steady_clock::now() < deadline) {
    auto r = sub.receive(kPoll);
    ASSERT_FALSE(r && r->event) << "subscribed to heartbeats only";
    if (r && r->heartbeat && r->heartbeat->last_seq == 1) hb = r->heartbeat;
  }
  ASSERT_TRUE(hb) << "no heartbeat announcing seq 1";
  EXPECT_EQ(*hb, (Heartbeat{"node-h", 1, pub.replay_endpoint()}));
  EXPECT_EQ(heartbeat_topic("node-h"), "hb.node-h");
  EXPECT_EQ(heartbeat_from_json(to_json(*hb)), *hb);
  EXPECT_THROW(heartbeat_from_json(R"({"schema":1,"source":"x","last_seq":-1,"replay":""})"),
               EventDecodeError);
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
  Publisher pub(ctx, test_util::publisher_params(dir, frontend, "node-ipc"));
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
