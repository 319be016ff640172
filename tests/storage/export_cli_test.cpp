// SPDX-License-Identifier: Apache-2.0
// `cctv export` and `cctv verify`, the real binary on a data directory: the package verifies,
// a changed byte fails naming the file, the footage is put under a legal hold and the export
// is audited; times relative to now work; bad and ambiguous times are refused clearly.
#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "cctv/storage/audit_log.hpp"
#include "cctv/storage/legal_holds.hpp"
#include "media_test_util.hpp"
#include "storage/footage_test_util.hpp"
#include "support/temp_dir.hpp"

namespace cctv::storage {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class Apps_ExportCli : public ::testing::Test {
 protected:
  void SetUp() override {
    RecordingIndex index(db());
    // Footage that ends now, so that "-15s" falls inside it.
    start_ = std::chrono::floor<std::chrono::seconds>(now_utc()) - 20s;
    test::synthesise_recording(index, dir_ / "recordings", "cam1", start_, 10);
  }
  std::string db() const { return (dir_ / "cctv.db").string(); }
  test::CommandResult run(std::vector<std::string> args) const {
    args.insert(args.begin(), CCTV_BINARY);
    return test::run_command(args);
  }
  test::CommandResult export_window(const std::string& from, const std::string& to,
                                    const std::string& out) const {
    return run({"export", "--data", dir_.path().string(), "--camera", "cam1", "--from", from,
                "--to", to, "--reference", "CRI-42", "--out", (dir_ / out).string(), "--as",
                "alice"});
  }

  test::TempDir dir_;
  Timestamp start_{};
};

TEST_F(Apps_ExportCli, exports_a_window_that_verifies_and_is_held_and_audited) {
  const auto made = export_window(format_utc(start_ + 2s), format_utc(start_ + 6s), "pkg");
  ASSERT_EQ(made.exit_code, 0) << made.err;
  EXPECT_NE(made.out.find("pkg.zip"), std::string::npos) << made.out;
  EXPECT_NE(made.err.find("building: 100%"), std::string::npos) << made.err;

  for (const char* package : {"pkg", "pkg.zip"}) {
    const auto ok = run({"verify", (dir_ / package).string()});
    EXPECT_EQ(ok.exit_code, 0) << ok.out;
    EXPECT_NE(ok.out.find("PASS  working/cam1.mp4"), std::string::npos) << ok.out;
    EXPECT_NE(ok.out.find("RESULT: PASS"), std::string::npos) << ok.out;
  }
  {
    std::fstream f(dir_ / "pkg" / "working" / "cam1.mp4",
                   std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(1000);
    const char c = static_cast<char>(f.get());
    f.seekp(1000);
    f.put(static_cast<char>(c ^ 0x01));
  }
  const auto bad = run({"verify", (dir_ / "pkg").string()});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.out.find("FAIL  working/cam1.mp4: SHA-256 differs"), std::string::npos) << bad.out;
  EXPECT_NE(bad.out.find("RESULT: FAIL (1 check(s) failed)"), std::string::npos) << bad.out;

  const auto holds = LegalHolds(db()).active();
  ASSERT_EQ(holds.size(), 1u);
  EXPECT_EQ(holds[0].reason, "export CRI-42");
  EXPECT_EQ(holds[0].camera, "cam1");
  const auto audit = AuditLog(db()).list();
  EXPECT_TRUE(std::any_of(audit.begin(), audit.end(), [](const AuditEntry& e) {
    return e.action == "export.build" && e.actor == "alice" && e.target == "CRI-42";
  }));
}

TEST_F(Apps_ExportCli, takes_times_relative_to_now) {
  const auto made = export_window("-15s", "-5s", "recent");
  ASSERT_EQ(made.exit_code, 0) << made.err;
  EXPECT_EQ(run({"verify", (dir_ / "recent.zip").string()}).exit_code, 0);
}

TEST_F(Apps_ExportCli, refuses_bad_times_and_missing_footage_clearly_and_leaves_nothing) {
  const auto nonsense = export_window("yesterday", "now", "p");
  EXPECT_EQ(nonsense.exit_code, 2);
  EXPECT_NE(nonsense.err.find("--from: 'yesterday' is not a time"), std::string::npos)
      << nonsense.err;
  const auto twice = export_window("2026-10-25T01:30", "2026-10-25T01:45:00Z", "p");
  EXPECT_EQ(twice.exit_code, 2);
  EXPECT_NE(twice.err.find("happens twice"), std::string::npos) << twice.err;
  const auto backwards = export_window("-5s", "-15s", "p");
  EXPECT_EQ(backwards.exit_code, 2);
  const auto none = export_window("2020-01-01T00:00:00Z", "2020-01-01T00:01:00Z", "p");
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_NE(none.err.find("no recorded footage"), std::string::npos) << none.err;
  EXPECT_FALSE(fs::exists(dir_ / "p"));
  EXPECT_FALSE(fs::exists(dir_ / "p.zip"));
  EXPECT_TRUE(LegalHolds(db()).active().empty()) << "a failed export releases its hold";
}

TEST_F(Apps_ExportCli, adds_a_redacted_timestamped_working_copy_marked_in_the_manifest) {
  const auto made =
      run({"export", "--data", dir_.path().string(), "--camera", "cam1", "--from",
           format_utc(start_ + 2s), "--to", format_utc(start_ + 6s), "--reference", "SAR-1",
           "--out", (dir_ / "sar").string(), "--redact", "--keep-track", "3", "--faces"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  EXPECT_EQ(run({"verify", (dir_ / "sar.zip").string()}).exit_code, 0);
  const auto manifest = nlohmann::json::parse(test::read_file(dir_ / "sar" / "manifest.json"));
  const auto& files = manifest["files"];
  const auto copy = std::find_if(files.begin(), files.end(), [](const auto& f) {
    return f["path"] == "working/cam1-redacted.mp4";
  });
  ASSERT_NE(copy, files.end()) << manifest.dump(2);
  EXPECT_EQ((*copy)["redacted"], true);
  EXPECT_EQ((*copy)["made_from"], "working/cam1.mp4");
  EXPECT_EQ((*copy)["derived_from"].size(), 2u) << "traceable to its masters";
  EXPECT_EQ((*copy)["notes"]["tracks_kept"], nlohmann::json::array({3}));
  EXPECT_EQ((*copy)["notes"]["faces_blurred"], true);
  const auto redacted = test::read_media(dir_ / "sar" / "working" / "cam1-redacted.mp4", true);
  const auto original = test::read_media(dir_ / "sar" / "working" / "cam1.mp4");
  ASSERT_TRUE(redacted.error.empty()) << redacted.error;
  EXPECT_EQ(redacted.codec, "h264");
  EXPECT_EQ(redacted.decoded_frames, static_cast<int>(original.packets.size()))
      << "every frame, re-encoded";
  EXPECT_NEAR(redacted.duration_s(), original.duration_s(), 0.15);
  EXPECT_NE(redacted.packets.front().sha256, original.packets.front().sha256)
      << "re-encoded, time burnt in";
}

}  // namespace
}  // namespace cctv::storage
