// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "cctv/common/sql.hpp"
#include "cctv/storage/audit_log.hpp"
#include "support/process.hpp"
#include "support/store_backends.hpp"
#include "support/temp_dir.hpp"

namespace cctv::storage {
namespace {

class Storage_AuditLog : public test::StoreTest {
 protected:
  // A log of five rows, then `tamper` run as raw SQL against the store, as an intruder would.
  std::vector<AuditProblem> tampered(const std::string& tamper) {
    {
      AuditLog log(db());
      for (int i = 1; i <= 5; ++i)
        log.append("operator" + std::to_string(i), "incident.acknowledge",
                   "inc-" + std::to_string(i));
      EXPECT_TRUE(log.verify().empty());
    }
    if (!tamper.empty()) sql::Database(db()).exec(tamper);
    return AuditLog(db()).verify();
  }
};

TEST_P(Storage_AuditLog, search_finds_text_in_any_field_any_case_newest_first_by_page) {
  AuditLog log(db());
  for (int i = 1; i <= 5; ++i)
    log.append("op" + std::to_string(i), "incident.notes", "inc-" + std::to_string(i));
  log.append("sup1", "export.approve", "export request 3", R"({"note":"50% of 100_x"})");
  std::vector<std::string> targets;
  for (const AuditEntry& e : log.search({.text = "INCIDENT.NOTES", .limit = 3}))
    targets.push_back(e.target);
  EXPECT_EQ(targets, (std::vector<std::string>{"inc-5", "inc-4", "inc-3"}));
  targets.clear();
  for (const AuditEntry& e : log.search({.text = "incident.notes", .before_seq = 3}))
    targets.push_back(e.target);
  EXPECT_EQ(targets, (std::vector<std::string>{"inc-2", "inc-1"}));
  ASSERT_EQ(log.search({.text = "% of 100_"}).size(), 1u) << "% and _ are plain text";
  EXPECT_EQ(log.search({.text = "sup1"})[0].action, "export.approve");
  EXPECT_EQ(log.search({}).size(), 6u);
  EXPECT_TRUE(log.search({.text = "nowhere"}).empty());
}

std::vector<std::int64_t> rows(const std::vector<AuditProblem>& problems) {
  std::vector<std::int64_t> out;
  for (const auto& p : problems) out.push_back(p.seq);
  return out;
}

TEST_P(Storage_AuditLog, chain_links_every_row_to_the_one_before) {
  AuditLog log(db());
  const AuditEntry a = log.append("alice", "login", "console", R"({"ip":"10.0.0.7"})");
  const AuditEntry b = log.append("alice", "recording.view", "hl1");
  EXPECT_EQ(a.seq, 1);
  EXPECT_EQ(a.prev_hash, std::string(64, '0'));
  EXPECT_EQ(b.prev_hash, a.hash);
  EXPECT_EQ(log.list().size(), 2u);
  EXPECT_EQ(log.list(1).at(0).action, "recording.view");
  EXPECT_TRUE(log.verify().empty());
}

TEST_P(Storage_AuditLog, intact_log_verifies) { EXPECT_TRUE(tampered("").empty()); }

TEST_P(Storage_AuditLog, edited_row_is_named) {
  const auto problems = tampered("UPDATE audit SET actor = 'mallory' WHERE seq = 3");
  EXPECT_EQ(rows(problems), std::vector<std::int64_t>{3});
  EXPECT_NE(problems.at(0).what.find("edited"), std::string::npos);
}

TEST_P(Storage_AuditLog, edited_row_with_recomputed_hash_breaks_the_next_link) {
  // The intruder fixes row 3's own hash; row 4 no longer follows it.
  const auto problems = tampered("UPDATE audit SET actor = 'mallory', hash = 'f00d' WHERE seq = 3");
  EXPECT_EQ(rows(problems), (std::vector<std::int64_t>{3, 4}));
}

TEST_P(Storage_AuditLog, removed_row_is_named) {
  const auto problems = tampered("DELETE FROM audit WHERE seq = 2");
  ASSERT_FALSE(problems.empty());
  EXPECT_EQ(problems.at(0).seq, 2);
  EXPECT_NE(problems.at(0).what.find("missing"), std::string::npos);
}

TEST_P(Storage_AuditLog, removed_last_row_is_noticed) {
  const auto problems = tampered("DELETE FROM audit WHERE seq = 5");
  EXPECT_EQ(rows(problems), std::vector<std::int64_t>{5});
}

TEST(Storage_AuditLogCli, cli_verify_fails_naming_the_row) {
  test::TempDir dir;
  const auto data = dir.path().string();
  const auto db = [&] { return (dir / "cctv.db").string(); };
  {
    AuditLog log(db());
    for (int i = 0; i < 3; ++i) log.append("system", "config.load", "demo.yaml");
  }
  auto ok = test::run_command({CCTV_BINARY, "audit", "verify", "--data", data});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("3 rows"), std::string::npos) << ok.out;
  sql::Database(db()).exec("UPDATE audit SET target = 'other.yaml' WHERE seq = 2");
  auto bad = test::run_command({CCTV_BINARY, "audit", "verify", "--data", data});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.out.find("row 2:"), std::string::npos) << bad.out;
}

CCTV_ON_BOTH_STORES(Storage_AuditLog);

}  // namespace
}  // namespace cctv::storage
