// SPDX-License-Identifier: Apache-2.0
// The evidence table: files written crash-safely under the data directory and registered with
// their SHA-256; rows are never edited; registered files are never replaced; retention, which
// deletes footage, leaves evidence alone.
#include <gtest/gtest.h>

#include <filesystem>

#include "cctv/common/sha256.hpp"
#include "cctv/common/sql.hpp"
#include "cctv/storage/evidence.hpp"
#include "cctv/storage/recording_index.hpp"
#include "cctv/storage/retention.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "support/store_backends.hpp"

namespace cctv::storage {
namespace {

const Timestamp kAlarm = *parse_utc("2026-11-23T10:25:00.123Z");

struct Storage_Evidence : test::StoreTest {
  EvidenceStore store{db(), dir.path()};
};

TEST_P(Storage_Evidence, paths_follow_the_layout) {
  EXPECT_EQ(snapshot_path("tw1", kAlarm, "e1", EvidenceKind::snapshot),
            "evidence/snapshots/tw1/2026-11-23/e1.jpg");
  EXPECT_EQ(snapshot_path("tw1", kAlarm, "e1", EvidenceKind::snapshot_clean),
            "evidence/snapshots/tw1/2026-11-23/e1-clean.jpg");
  EXPECT_EQ(clip_path("tw1", kAlarm, "i1"), "evidence/clips/tw1/2026-11-23/i1.mp4");
}

TEST_P(Storage_Evidence, write_puts_the_file_in_place_and_registers_its_hash) {
  const std::string bytes = "\xff\xd8 not really a jpeg \xff\xd9";
  const std::string path = snapshot_path("tw1", kAlarm, "e1", EvidenceKind::snapshot);
  const Evidence e = store.write(
      {.kind = EvidenceKind::snapshot, .camera = "tw1", .path = path, .event_id = "e1"}, bytes);

  EXPECT_EQ(store.file(path), dir.path() / path);
  EXPECT_EQ(test::read_file(dir.path() / path), bytes);
  EXPECT_FALSE(std::filesystem::exists(dir.path() / (path + ".part")));
  EXPECT_EQ(e.sha256, sha256_hex(bytes));
  EXPECT_EQ(e.bytes, static_cast<std::int64_t>(bytes.size()));
  EXPECT_EQ(e.path, path);
  EXPECT_LE(seconds_between(e.created_at, now_utc()), 5.0);

  // Reopened: the row is on disk as written.
  EvidenceStore reopened(db(), dir.path());
  EXPECT_EQ(reopened.get(e.id), e);
  EXPECT_EQ(reopened.of_event("e1"), std::vector<Evidence>{e});
  EXPECT_TRUE(reopened.of_incident("i1").empty());
  EXPECT_FALSE(reopened.get("no-such-id"));
}

TEST_P(Storage_Evidence, add_registers_a_file_already_in_place) {
  const std::string path = clip_path("tw1", kAlarm, "i1");
  dir.write(path, std::string(4096, 'c'));
  const Evidence e =
      store.add({.kind = EvidenceKind::clip, .camera = "tw1", .path = path, .incident_id = "i1"});
  EXPECT_EQ(e.sha256, sha256_file((dir.path() / path).string()));
  EXPECT_EQ(e.bytes, 4096);
  EXPECT_EQ(store.of_incident("i1"), std::vector<Evidence>{e});
}

TEST_P(Storage_Evidence, refuses_paths_outside_the_data_directory_and_evidence_of_nothing) {
  const auto attempt = [&](const std::string& path, const std::string& event) {
    return store.write(
        {.kind = EvidenceKind::snapshot, .camera = "tw1", .path = path, .event_id = event}, "x");
  };
  EXPECT_THROW(attempt("/tmp/outside.jpg", "e1"), std::invalid_argument);
  EXPECT_THROW(attempt("../outside.jpg", "e1"), std::invalid_argument);
  EXPECT_THROW(attempt("evidence/../../outside.jpg", "e1"), std::invalid_argument);
  EXPECT_THROW(attempt("", "e1"), std::invalid_argument);
  EXPECT_THROW(attempt("evidence/x.jpg", ""), std::invalid_argument);
  EXPECT_FALSE(std::filesystem::exists(dir.path().parent_path() / "outside.jpg"));
}

TEST_P(Storage_Evidence, a_registered_file_is_never_replaced_and_rows_are_never_edited) {
  const std::string path = snapshot_path("tw1", kAlarm, "e1", EvidenceKind::snapshot);
  const Evidence e = store.write(
      {.kind = EvidenceKind::snapshot, .camera = "tw1", .path = path, .event_id = "e1"}, "one");
  EXPECT_THROW(
      store.write({.kind = EvidenceKind::snapshot, .camera = "tw1", .path = path, .event_id = "e2"},
                  "two"),
      std::invalid_argument);
  EXPECT_EQ(test::read_file(dir.path() / path), "one");

  sql::Database raw(db());
  EXPECT_THROW(raw.exec("UPDATE evidence SET sha256 = 'forged' WHERE id = '" + e.id + "'"),
               std::runtime_error);
  EXPECT_EQ(store.get(e.id)->sha256, sha256_hex("one"));
}

TEST_P(Storage_Evidence, retention_deletes_footage_but_never_evidence) {
  RecordingIndex index(db());
  const Timestamp old = now_utc() - std::chrono::days(60);
  const auto segment = dir.write("recordings/tw1/old.mkv", std::string(1000, 'v'));
  index.add(describe_segment("tw1", old, old + std::chrono::minutes(1), segment.string()));
  const std::string snapshot = snapshot_path("tw1", old, "e1", EvidenceKind::snapshot);
  store.write({.kind = EvidenceKind::snapshot, .camera = "tw1", .path = snapshot, .event_id = "e1"},
              "jpeg");
  const std::string clip = clip_path("tw1", old, "i1");
  dir.write(clip, "mp4");
  store.add({.kind = EvidenceKind::clip, .camera = "tw1", .path = clip, .incident_id = "i1"});

  // Old and over the high-water mark: every unheld recording goes, the evidence stays.
  const RetentionReport r = run_retention(
      db(),
      {.retention_days = 31, .high_water = 0.5, .low_water = 0.4, .disk_used = [] { return 0.99; }},
      now_utc());
  EXPECT_EQ(r.deleted, 1);
  EXPECT_FALSE(std::filesystem::exists(segment));
  EXPECT_TRUE(std::filesystem::exists(dir.path() / snapshot));
  EXPECT_TRUE(std::filesystem::exists(dir.path() / clip));
  EXPECT_EQ(store.of_incident("i1").size(), 1u);
}

CCTV_ON_BOTH_STORES(Storage_Evidence);

}  // namespace
}  // namespace cctv::storage
