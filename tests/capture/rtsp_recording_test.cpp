// SPDX-License-Identifier: Apache-2.0
// Recording from an RTSP camera (our gst-rtsp-server fixture): segments land in the layout,
// play back with libavformat, carry exactly the H.264 the camera's encoder produced, and are
// reported to the listener; analytics frames arrive at the configured size, rate and time.
// A record-only camera (analytics disabled) records the same way and decodes nothing.
#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>

#include "capture_test_util.hpp"
#include "cctv/capture/recording_layout.hpp"
#include "cctv/capture/rtsp_test_server.hpp"
#include "support/temp_dir.hpp"

namespace cctv::capture::test {
namespace {

constexpr double kServedFps = 10;
constexpr double kSegmentS = 2;

// Where recorded access unit `first` sits in what the server encoded; npos if nowhere.
std::size_t find_unit(const std::vector<std::vector<std::uint64_t>>& served,
                      const std::vector<std::uint64_t>& first) {
  for (std::size_t i = 0; i < served.size(); ++i) {
    if (served[i] == first) return i;
  }
  return std::string::npos;
}

class Capture_RtspRecording : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.add_scene_mount("/cam1", "street",
                            {.width = 640,
                             .height = 360,
                             .fps = kServedFps,
                             .key_interval_s = 2,
                             .bitrate_kbps = 1024,
                             .on_encoded = [this](auto au, bool key) { served_.add(au, key); }});
    server_.start();
  }

  struct Recorded {
    std::unique_ptr<Source> source;     // stopped; its counters stay readable
    std::optional<std::string> result;  // what run() returned; nullopt: a clean stop
  };

  // Runs `cam` until `segments` has `count` segments (a test failure after `timeout`), then stops
  // it.
  Recorded record(const config::Camera& cam, SegmentCollector& segments, FrameCollector& frames,
                  std::size_t count, std::chrono::seconds timeout) {
    auto source = create_source(
        cam,
        {.recordings_dir = dir_.path(), .segment_s = kSegmentS, .recording_listener = &segments});
    std::optional<std::string> result = "not finished";
    std::jthread runner([&](std::stop_token stop) { result = source->run(stop, frames); });
    EXPECT_TRUE(eventually([&] { return segments.count() >= count; }, timeout))
        << "segments so far: " << segments.count();
    runner.request_stop();
    runner.join();
    return {std::move(source), result};
  }

  cctv::test::TempDir dir_;
  EncodedLog served_;
  RtspTestServer server_;
};

TEST_F(Capture_RtspRecording, records_the_served_h264_bit_for_bit_and_delivers_analytics_frames) {
  const config::Camera cam = camera("cam1", server_.url("/cam1"), 5, 320, 180);
  SegmentCollector segments;
  FrameCollector frames;
  const Recorded recorded = record(cam, segments, frames, 5, 25s);
  ASSERT_EQ(recorded.result, std::nullopt);
  const auto& source = recorded.source;

  const auto segs = segments.segments();
  ASSERT_GE(segs.size(), 6u) << "stopping closes the open segment too";
  const auto served = served_.units();
  std::size_t next_unit = std::string::npos;
  for (std::size_t i = 0; i < segs.size(); ++i) {
    const Segment& s = segs[i];
    SCOPED_TRACE(s.path.string());
    EXPECT_EQ(s.camera, "cam1");
    EXPECT_TRUE(s.finalized);
    EXPECT_EQ(s.path, segment_path(dir_.path(), "cam1", s.start))
        << "layout <dir>/<camera>/<date>/<hour>/<start>.mkv";
    ASSERT_TRUE(std::filesystem::exists(s.path));
    EXPECT_EQ(s.bytes, std::filesystem::file_size(s.path));
    if (i > 0) {
      EXPECT_NEAR(seconds_between(segs[i - 1].end, s.start), 0, 0.01) << "segments are contiguous";
    }

    const Recording r = read_recording(s.path);
    ASSERT_TRUE(r.opened) << r.error;
    EXPECT_EQ(r.codec, "h264");
    EXPECT_EQ(r.width, 640);
    EXPECT_EQ(r.height, 360);
    EXPECT_EQ(r.profile, 100) << "High profile, as the camera encoded it";
    ASSERT_GT(r.packets, 0);
    EXPECT_GE(r.keyframes, 1);
    const double listed_s = seconds_between(s.start, s.end);
    EXPECT_NEAR(r.duration_s, listed_s, 0.11) << "the listener's end matches the file";
    EXPECT_NEAR(r.packets, listed_s * kServedFps, 1.01) << "one packet per frame";
    if (i + 1 < segs.size()) {
      EXPECT_NEAR(r.duration_s, kSegmentS, 0.25)
          << "client-side RTP timestamps jitter by a frame or two";
      EXPECT_NEAR(r.packets, kSegmentS * kServedFps, 1.01);
    }
    // Bit-identical: the recorded slices are a gap-free run of what the encoder produced.
    const std::size_t at = find_unit(served, r.slices.front());
    ASSERT_NE(at, std::string::npos) << "first frame of the segment was never served";
    if (next_unit != std::string::npos) {
      EXPECT_EQ(at, next_unit) << "no frame lost or repeated between segments";
    }
    for (std::size_t k = 0; k < r.slices.size(); ++k) {
      ASSERT_LT(at + k, served.size());
      ASSERT_EQ(r.slices[k], served[at + k])
          << "packet " << k << " differs from the served access unit";
    }
    next_unit = at + r.slices.size();
  }

  const auto seen = frames.frames();
  ASSERT_GE(seen.size(), 20u);
  for (const SeenFrame& f : seen) {
    EXPECT_EQ(f.width, 320);
    EXPECT_EQ(f.height, 180);
    EXPECT_EQ(f.type, CV_8UC1);  // I420, as decoded
    // Mapped to UTC wall time: never ahead of now, and behind it only by the pipeline's latency
    // (jitter buffer, decode; seconds on a loaded machine under ASan), not by hours.
    const double lag_s = seconds_between(f.ts, f.received);
    EXPECT_GT(lag_s, -0.5) << "capture time is not in the future";
    EXPECT_LT(lag_s, 3.0) << "capture time is close to now";
  }
  const double span_s = seconds_between(seen.front().ts, seen.back().ts);
  EXPECT_NEAR((seen.size() - 1) / span_s, 5.0, 0.3) << "analytics fps";
  EXPECT_EQ(source->counters().frames_out.load(), seen.size());
  EXPECT_GT(source->counters().recorded_bytes.load(), 0u);
}

TEST_F(Capture_RtspRecording, a_record_only_camera_records_segments_and_delivers_no_frames) {
  config::Camera cam = camera("cam1", server_.url("/cam1"));
  cam.analytics.enabled = false;
  cam.analytics_url = "rtsp://127.0.0.1:1/nothing-listens-here";  // opening it would fail
  SegmentCollector segments;
  FrameCollector frames;
  const Recorded recorded = record(cam, segments, frames, 2, 15s);
  EXPECT_EQ(recorded.result, std::nullopt) << "the analytics_url was never opened";
  const auto& source = recorded.source;

  for (const Segment& s : segments.segments()) {
    const Recording r = read_recording(s.path);
    ASSERT_TRUE(r.opened) << s.path << ": " << r.error;
    EXPECT_EQ(r.codec, "h264");
    EXPECT_NEAR(r.packets, seconds_between(s.start, s.end) * kServedFps, 1.01);
  }
  const SourceCounters& c = source->counters();
  EXPECT_GT(c.frames_in.load(), 20u) << "frames are still counted, for camera health";
  EXPECT_EQ(frames.count(), 0u);
  EXPECT_EQ(c.frames_out.load(), 0u);
  EXPECT_EQ(c.frames_dropped.load(), 0u) << "no analytics branch, so nothing to drop";
}

TEST(Capture_RecordOnly, a_camera_that_neither_records_nor_analyses_is_refused) {
  config::Camera cam = camera("t", "test://walkers");
  cam.analytics.enabled = false;
  EXPECT_THROW(create_source(cam), std::invalid_argument);
}

}  // namespace
}  // namespace cctv::capture::test
