// SPDX-License-Identifier: Apache-2.0
// The store's schema: one version for the whole database, forward migrations from the first
// release, a newer store refused; announcements index files without becoming events.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cctv/common/sql.hpp"
#include "cctv/storage/audit_log.hpp"
#include "cctv/storage/event_store.hpp"
#include "cctv/storage/evidence.hpp"
#include "cctv/storage/incident_log.hpp"
#include "cctv/storage/recording_index.hpp"
#include "cctv/storage/schema.hpp"
#include "cctv/storage/users.hpp"
#include "support/process.hpp"
#include "support/store_backends.hpp"
#include "support/temp_dir.hpp"

namespace cctv::storage {
namespace {

using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

// A store the first release wrote (tests/data/store-release1.sql), in `dir`.
std::string release1_store(const test::TempDir& dir) {
  const std::string db = (dir / "cctv.db").string();
  sql::Database raw(db);
  raw.exec(test::read_file(std::string(CCTV_SOURCE_DIR) + "/tests/data/store-release1.sql"));
  return db;
}

TEST(Storage_Schema, a_new_store_is_created_at_the_current_version) {
  test::TempDir dir;
  const std::string db = (dir / "cctv.db").string();
  EventStore events(db);
  EXPECT_EQ(schema_version(db), kSchemaVersion);
}

TEST(Storage_Schema, a_store_of_the_first_release_is_migrated_in_place_keeping_its_rows) {
  test::TempDir dir;
  const std::string db = release1_store(dir);
  EXPECT_EQ(schema_version(db), 0) << "the first release recorded no version";

  EventStore events(db);
  EXPECT_EQ(schema_version(db), kSchemaVersion);
  ASSERT_EQ(events.count(), 1);
  EXPECT_EQ(events.query().front().id, "e1");
  EXPECT_EQ(events.last_seq("node-a"), 41u) << "where node-a resumes, carried over from its events";
  const auto recordings = RecordingIndex(db).find("hl1", Timestamp{}, now_utc());
  ASSERT_EQ(recordings.size(), 1u);
  EXPECT_EQ(recordings.front().node, "") << "the new column, empty for footage of this machine";
  EXPECT_TRUE(UserStore(db).find("duty").has_value());
  EXPECT_EQ(AuditLog(db).list().size(), 1u);
}

TEST(Storage_Schema, opening_a_migrated_store_again_changes_nothing) {
  test::TempDir dir;
  const std::string db = release1_store(dir);
  EventStore(db).upsert({});
  EventStore again(db);
  EXPECT_EQ(schema_version(db), kSchemaVersion);
  EXPECT_EQ(again.count(), 1);
}

TEST(Storage_Schema, a_store_from_a_newer_release_is_refused_and_left_as_it_was) {
  test::TempDir dir;
  const std::string db = (dir / "cctv.db").string();
  EventStore(db).upsert({});
  {
    sql::Database raw(db);
    raw.exec("UPDATE schema_version SET version = 99");
  }
  try {
    EventStore events(db);
    FAIL() << "a store of schema version 99 was opened";
  } catch (const SchemaError& e) {
    EXPECT_THAT(e.what(), HasSubstr(db));
    EXPECT_THAT(e.what(), HasSubstr("schema version 99"));
    EXPECT_THAT(e.what(), HasSubstr("(" + std::to_string(kSchemaVersion) + ")"));
  }
  EXPECT_THROW(RecordingIndex{db}, SchemaError) << "every class of the store refuses it";
  EXPECT_EQ(schema_version(db), 99);
}

Event announcement(EventType type, std::uint64_t seq) {
  Event e;
  e.id = "ann-" + std::to_string(seq);
  e.source = "cam-node";
  e.seq = seq;
  e.type = type;
  e.camera = "hl1";
  e.ts = now_utc();
  e.file = FileRef{.path = "x", .bytes = 1, .sha256 = "aa"};
  return e;
}

TEST(Storage_Schema, announcements_move_a_sources_resume_point_but_are_not_listed_as_events) {
  test::TempDir dir;
  EventStore events((dir / "cctv.db").string());
  Event alarm = announcement(EventType::loitering, 1);
  alarm.file.reset();
  events.upsert({alarm, announcement(EventType::recording_segment, 2),
                 announcement(EventType::evidence_file, 3)});
  EXPECT_EQ(events.count(), 1);
  EXPECT_EQ(events.last_seq("cam-node"), 3u);
  EXPECT_EQ(events.last_seqs().at("cam-node"), 3u);
  events.upsert({announcement(EventType::recording_segment, 2)});
  EXPECT_EQ(events.last_seq("cam-node"), 3u) << "a replayed announcement does not move it back";
}

TEST(Storage_Schema, evidence_written_by_a_camera_node_is_registered_once_as_announced) {
  test::TempDir dir;
  const Evidence written = write_evidence_file(dir.path(),
                                               {.kind = EvidenceKind::snapshot,
                                                .camera = "hl1",
                                                .path = "evidence/s/a.jpg",
                                                .event_id = "evt-1"},
                                               "jpeg bytes");
  EXPECT_EQ(written.bytes, 10);
  EXPECT_EQ(written.sha256.size(), 64u);
  EvidenceStore store((dir / "cctv.db").string(), dir.path());
  store.register_announced(written);
  store.register_announced(written);  // replayed after a restart
  const auto rows = store.of_event("evt-1");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows.front().id, written.id);
  EXPECT_EQ(rows.front().sha256, written.sha256);
  EXPECT_THROW(write_evidence_file(dir.path(), {.path = "../outside.jpg", .event_id = "e"}, "x"),
               std::invalid_argument);
}

TEST(Storage_Schema, a_reader_cannot_write_and_never_migrates) {
  test::TempDir dir;
  const std::string db = release1_store(dir);
  EXPECT_THAT([&] { IncidentLog(db, {}, Access::read); },
              ThrowsMessage<SchemaError>(HasSubstr("start the store node")))
      << "a console must not migrate the store behind the store node's back";
  EXPECT_EQ(schema_version(db), 0);

  { EventStore writer(db); }  // the store node opens it first
  IncidentLog reader(db, {}, Access::read);
  EXPECT_TRUE(reader.search({}).empty());
  EXPECT_THROW(reader.create("op", {.category = "other",
                                    .site = "s",
                                    .occurred_at = now_utc(),
                                    .description = "a reader writing"}),
               std::runtime_error);
  EXPECT_THROW(UserStore(db, Access::read).add("new", Role::operator_, "long enough pw"),
               std::runtime_error);
  EXPECT_TRUE(UserStore(db).find("duty").has_value()) << "the release-1 account is still there";
}

class Storage_SchemaOnBoth : public test::StoreTest {};

TEST_P(Storage_SchemaOnBoth, a_reader_never_writes_and_a_newer_store_is_refused) {
  { EventStore writer(db()); }
  EXPECT_EQ(schema_version(db()), kSchemaVersion);
  IncidentLog reader(db(), {}, Access::read);
  EXPECT_THROW(reader.create("op", {.category = "other",
                                    .site = "s",
                                    .occurred_at = now_utc(),
                                    .description = "a reader writing"}),
               std::runtime_error);
  sql::Database(db()).exec("UPDATE schema_version SET version = 99");
  EXPECT_THAT([&] { EventStore again(db()); },
              ThrowsMessage<SchemaError>(HasSubstr("newer than this cctv understands")));
}

CCTV_ON_BOTH_STORES(Storage_SchemaOnBoth);

}  // namespace
}  // namespace cctv::storage
