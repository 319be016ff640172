// SPDX-License-Identifier: Apache-2.0
// Issue 7, "report": building an evidential export package against a plain copy of the same
// footage bytes, in the same run. The footage is 1920x1080 H.264 at 10 fps, 6 Mb/s, in 60 s
// Matroska segments (bench_footage.hpp); the package is the whole recording: every segment
// copied and hashed as a master, the working MP4 cut by stream copy, the manifest signed, and
// the zip of it all, each file fsync'd. The copy baseline copies the segments once with an
// fsync each. The package writes about three times the footage's bytes (masters, working copy,
// zip), so a ratio near 3 means the export costs what its writes cost. Page cache warm for both.
// Then `verify` of the zip is timed too. Footage is encoded faster than real time, so an hour
// takes minutes to make; pass fewer minutes on a busy machine and scale (the work is linear).
//
//   cctv_export_bench [minutes of footage] [runs]     (default 60, 1)
#include <cstdio>

#include "bench/bench_footage.hpp"
#include "cctv/storage/export_package.hpp"
#include "cctv/storage/export_verify.hpp"
#include "support/temp_dir.hpp"

namespace cctv {
namespace {

using namespace bench;

std::uintmax_t tree_bytes(const std::filesystem::path& dir) {
  std::uintmax_t bytes = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
    if (e.is_regular_file()) bytes += e.file_size();
  return bytes;
}

int run(int minutes, int runs) {
  test::TempDir dir;
  std::filesystem::create_directories(dir / "recordings");
  const auto encode_start = Clock::now();
  encode_footage(dir / "recordings",
                 {.minutes = minutes, .width = 1920, .height = 1080, .bitrate_kbps = 6144});
  const Timestamp base = *parse_utc("2026-11-23T10:00:00Z");
  storage::RecordingIndex index((dir / "cctv.db").string());
  const auto segments = index_segments(dir / "recordings", base);
  std::uintmax_t footage_bytes = 0;
  for (const auto& s : segments) {
    index.add(s);
    footage_bytes += static_cast<std::uintmax_t>(s.bytes);
  }
  std::printf(
      "footage: %d min of 1920x1080 H.264 at %d fps in %zu segments, %.1f MB (encoded in %.1f s)\n",
      minutes, kFps, segments.size(), megabytes(footage_bytes), seconds_since(encode_start));

  const auto key = storage::ExportKey::load_or_create(dir / "keys");
  const storage::ExportSpec spec{.reference = "BENCH",
                                 .cameras = {{.id = "bench"}},
                                 .from = base,
                                 .to = segments.back().end,
                                 .operator_name = "bench"};
  std::vector<double> export_s, copy_s, verify_s;
  std::uintmax_t package_bytes = 0;
  for (int r = 0; r < runs; ++r) {
    const auto out = dir / ("package" + std::to_string(r));
    auto start = Clock::now();
    const auto package = storage::build_export_package(index, key, spec, out);
    export_s.push_back(seconds_since(start));
    package_bytes = tree_bytes(out) + std::filesystem::file_size(package.zip);
    start = Clock::now();
    const bool ok = storage::verify_export(package.zip).ok();
    verify_s.push_back(seconds_since(start));
    if (!ok) throw std::runtime_error("the package does not verify");
    start = Clock::now();
    const auto copy = dir / ("copy" + std::to_string(r));
    std::filesystem::create_directories(copy);
    for (const auto& s : segments)
      copy_durably(s.path, copy / std::filesystem::path(s.path).filename());
    copy_s.push_back(seconds_since(start));
    std::printf("run %d: export %.2f s, verify zip %.2f s, copy %.2f s\n", r + 1, export_s.back(),
                verify_s.back(), copy_s.back());
    std::filesystem::remove_all(out);
    std::filesystem::remove(package.zip);
    std::filesystem::remove_all(copy);
  }
  const double e = median(export_s), c = median(copy_s), v = median(verify_s);
  const double video_s = seconds_between(spec.from, spec.to);
  std::printf("package: %.1f MB written (directory + zip) for %.1f MB of footage\n",
              megabytes(package_bytes), megabytes(footage_bytes));
  std::printf(
      "median of %d: export %.2f s (%.0f MB/s of footage, %.0fx real time), copy %.2f s (%.0f "
      "MB/s)\n",
      runs, e, megabytes(footage_bytes) / e, video_s / e, c, megabytes(footage_bytes) / c);
  std::printf("verify of the zip: %.2f s (%.0f MB/s)\n", v, megabytes(footage_bytes * 2) / v);
  std::printf(
      "export takes %.2fx the time of a plain copy of the same footage; per hour of footage: "
      "export %.0f s, copy %.0f s\n",
      e / c, e * 3600 / video_s, c * 3600 / video_s);
  return 0;
}

}  // namespace
}  // namespace cctv

int main(int argc, char** argv) {
  return cctv::bench::bench_main(argc, argv, "cctv_export_bench", 60, 1, cctv::run);
}
