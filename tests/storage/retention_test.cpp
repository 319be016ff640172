// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <filesystem>

#include "cctv/storage/audit_log.hpp"
#include "cctv/storage/legal_holds.hpp"
#include "cctv/storage/recording_index.hpp"
#include "cctv/storage/retention.hpp"
#include "support/store_backends.hpp"
#include "support/temp_dir.hpp"

namespace cctv::storage {
namespace {

const Timestamp kNow = *parse_utc("2026-11-23T12:00:00Z");

struct Storage_Retention : test::StoreTest {
  std::string path = db();
  RecordingIndex index{path};

  // A one-minute segment of `camera` that started `days_ago` days before kNow, 1000 bytes.
  std::string segment(const std::string& camera, int days_ago, int minute = 0) {
    const Timestamp start = kNow - std::chrono::days(days_ago) + std::chrono::minutes(minute);
    const std::string name = camera + "-" + std::to_string(days_ago) + "-" + std::to_string(minute) + ".mkv";
    const auto path = dir.write("recordings/" + name, std::string(1000, 'x')).string();
    index.add(describe_segment(camera, start, start + std::chrono::minutes(1), path));
    return path;
  }

  // Disk use as a function of the bytes still in recordings/: each file is 10% of the disk.
  double used() const {
    double files = 0;
    for (const auto& f : std::filesystem::directory_iterator(dir / "recordings")) files += f.is_regular_file();
    return files / 10.0;
  }
};

TEST_P(Storage_Retention, deletes_old_unheld_footage_and_keeps_held_and_recent) {
  const auto old_a = segment("hl1", 40);
  const auto old_held = segment("tw1", 40);
  const auto recent = segment("hl1", 2);
  LegalHolds holds(path);
  holds.add("sup1", "tw1", kNow - std::chrono::days(41), kNow - std::chrono::days(39), "crime ref 01/123456/26");

  const RetentionReport r = run_retention(path, {.retention_days = 31}, kNow);
  EXPECT_EQ(r.deleted, 1);
  EXPECT_EQ(r.bytes_freed, 1000);
  EXPECT_EQ(r.kept_for_holds, 1);
  EXPECT_FALSE(std::filesystem::exists(old_a));
  EXPECT_TRUE(std::filesystem::exists(old_held));
  EXPECT_TRUE(std::filesystem::exists(recent));
  EXPECT_EQ(index.oldest(10).size(), 2u);

  // The deletion is audited with what was deleted; the chain still verifies.
  AuditLog audit(path);
  const auto rows = audit.list();
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows.back().action, "recording.delete");
  EXPECT_EQ(rows.back().target, old_a);
  EXPECT_TRUE(audit.verify().empty());

  // Released, the held footage goes on the next run.
  holds.release("sup1", holds.active().at(0).id);
  EXPECT_EQ(run_retention(path, {.retention_days = 31}, kNow).deleted, 1);
  EXPECT_FALSE(std::filesystem::exists(old_held));
}

TEST_P(Storage_Retention, high_water_deletes_oldest_unheld_until_low_water) {
  for (int day = 9; day >= 1; --day) segment("hl1", day);  // 9 files: 90% of the "disk"
  const auto held = segment("tw1", 10);  // 100%, the oldest of all, but held
  LegalHolds(path).add("sup1", "tw1", kNow - std::chrono::days(11), kNow, "incident 42");

  const RetentionReport r =
      run_retention(path, {.retention_days = 31, .high_water = 0.85, .low_water = 0.55, .disk_used = [&] { return used(); }}, kNow);
  EXPECT_TRUE(r.high_water);
  EXPECT_DOUBLE_EQ(r.disk_used_before, 1.0);
  EXPECT_EQ(r.deleted, 5) << "from 10 files down to 5 (50% <= 55%)";
  EXPECT_DOUBLE_EQ(r.disk_used_after, 0.5);
  EXPECT_TRUE(std::filesystem::exists(held));
  // What remains is the newest footage.
  const auto left = index.oldest(10);
  ASSERT_EQ(left.size(), 5u);
  EXPECT_EQ(left[0].path, held);
  EXPECT_EQ(left[1].start, kNow - std::chrono::days(4));
}

TEST_P(Storage_Retention, under_high_water_nothing_recent_is_touched) {
  for (int day = 5; day >= 1; --day) segment("hl1", day);
  const RetentionReport r = run_retention(path, {.retention_days = 31, .disk_used = [&] { return used(); }}, kNow);
  EXPECT_FALSE(r.high_water);
  EXPECT_EQ(r.deleted, 0);
}

class Storage_LegalHolds : public test::StoreTest {};

TEST_P(Storage_LegalHolds, bad_holds_are_refused_and_changes_are_audited) {
  const auto path = db();
  LegalHolds holds(path);
  EXPECT_THROW(holds.add("sup1", "", kNow, kNow + std::chrono::hours(1), "r"), HoldError);
  EXPECT_THROW(holds.add("sup1", "hl1", kNow, kNow + std::chrono::hours(1), ""), HoldError);
  EXPECT_THROW(holds.add("sup1", "hl1", kNow, kNow, "r"), HoldError);
  const auto id = holds.add("sup1", "hl1", kNow, kNow + std::chrono::hours(1), "r");
  EXPECT_TRUE(holds.covers("hl1", kNow + std::chrono::minutes(59), kNow + std::chrono::hours(2)));
  EXPECT_FALSE(holds.covers("hl1", kNow + std::chrono::hours(1), kNow + std::chrono::hours(2)));
  EXPECT_FALSE(holds.covers("tw1", kNow, kNow + std::chrono::hours(1)));
  holds.release("sup2", id);
  EXPECT_THROW(holds.release("sup2", id), HoldError);
  EXPECT_FALSE(holds.covers("hl1", kNow, kNow + std::chrono::hours(1)));
  std::vector<std::string> actions;
  for (const auto& row : AuditLog(path).list()) actions.push_back(row.action + " by " + row.actor);
  EXPECT_EQ(actions, (std::vector<std::string>{"hold.add by sup1", "hold.release by sup2"}));
}

CCTV_ON_BOTH_STORES(Storage_LegalHolds);

CCTV_ON_BOTH_STORES(Storage_Retention);

}  // namespace
}  // namespace cctv::storage
