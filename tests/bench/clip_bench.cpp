// SPDX-License-Identifier: Apache-2.0
// Issue 5, "measure and report" (evidence): clip extraction by stream copy against a plain copy
// of the same bytes (the clip file itself), in the same run, both ending with an fsync as
// evidence does. The footage is encoded here by GStreamer faster than real time, in the
// recording branch's container: 1280x720 H.264 at 10 fps, a keyframe every 2 s, 4 Mb/s (noise,
// so the encoder spends its whole bitrate), in 60 s Matroska segments. The page cache is warm
// for both (the files were just written), so this compares the work, not the disk.
//
//   cctv_clip_bench [minutes of footage] [runs]     (default 5, 5)
#include <cstdio>

#include "bench/bench_footage.hpp"
#include "cctv/storage/clip_extractor.hpp"
#include "support/temp_dir.hpp"

namespace cctv {
namespace {

using namespace bench;

int run(int minutes, int runs) {
  test::TempDir dir;
  std::filesystem::create_directories(dir / "recordings");
  const auto encode_start = Clock::now();
  encode_footage(dir / "recordings", {.minutes = minutes});
  const Timestamp base = *parse_utc("2026-11-23T10:00:00Z");
  const auto segments = index_segments(dir / "recordings", base);
  std::uintmax_t footage_bytes = 0;
  for (const auto& s : segments) footage_bytes += static_cast<std::uintmax_t>(s.bytes);
  std::printf(
      "footage: %d min of 1280x720 H.264 at %d fps in %zu segments, %.1f MB (encoded in %.1f s)\n",
      minutes, kFps, segments.size(), megabytes(footage_bytes), seconds_since(encode_start));

  // From mid-GOP in the first segment to just into the last: across every boundary.
  const Timestamp from = base + std::chrono::milliseconds(30700);
  const Timestamp to = segments.back().start + std::chrono::milliseconds(1300);
  std::vector<double> clip_s, copy_s;
  std::uintmax_t clip_bytes = 0;
  storage::Clip clip;
  for (int r = 0; r < runs; ++r) {
    const auto out = dir / ("clip" + std::to_string(r) + ".mp4");
    auto start = Clock::now();
    clip = storage::extract_clip(segments, from, to, out);
    clip_s.push_back(seconds_since(start));
    clip_bytes = std::filesystem::file_size(out);
    start = Clock::now();
    copy_durably(out, dir / ("copy" + std::to_string(r) + ".mp4"));
    copy_s.push_back(seconds_since(start));
    std::printf("run %d: clip %.3f s, copy %.3f s\n", r + 1, clip_s.back(), copy_s.back());
  }
  const double clip_median = median(clip_s), copy_median = median(copy_s);
  std::printf("clip: %.1f s of video, %lld frames from %d segments, %.1f MB\n",
              seconds_between(clip.start, clip.end), static_cast<long long>(clip.frames),
              clip.segments, megabytes(clip_bytes));
  std::printf("median of %d: clip %.3f s (%.0f MB/s, %.0fx real time), copy %.3f s (%.0f MB/s)\n",
              runs, clip_median, megabytes(clip_bytes) / clip_median,
              seconds_between(clip.start, clip.end) / clip_median, copy_median,
              megabytes(clip_bytes) / copy_median);
  std::printf("clip extraction takes %.2fx the time of a plain copy of the same bytes\n",
              clip_median / copy_median);
  return 0;
}

}  // namespace
}  // namespace cctv

int main(int argc, char** argv) {
  return cctv::bench::bench_main(argc, argv, "cctv_clip_bench", 5, 5, cctv::run);
}
