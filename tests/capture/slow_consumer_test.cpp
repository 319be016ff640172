// SPDX-License-Identifier: Apache-2.0
// A FrameSink that takes 500 ms per frame loses analytics frames (counted), never recording;
// test:// cameras work through the plain create_source(camera) the app uses.
#include <gtest/gtest.h>

#include "capture_test_util.hpp"
#include "support/temp_dir.hpp"

namespace cctv::capture::test {
namespace {

TEST(Capture_SlowConsumer, drops_analytics_frames_but_keeps_recording) {
  cctv::test::TempDir dir;
  SegmentCollector segments;
  FrameCollector slow(500ms);
  SourceSupervisor supervisor(
      camera("slow", "test://street?width=320&height=180&fps=10", 10, 320, 180), slow,
      {.source = {.recordings_dir = dir.path(), .segment_s = 2, .recording_listener = &segments}});
  ASSERT_TRUE(eventually([&] { return segments.count() >= 3; }, 15s)) << "recording kept going";
  const CameraFigures f = supervisor.figures();
  supervisor.stop();
  for (const Segment& s : segments.segments()) {
    const Recording r = read_recording(s.path);
    ASSERT_TRUE(r.opened) << r.error;
    if (s.end < segments.segments().back().start) {
      EXPECT_NEAR(r.packets, 20, 1) << "complete 2 s segments at 10 fps";
    }
  }
  EXPECT_LE(f.frames_out, f.frames_in / 4) << "at 500 ms per frame the sink sees about 2 of 10 fps";
  EXPECT_GE(f.frames_dropped, f.frames_in / 2) << "the rest are dropped and counted";
  EXPECT_NEAR(static_cast<double>(f.frames_in),
              static_cast<double>(f.frames_out + f.frames_dropped), 3)
      << "every frame is either delivered or counted as dropped";
  EXPECT_NEAR(f.fps_in, 10, 2);
}

TEST(Capture_TestSource, plain_create_source_delivers_frames_at_the_analytics_size) {
  FrameCollector frames;
  auto source = create_source(camera("t", "test://walkers", 6, 320, 180));
  std::jthread runner([&](std::stop_token stop) { source->run(stop, frames); });
  ASSERT_TRUE(eventually([&] { return frames.count() >= 6; }, 10s));
  runner.request_stop();
  runner.join();
  const auto seen = frames.frames();
  EXPECT_EQ(seen.front().width, 320);
  EXPECT_EQ(seen.front().height, 180);
  EXPECT_NEAR((seen.size() - 1) / seconds_between(seen.front().ts, seen.back().ts), 6, 1);
  EXPECT_THROW(create_source(camera("t", "test://nowhere")), std::invalid_argument);
  EXPECT_THROW(create_source(camera("t", "http://cam/x")), std::invalid_argument);
  EXPECT_THROW(create_source(camera("t", "rtsp://cam/x?transport=sctp")), std::invalid_argument);
  EXPECT_NO_THROW(create_source(camera("t", "test://smpte")));
}

}  // namespace
}  // namespace cctv::capture::test
