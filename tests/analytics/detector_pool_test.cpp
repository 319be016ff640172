// SPDX-License-Identifier: Apache-2.0
// The shared detector workers with a stand-in detector that takes a known time: who is served
// first, what is skipped and counted, and that results and errors reach the right caller.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "cctv/analytics/detector_pool.hpp"

namespace cctv::analytics {
namespace {

using namespace std::chrono_literals;

// Frame widths in the order the worker started them.
struct StartLog {
  std::mutex mutex;
  std::vector<int> widths;
  void add(int width) {
    std::lock_guard lock(mutex);
    widths.push_back(width);
  }
  std::vector<int> copy() {
    std::lock_guard lock(mutex);
    return widths;
  }
};

// Sleeps, then reports one box whose score is the frame's width (to tell frames apart).
class SlowDetector final : public ObjectDetector {
 public:
  SlowDetector(std::chrono::milliseconds cost, StartLog& started)
      : cost_(cost), started_(started) {}
  std::vector<Detection> detect(const VideoFrame& frame, const Motion&,
                                const DetectionArea&) override {
    started_.add(frame.size().width);
    std::this_thread::sleep_for(cost_);
    if (frame.size().width == 13) throw std::runtime_error("bad frame");
    return {{Box{0, 0, 1, 1}, static_cast<float>(frame.size().width)}};
  }

 private:
  std::chrono::milliseconds cost_;
  StartLog& started_;
};

// Holds the worker until the test lets it go: "the worker is busy" without guessing how long
// a thread takes to start on a loaded machine.
class HeldDetector final : public ObjectDetector {
 public:
  HeldDetector(std::shared_future<void> release, StartLog& started)
      : release_(std::move(release)), started_(started) {}
  std::vector<Detection> detect(const VideoFrame& frame, const Motion&,
                                const DetectionArea&) override {
    started_.add(frame.size().width);
    release_.wait();
    return {};
  }

 private:
  std::shared_future<void> release_;
  StartLog& started_;
};

// Holds its first request (frame width 10) until released; logs the smallest person each
// request asked to look closer for, in the order it ran them.
class GatedDetector final : public ObjectDetector {
 public:
  GatedDetector(std::shared_future<void> release, StartLog& started, std::vector<double>& closer)
      : release_(std::move(release)), started_(started), closer_(closer) {}
  std::vector<Detection> detect(const VideoFrame& frame, const Motion&,
                                const DetectionArea& area) override {
    closer_.push_back(area.smallest_person);  // one worker: no other thread writes it
    started_.add(frame.size().width);
    if (frame.size().width == 10) release_.wait();
    return {};
  }

 private:
  std::shared_future<void> release_;
  StartLog& started_;
  std::vector<double>& closer_;
};

struct Analytics_DetectorPool : ::testing::Test {
  DetectorPool pool{{.workers = 1, .worker_nice = 0}};
  const Motion motion;
  const DetectionArea whole;
  StartLog started;

  void SetUp() override {
    pool.add_detector("slow", [this] { return std::make_unique<SlowDetector>(40ms, started); });
  }
  std::optional<std::vector<Detection>> detect(const std::string& camera, int width,
                                               std::chrono::milliseconds patience = 0ms) {
    const VideoFrame frame(cv::Mat(8, width, CV_8UC1, cv::Scalar(0)));
    return pool.detect(camera, "slow", frame, motion, whole, patience);
  }
};

TEST_F(Analytics_DetectorPool, returns_each_callers_own_detections) {
  std::optional<std::vector<Detection>> a, b;
  std::jthread ta([&] { a = detect("a", 20); });
  std::jthread tb([&] { b = detect("b", 30); });
  ta.join();
  tb.join();
  ASSERT_TRUE(a && b);
  ASSERT_EQ(a->size(), 1u);
  ASSERT_EQ(b->size(), 1u);
  EXPECT_EQ(a->front().score, 20.0f);
  EXPECT_EQ(b->front().score, 30.0f);
  EXPECT_EQ(pool.figures("a").runs, 1u);
  EXPECT_EQ(pool.figures("b").runs, 1u);
}

TEST_F(Analytics_DetectorPool, a_busy_camera_does_not_starve_a_quiet_one) {
  // Two threads keep camera "busy" queued all the time; "quiet" asks once while they do.
  std::atomic<bool> stop{false};
  auto hammer = [&] {
    while (!stop) detect("busy", 10);
  };
  std::vector<std::jthread> busy;
  for (int i = 0; i < 6; ++i) busy.emplace_back(hammer);  // six busy jobs queued at any time
  std::this_thread::sleep_for(100ms);
  const std::size_t before = started.copy().size();
  ASSERT_TRUE(detect("quiet", 11));
  stop = true;
  busy.clear();
  // Served next: after the busy job running when it asked (and at most one more that started
  // as it was asking), not behind the six queued ones as first come, first served would.
  const std::vector<int> order = started.copy();
  const auto quiet = std::find(order.begin(), order.end(), 11);
  ASSERT_NE(quiet, order.end());
  EXPECT_LE(static_cast<std::size_t>(quiet - order.begin()), before + 1);
}

TEST_F(Analytics_DetectorPool, cameras_share_a_saturated_pool_evenly) {
  std::atomic<bool> stop{false};
  auto camera = [&](const std::string& id) {
    return [&, id] {
      while (!stop) detect(id, 10);
    };
  };
  std::jthread a(camera("a")), b1(camera("b")), b2(camera("b")), b3(camera("b"));
  std::this_thread::sleep_for(1s);
  stop = true;
  a.join(), b1.join(), b2.join(), b3.join();
  const auto runs_a = pool.figures("a").runs, runs_b = pool.figures("b").runs;
  // "b" asks three times as often; served longest-ago first, both get about half.
  EXPECT_GE(runs_a + 2, runs_b) << runs_a << " vs " << runs_b;
  EXPECT_GE(runs_b + 2, runs_a) << runs_a << " vs " << runs_b;
}

TEST_F(Analytics_DetectorPool, a_request_not_started_within_its_patience_is_skipped_and_counted) {
  std::promise<void> release;
  pool.add_detector("held", [&] {
    return std::make_unique<HeldDetector>(release.get_future().share(), started);
  });
  std::jthread busy([&] {
    pool.detect("busy", "held", VideoFrame(cv::Mat(8, 10, CV_8UC1, cv::Scalar(0))), motion, whole,
                0ms);
  });
  for (int i = 0; i < 500 && started.copy().empty(); ++i) std::this_thread::sleep_for(10ms);
  ASSERT_FALSE(started.copy().empty()) << "the busy request never started";
  EXPECT_FALSE(detect("late", 10, 5ms)) << "\"busy\" holds the only worker";
  EXPECT_EQ(pool.figures("late").skipped, 1u);
  EXPECT_EQ(pool.figures("late").runs, 0u);
  release.set_value();
  busy.join();
  EXPECT_TRUE(detect("late", 10, 5ms)) << "a free worker starts it at once";
  EXPECT_EQ(pool.figures("late").runs, 1u);
}

TEST_F(Analytics_DetectorPool, without_patience_a_request_waits_as_long_as_it_takes) {
  std::jthread busy([&] { detect("busy", 10); });
  std::this_thread::sleep_for(10ms);
  EXPECT_TRUE(detect("patient", 10));
  EXPECT_EQ(pool.figures("patient").skipped, 0u);
}

TEST_F(Analytics_DetectorPool, a_detector_error_reaches_its_caller_and_the_pool_goes_on) {
  EXPECT_THROW(detect("a", 13), std::runtime_error);
  EXPECT_TRUE(detect("a", 10));
}

TEST_F(Analytics_DetectorPool, an_unknown_detector_or_a_failing_factory_is_an_error) {
  const VideoFrame frame(cv::Mat(8, 8, CV_8UC1, cv::Scalar(0)));
  EXPECT_THROW(pool.detect("a", "missing", frame, motion, whole, 0ms), std::invalid_argument);
  EXPECT_THROW(pool.add_detector("broken",
                                 []() -> std::unique_ptr<ObjectDetector> {
                                   throw std::invalid_argument("model not found");
                                 }),
               std::invalid_argument);
}

// Two requests queue behind a held one; what each asked for when the worker ran it.
std::vector<double> closer_looks(std::chrono::milliseconds patience) {
  DetectorPool pool{{.workers = 1, .worker_nice = 0}};
  StartLog started;
  std::vector<double> closer;
  std::promise<void> release;
  pool.add_detector("gated", [&] {
    return std::make_unique<GatedDetector>(release.get_future().share(), started, closer);
  });
  const Motion motion;
  const DetectionArea small_people{{0, 0, 1, 1}, 0.1};
  auto request = [&](const std::string& camera, int width) {
    const VideoFrame frame(cv::Mat(8, width, CV_8UC1, cv::Scalar(0)));
    EXPECT_TRUE(pool.detect(camera, "gated", frame, motion, small_people, patience)) << camera;
  };
  std::jthread held([&] { request("held", 10); });
  for (int i = 0; i < 500 && started.copy().empty(); ++i) std::this_thread::sleep_for(10ms);
  std::jthread a([&] { request("a", 11); });
  std::jthread b([&] { request("b", 12); });
  std::this_thread::sleep_for(200ms);  // both queued behind the held one
  release.set_value();
  held.join();
  a.join();
  b.join();
  EXPECT_EQ(started.copy().size(), 3u);
  return closer;
}

TEST(Analytics_DetectorPoolCloserLook, a_live_request_looks_closer_only_while_nobody_else_waits) {
  EXPECT_EQ(closer_looks(10s), (std::vector<double>{0.1, 0, 0.1}))
      << "the middle one ran with another waiting";
}

TEST(Analytics_DetectorPoolCloserLook, a_file_request_always_looks_closer) {
  EXPECT_EQ(closer_looks(0ms), (std::vector<double>{0.1, 0.1, 0.1}))
      << "a file is replayed the same at any speed";
}

}  // namespace
}  // namespace cctv::analytics
