// SPDX-License-Identifier: Apache-2.0
#include <algorithm>

#include <gtest/gtest.h>

#include "cctv/common/sql.hpp"
#include "cctv/storage/event_store.hpp"
#include "cctv/storage/hotspots.hpp"
#include "cctv/storage/incident_log.hpp"
#include "support/store_backends.hpp"
#include "support/temp_dir.hpp"

namespace cctv::storage {
namespace {

// What the control room files manual incidents under (config `incidents.categories`).
const std::vector<std::string> kCategories = {"ASB", "drug dealing", "street drinking"};

Timestamp at(const char* iso) { return *parse_utc(iso); }

Event alarm(EventType type, EventPhase phase, const char* ts, const char* started,
            std::int64_t track = 0) {
  Event e;
  e.id = new_uuid();
  e.source = "node";
  e.type = type;
  e.phase = phase;
  e.camera = "tw1";
  e.site = "talbot-walk";
  e.zone = type == EventType::loitering || type == EventType::crowding ? "tw1-walkway" : "";
  e.ts = at(ts);
  e.started_at = at(started);
  if (track) e.track_ids = {track};
  return e;
}

struct Fixture : test::StoreTest {
  std::string path = db();
  EventStore events{path};
  IncidentLog log{path, kCategories};

  void store(const std::vector<Event>& batch) {
    events.upsert(batch);
    log.catch_up();
  }
};

using Storage_IncidentGrouping = Fixture;
using Storage_IncidentWorkflow = Fixture;

TEST_P(Storage_IncidentGrouping, overlapping_loiterers_in_one_zone_are_one_incident) {
  using enum EventPhase;
  store({alarm(EventType::loitering, start, "2026-11-23T10:00:10Z", "2026-11-23T10:00:10Z", 1),
         alarm(EventType::loitering, start, "2026-11-23T10:00:12Z", "2026-11-23T10:00:12Z", 2)});
  store({alarm(EventType::loitering, end, "2026-11-23T10:00:40Z", "2026-11-23T10:00:10Z", 1)});
  auto all = log.search();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_TRUE(all[0].alarm_active) << "track 2 is still loitering";
  store({alarm(EventType::loitering, end, "2026-11-23T10:00:50Z", "2026-11-23T10:00:12Z", 2)});
  const Incident i = *log.get(all[0].id);
  EXPECT_FALSE(i.alarm_active);
  EXPECT_EQ(i.ended_at, at("2026-11-23T10:00:50Z"));
  EXPECT_EQ(i.started_at, at("2026-11-23T10:00:10Z"));
  EXPECT_EQ(i.event_count, 4);
  EXPECT_EQ(i.kind, "alarm");
  EXPECT_EQ(i.category, "loitering");
  EXPECT_EQ(log.event_ids(i.id).size(), 4u);

  store({alarm(EventType::loitering, start, "2026-11-23T11:00:00Z", "2026-11-23T11:00:00Z", 7)});
  EXPECT_EQ(log.search().size(), 2u) << "a later episode is a new incident";
}

TEST_P(Storage_IncidentGrouping, test_alarms_are_marked_close_themselves_and_are_not_hotspots) {
  using enum EventPhase;
  Event drill = alarm(EventType::loitering, start, "2026-11-23T10:00:00Z", "2026-11-23T10:00:00Z");
  drill.zone = "test-1";
  drill.test = true;
  store({drill,
         alarm(EventType::loitering, start, "2026-11-23T10:00:05Z", "2026-11-23T10:00:05Z", 4)});
  const auto drills = log.search();
  ASSERT_EQ(drills.size(), 2u);
  const Incident raised =
      *std::find_if(drills.begin(), drills.end(), [](const Incident& i) { return i.test; });
  EXPECT_TRUE(raised.alarm_active);
  EXPECT_EQ(raised.state, IncidentState::new_) << "a drill is an alarm like any while it lasts";

  Event drill_end = drill;
  drill_end.id = new_uuid();
  drill_end.phase = end;
  drill_end.ts = at("2026-11-23T10:00:10Z");
  store({drill_end});
  const Incident ended = *log.get(raised.id);
  EXPECT_FALSE(ended.alarm_active);
  EXPECT_EQ(ended.ended_at, at("2026-11-23T10:00:10Z"));
  EXPECT_EQ(ended.state, IncidentState::closed) << "a test alarm closes itself when it ends";
  EXPECT_EQ(ended.outcome, kTestAlarmOutcome);
  EXPECT_EQ(ended.closed_by, "system");
  EXPECT_EQ(log.history(raised.id).back().action, "closed");
  EXPECT_TRUE(log.ended_alarms_without(kClipAction, at("2026-11-01T00:00:00Z")).empty())
      << "no clip is cut for a drill";

  const auto points =
      load_incident_points(path, at("2026-11-01T00:00:00Z"), at("2026-12-01T00:00:00Z"));
  ASSERT_EQ(points.size(), 1u) << "only the real alarm counts";
  EXPECT_EQ(points[0].at, at("2026-11-23T10:00:05Z"));
  for (const Incident& i : log.search()) EXPECT_EQ(i.test, i.id == raised.id);
}

// A tamper is a camera incident of its own category, priority 2 (high), one incident from
// start to end, and counted in LJAG statistics (criminal damage) unlike the rest of camera health.
TEST_P(Storage_IncidentGrouping, camera_tamper_is_a_high_priority_incident_counted_for_ljag) {
  using enum EventPhase;
  Event begin =
      alarm(EventType::camera_tamper, start, "2026-11-23T10:00:05Z", "2026-11-23T10:00:00Z");
  begin.kind = "covered";
  store({begin,
         alarm(EventType::camera_offline, start, "2026-11-23T10:30:00Z", "2026-11-23T10:30:00Z")});
  const auto all = log.search({.category = "camera_tamper"});
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].kind, "camera");
  EXPECT_EQ(all[0].priority, 2);
  EXPECT_TRUE(all[0].alarm_active);
  EXPECT_EQ(all[0].started_at, at("2026-11-23T10:00:00Z"));
  Event finish =
      alarm(EventType::camera_tamper, end, "2026-11-23T10:01:00Z", "2026-11-23T10:00:00Z");
  finish.kind = "covered";
  store({finish});
  EXPECT_FALSE(log.get(all[0].id)->alarm_active);
  EXPECT_EQ(log.get(all[0].id)->ended_at, at("2026-11-23T10:01:00Z"));

  const auto points =
      load_incident_points(path, at("2026-11-01T00:00:00Z"), at("2026-12-01T00:00:00Z"));
  ASSERT_EQ(points.size(), 1u) << "the tamper counts, the outage does not";
  EXPECT_EQ(points[0].category, "camera_tamper");
}

TEST_P(Storage_IncidentGrouping, crowding_episode_and_camera_outage) {
  using enum EventPhase;
  Event up = alarm(EventType::crowding, update, "2026-11-23T10:01:00Z", "2026-11-23T10:00:30Z");
  up.count = 9;
  store({alarm(EventType::crowding, start, "2026-11-23T10:00:30Z", "2026-11-23T10:00:30Z"), up,
         alarm(EventType::crowding, end, "2026-11-23T10:02:00Z", "2026-11-23T10:00:30Z")});
  store({alarm(EventType::camera_offline, start, "2026-11-23T10:05:00Z", "2026-11-23T10:05:00Z"),
         alarm(EventType::camera_online, end, "2026-11-23T10:07:00Z", "2026-11-23T10:05:00Z")});
  const auto crowding = log.search({.category = "crowding"});
  ASSERT_EQ(crowding.size(), 1u);
  EXPECT_EQ(crowding[0].max_count, 9);
  EXPECT_FALSE(crowding[0].alarm_active);
  const auto outage = log.search({.category = "camera_offline"});
  ASSERT_EQ(outage.size(), 1u);
  EXPECT_EQ(outage[0].kind, "camera");
  EXPECT_FALSE(outage[0].alarm_active);
  EXPECT_EQ(outage[0].ended_at, at("2026-11-23T10:07:00Z"));
}

TEST_P(Storage_IncidentGrouping, replayed_events_are_grouped_once) {
  const Event e = alarm(EventType::loitering, EventPhase::start, "2026-11-23T10:00:10Z",
                        "2026-11-23T10:00:10Z", 1);
  store({e});
  store({e, e});
  EXPECT_EQ(log.catch_up(), 0);
  const auto all = log.search();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].event_count, 1);
  // A second IncidentLog on the same file (a restarted process) finds nothing left to do.
  EXPECT_EQ(IncidentLog(path).catch_up(), 0);
}

TEST_P(Storage_IncidentGrouping, ended_alarms_are_work_until_their_job_is_recorded) {
  using enum EventPhase;
  store({alarm(EventType::loitering, start, "2026-11-23T10:00:10Z", "2026-11-23T10:00:10Z", 1),
         alarm(EventType::crowding, start, "2026-11-23T10:00:20Z", "2026-11-23T10:00:20Z"),
         alarm(EventType::camera_offline, start, "2026-11-23T10:00:30Z", "2026-11-23T10:00:30Z"),
         alarm(EventType::camera_online, end, "2026-11-23T10:00:40Z", "2026-11-23T10:00:30Z")});
  const Timestamp since = at("2026-11-23T00:00:00Z");
  EXPECT_TRUE(log.ended_alarms_without("clip", since).empty())
      << "alarms still on; an outage is no alarm";

  store({alarm(EventType::loitering, end, "2026-11-23T10:01:00Z", "2026-11-23T10:00:10Z", 1),
         alarm(EventType::crowding, end, "2026-11-23T10:02:00Z", "2026-11-23T10:00:20Z")});
  auto work = log.ended_alarms_without("clip", since);
  ASSERT_EQ(work.size(), 2u);
  EXPECT_EQ(work[0].category, "loitering") << "oldest first";
  EXPECT_EQ(log.ended_alarms_without("clip", at("2026-11-23T10:00:15Z")).size(), 1u)
      << "started since";

  // Recorded even once the incident is closed: evidence made later still belongs to it.
  const std::string loitering = work[0].id;
  log.close(loitering, "op1", "dispersed", "");
  log.record(loitering, "system", "clip", R"({"evidence":"ev1"})");
  work = log.ended_alarms_without("clip", since);
  ASSERT_EQ(work.size(), 1u);
  EXPECT_EQ(work[0].category, "crowding");
  const auto history = log.history(loitering);
  EXPECT_EQ(history.back().action, "clip");
  EXPECT_EQ(history.back().details, R"({"evidence":"ev1"})");
  EXPECT_THROW(log.record("no-such-incident", "system", "clip", "{}"), IncidentError);
}

TEST_P(Storage_IncidentWorkflow, new_acknowledged_closed_with_history) {
  const std::string id = log.create("op1", {.category = "street drinking",
                                            .site = "talbot-walk",
                                            .camera = "tw1",
                                            .occurred_at = at("2026-11-23T21:15:00Z"),
                                            .description = "Group drinking by the benches",
                                            .action_taken = "Police informed"});
  EXPECT_EQ(log.get(id)->state, IncidentState::new_);
  log.acknowledge(id, "op1");
  EXPECT_THROW(log.acknowledge(id, "op2"), IncidentError);
  log.assign(id, "op1", "sup1");
  log.set_priority(id, "op1", 1);
  log.set_police_ref(id, "op1", "CAD 1234/23NOV");
  log.add_note(id, "op1", "Suspects left towards Church Road");
  log.close(id, "sup1", "police attended", "Two arrests");
  EXPECT_THROW(log.close(id, "sup1", "false alarm", ""), IncidentError);
  EXPECT_THROW(log.add_note(id, "op1", "late note"), IncidentError);

  const Incident i = *log.get(id);
  EXPECT_EQ(i.state, IncidentState::closed);
  EXPECT_EQ(i.acknowledged_by, "op1");
  EXPECT_EQ(i.assigned_to, "sup1");
  EXPECT_EQ(i.priority, 1);
  EXPECT_EQ(i.police_ref, "CAD 1234/23NOV");
  EXPECT_EQ(i.outcome, "police attended");
  std::vector<std::string> actions;
  for (const auto& h : log.history(id)) actions.push_back(h.action);
  EXPECT_EQ(actions, (std::vector<std::string>{"created", "acknowledged", "assigned", "priority",
                                               "police_ref", "note", "closed"}));
}

TEST_P(Storage_IncidentWorkflow, bad_steps_change_nothing) {
  EXPECT_THROW(log.acknowledge("nope", "op1"), IncidentError);
  EXPECT_THROW(log.create("op1", {.category = "jaywalking", .site = "s", .description = "x"}),
               IncidentError);
  EXPECT_THROW(log.create("op1", {.category = "ASB", .site = "s", .description = ""}),
               IncidentError);
  const std::string id =
      log.create("op1", {.category = "ASB", .site = "s", .description = "noise"});
  EXPECT_THROW(log.set_priority(id, "op1", 9), IncidentError);
  EXPECT_THROW(log.close(id, "op1", "made up outcome", ""), IncidentError);
  EXPECT_EQ(log.get(id)->priority, 3);
  EXPECT_EQ(log.history(id).size(), 1u);
  EXPECT_EQ(log.search().size(), 1u);
}

TEST_P(Storage_IncidentWorkflow, search_by_text_state_site_and_time) {
  const auto a = log.create("op1", {.category = "ASB",
                                    .site = "talbot-walk",
                                    .occurred_at = at("2026-11-01T10:00:00Z"),
                                    .description = "Youths throwing stones"});
  const auto b = log.create("op1", {.category = "drug dealing",
                                    .site = "honeypot-lane",
                                    .occurred_at = at("2026-11-10T10:00:00Z"),
                                    .description = "Exchange seen"});
  log.add_note(b, "op1", "Silver Ford Focus involved");
  log.acknowledge(a, "op1");
  auto ids = [](const std::vector<Incident>& v) {
    std::vector<std::string> out;
    for (const auto& i : v) out.push_back(i.id);
    return out;
  };
  EXPECT_EQ(ids(log.search({.text = "stones"})), std::vector<std::string>{a});
  EXPECT_EQ(ids(log.search({.text = "ford focus"})), std::vector<std::string>{b})
      << "notes are searched too";
  EXPECT_EQ(ids(log.search({.state = IncidentState::acknowledged})), std::vector<std::string>{a});
  EXPECT_EQ(ids(log.search({.site = "honeypot-lane"})), std::vector<std::string>{b});
  EXPECT_EQ(ids(log.search({.since = at("2026-11-05T00:00:00Z")})), std::vector<std::string>{b});
  EXPECT_EQ(ids(log.search()), (std::vector<std::string>{b, a})) << "newest first";
}

TEST_P(Storage_IncidentWorkflow, history_cannot_be_rewritten) {
  const auto id = log.create("op1", {.category = "ASB", .site = "s", .description = "noise"});
  sql::Database raw(path);
  EXPECT_THROW(raw.exec("UPDATE incident_history SET actor = 'mallory'"), std::runtime_error);
  EXPECT_THROW(raw.exec("DELETE FROM incident_history"), std::runtime_error);
  EXPECT_EQ(log.history(id).at(0).actor, "op1");
}

CCTV_ON_BOTH_STORES(Storage_IncidentGrouping);
CCTV_ON_BOTH_STORES(Storage_IncidentWorkflow);

}  // namespace
}  // namespace cctv::storage
