// SPDX-License-Identifier: Apache-2.0
// Clip extraction on real footage: a test:// camera recorded through the capture pipeline into
// 4 s segments (about 15 s, once for all the suite's test processes) and indexed as `cctv run`
// does. A clip across segment boundaries must start at a keyframe within one GOP of the request,
// end at the request, play (libavformat opens it, libavcodec decodes every frame), hold the
// camera's packets bit for bit, and run on with continuous, monotonic timestamps.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <thread>

#include "cctv/capture/source.hpp"
#include "cctv/storage/clip_extractor.hpp"
#include "media_test_util.hpp"
#include "support/shared_fixture.hpp"
#include "support/temp_dir.hpp"

namespace cctv::storage {
namespace {

using namespace std::chrono_literals;

constexpr double kFps = 10;
constexpr double kSegmentS = 4;

class IndexingListener final : public capture::RecordingListener {
 public:
  explicit IndexingListener(RecordingIndex& index) : index_(index) {}
  void on_segment_closed(const capture::Segment& s) override {
    index_.add(describe_segment(s.camera, s.start, s.end, s.path.string()));
    std::lock_guard lock(mutex_);
    ++closed_;
  }
  int closed() const {
    std::lock_guard lock(mutex_);
    return closed_;
  }

 private:
  RecordingIndex& index_;
  mutable std::mutex mutex_;
  int closed_ = 0;
};

class NoFrames final : public capture::FrameSink {
 public:
  void on_frame(const capture::Frame&) override {}
};

// Records about 15 s of a synthetic street (10 fps, a keyframe every 2 s) into 4 s segments.
void record(const std::filesystem::path& dir, RecordingIndex& index) {
  config::Camera camera;
  camera.id = "cam1";
  camera.site = "s1";
  camera.url = "test://street?width=640&height=360&fps=10";
  camera.analytics.fps = 1;
  camera.analytics.width = 160;
  camera.analytics.height = 90;
  IndexingListener listener(index);
  NoFrames sink;
  auto source = capture::create_source(
      camera, {.recordings_dir = dir, .segment_s = kSegmentS, .recording_listener = &listener});
  std::jthread runner([&](std::stop_token stop) { source->run(stop, sink); });
  const auto deadline = std::chrono::steady_clock::now() + 40s;
  while (listener.closed() < 3 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(50ms);
  std::this_thread::sleep_for(2s);  // part of a fourth, closed short by the stop
}

class Storage_ClipExtractor : public ::testing::Test {
 protected:
  // The footage is recorded once for all the suite's test processes and only read.
  static void SetUpTestSuite() {
    const auto dir = test::shared_fixture("clip-footage", [](const std::filesystem::path& d) {
      RecordingIndex index((d / "cctv.db").string());
      record(d / "recordings", index);
    });
    index_ = new RecordingIndex((dir / "cctv.db").string());
  }
  static void TearDownTestSuite() { delete index_; }

  static std::vector<Recording> segments() {
    return index_->find("cam1", Timestamp{}, Timestamp{} + std::chrono::years(100));
  }

  static RecordingIndex* index_;
  test::TempDir out_;
};

RecordingIndex* Storage_ClipExtractor::index_ = nullptr;

// Seconds between keyframes, read from the stream itself.
double gop_s(const test::Media& m) {
  std::vector<double> keys;
  for (const auto& p : m.packets) {
    if (p.key) keys.push_back(p.pts_s);
  }
  return keys.size() < 2 ? 0 : (keys.back() - keys.front()) / static_cast<double>(keys.size() - 1);
}

TEST_F(Storage_ClipExtractor,
       cut_across_segment_boundaries_is_a_playable_bit_identical_stream_copy) {
  const auto segs = segments();
  ASSERT_GE(segs.size(), 3u) << "the recording needs several segments";
  // The keyframe interval, from the first segment with two keyframes (on a loaded machine the
  // first can be cut short).
  double gop = 0;
  for (const Recording& s : segs) {
    const test::Media media = test::read_media(s.path);
    ASSERT_TRUE(media.error.empty()) << media.error;
    if ((gop = gop_s(media)) > 0) break;
  }
  ASSERT_GT(gop, 0) << "several keyframes per segment";

  // From mid-GOP in the first segment to mid-way through the third: two boundaries. (Segments
  // are 4 s; on a loaded machine the recorder can close them sooner, so the point is placed
  // within the first one's real span.)
  const Timestamp from = segs[0].start + (segs[0].end - segs[0].start) * 27 / 40;
  const Timestamp to = segs[2].start + (segs[2].end - segs[2].start) * 3 / 8;
  const auto out = out_ / "clip.mp4";
  const Clip clip = extract_clip(segs, from, to, out);

  EXPECT_EQ(clip.segments, 3);
  EXPECT_TRUE(clip.warnings.empty()) << clip.warnings.front();
  EXPECT_LE(clip.start, from) << "starts at the keyframe at or before the window";
  EXPECT_LT(seconds_between(clip.start, from), gop + 0.01);
  EXPECT_NEAR(seconds_between(clip.end, to), 0, 1.5 / kFps) << "ends with the window";
  EXPECT_FALSE(std::filesystem::exists(out.string() + ".part"));

  const test::Media m = test::read_media(out, /*decode=*/true);
  ASSERT_TRUE(m.error.empty()) << m.error;
  EXPECT_EQ(m.codec, "h264");
  const double requested = seconds_between(from, to);
  EXPECT_NEAR(m.duration_s(), requested, gop) << "within one GOP of the request";
  EXPECT_NEAR(m.duration_s(), seconds_between(clip.start, clip.end), 0.002);
  EXPECT_EQ(static_cast<std::int64_t>(m.packets.size()), clip.frames);
  EXPECT_EQ(m.decoded_frames, static_cast<int>(m.packets.size())) << "every frame decodes";
  ASSERT_FALSE(m.packets.empty());
  EXPECT_TRUE(m.packets.front().key);

  // No re-encode: the clip's packets are a gap-free run of the segments' own packets.
  struct Recorded {
    std::string sha256;
    double pts_s;
    int segment;
  };
  std::vector<Recorded> recorded;
  for (int i = 0; i < 3; ++i) {
    for (const auto& p : test::read_media(segs[i].path).packets)
      recorded.push_back({p.sha256, p.pts_s, i});
  }
  const auto first = std::find_if(recorded.begin(), recorded.end(), [&](const Recorded& r) {
    return r.sha256 == m.packets.front().sha256;
  });
  ASSERT_NE(first, recorded.end()) << "the clip's first packet is not in the recordings";
  const auto at = static_cast<std::size_t>(first - recorded.begin());
  ASSERT_LE(at + m.packets.size(), recorded.size());
  for (std::size_t k = 0; k < m.packets.size(); ++k) {
    ASSERT_EQ(m.packets[k].sha256, recorded[at + k].sha256)
        << "packet " << k << " differs from the recording";
  }

  // Monotonic and continuous: every step is the recording's own (one frame, or more where the
  // live test camera, starved on a loaded machine, skipped one), and one frame across the
  // boundaries, where each segment's timeline restarts.
  for (std::size_t k = 1; k < m.packets.size(); ++k) {
    const Recorded& now = recorded[at + k];
    const Recorded& before = recorded[at + k - 1];
    const double step = now.segment == before.segment ? now.pts_s - before.pts_s : 1 / kFps;
    EXPECT_GT(m.packets[k].dts_s, m.packets[k - 1].dts_s) << "dts of packet " << k;
    EXPECT_NEAR(m.packets[k].pts_s - m.packets[k - 1].pts_s, step, 0.012)
        << "pts step at packet " << k << (now.segment == before.segment ? "" : " (a boundary)");
  }
  EXPECT_NEAR(m.packets.front().pts_s, 0, 0.001) << "the clip's own timeline starts at 0";

  // Playable in a browser while downloading: the index comes before the media.
  const auto boxes = test::mp4_boxes(out);
  const auto moov = std::find(boxes.begin(), boxes.end(), "moov");
  const auto mdat = std::find(boxes.begin(), boxes.end(), "mdat");
  ASSERT_NE(moov, boxes.end());
  ASSERT_NE(mdat, boxes.end());
  EXPECT_LT(moov, mdat) << "+faststart";
}

TEST_F(Storage_ClipExtractor, window_beyond_the_footage_is_cut_to_what_was_recorded) {
  const auto segs = segments();
  ASSERT_GE(segs.size(), 2u);
  const Clip clip = extract_clip(segs, segs[0].start - 30s, segs[1].start + 1s, out_ / "early.mp4");
  EXPECT_EQ(clip.start, segs[0].start) << "the first frame recorded";
  EXPECT_EQ(clip.segments, 2);
  EXPECT_EQ(test::read_media(out_ / "early.mp4").packets.size(),
            static_cast<std::size_t>(clip.frames));
}

TEST_F(Storage_ClipExtractor, a_hole_in_the_footage_stays_a_hole_and_is_reported) {
  auto segs = segments();
  ASSERT_GE(segs.size(), 3u);
  segs.erase(segs.begin() + 1);  // as if the camera had been offline for a segment
  const Clip clip = extract_clip(segs, segs[0].start, segs[1].start + 1s, out_ / "hole.mp4");
  ASSERT_EQ(clip.warnings.size(), 1u);
  EXPECT_NE(clip.warnings[0].find("no footage for"), std::string::npos) << clip.warnings[0];
  const test::Media m = test::read_media(out_ / "hole.mp4");
  EXPECT_NEAR(m.duration_s(), seconds_between(segs[0].start, segs[1].start) + 1, 0.15)
      << "the timeline keeps the outage";
}

TEST_F(Storage_ClipExtractor, no_footage_in_the_window_is_a_clear_error_and_leaves_no_file) {
  const auto segs = segments();
  const Timestamp after = segs.back().end + 1h;
  try {
    extract_clip(segs, after, after + 10s, out_ / "none.mp4");
    FAIL() << "expected ClipError";
  } catch (const ClipError& e) {
    EXPECT_NE(std::string(e.what()).find("no recorded footage between"), std::string::npos)
        << e.what();
  }
  EXPECT_THROW(extract_clip({}, segs[0].start, segs[0].end, out_ / "none.mp4"), ClipError);
  EXPECT_THROW(extract_clip(segs, segs[0].end, segs[0].start, out_ / "none.mp4"), ClipError);
  EXPECT_FALSE(std::filesystem::exists(out_ / "none.mp4"));
  EXPECT_FALSE(std::filesystem::exists(out_ / "none.mp4.part"));
}

TEST_F(Storage_ClipExtractor, corrupt_or_missing_segments_are_clear_errors_naming_the_file) {
  auto segs = segments();
  ASSERT_GE(segs.size(), 2u);
  const auto garbage = out_.write("garbage.mkv", std::string(50000, '\x5a'));
  segs[1].path = garbage.string();
  try {
    extract_clip(segs, segs[0].start, segs[1].end, out_ / "bad.mp4");
    FAIL() << "expected ClipError";
  } catch (const ClipError& e) {
    EXPECT_NE(std::string(e.what()).find(garbage.string()), std::string::npos) << e.what();
  }
  segs[1].path = (out_ / "gone.mkv").string();
  EXPECT_THROW(extract_clip(segs, segs[0].start, segs[1].end, out_ / "bad.mp4"), ClipError);
  EXPECT_FALSE(std::filesystem::exists(out_ / "bad.mp4"));
  EXPECT_FALSE(std::filesystem::exists(out_ / "bad.mp4.part"));
}

TEST_F(Storage_ClipExtractor, a_segment_cut_short_by_a_crash_gives_what_it_holds) {
  auto segs = segments();
  const auto truncated = out_ / "truncated.mkv";
  std::filesystem::copy_file(segs[0].path, truncated);
  std::filesystem::resize_file(truncated, std::filesystem::file_size(truncated) / 2);
  segs[0].path = truncated.string();
  const Clip clip = extract_clip({segs[0]}, segs[0].start, segs[0].end, out_ / "short.mp4");
  EXPECT_GT(clip.frames, 0);
  EXPECT_LT(clip.frames, static_cast<std::int64_t>(kSegmentS * kFps));
  const test::Media m = test::read_media(out_ / "short.mp4", /*decode=*/true);
  EXPECT_EQ(m.decoded_frames, static_cast<int>(m.packets.size()));
}

}  // namespace
}  // namespace cctv::storage
