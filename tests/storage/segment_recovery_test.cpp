// SPDX-License-Identifier: Apache-2.0
// Recovering a segment a crash left behind: an encoder writing Matroska as the recorder does is
// killed with SIGKILL mid-write; recovery must keep every frame that plays, in a closed file
// (stream copy: the same packets, bit for bit), timed and hashed like an indexed segment, that
// clips can cut and retention deletes when due. A closed file is kept byte for byte.
#include <gtest/gtest.h>

#include <filesystem>

#include "cctv/common/sha256.hpp"
#include "cctv/storage/audit_log.hpp"
#include "cctv/storage/clip_extractor.hpp"
#include "cctv/storage/retention.hpp"
#include "cctv/storage/segment_recovery.hpp"
#include "media_test_util.hpp"
#include "storage/footage_test_util.hpp"
#include "support/temp_dir.hpp"

namespace cctv::storage {
namespace {

using namespace std::chrono_literals;

const Timestamp kStart = *parse_utc("2026-11-23T10:25:00.400Z");

std::vector<std::string> packet_hashes(const test::Media& media) {
  std::vector<std::string> hashes;
  for (const test::MediaPacket& p : media.packets) hashes.push_back(p.sha256);
  return hashes;
}

class Storage_SegmentRecovery : public ::testing::Test {
 protected:
  // A segment cut by SIGKILL, and what libavformat could read of it before recovery.
  std::filesystem::path killed_segment() {
    const auto file = dir / "tw1/20261123T102500.400Z.mkv";
    test::record_until_killed(file, 30000);
    cut = test::read_media(file);
    return file;
  }

  test::TempDir dir;
  test::Media cut;
};

TEST_F(Storage_SegmentRecovery, a_segment_cut_mid_write_is_remuxed_into_a_closed_file) {
  const auto file = killed_segment();
  ASSERT_FALSE(cut.closed) << "the kill should have left the container open";
  ASSERT_GE(cut.packets.size(), 15u);

  const auto r = recover_segment("tw1", kStart, file);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->remuxed);
  const test::Media now = test::read_media(file, /*decode=*/true);
  ASSERT_TRUE(now.error.empty()) << now.error;
  EXPECT_TRUE(now.closed);
  EXPECT_EQ(packet_hashes(now), packet_hashes(cut)) << "every playable frame, bit for bit";
  EXPECT_EQ(now.decoded_frames, static_cast<int>(now.packets.size()));
  EXPECT_EQ(r->frames, static_cast<std::int64_t>(now.packets.size()));
  // Timed from the name's start by its frames, hashed as it is stored now.
  EXPECT_EQ(r->recording.start, kStart);
  EXPECT_NEAR(std::chrono::duration<double>(r->recording.end - kStart).count(), cut.duration_s(),
              0.002);
  EXPECT_EQ(r->recording.camera, "tw1");
  EXPECT_EQ(r->recording.path, file.string());
  EXPECT_EQ(r->recording.sha256, sha256_file(file.string()));
  EXPECT_EQ(r->recording.bytes, static_cast<std::int64_t>(std::filesystem::file_size(file)));
  EXPECT_NE(r->note().find("remuxed"), std::string::npos) << r->note();
  EXPECT_FALSE(std::filesystem::exists(file.string() + ".part"));
}

TEST_F(Storage_SegmentRecovery, a_clip_cuts_a_recovered_segment) {
  const auto r = recover_segment("tw1", kStart, killed_segment());
  ASSERT_TRUE(r);
  const Clip clip = extract_clip({r->recording}, kStart + 1s, r->recording.end, dir / "clip.mp4");
  EXPECT_EQ(clip.start, kStart + 1s) << "a keyframe each second";
  EXPECT_LE(abs(clip.end - r->recording.end), 1ms);
  EXPECT_TRUE(clip.warnings.empty());
  const test::Media media = test::read_media(dir / "clip.mp4", /*decode=*/true);
  ASSERT_TRUE(media.error.empty()) << media.error;
  EXPECT_EQ(media.decoded_frames, static_cast<int>(cut.packets.size()) - test::kFootageFps);
}

TEST_F(Storage_SegmentRecovery, a_closed_segment_is_kept_byte_for_byte) {
  RecordingIndex index((dir / "cctv.db").string());
  const Recording closed = test::synthesise_recording(index, dir.path(), "tw1", kStart, 1).front();
  const auto r = recover_segment("tw1", kStart, closed.path);
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->remuxed);
  EXPECT_EQ(r->recording, closed) << "same bytes, same hash, same times";
}

TEST_F(Storage_SegmentRecovery, an_empty_file_is_removed_and_an_unreadable_one_left_alone) {
  const auto empty = dir.write("tw1/20261123T102500.400Z.mkv", "");
  EXPECT_FALSE(recover_segment("tw1", kStart, empty));
  EXPECT_FALSE(std::filesystem::exists(empty));

  const auto garbage = dir.write("tw1/20261123T102600.400Z.mkv", std::string(5000, 'x'));
  EXPECT_THROW(recover_segment("tw1", kStart + 1min, garbage), ClipError);
  EXPECT_EQ(std::filesystem::file_size(garbage), 5000u);
}

TEST_F(Storage_SegmentRecovery, retention_deletes_a_recovered_segment_when_due) {
  const auto r = recover_segment("tw1", kStart, killed_segment());
  ASSERT_TRUE(r);
  const std::string db = (dir / "cctv.db").string();
  RecordingIndex(db).add(r->recording);

  EXPECT_EQ(run_retention(db, {.retention_days = 31}, kStart + std::chrono::days(30)).deleted, 0);
  const RetentionReport due =
      run_retention(db, {.retention_days = 31}, kStart + std::chrono::days(32));
  EXPECT_EQ(due.deleted, 1);
  EXPECT_EQ(due.bytes_freed, r->recording.bytes);
  EXPECT_FALSE(std::filesystem::exists(r->recording.path));
  EXPECT_TRUE(RecordingIndex(db).oldest(10).empty());
  EXPECT_EQ(AuditLog(db).list().back().action, "recording.delete");
}

}  // namespace
}  // namespace cctv::storage
