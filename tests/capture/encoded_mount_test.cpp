// SPDX-License-Identifier: Apache-2.0
// The test server's encoded-file mount (what cctv_scale_bench's cameras are): a 2 s H.264 file
// served as it is, looped, one pipeline per client. Two cameras on the same mount both receive
// frames at the file's rate, without a gap, well past two loop points. And a camera whose
// keyframes come in several slices (x264 with sliced threads, as many IP cameras encode) is
// decoded whole.
#include <gtest/gtest.h>

#include <algorithm>
#include <mutex>

#include <opencv2/core.hpp>

#include "capture_test_util.hpp"
#include "cctv/capture/rtsp_test_server.hpp"
#include "support/temp_dir.hpp"

namespace cctv::capture::test {
namespace {

constexpr double kFps = 6;
constexpr double kFileS = 2;

// Keeps the brightness plane of every frame.
class LumaCollector final : public FrameSink {
 public:
  void on_frame(const Frame& frame) override {
    std::lock_guard lock(mutex_);
    luma_.push_back(frame.i420.rowRange(0, frame.i420.rows * 2 / 3).clone());
  }
  std::vector<cv::Mat> frames() const {
    std::lock_guard lock(mutex_);
    return luma_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<cv::Mat> luma_;
};

double span_s(const std::vector<SeenFrame>& frames) {
  return frames.size() < 2 ? 0 : seconds_between(frames.front().ts, frames.back().ts);
}

TEST(Capture_EncodedMount, two_clients_decode_a_looped_file_past_the_loop_point) {
  cctv::test::TempDir dir;
  RtspTestServer server;
  server.add_encoded_file_mount("/loop", two_second_file(dir));
  server.start();

  FrameCollector frames_a, frames_b;
  SourceSupervisor a(camera("a", server.url("/loop"), kFps), frames_a, {});
  SourceSupervisor b(camera("b", server.url("/loop"), kFps), frames_b, {});
  const double want_s = 2.5 * kFileS;
  ASSERT_TRUE(eventually(
      [&] { return span_s(frames_a.frames()) > want_s && span_s(frames_b.frames()) > want_s; },
      20s))
      << "a: " << frames_a.count() << " frames, b: " << frames_b.count();

  for (const FrameCollector* frames : {&frames_a, &frames_b}) {
    const auto seen = frames->frames();
    EXPECT_GE(static_cast<double>(seen.size()), 0.9 * kFps * span_s(seen)) << "the file's rate";
    double gap = 0;
    for (std::size_t i = 1; i < seen.size(); ++i)
      gap = std::max(gap, seconds_between(seen[i - 1].ts, seen[i].ts));
    EXPECT_LT(gap, 0.5) << "timestamps run on across the loop point";
    EXPECT_EQ(seen.back().width, 320);
  }
}

TEST(Capture_EncodedMount, keyframes_in_two_slices_are_decoded_whole) {
  cctv::test::TempDir dir;
  RtspTestServer server;
  // A still picture: consecutive frames differ by coding noise (about 5 grey levels here), a
  // frame with a slice lost by 60 or more.
  server.add_encoded_file_mount(
      "/slices", two_second_file(dir, "smpte", {"sliced-threads=true", "threads=2"}));
  server.start();
  LumaCollector luma;
  SourceSupervisor camera_a(camera("a", server.url("/slices"), kFps), luma, {});
  ASSERT_TRUE(eventually([&] { return luma.frames().size() >= 3 * kFps * kFileS; }, 20s));
  const auto frames = luma.frames();
  for (std::size_t i = 1; i < frames.size(); ++i) {
    EXPECT_LT(cv::norm(frames[i], frames[i - 1], cv::NORM_L1) / frames[i].total(), 12.0)
        << "frame " << i << " differs from the one before (half a keyframe lost?)";
  }
}

TEST(Capture_EncodedMount, a_file_without_h264_is_refused) {
  cctv::test::TempDir dir;
  RtspTestServer server;
  EXPECT_THROW(server.add_encoded_file_mount("/none", dir / "missing.mkv"), std::invalid_argument);
  EXPECT_THROW(server.add_encoded_file_mount("/text", dir.write("notes.txt", "not video")),
               std::invalid_argument);
}

}  // namespace
}  // namespace cctv::capture::test
