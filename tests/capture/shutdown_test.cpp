// SPDX-License-Identifier: Apache-2.0
// Stopping cameras by a deadline: many cameras whose RTSP server ends their streams and restarts
// stop together, within it; a camera whose attempt is stuck is abandoned at it, and nothing it
// does afterwards reaches its owner.
#include <gtest/gtest.h>

#include <list>

#include "capture_test_util.hpp"
#include "cctv/capture/rtsp_test_server.hpp"
#include "support/temp_dir.hpp"

namespace cctv::capture::test {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point begun) {
  return std::chrono::duration<double>(Clock::now() - begun).count();
}

SupervisorParams recorded(const std::filesystem::path& dir, RecordingListener& segments) {
  return {.source = {.recordings_dir = dir, .segment_s = 1, .recording_listener = &segments},
          .backoff_initial = 100ms,
          .backoff_max = 400ms};
}

TEST(Capture_Shutdown, cameras_whose_streams_end_and_come_back_stop_together_by_the_deadline) {
  constexpr int kCameras = 16;
  cctv::test::TempDir dir;
  RtspTestServer server;
  // Served once through, not looped: every client's stream ends (end-of-stream) after 2 s and
  // the camera reconnects.
  server.add_encoded_file_mount("/ends", two_second_file(dir), false);
  server.start();
  SegmentCollector segments;
  std::list<FrameCollector> frames(kCameras);
  std::list<SourceSupervisor> cameras;
  for (FrameCollector& sink : frames) {
    const std::string id = "c" + std::to_string(cameras.size());
    cameras.emplace_back(camera(id, server.url("/ends"), 6), sink, recorded(dir.path(), segments));
  }
  ASSERT_TRUE(eventually(
      [&] {
        for (const auto& c : cameras) {
          if (c.figures().attempts < 2) return false;
        }
        return true;
      },
      60s))
      << "every camera saw its stream end and reconnected";
  // The server goes and comes back: the cameras are reconnecting as the node stops.
  server.stop();
  std::this_thread::sleep_for(500ms);
  server.start();
  std::this_thread::sleep_for(300ms);

  const auto begun = Clock::now();
  for (SourceSupervisor& c : cameras) c.request_stop();
  const auto deadline = begun + SourceSupervisor::kStopWait;
  int stopped = 0;
  for (SourceSupervisor& c : cameras) stopped += c.stop(deadline) ? 1 : 0;
  EXPECT_LT(seconds_since(begun), 6.0) << "together, not one after another";
  EXPECT_EQ(stopped, kCameras) << "none needed abandoning";
  for (const auto& c : cameras) EXPECT_EQ(c.figures().state, CameraState::stopped);
}

// Blocks in on_frame until released, as a consumer that hangs would.
class StuckSink final : public FrameSink {
 public:
  void on_frame(const Frame&) override {
    std::unique_lock lock(mutex_);
    ++calls_;
    entered_.notify_all();
    released_.wait(lock, [this] { return released; });
  }
  bool wait_stuck(std::chrono::seconds timeout) {
    std::unique_lock lock(mutex_);
    return entered_.wait_for(lock, timeout, [this] { return calls_ > 0; });
  }
  void release() {
    std::lock_guard lock(mutex_);
    released = true;
    released_.notify_all();
  }
  int calls() {
    std::lock_guard lock(mutex_);
    return calls_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable entered_, released_;
  bool released = false;
  int calls_ = 0;
};

TEST(Capture_Shutdown, a_stuck_camera_is_abandoned_at_the_deadline_and_cut_off_from_its_owner) {
  cctv::test::TempDir dir;
  RtspTestServer server;
  server.add_encoded_file_mount("/loop", two_second_file(dir));
  server.start();
  SegmentCollector segments;
  StuckSink stuck;
  FrameCollector healthy_frames;
  SegmentCollector healthy_segments;
  std::optional<SourceSupervisor> a, b;
  a.emplace(camera("a", server.url("/loop"), 6), stuck, recorded(dir / "a", segments));
  b.emplace(camera("b", server.url("/loop"), 6), healthy_frames,
            recorded(dir / "b", healthy_segments));
  ASSERT_TRUE(stuck.wait_stuck(20s));
  ASSERT_TRUE(eventually([&] { return healthy_segments.count() >= 1; }, 20s));

  const auto begun = Clock::now();
  a->request_stop();
  b->request_stop();
  const auto deadline = begun + 2s;
  EXPECT_FALSE(a->stop(deadline)) << "abandoned";
  EXPECT_TRUE(b->stop(deadline)) << "the other camera stops as usual";
  EXPECT_LT(seconds_since(begun), 3.0);
  EXPECT_EQ(a->figures().state, CameraState::stopped);
  const std::size_t a_segments = segments.count();
  a.reset();

  // The stuck call returns; the abandoned attempt winds down (closing its segment) on its own
  // thread, and tells nobody.
  stuck.release();
  std::this_thread::sleep_for(2s);
  EXPECT_EQ(stuck.calls(), 1);
  EXPECT_EQ(segments.count(), a_segments);
}

}  // namespace
}  // namespace cctv::capture::test
