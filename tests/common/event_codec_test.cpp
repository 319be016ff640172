// SPDX-License-Identifier: Apache-2.0
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "cctv/common/event.hpp"

namespace cctv {
namespace {

using Json = nlohmann::ordered_json;
using ::testing::HasSubstr;

Timestamp at(const char* text) { return *parse_utc(text); }

Event required_only() {
  Event e;
  e.id = "0b7f8a52-3c1d-4e6f-9a2b-1c3d5e7f9a0b";
  e.source = "node-a";
  e.seq = 7;
  e.type = EventType::loitering;
  e.phase = EventPhase::start;
  e.camera = "hl1";
  e.ts = at("2026-11-23T10:25:00.123Z");
  return e;
}

Event every_field() {
  Event e = required_only();
  e.site = "high-street";
  e.zone = "doorway";
  e.severity = Severity::alarm;
  e.started_at = at("2026-11-23T10:20:00.000Z");
  e.entered_at = at("2026-11-23T10:19:30.500Z");
  e.exited_at = at("2026-11-23T10:26:01.001Z");
  e.count = 4;
  e.dwell_s = 330.625;
  e.outage_s = 12.5;
  e.kind = "covered";
  e.snapshot = "snap-42";
  e.message = "line one\n\"quoted\" \u00e9";
  e.track_ids = {3, 9000000000LL, -1};
  e.boxes = {{0.1, 0.2, 0.3, 0.4}, {0.0, 0.0, 1.0, 1.0}};
  e.file = FileRef{"evidence/snapshots/hl1/x.jpg", 1234, std::string(64, 'a'), "snapshot", "evt-1"};
  return e;
}

std::vector<std::string> keys_of(const std::string& json) {
  const Json object = Json::parse(json);
  std::vector<std::string> keys;
  for (const auto& item : object.items()) keys.push_back(item.key());
  return keys;
}

// The decode error for `json`, or "" when it decodes.
std::string decode_error(const std::string& json) {
  try {
    event_from_json(json);
  } catch (const EventDecodeError& e) {
    return e.what();
  }
  return "";
}

// The decode error for a valid full event changed by `edit`.
std::string decode_error(const std::function<void(Json&)>& edit) {
  Json j = Json::parse(to_json(every_field()));
  edit(j);
  return decode_error(j.dump());
}

TEST(Common_EventCodec, round_trips_every_field) {
  const Event e = every_field();
  EXPECT_EQ(event_from_json(to_json(e)), e);
}

TEST(Common_EventCodec, round_trips_required_fields_only) {
  const Event e = required_only();
  EXPECT_EQ(event_from_json(to_json(e)), e);
}

TEST(Common_EventCodec, writes_required_fields_schema_first_and_nothing_unset) {
  EXPECT_EQ(to_json(required_only()),
            R"({"schema":1,"id":"0b7f8a52-3c1d-4e6f-9a2b-1c3d5e7f9a0b","source":"node-a",)"
            R"("seq":7,"type":"loitering","phase":"start","camera":"hl1","site":"","zone":"",)"
            R"("ts":"2026-11-23T10:25:00.123Z","severity":"info"})");
}

TEST(Common_EventCodec, writes_optional_fields_only_when_set) {
  EXPECT_EQ(keys_of(to_json(every_field())),
            (std::vector<std::string>{
                "schema",     "id",        "source",    "seq",     "type",     "phase",
                "camera",     "site",      "zone",      "ts",      "severity", "started_at",
                "entered_at", "exited_at", "count",     "dwell_s", "outage_s", "kind",
                "snapshot",   "message",   "track_ids", "boxes",   "file"}));
  const Json j = Json::parse(to_json(every_field()));
  EXPECT_EQ(j["boxes"][0].dump(), R"({"x":0.1,"y":0.2,"w":0.3,"h":0.4})");
  EXPECT_EQ(j["started_at"], "2026-11-23T10:20:00.000Z");
  EXPECT_EQ(j["count"], 4);
}

TEST(Common_EventCodec, writes_an_array_of_events) {
  const std::vector<Event> events{required_only(), every_field()};
  const Json array = Json::parse(events_to_json_array(events));
  ASSERT_TRUE(array.is_array());
  ASSERT_EQ(array.size(), 2u);
  EXPECT_EQ(event_from_json(array[1].dump()), every_field());
  EXPECT_EQ(events_to_json_array({}), "[]");
}

TEST(Common_EventCodec, ignores_unknown_fields) {
  Json j = Json::parse(to_json(every_field()));
  j["added_in_a_later_build"] = {{"nested", true}};
  EXPECT_EQ(event_from_json(j.dump()), every_field());
}

TEST(Common_EventCodec, accepts_missing_optional_fields_with_defaults) {
  const Event e = event_from_json(
      R"({"schema":1,"id":"x","source":"s","seq":1,"type":"crowding","phase":"end",)"
      R"("camera":"c","ts":"2026-06-01T11:00:00+01:00"})");
  EXPECT_EQ(e.severity, Severity::info);
  EXPECT_EQ(e.ts, at("2026-06-01T10:00:00Z"));
  EXPECT_FALSE(e.count.has_value());
  EXPECT_TRUE(e.boxes.empty());
}

TEST(Common_EventCodec, test_alarm_flag_round_trips_and_is_false_when_absent) {
  Event drill = every_field();
  drill.test = true;
  EXPECT_EQ(Json::parse(to_json(drill))["test"], true);
  EXPECT_EQ(event_from_json(to_json(drill)), drill);
  EXPECT_FALSE(Json::parse(to_json(every_field())).contains("test")) << "written only when set";
  const Event old = event_from_json(
      R"({"schema":1,"id":"x","source":"s","seq":1,"type":"loitering","phase":"start",)"
      R"("camera":"c","ts":"2026-06-01T10:00:00Z"})");
  EXPECT_FALSE(old.test) << "an event from before the flag is a real alarm";
  EXPECT_EQ(decode_error([](Json& j) { j["test"] = "yes"; }),
            "event field 'test': expected true or false, got \"yes\"");
}

TEST(Common_EventCodec, names_enums_and_parses_them_back) {
  for (EventType t : kEventTypes) EXPECT_EQ(parse_event_type(to_string(t)), t);
  for (EventPhase p : kEventPhases) EXPECT_EQ(parse_event_phase(to_string(p)), p);
  for (Severity s : kSeverities) EXPECT_EQ(parse_severity(to_string(s)), s);
  EXPECT_EQ(to_string(EventType::camera_offline), "camera_offline");
  EXPECT_FALSE(parse_event_type("Loitering").has_value());
  EXPECT_FALSE(parse_severity("").has_value());
}

TEST(Common_EventCodec, makes_random_version_4_uuids) {
  const std::regex shape("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string id = new_uuid();
    ASSERT_TRUE(std::regex_match(id, shape)) << id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(Common_EventCodec, rejects_text_that_is_not_json) {
  EXPECT_THAT(decode_error(R"({"schema":1, "id": oops})"),
              HasSubstr("event is not valid JSON: parse error at line 1, column 20: "));
  EXPECT_THAT(decode_error("{\n\"schema\": 1,\n"),
              HasSubstr("event is not valid JSON: parse error at line 3, column 1: "));
  EXPECT_THAT(decode_error(""), HasSubstr("event is not valid JSON: parse error at line 1"));
}

// Found by fuzzing (make fuzz, replay_protocol): nlohmann throws out_of_range, not parse_error,
// for a number beyond a double; it escaped the decoder and ended the replaying subscriber.
TEST(Common_EventCodec, rejects_a_number_too_large_for_a_double) {
  EXPECT_EQ(decode_error(R"({"schema":1,"dwell_s":741e4649})"),
            "event is not valid JSON: number overflow parsing '741e4649'");
}

TEST(Common_EventCodec, rejects_json_that_is_not_an_object) {
  EXPECT_EQ(decode_error("[1,2]"), "event must be a JSON object, got array");
  EXPECT_EQ(decode_error("\"event\""), "event must be a JSON object, got string");
}

TEST(Common_EventCodec, rejects_a_missing_schema) {
  EXPECT_EQ(decode_error([](Json& j) { j.erase("schema"); }),
            "event field 'schema': required field is missing");
}

TEST(Common_EventCodec, rejects_another_schema_version) {
  EXPECT_EQ(decode_error([](Json& j) { j["schema"] = 2; }),
            "event field 'schema': unsupported schema version 2; this build reads version 1");
}

TEST(Common_EventCodec, rejects_each_missing_required_field) {
  for (const char* field : {"id", "source", "seq", "type", "phase", "camera", "ts"}) {
    EXPECT_EQ(decode_error([&](Json& j) { j.erase(field); }),
              "event field '" + std::string(field) + "': required field is missing");
  }
}

TEST(Common_EventCodec, rejects_a_field_of_the_wrong_type) {
  EXPECT_EQ(decode_error([](Json& j) { j["seq"] = "3"; }),
            "event field 'seq': expected a non-negative integer, got \"3\"");
  EXPECT_EQ(decode_error([](Json& j) { j["seq"] = -3; }),
            "event field 'seq': expected a non-negative integer, got -3");
  EXPECT_EQ(decode_error([](Json& j) { j["camera"] = 12; }),
            "event field 'camera': expected a string, got 12");
  EXPECT_EQ(decode_error([](Json& j) { j["count"] = 2.5; }),
            "event field 'count': expected an integer, got 2.5");
  EXPECT_EQ(decode_error([](Json& j) { j["count"] = 3000000000LL; }),
            "event field 'count': integer out of range, got 3000000000");
  EXPECT_EQ(decode_error([](Json& j) { j["dwell_s"] = "long"; }),
            "event field 'dwell_s': expected a number, got \"long\"");
  EXPECT_EQ(decode_error([](Json& j) { j["track_ids"][1] = "t2"; }),
            "event field 'track_ids[1]': expected a 64-bit integer, got \"t2\"");
  EXPECT_EQ(decode_error([](Json& j) { j["boxes"] = Json::object(); }),
            "event field 'boxes': expected an array, got {}");
  EXPECT_EQ(decode_error([](Json& j) { j["boxes"][1].erase("h"); }),
            "event field 'boxes[1].h': required field is missing");
  EXPECT_EQ(decode_error([](Json& j) { j["snapshot"] = nullptr; }),
            "event field 'snapshot': expected a string, got null");
}

TEST(Common_EventCodec, rejects_a_bad_timestamp) {
  EXPECT_EQ(decode_error([](Json& j) { j["ts"] = "yesterday"; }),
            "event field 'ts': expected a UTC ISO-8601 timestamp such as "
            "2026-11-23T10:25:00.123Z, got \"yesterday\"");
  EXPECT_THAT(decode_error([](Json& j) { j["exited_at"] = 1700000000; }),
              HasSubstr("event field 'exited_at': expected a UTC ISO-8601 timestamp"));
}

TEST(Common_EventCodec, rejects_unknown_enum_values_listing_the_allowed_ones) {
  EXPECT_EQ(decode_error([](Json& j) { j["type"] = "fire"; }),
            "event field 'type': unknown value \"fire\"; allowed: loitering, crowding, "
            "camera_offline, camera_online, camera_error, storage_high_water, camera_tamper, "
            "recording_segment, evidence_file");
  EXPECT_EQ(decode_error([](Json& j) { j["phase"] = "begin"; }),
            "event field 'phase': unknown value \"begin\"; allowed: start, update, end, instant");
  EXPECT_EQ(decode_error([](Json& j) { j["severity"] = "critical"; }),
            "event field 'severity': unknown value \"critical\"; allowed: info, warning, alarm");
}

TEST(Common_EventCodec, announcements_carry_their_file_and_a_malformed_one_is_named) {
  Event segment = required_only();
  segment.type = EventType::recording_segment;
  segment.phase = EventPhase::instant;
  segment.file = FileRef{.path = "/data/recordings/hl1/a.mkv", .bytes = 99, .sha256 = "ab"};
  EXPECT_EQ(event_from_json(to_json(segment)), segment);
  EXPECT_TRUE(is_announcement(EventType::recording_segment));
  EXPECT_TRUE(is_announcement(EventType::evidence_file));
  EXPECT_FALSE(is_announcement(EventType::loitering));
  EXPECT_EQ(decode_error([](Json& j) {
              j["file"] = {{"path", "a"}, {"sha256", "b"}};
            }),
            "event field 'file.bytes': required field is missing");
  EXPECT_EQ(decode_error([](Json& j) {
              j["file"] = {{"path", "a"}, {"bytes", -3}, {"sha256", "b"}};
            }),
            "event field 'file.bytes': must not be negative, got -3");
}

TEST(Common_EventCodec, rejects_negative_counts_and_durations) {
  EXPECT_EQ(decode_error([](Json& j) { j["count"] = -1; }),
            "event field 'count': must not be negative, got -1");
  EXPECT_EQ(decode_error([](Json& j) { j["dwell_s"] = -0.5; }),
            "event field 'dwell_s': must not be negative, got -0.5");
  EXPECT_EQ(decode_error([](Json& j) { j["outage_s"] = -2; }),
            "event field 'outage_s': must not be negative, got -2");
}

TEST(Common_EventCodec, rejects_box_values_outside_0_to_1) {
  EXPECT_EQ(decode_error([](Json& j) { j["boxes"][0]["x"] = 1.5; }),
            "event field 'boxes[0].x': expected a number in 0..1, got 1.5");
  EXPECT_EQ(decode_error([](Json& j) { j["boxes"][1]["w"] = -0.01; }),
            "event field 'boxes[1].w': expected a number in 0..1, got -0.01");
}

}  // namespace
}  // namespace cctv
