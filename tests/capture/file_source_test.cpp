// SPDX-License-Identifier: Apache-2.0
// file:// sources: any codec feeds analytics frame-exact when played as fast as possible,
// loops without a timestamp reset, H.264 is recorded bit-for-bit, and broken files give a
// clear error instead of a crash.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <random>

#include "capture_test_util.hpp"
#include "support/shared_data.hpp"
#include "support/temp_dir.hpp"

namespace cctv::capture::test {
namespace {

const std::filesystem::path kVtest = cctv::test::kPets09Video;  // msmpeg4, 795 frames @ 10 fps

// Stream-copies the video of `in` into an MP4 (moov at the end, like most camera exports).
void remux_to_mp4(const std::filesystem::path& in, const std::filesystem::path& out) {
  AVFormatContext* src = nullptr;
  ASSERT_GE(avformat_open_input(&src, in.c_str(), nullptr, nullptr), 0);
  ASSERT_GE(avformat_find_stream_info(src, nullptr), 0);
  AVFormatContext* dst = nullptr;
  ASSERT_GE(avformat_alloc_output_context2(&dst, nullptr, "mp4", out.c_str()), 0);
  AVStream* os = avformat_new_stream(dst, nullptr);
  avcodec_parameters_copy(os->codecpar, src->streams[0]->codecpar);
  os->codecpar->codec_tag = 0;
  os->time_base = src->streams[0]->time_base;
  ASSERT_GE(avio_open(&dst->pb, out.c_str(), AVIO_FLAG_WRITE), 0);
  ASSERT_GE(avformat_write_header(dst, nullptr), 0);
  AVPacket* pkt = av_packet_alloc();
  while (av_read_frame(src, pkt) >= 0) {
    av_packet_rescale_ts(pkt, src->streams[0]->time_base, os->time_base);
    pkt->stream_index = 0;
    av_interleaved_write_frame(dst, pkt);
  }
  av_packet_free(&pkt);
  av_write_trailer(dst);
  avio_closep(&dst->pb);
  avformat_free_context(dst);
  avformat_close_input(&src);
}

void write_prefix(const std::filesystem::path& from, const std::filesystem::path& to,
                  double fraction) {
  std::ifstream in(from, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  std::ofstream(to, std::ios::binary)
      << bytes.substr(0, static_cast<std::size_t>(bytes.size() * fraction));
}

std::optional<std::string> run_for(Source& source, FrameSink& sink, std::chrono::milliseconds max,
                                   const std::function<bool()>& until = {}) {
  std::optional<std::string> result = "still running";
  std::atomic<bool> done = false;
  std::jthread runner([&](std::stop_token stop) {
    result = source.run(stop, sink);
    done = true;
  });
  eventually([&] { return done || (until && until()); }, max);
  runner.request_stop();
  runner.join();
  return result;
}

class Capture_FileSource : public ::testing::Test {
 protected:
  // One H.264 MP4 for the suite (4 s, two GOPs), cut from a test:// camera's recording.
  static void SetUpTestSuite() {
    media_ = new cctv::test::TempDir();
    SegmentCollector segments;
    FrameCollector frames;
    auto source = create_source(
        camera("gen", "test://walkers?width=320&height=180&fps=10"),
        {.recordings_dir = media_->path(), .segment_s = 4, .recording_listener = &segments});
    const auto result = run_for(*source, frames, 15s, [&] { return segments.count() >= 1; });
    ASSERT_GE(segments.count(), 1u) << result.value_or("");
    mp4_ = media_->path() / "clip.mp4";
    remux_to_mp4(segments.segments().front().path, mp4_);
  }
  static void TearDownTestSuite() { delete media_; }

  static inline cctv::test::TempDir* media_ = nullptr;
  static inline std::filesystem::path mp4_;
  cctv::test::TempDir dir_;
};

TEST_F(Capture_FileSource, feeds_every_frame_of_a_non_h264_file_and_records_nothing) {
  ASSERT_TRUE(std::filesystem::exists(kVtest)) << "needs opencv-doc";
  SegmentCollector segments;
  FrameCollector frames;
  auto source = create_source(
      camera("vt", "file://" + kVtest.string(), 5, 320, 180),
      {.recordings_dir = dir_.path(), .segment_s = 2, .recording_listener = &segments});
  EXPECT_EQ(run_for(*source, frames, 30s), std::nullopt)
      << "a file that plays to its end is not an error";
  const auto seen = frames.frames();
  EXPECT_EQ(source->counters().frames_in.load(), 795u);
  EXPECT_EQ(seen.size(), 398u) << "every other frame of 795 at 10 fps, for 5 fps";
  EXPECT_EQ(source->counters().frames_dropped.load(), 0u) << "as fast as possible means lossless";
  for (std::size_t i = 1; i < seen.size(); ++i) {
    ASSERT_EQ((seen[i].ts - seen[i - 1].ts).count(), 200) << "frame " << i;
  }
  EXPECT_EQ(seen.front().width, 320);
  EXPECT_EQ(seen.front().height, 180);
  EXPECT_EQ(segments.count(), 0u) << "msmpeg4 cannot be passed through to recording";
}

// A consumer slower than decoding (analytics on a loaded machine) still gets the last frame:
// the file's end must not overtake it in the mailbox.
TEST_F(Capture_FileSource, a_slow_consumer_gets_every_frame_to_the_last) {
  for (int run = 0; run < 3; ++run) {
    FrameCollector frames(30ms);
    auto source = create_source(camera("clip", "file://" + mp4_.string(), 10, 320, 180));
    EXPECT_EQ(run_for(*source, frames, 30s), std::nullopt);
    EXPECT_EQ(frames.count(), source->counters().frames_in.load()) << "run " << run;
    EXPECT_EQ(frames.count(), 40u) << "4 s at 10 fps, run " << run;
  }
}

TEST_F(Capture_FileSource, loops_without_resetting_timestamps) {
  FrameCollector frames;
  auto source = create_source(camera("vt", "file://" + kVtest.string() + "?loop=1", 10, 160, 120));
  EXPECT_EQ(run_for(*source, frames, 30s, [&] { return frames.count() > 900; }), std::nullopt);
  const auto seen = frames.frames();
  ASSERT_GT(seen.size(), 900u) << "the file has 795 frames";
  for (std::size_t i = 1; i < seen.size(); ++i) {
    const auto step = (seen[i].ts - seen[i - 1].ts).count();
    ASSERT_TRUE(step >= 99 && step <= 101) << "frame " << i << " step " << step << " ms";
  }
}

TEST_F(Capture_FileSource, records_an_h264_file_bit_for_bit) {
  SegmentCollector segments;
  FrameCollector frames;
  auto source = create_source(
      camera("h264", "file://" + mp4_.string(), 5, 160, 90),
      {.recordings_dir = dir_.path(), .segment_s = 10, .recording_listener = &segments});
  EXPECT_EQ(run_for(*source, frames, 15s), std::nullopt);
  ASSERT_EQ(segments.count(), 1u);
  const Recording original = read_recording(mp4_);
  const Recording copy = read_recording(segments.segments().front().path);
  ASSERT_TRUE(copy.opened) << copy.error;
  EXPECT_EQ(copy.packets, original.packets);
  EXPECT_EQ(copy.slices, original.slices) << "the recording carries the file's H.264 untouched";
  EXPECT_NEAR(frames.count(), original.packets / 2.0, 1.0);
}

TEST_F(Capture_FileSource, a_file_stopped_mid_segment_is_kept_and_marked_unfinalised) {
  SegmentCollector segments;
  FrameCollector frames;
  auto source = create_source(
      camera("rt", "file://" + mp4_.string() + "?realtime=1", 5, 160, 90),
      {.recordings_dir = dir_.path(), .segment_s = 60, .recording_listener = &segments});
  // splitmuxsink writes whole GOPs (2 s here): stop in the second one.
  EXPECT_EQ(run_for(*source, frames, 15s, [&] { return frames.count() >= 14; }), std::nullopt);
  const auto seen = frames.frames();
  ASSERT_GE(seen.size(), 14u);
  const double paced_fps =
      (seen.size() - 1) / seconds_between(seen.front().received, seen.back().received);
  EXPECT_NEAR(paced_fps, 5, 1.0) << "realtime=1 plays at the file's own speed";
  ASSERT_EQ(segments.count(), 1u);
  const Segment s = segments.segments().front();
  EXPECT_FALSE(s.finalized);
  const Recording r = read_recording(s.path);
  ASSERT_TRUE(r.opened) << r.error;
  EXPECT_EQ(r.packets, 20) << "the complete first GOP";
  EXPECT_NEAR(r.duration_s, seconds_between(s.start, s.end), 0.25);
  EXPECT_THROW(create_source(camera("x", "file://" + mp4_.string() + "?realtime=1&loop=1")),
               std::invalid_argument);
}

TEST_F(Capture_FileSource, corrupt_truncated_and_missing_files_are_clear_errors) {
  std::string noise(200000, '\0');
  std::mt19937 random(7);
  for (char& c : noise) c = static_cast<char>(random());
  std::ofstream(dir_ / "garbage.mp4", std::ios::binary) << noise;
  write_prefix(mp4_, dir_ / "truncated.mp4", 0.6);
  // GStreamer's parsebin sometimes swallows qtdemux's error on a truncated MP4; the stall
  // check (offline_after_s) then ends the attempt instead.
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
      {"garbage.mp4", {"could not determine type of stream"}},
      {"truncated.mp4", {"no playable streams", "no data from"}},
      {"missing.mp4", {"not found"}}};
  for (const auto& [file, reasons] : cases) {
    SCOPED_TRACE(file);
    HealthCollector health;
    FrameCollector frames;
    config::Camera cam = camera("bad", "file://" + (dir_ / file).string());
    cam.offline_after_s = 2;
    SourceSupervisor supervisor(
        cam, frames, {.health = &health, .backoff_initial = 100ms, .backoff_max = 200ms});
    ASSERT_TRUE(eventually([&] { return supervisor.figures().attempts >= 3; }, 8s))
        << "it keeps retrying";
    const auto errors = health.events("error");
    ASSERT_FALSE(errors.empty());
    const std::string& message = errors[0].message;
    EXPECT_NE(message.find((dir_ / file).string()), std::string::npos) << message;
    std::string lower = message;
    std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
    EXPECT_TRUE(std::any_of(reasons.begin(), reasons.end(), [&](const std::string& r) {
      return lower.find(r) != std::string::npos;
    })) << message;
    EXPECT_LE(errors.size(), 2u) << "a repeated error is reported once, not per retry";
    EXPECT_EQ(frames.count(), 0u);
  }
}

}  // namespace
}  // namespace cctv::capture::test
