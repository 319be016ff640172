// SPDX-License-Identifier: Apache-2.0
// A camera whose RTSP server goes away: reported offline within offline_after_s, online with
// the outage when the server returns, reconnected with backoff; the segment cut short is kept;
// another camera (recording its main stream, analysing its substream) is not disturbed.
#include <gtest/gtest.h>

#include <algorithm>

#include "capture_test_util.hpp"
#include "cctv/capture/rtsp_test_server.hpp"
#include "support/temp_dir.hpp"

namespace cctv::capture::test {
namespace {

constexpr double kOfflineAfterS = 2;
constexpr auto kOutage = 4s;

StreamSpec small(int width, int height) {
  return {.width = width, .height = height, .fps = 10, .key_interval_s = 1, .bitrate_kbps = 512};
}

SupervisorParams supervised(const std::filesystem::path& dir, RecordingListener& segments,
                            HealthListener& health) {
  return {.source = {.recordings_dir = dir, .segment_s = 1, .recording_listener = &segments},
          .health = &health,
          .backoff_initial = 200ms,
          .backoff_max = 1000ms,
          .healthy_after = 2000ms};
}

// Largest gap between consecutive frame timestamps, in seconds.
double largest_gap(const std::vector<SeenFrame>& frames) {
  double gap = 0;
  for (std::size_t i = 1; i < frames.size(); ++i)
    gap = std::max(gap, seconds_between(frames[i - 1].ts, frames[i].ts));
  return gap;
}

TEST(Capture_CameraOutage, offline_then_online_while_the_other_camera_carries_on) {
  cctv::test::TempDir dir;
  RtspTestServer failing, healthy;
  failing.add_scene_mount("/a", "walkers", small(320, 180));
  healthy.add_scene_mount("/b-main", "street", small(640, 360));
  healthy.add_scene_mount("/b-sub", "street", small(320, 180));
  failing.start();
  healthy.start();

  config::Camera cam_a = camera("a", failing.url("/a"));
  config::Camera cam_b = camera("b", healthy.url("/b-main"));
  cam_b.analytics_url = healthy.url("/b-sub");
  cam_a.offline_after_s = cam_b.offline_after_s = kOfflineAfterS;
  HealthCollector health;
  SegmentCollector segments_a, segments_b;
  FrameCollector frames_a, frames_b;
  SourceSupervisor a(cam_a, frames_a, supervised(dir.path(), segments_a, health));
  SourceSupervisor b(cam_b, frames_b, supervised(dir.path(), segments_b, health));
  ASSERT_TRUE(eventually([&] { return segments_a.count() >= 1 && segments_b.count() >= 1; }, 15s));
  ASSERT_EQ(a.figures().state, CameraState::online);

  const Timestamp killed = now_utc();
  const std::size_t b_segments_before = segments_b.count();
  failing.stop();
  ASSERT_TRUE(eventually([&] { return !health.events("offline").empty(); }, 6s));
  const HealthEvent offline = health.events("offline").front();
  EXPECT_EQ(offline.camera, "a");
  EXPECT_LE(seconds_between(killed, offline.at), kOfflineAfterS + 2.0)
      << "reported within offline_after_s (and a loaded machine's scheduling delay)";
  EXPECT_GE(seconds_between(killed, offline.at), kOfflineAfterS - 0.5)
      << "a blip shorter than that is not an outage";
  EXPECT_NEAR(seconds_between(offline.since, killed), 0, 1.0)
      << "since = the last frame before the outage";
  EXPECT_EQ(a.figures().state, CameraState::offline);

  std::this_thread::sleep_until(
      std::chrono::system_clock::now() +
      (kOutage - (now_utc() - killed)));  // outage length, not an assertion
  const Timestamp restarted = now_utc();
  failing.start();  // same port
  ASSERT_TRUE(eventually([&] { return !health.events("online").empty(); }, 8s));
  const HealthEvent online = health.events("online").front();
  EXPECT_EQ(online.camera, "a");
  EXPECT_GE(online.outage_s, seconds_between(killed, restarted) - 0.3);
  EXPECT_LE(online.outage_s, seconds_between(killed, online.at) + 0.3);
  EXPECT_TRUE(eventually([&] { return a.figures().state == CameraState::online; }, 2s));
  // Recording resumes after the reconnect.
  EXPECT_TRUE(eventually(
      [&] {
        return !segments_a.segments().empty() && segments_a.segments().back().start > restarted;
      },
      8s));

  // The connection loss was reported as an error, once per distinct message, for camera a only.
  const auto errors = health.events("error");
  ASSERT_FALSE(errors.empty());
  for (const auto& e : errors) EXPECT_EQ(e.camera, "a") << e.message;
  for (const auto& e : health.events()) EXPECT_EQ(e.camera, "a") << e.kind;
  EXPECT_GE(a.figures().attempts, 2);

  // The footage up to the outage is in a closed segment that plays to its last frame.
  const auto segs = segments_a.segments();
  const auto last_before =
      std::find_if(segs.rbegin(), segs.rend(), [&](const Segment& s) { return s.start < killed; });
  ASSERT_NE(last_before, segs.rend());
  EXPECT_NEAR(seconds_between(last_before->end, killed), 0, 0.6);
  const Recording cut = read_recording(last_before->path);
  ASSERT_TRUE(cut.opened) << cut.error;
  EXPECT_NEAR(cut.duration_s, seconds_between(last_before->start, last_before->end), 0.11);

  // Camera b never noticed: frames without a gap, segments all along, main stream recorded.
  // (A reconnect of b would show as health events for b, checked above; the gap bound allows an
  // in-process test encoder starved for a moment on a loaded machine.)
  EXPECT_LT(largest_gap(frames_b.frames()), 1.0);
  EXPECT_GE(segments_b.count(), b_segments_before + 4);
  for (const Segment& s : segments_b.segments()) EXPECT_TRUE(s.finalized);
  const Recording main = read_recording(segments_b.segments().back().path);
  EXPECT_EQ(main.width, 640) << "the main stream is recorded";
  EXPECT_EQ(frames_b.frames().back().width, 320) << "the substream is analysed";
  const CameraFigures fb = b.figures();
  EXPECT_EQ(fb.state, CameraState::online);
  EXPECT_NEAR(fb.fps_in, 10, 2.5);
  EXPECT_NEAR(fb.fps_out, 5, 1.5);
  EXPECT_GT(fb.bitrate_kbps, 50);
  ASSERT_TRUE(fb.last_frame.has_value());
  EXPECT_NEAR(seconds_between(*fb.last_frame, now_utc()), 0, 1.0);
}

}  // namespace
}  // namespace cctv::capture::test
