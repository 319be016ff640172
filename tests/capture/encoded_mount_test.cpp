// SPDX-License-Identifier: Apache-2.0
// The test server's encoded-file mount (what cctv_scale_bench's cameras are): a 2 s H.264 file
// served as it is, looped, one pipeline per client. Two cameras on the same mount both receive
// frames at the file's rate, without a gap, well past two loop points.
#include <gtest/gtest.h>

#include <algorithm>

#include "capture_test_util.hpp"
#include "cctv/capture/rtsp_test_server.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace cctv::capture::test {
namespace {

constexpr double kFps = 6;
constexpr double kFileS = 2;

// Encoded once by gst-launch-1.0, as the bench encodes its footage.
std::filesystem::path two_second_file(const cctv::test::TempDir& dir) {
  const auto path = dir / "loop.mkv";
  const auto made = cctv::test::run_command(
      {"/usr/bin/gst-launch-1.0", "-q", "videotestsrc", "num-buffers=12", "pattern=ball", "!",
       "video/x-raw,width=320,height=180,framerate=6/1", "!", "x264enc", "tune=zerolatency",
       "key-int-max=6", "!", "h264parse", "!", "matroskamux", "!", "filesink",
       "location=" + path.string()});
  if (made.exit_code != 0) throw std::runtime_error("gst-launch-1.0 failed: " + made.err);
  return path;
}

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

TEST(Capture_EncodedMount, a_file_without_h264_is_refused) {
  cctv::test::TempDir dir;
  RtspTestServer server;
  EXPECT_THROW(server.add_encoded_file_mount("/none", dir / "missing.mkv"), std::invalid_argument);
  EXPECT_THROW(server.add_encoded_file_mount("/text", dir.write("notes.txt", "not video")),
               std::invalid_argument);
}

}  // namespace
}  // namespace cctv::capture::test
