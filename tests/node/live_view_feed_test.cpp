// SPDX-License-Identifier: Apache-2.0
// A camera's live view feed over a real broker: it makes frames (BGR, two JPEGs) only while a
// console subscribes to them, two a second of frame time, and says in its status how many.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <optional>
#include <string>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "../../node/src/live_view_feed.hpp"
#include "../bus/bus_test_util.hpp"
#include "cctv/bus/live_feed.hpp"
#include "support/wait.hpp"

namespace cctv::node {
namespace {

using namespace std::chrono_literals;

constexpr auto kDeadline = 5s;  // generous: only reached when something is broken

class Node_LiveViewFeed : public ::testing::Test {
 protected:
  // `seconds` of frame time at 4 frames a second.
  void run(int seconds) {
    for (int i = 0; i < seconds * 4; ++i) {
      feed.on_frame(frame, ts, {});
      ts += 250ms;
    }
  }
  // The live frames the feed's status says it made so far (it reports until one arrives).
  std::optional<std::uint64_t> live_frames_reported() {
    std::optional<std::uint64_t> made;
    test::wait_until(
        kDeadline,
        [&] {
          feed.on_figures({.camera = "cam1", .state = capture::CameraState::online}, {}, {});
          const auto m = statuses.receive(20ms);
          if (m && m->kind == bus::LiveMessage::Kind::status)
            made = nlohmann::json::parse(m->meta).at("live_frames").get<std::uint64_t>();
          return made.has_value();
        },
        0ms);
    return made;
  }

  zmq::context_t ctx;
  bus::test_util::BrokerOnFreePorts broker{ctx};
  bus::LivePublisher publisher{ctx, broker.frontend};
  bus::LiveSubscriber statuses{ctx, broker.backend, {bus::kLiveStatusPrefix}};
  LiveViewFeed feed{&publisher, config::Camera{.id = "cam1"}, {}};
  analytics::VideoFrame frame{cv::Mat(36, 64, CV_8UC3, cv::Scalar(90, 120, 150))};
  Timestamp ts = now_utc();
};

TEST_F(Node_LiveViewFeed, makes_frames_only_while_watched_two_a_second) {
  run(3);
  EXPECT_EQ(live_frames_reported(), 0u) << "nobody watched: no frame made";

  auto viewer = std::make_unique<bus::LiveSubscriber>(ctx, broker.backend,
                                                      std::vector<std::string>{"live.cam1"});
  ASSERT_TRUE(test::wait_until(
      kDeadline, [&] { return publisher.wants_frames("cam1"); }, 20ms));
  run(2);
  int received = 0;
  while (const auto m = viewer->receive(500ms)) {
    ASSERT_EQ(m->kind, bus::LiveMessage::Kind::frame);
    EXPECT_EQ(m->camera, "cam1");
    EXPECT_FALSE(
        cv::imdecode(std::vector<uchar>(m->jpeg.begin(), m->jpeg.end()), cv::IMREAD_COLOR).empty());
    ++received;
  }
  EXPECT_EQ(received, 4) << "two a second of frame time";
  EXPECT_EQ(live_frames_reported(), 4u);

  viewer.reset();
  ASSERT_TRUE(test::wait_until(
      kDeadline, [&] { return !publisher.wants_frames("cam1"); }, 20ms));
  run(3);
  EXPECT_EQ(live_frames_reported(), 4u) << "the viewer left: no more frames made";
}

}  // namespace
}  // namespace cctv::node
