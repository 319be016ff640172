// SPDX-License-Identifier: Apache-2.0
// `cctv run` killed with SIGKILL while recording leaves the segment it was writing on disk,
// never indexed. The next start recovers it before recording again: indexed with its real
// times and hash, audited, closed, playable and clippable. A SIGTERM then closes and indexes
// the segment open at that moment.
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <vector>

#include "cctv/capture/recording_layout.hpp"
#include "cctv/common/sha256.hpp"
#include "cctv/storage/audit_log.hpp"
#include "cctv/storage/recording_index.hpp"
#include "storage/media_test_util.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "support/wait.hpp"

namespace cctv {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

// One record-only camera, in segments longer than the test: each run writes one.
std::string recording_config() {
  return "sites: [{id: s1, name: Site One}]\n"
         "cameras: [{id: kh1, site: s1, url: \"test://walkers\", analytics: {enabled: false}}]\n"
         "storage: {segment_s: 300}\n"
         "bus: {source: recovery-node, publish: \"tcp://127.0.0.1:" +
         std::to_string(test::free_tcp_port()) +
         "\", subscribe: \"tcp://127.0.0.1:" + std::to_string(test::free_tcp_port()) +
         "\", replay: \"tcp://127.0.0.1:*\"}\n";
}

class E2E_CrashRecovery : public ::testing::Test {
 protected:
  std::unique_ptr<test::Process> start_run() {
    return std::make_unique<test::Process>(
        std::vector<std::string>{CCTV_BINARY, "run", "--config", config.string(), "--data",
                                 data.string()},
        dir / ("run-" + std::to_string(++runs) + ".log"));
  }
  std::string log() const {
    return test::read_file(dir / ("run-" + std::to_string(runs) + ".log.err"));
  }
  std::vector<fs::path> segments() const {
    std::vector<fs::path> found;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(data / "recordings", ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it->path().extension() == ".mkv") found.push_back(it->path());
    }
    std::sort(found.begin(), found.end());
    return found;
  }
  // Waits until there are `n` segments, the newest holding `bytes`.
  bool recorded(std::size_t n, std::uintmax_t bytes) const {
    return test::wait_until(60s, [&] {
      const auto files = segments();
      std::error_code ec;
      return files.size() == n && fs::file_size(files.back(), ec) >= bytes && !ec;
    });
  }
  std::optional<storage::Recording> indexed(const fs::path& file) const {
    return storage::RecordingIndex((data / "cctv.db").string()).at(file.string());
  }

  test::TempDir dir;
  fs::path config = dir.write("recovery.yaml", recording_config());
  fs::path data = dir / "data";
  int runs = 0;
};

TEST_F(E2E_CrashRecovery, a_segment_cut_by_sigkill_is_indexed_at_restart_and_plays) {
  auto run = start_run();
  ASSERT_TRUE(recorded(1, 100000)) << log();
  run->signal(SIGKILL);
  ASSERT_EQ(run->wait(10s), 128 + SIGKILL);
  const fs::path cut_file = segments().front();
  EXPECT_FALSE(indexed(cut_file)) << "the crash cut it before it could be announced";
  const test::Media cut = test::read_media(cut_file);
  ASSERT_FALSE(cut.closed);

  run = start_run();
  ASSERT_TRUE(test::wait_until(30s, [&] { return indexed(cut_file).has_value(); })) << log();
  const storage::Recording row = *indexed(cut_file);
  EXPECT_EQ(row.start, capture::segment_start(cut_file));
  EXPECT_NEAR(std::chrono::duration<double>(row.end - row.start).count(), cut.duration_s(), 0.002);
  EXPECT_EQ(row.sha256, sha256_file(row.path));
  const test::Media recovered = test::read_media(cut_file, /*decode=*/true);
  EXPECT_TRUE(recovered.closed);
  EXPECT_EQ(recovered.packets.size(), cut.packets.size());
  EXPECT_EQ(recovered.decoded_frames, static_cast<int>(cut.packets.size()));
  const auto audit = storage::AuditLog((data / "cctv.db").string()).list();
  EXPECT_TRUE(std::any_of(audit.begin(), audit.end(), [&](const storage::AuditEntry& e) {
    return e.action == "recording.recover" && e.target == cut_file.string();
  }));
  const auto clip =
      test::run_command({CCTV_BINARY, "clip", "--data", data.string(), "--camera", "kh1", "--from",
                         format_utc(row.start), "--to", format_utc(row.start + 1s), "--out",
                         (dir / "clip.mp4").string()});
  EXPECT_EQ(clip.exit_code, 0) << clip.err;

  // A graceful stop closes the segment being written and indexes it.
  ASSERT_TRUE(recorded(2, 20000)) << log();
  run->signal(SIGTERM);
  ASSERT_EQ(run->wait(20s), 0) << log();
  const fs::path last = segments().back();
  const auto last_row = indexed(last);
  ASSERT_TRUE(last_row) << last;
  EXPECT_EQ(last_row->sha256, sha256_file(last.string()));
  EXPECT_TRUE(test::read_media(last).closed);
}

}  // namespace
}  // namespace cctv
