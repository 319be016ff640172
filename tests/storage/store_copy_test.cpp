// SPDX-License-Identifier: Apache-2.0
// An embedded store copied into another (PostgreSQL, or another SQLite file): every table
// arrives, the audit chain verifies there, the target carries on where the source stopped
// (grouping cursor, numbering), and a second copy changes nothing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cctv/common/sql.hpp"
#include "cctv/storage/audit_log.hpp"
#include "cctv/storage/event_store.hpp"
#include "cctv/storage/export_requests.hpp"
#include "cctv/storage/incident_log.hpp"
#include "cctv/storage/legal_holds.hpp"
#include "cctv/storage/recording_index.hpp"
#include "cctv/storage/site_register.hpp"
#include "cctv/storage/store_copy.hpp"
#include "cctv/storage/users.hpp"
#include "support/store_backends.hpp"

namespace cctv::storage {
namespace {

using ::testing::Each;
using ::testing::Field;

const Timestamp kStart = *parse_utc("2026-11-20T21:00:00Z");

Event loitering(const std::string& zone, EventPhase phase, int minute) {
  Event e;
  e.id = zone + "-" + std::to_string(minute);
  e.source = "node-a";
  e.seq = static_cast<std::uint64_t>(minute + 1);
  e.type = EventType::loitering;
  e.phase = phase;
  e.camera = "tw1";
  e.site = "talbot-walk";
  e.zone = zone;
  e.ts = kStart + std::chrono::minutes(minute);
  e.started_at = kStart;
  e.track_ids = {7};
  return e;
}

class Storage_StoreCopy : public test::StoreTest {
 protected:
  std::string source() const { return (dir / "embedded.db").string(); }

  // A store that has been in use: alarms grouped and handled, footage, holds, an export, a
  // redeployment, users, audit rows.
  void fill_source() {
    EventStore(source()).upsert({loitering("walkway", EventPhase::start, 0),
                                 loitering("walkway", EventPhase::end, 4),
                                 loitering("parade", EventPhase::start, 10)});
    IncidentLog log(source());
    log.catch_up();
    const std::string first = log.search({}).back().id;
    log.acknowledge(first, "op1");
    log.add_note(first, "op1", "PC on scene");
    RecordingIndex(source()).add({"tw1", kStart, kStart + std::chrono::minutes(1),
                                  "/srv/rec/tw1/a.mkv", 1000, std::string(64, 'a'), "node-a"});
    LegalHolds(source()).add("sup1", "tw1", kStart, kStart + std::chrono::hours(1), "CRI/9");
    ExportRequests exports(source());
    const auto id = exports.submit("pc1", {.reference = "CRI/9",
                                           .officer = "PC 1",
                                           .force = "Met",
                                           .cameras = {"tw1"},
                                           .from = kStart,
                                           .to = kStart + std::chrono::minutes(5),
                                           .reason = "robbery"});
    exports.approve("sup1", id, "");
    SiteRegister sites(source());
    sites.sync({{"talbot-walk", "Talbot Walk", "Harlesden", 51.5, -0.2, "Brent"},
                {"neasden-tc", "Neasden", "Harlesden", 51.6, -0.25, "Brent"}},
               {{"tw1", "Talbot Walk East", "talbot-walk", true}});
    sites.deploy("ljag1", {"tw1", "neasden-tc", kStart, "HAR-1", "ASB"});
    UserStore(source()).add("op1", Role::operator_, "a long password");
    AuditLog(source()).append("op1", "live.view", "tw1");
  }
};

TEST_P(Storage_StoreCopy, every_table_arrives_and_the_target_carries_on_where_the_source_stopped) {
  fill_source();
  std::vector<std::string> progress;
  const CopyReport report =
      copy_store(source(), db(), [&](const std::string& t, auto, auto) { progress.push_back(t); });
  EXPECT_TRUE(report.audit_problems.empty()) << report.audit_problems.front();
  for (const TableCopied& t : report.tables) EXPECT_EQ(t.copied, t.rows) << t.table;
  EXPECT_FALSE(progress.empty());

  IncidentLog source_log(source()), target_log(db());
  ASSERT_EQ(target_log.search({}).size(), 2u);
  const std::string handled = source_log.search({}).back().id;
  EXPECT_EQ(target_log.get(handled)->acknowledged_by, "op1");
  EXPECT_EQ(target_log.history(handled).size(), source_log.history(handled).size());
  EXPECT_EQ(target_log.catch_up(), 0) << "the target resumes grouping after the copied events";
  EXPECT_EQ(AuditLog(db()).list().size(), AuditLog(source()).list().size());
  EXPECT_EQ(UserStore(db()).password_matches("op1", "a long password"), true);
  EXPECT_EQ(SiteRegister(db()).current_sites().at("tw1"), "neasden-tc");
  EXPECT_EQ(RecordingIndex(db()).find("tw1", kStart, kStart + std::chrono::hours(1)).size(), 1u);

  // New rows are numbered after the copied ones.
  target_log.add_note(handled, "op2", "after the move");
  EXPECT_GT(LegalHolds(db()).add("sup1", "tw1", kStart, kStart + std::chrono::hours(2), "CRI/10"),
            1);
  EXPECT_TRUE(AuditLog(db()).verify().empty());

  const CopyReport again = copy_store(source(), db());
  EXPECT_THAT(again.tables, Each(Field(&TableCopied::copied, 0))) << "a second copy adds nothing";
  EXPECT_TRUE(again.audit_problems.empty());
}

TEST_P(Storage_StoreCopy, a_postgresql_store_is_not_a_source) {
  EXPECT_THROW(copy_store("postgresql://cctv@127.0.0.1/x", db()), std::invalid_argument);
}

CCTV_ON_BOTH_STORES(Storage_StoreCopy);

}  // namespace
}  // namespace cctv::storage
