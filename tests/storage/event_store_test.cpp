// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "cctv/storage/event_store.hpp"
#include "support/store_backends.hpp"
#include "support/temp_dir.hpp"

namespace cctv::storage {
namespace {

Event event(std::string id, std::string camera, EventType type, const char* ts, std::uint64_t seq) {
  Event e;
  e.id = std::move(id);
  e.source = "node-a";
  e.seq = seq;
  e.type = type;
  e.phase = EventPhase::start;
  e.camera = std::move(camera);
  e.site = "honeypot-lane";
  e.ts = *parse_utc(ts);
  return e;
}

class Storage_EventStore : public test::StoreTest {};

TEST_P(Storage_EventStore, upsert_by_id_is_idempotent_and_replaces) {
  EventStore store(db());
  Event a = event("a", "hl1", EventType::loitering, "2026-11-23T10:00:00.000Z", 1);
  store.upsert({a, event("b", "hl1", EventType::crowding, "2026-11-23T10:00:01.000Z", 2)});
  a.phase = EventPhase::end;
  store.upsert({a, a});
  EXPECT_EQ(store.count(), 2);
  const auto stored = store.query();
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[0], a) << "the second write of id 'a' replaced the first";
}

TEST_P(Storage_EventStore, query_filters_by_camera_type_and_time_oldest_first) {
  EventStore store(db());
  store.upsert({event("3", "hl1", EventType::loitering, "2026-11-23T10:00:03.000Z", 3),
                event("1", "hl1", EventType::loitering, "2026-11-23T10:00:01.000Z", 1),
                event("2", "tw1", EventType::loitering, "2026-11-23T10:00:02.000Z", 2),
                event("4", "hl1", EventType::crowding, "2026-11-23T10:00:04.000Z", 4)});
  auto ids = [](const std::vector<Event>& events) {
    std::string s;
    for (const Event& e : events) s += e.id;
    return s;
  };
  EXPECT_EQ(ids(store.query()), "1234");
  EXPECT_EQ(ids(store.query({.camera = "hl1"})), "134");
  EXPECT_EQ(ids(store.query({.type = EventType::loitering})), "123");
  EXPECT_EQ(ids(store.query({.since = parse_utc("2026-11-23T10:00:02Z"), .until = parse_utc("2026-11-23T10:00:04Z")})),
            "23");
  EXPECT_EQ(ids(store.query({.limit = 2})), "12");
  EXPECT_EQ(store.last_seq("node-a"), 4u);
  EXPECT_EQ(store.last_seq("node-b"), std::nullopt);
}

TEST_P(Storage_EventStore, survives_reopening_the_file) {
  const auto path = db();
  EventStore(path).upsert({event("x", "hl1", EventType::camera_offline, "2026-11-23T10:00:00.000Z", 7)});
  EXPECT_EQ(EventStore(path).count(), 1);
}

TEST_P(Storage_EventStore, unopenable_path_names_the_file) {
  try {
    EventStore store("/nonexistent-dir/cctv.db");
    FAIL() << "opening should fail";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent-dir/cctv.db"), std::string::npos) << e.what();
  }
}

CCTV_ON_BOTH_STORES(Storage_EventStore);

}  // namespace
}  // namespace cctv::storage
