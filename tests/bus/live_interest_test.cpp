// SPDX-License-Identifier: Apache-2.0
// Lazy live frames over a real broker: a LivePublisher learns from the subscriptions the broker
// passes up which cameras' frames anyone takes, across subscribers coming and going and the
// broker restarting.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include <zmq.hpp>

#include "bus_test_util.hpp"
#include "cctv/bus/live_feed.hpp"
#include "support/wait.hpp"

namespace cctv::bus {
namespace {

using namespace std::chrono_literals;

constexpr auto kDeadline = 5s;  // generous: only reached when something is broken
constexpr auto kPoll = 20ms;

class Bus_LiveInterest : public ::testing::Test {
 protected:
  // Waits for wants_frames(camera) to say `wanted`. `receiving`: a subscriber to keep reading
  // meanwhile, as a console does (a SUB socket sends its subscriptions to a broker it
  // reconnected to only when its owner next uses it).
  bool becomes(bool wanted, const std::string& camera, LiveSubscriber* receiving = nullptr) {
    return test::wait_until(
        kDeadline,
        [&] {
          if (receiving) receiving->receive(0ms);
          return publisher.wants_frames(camera) == wanted;
        },
        kPoll);
  }
  // Whether a frame of `camera` sent now reaches `subscriber` (sent again until it does or the
  // deadline passes: the subscriber may still be reconnecting).
  bool frame_arrives(LiveSubscriber& subscriber, const std::string& camera) {
    return test::wait_until(
        kDeadline,
        [&] {
          publisher.send_frame({LiveMessage::Kind::frame, camera, "{}", "jpeg", "overlay"});
          const auto m = subscriber.receive(kPoll);
          return m && m->kind == LiveMessage::Kind::frame && m->camera == camera;
        },
        0ms);
  }
  // Stops the broker and starts it again on the same endpoints (the port may take a moment to
  // be free again).
  void restart_broker() {
    broker.broker.reset();
    ASSERT_TRUE(test::wait_until(
        kDeadline,
        [&] {
          try {
            broker.broker.emplace(ctx, broker.frontend, broker.backend);
            return true;
          } catch (const zmq::error_t&) {
            return false;
          }
        },
        100ms));
  }

  zmq::context_t ctx;
  test_util::BrokerOnFreePorts broker{ctx};
  LivePublisher publisher{ctx, broker.frontend};
};

TEST_F(Bus_LiveInterest, nobody_subscribed_to_frames_wants_none) {
  // What every console takes all the time: status and notices, never a frame by itself.
  LiveSubscriber statuses(ctx, broker.backend, {kLiveStatusPrefix, kNoticePrefix});
  ASSERT_TRUE(test::wait_until(
      kDeadline,
      [&] {
        publisher.send_status("cam1", "{}");
        return statuses.receive(kPoll).has_value();
      },
      0ms))
      << "the status subscriber is connected";
  EXPECT_FALSE(publisher.wants_frames("cam1"));
  EXPECT_FALSE(publisher.wants_frames("cam2"));
}

TEST_F(Bus_LiveInterest, a_cameras_subscriber_wants_only_its_frames_until_it_goes) {
  auto viewer =
      std::make_unique<LiveSubscriber>(ctx, broker.backend, std::vector<std::string>{"live.cam1"});
  ASSERT_TRUE(becomes(true, "cam1"));
  EXPECT_FALSE(publisher.wants_frames("cam2"));
  EXPECT_FALSE(publisher.wants_frames("cam10")) << "\"live.cam1\" is a prefix of cam10's topic";
  EXPECT_TRUE(frame_arrives(*viewer, "cam1"));
  viewer.reset();
  EXPECT_TRUE(becomes(false, "cam1"));
}

TEST_F(Bus_LiveInterest, subscribing_and_unsubscribing_on_a_running_subscriber_follows) {
  LiveSubscriber console(ctx, broker.backend, {kLiveStatusPrefix, kNoticePrefix});
  console.subscribe("live.cam2");
  ASSERT_TRUE(becomes(true, "cam2"));
  EXPECT_FALSE(publisher.wants_frames("cam1"));
  console.unsubscribe("live.cam2");
  EXPECT_TRUE(becomes(false, "cam2"));
}

TEST_F(Bus_LiveInterest, a_subscriber_to_all_frames_wants_every_cameras) {
  LiveSubscriber everything(ctx, broker.backend, {kLiveFramePrefix});
  ASSERT_TRUE(becomes(true, "cam1"));
  EXPECT_TRUE(publisher.wants_frames("cam2"));
  EXPECT_TRUE(publisher.wants_frames("any-other"));
}

TEST_F(Bus_LiveInterest, a_subscription_survives_a_broker_restart) {
  LiveSubscriber viewer(ctx, broker.backend, {"live.cam1"});
  ASSERT_TRUE(becomes(true, "cam1"));
  broker.broker.reset();
  EXPECT_TRUE(becomes(false, "cam1")) << "with the broker gone nobody is known to watch";
  restart_broker();
  EXPECT_TRUE(becomes(true, "cam1", &viewer)) << "the subscriber and the publisher reconnected";
  EXPECT_FALSE(publisher.wants_frames("cam2"));
  EXPECT_TRUE(frame_arrives(viewer, "cam1"));
}

TEST_F(Bus_LiveInterest, a_subscriber_gone_while_the_broker_was_away_is_not_wanted_after) {
  auto viewer =
      std::make_unique<LiveSubscriber>(ctx, broker.backend, std::vector<std::string>{"live.cam1"});
  LiveSubscriber other(ctx, broker.backend, {"live.cam2"});
  ASSERT_TRUE(becomes(true, "cam1"));
  ASSERT_TRUE(becomes(true, "cam2"));
  broker.broker.reset();
  viewer.reset();
  // Until the publisher has seen the broker go, what it knew still stands: a restart quicker than
  // that would find cam2 wanted before the new broker said anything.
  ASSERT_TRUE(becomes(false, "cam2")) << "the publisher saw the broker go";
  restart_broker();
  ASSERT_TRUE(becomes(true, "cam2", &other)) << "the remaining subscriber reconnected";
  EXPECT_FALSE(publisher.wants_frames("cam1")) << "no stale subscription from before the restart";
}

}  // namespace
}  // namespace cctv::bus
