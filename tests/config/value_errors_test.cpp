// SPDX-License-Identifier: Apache-2.0
// Bad values and their exact errors: polygons, schedules and thresholds out of range.
#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

#include "config_test_util.hpp"

namespace cctv::config {
namespace {

using test_util::errors_of;
using test_util::kCamera;
using test_util::kSite;
using test_util::zone_with_rules;

using test_util::BadConfig;

// kSite, kCamera, then one zone on line 4 with the given polygon (which starts at column 35).
std::string zone_with_polygon(const std::string& polygon) {
  return kSite + kCamera + "zones:\n  - {id: z1, camera: c1, polygon: " + polygon + "}\n";
}

std::string camera_with(const std::string& lines) {
  return kSite + "cameras:\n  - id: c1\n    site: s1\n    url: \"test://a\"\n" + lines;
}

const BadConfig kBadConfigs[] = {
    {"segment_s_out_of_range",
     "storage: {segment_s: 0}\n",
     {"1:22: storage: 'segment_s' is 0; use a value between 1 and 3600"}},
    // 5. Polygons.
    {"polygon_with_two_points",
     zone_with_polygon("[[0.1, 0.1], [0.9, 0.1]]"),
     {"4:35: zone 'z1': polygon has 2 points; a zone needs at least 3 [x, y] points, e.g. [[0.1, "
      "0.5], [0.9, 0.5], [0.5, 1]]"}},
    {"polygon_point_outside_image",
     zone_with_polygon("[[0.1, 0.1], [1.2, 0.1], [0.5, 0.9]]"),
     {"4:49: zone 'z1': polygon point 2 has x '1.2'; use a number from 0 to 1 (a fraction of the "
      "image width)"}},
    {"polygon_point_not_a_pair",
     zone_with_polygon("[[0.1, 0.1], [0.9], [0.5, 0.9]]"),
     {"4:48: zone 'z1': polygon point 2 must be a pair of numbers [x, y], got a list of 1 item"}},
    {"polygon_coordinate_not_a_number",
     zone_with_polygon("[[0.1, 0.1], [0.9, top], [0.5, 0.9]]"),
     {"4:54: zone 'z1': polygon point 2 has y 'top'; use a number from 0 to 1 (a fraction of the "
      "image height)"}},
    {"polygon_self_intersecting",
     zone_with_polygon("[[0.1, 0.1], [0.9, 0.9], [0.9, 0.1], [0.1, 0.9]]"),
     {"4:35: zone 'z1': polygon edges cross or touch each other; list the points in order around "
      "the zone's outline"}},
    {"polygon_not_a_list",
     zone_with_polygon("\"0.1,0.1 0.9,0.1 0.5,0.9\""),
     {"4:35: zone 'z1': 'polygon' must be a list of [x, y] points, e.g. [[0.1, 0.5], [0.9, 0.5], "
      "[0.5, 1]], got '0.1,0.1 0.9,0.1 0.5,0.9'"}},
    {"polygon_on_one_line",
     zone_with_polygon("[[0.1, 0.1], [0.5, 0.5], [0.9, 0.9]]"),
     {"4:35: zone 'z1': polygon has no area (its points lie on one line); spread them out"}},
    // 6. Schedules: overlaps on a shared day (including past midnight) and malformed times.
    {"schedule_overlap_on_shared_day",
     zone_with_rules("      schedule:\n"
                     "        - {days: [mon, tue], from: \"06:00\", to: \"12:00\"}\n"
                     "        - {days: [tue], from: \"11:00\", to: \"14:00\"}\n"),
     {"10:11: zone 'z1' schedule window 2: overlaps window 1 (line 9) on tue at 11:00; change the "
      "times or merge the two windows"}},
    {"schedule_overnight_overlaps_next_day",
     zone_with_rules("      schedule:\n"
                     "        - {days: [fri], from: \"22:00\", to: \"02:00\"}\n"
                     "        - {days: [sat], from: \"01:30\", to: \"06:00\"}\n"),
     {"10:11: zone 'z1' schedule window 2: overlaps window 1 (line 9) on sat at 01:30; change the "
      "times or merge the two windows"}},
    {"schedule_sunday_night_overlaps_monday",
     zone_with_rules("      schedule:\n"
                     "        - {days: [sun], from: \"23:00\", to: \"01:00\"}\n"
                     "        - {days: [mon], from: \"00:00\", to: \"00:30\"}\n"),
     {"10:11: zone 'z1' schedule window 2: overlaps window 1 (line 9) on mon at 00:00; change the "
      "times or merge the two windows"}},
    {"schedule_without_days_covers_every_day",
     zone_with_rules("      schedule:\n"
                     "        - {from: \"06:00\", to: \"12:00\"}\n"
                     "        - {days: [wed], from: \"09:00\", to: \"10:00\"}\n"),
     {"10:11: zone 'z1' schedule window 2: overlaps window 1 (line 9) on wed at 09:00; change the "
      "times or merge the two windows"}},
    {"schedule_malformed_times",
     zone_with_rules("      schedule:\n"
                     "        - {from: \"25:00\", to: 6am}\n"),
     {"9:18: zone 'z1' schedule window 1: 'from' is '25:00'; write a 24-hour local time as "
      "\"HH:MM\" from 00:00 to 23:59",
      "9:31: zone 'z1' schedule window 1: 'to' is '6am'; write a 24-hour local time as \"HH:MM\" "
      "from 00:00 to 24:00"}},
    {"schedule_end_of_day_only_for_to",
     zone_with_rules("      schedule:\n"
                     "        - {from: \"24:00\"}\n"),
     {"9:18: zone 'z1' schedule window 1: 'from' is '24:00'; write a 24-hour local time as "
      "\"HH:MM\" from 00:00 to 23:59"}},
    {"schedule_unknown_days",
     zone_with_rules("      schedule:\n"
                     "        - {days: [mon, thur, daily], from: \"06:00\", to: \"07:00\"}\n"),
     {"9:24: zone 'z1' schedule window 1: 'days' has 'thur'; use mon, tue, wed, thu, fri, sat or "
      "sun (did you mean 'thu'?)",
      "9:30: zone 'z1' schedule window 1: 'days' has 'daily'; use mon, tue, wed, thu, fri, sat or "
      "sun"}},
    {"schedule_days_not_a_list",
     zone_with_rules("      schedule:\n"
                     "        - {days: mon}\n"),
     {"9:18: zone 'z1' schedule window 1: 'days' must be a list of days such as [mon, tue, wed], "
      "got 'mon'; leave 'days' out for every day"}},
    {"schedule_empty_window",
     zone_with_rules("      schedule:\n"
                     "        - {from: \"06:00\", to: \"06:00\"}\n"),
     {"9:11: zone 'z1' schedule window 1: 'from' and 'to' are both 06:00, so the window is empty; "
      "for the whole day write from: \"00:00\" and to: \"24:00\""}},
    // 7. Thresholds and choices.
    {"analytics_out_of_range",
     camera_with("    analytics: {fps: 0, width: 63, height: 2161}\n"
                 "    offline_after_s: 0\n"),
     {"6:22: camera 'c1' analytics: 'fps' is 0; use a value > 0 and <= 30",
      "6:32: camera 'c1' analytics: 'width' is 63; use a value between 64 and 3840",
      "6:44: camera 'c1' analytics: 'height' is 2161; use a value between 64 and 2160",
      "7:22: camera 'c1': 'offline_after_s' is 0; use a value > 0"}},
    {"tamper_out_of_range",
     camera_with("    tamper: {min_duration_s: 0.1, sensitivity: extreme, enable: false}\n"),
     {"6:30: camera 'c1' tamper: 'min_duration_s' is 0.1; use a value between 0.5 and 600",
      "6:48: camera 'c1' tamper: 'sensitivity' is 'extreme'; use one of low, medium, high",
      "6:57: camera 'c1' tamper: unknown key 'enable'; did you mean 'enabled'?"}},
    {"fps_above_30",
     camera_with("    analytics: {fps: 31}\n"),
     {"6:22: camera 'c1' analytics: 'fps' is 31; use a value > 0 and <= 30"}},
    {"yolox_without_model",
     camera_with("    analytics:\n      detector: yolox\n"),
     {"7:7: camera 'c1' analytics: detector 'yolox' needs 'model', the path of its .onnx file; "
      "add e.g. 'model: models/yolox_nano.onnx' or use 'detector: motion'"}},
    {"unknown_detector_and_kind",
     camera_with("    kind: ptz\n    analytics: {detector: yolo}\n"),
     {"6:11: camera 'c1': 'kind' is 'ptz'; use one of fixed, mobile",
      "7:27: camera 'c1' analytics: 'detector' is 'yolo'; use one of motion, yolox (did you mean "
      "'yolox'?)"}},
    {"analytics_url_without_address",
     camera_with("    analytics_url: \"rtsp://\"\n"),
     {"6:20: camera 'c1': 'analytics_url' 'rtsp://' must start with rtsp://, rtsps://, file:// or "
      "test:// followed by the stream address"}},
    {"loitering_out_of_range",
     zone_with_rules("      loitering: {dwell_s: 0, grace_s: -1, update_s: 0}\n"),
     {"8:28: zone 'z1' loitering rule: 'dwell_s' is 0; use a value > 0",
      "8:40: zone 'z1' loitering rule: 'grace_s' is -1; use a value >= 0",
      "8:54: zone 'z1' loitering rule: 'update_s' is 0; use a value > 0"}},
    {"crowding_out_of_range",
     zone_with_rules(
         "      crowding: {min_people: 1, min_duration_s: -1, clear_s: -5, cooldown_s: -1}\n"),
     {"8:30: zone 'z1' crowding rule: 'min_people' is 1; use a value >= 2",
      "8:49: zone 'z1' crowding rule: 'min_duration_s' is -1; use a value >= 0",
      "8:62: zone 'z1' crowding rule: 'clear_s' is -5; use a value >= 0",
      "8:78: zone 'z1' crowding rule: 'cooldown_s' is -1; use a value >= 0"}},
    {"crowding_hysteresis_not_below_min_people",
     zone_with_rules("      crowding: {min_people: 3, hysteresis: 3}\n"),
     {"8:45: zone 'z1' crowding rule: 'hysteresis' is 3 but must be less than min_people (3); "
      "lower it"}},
    {"crowding_hysteresis_against_default_min_people",
     zone_with_rules("      crowding: {hysteresis: 6}\n"),
     {"8:30: zone 'z1' crowding rule: 'hysteresis' is 6 but must be less than min_people (6); "
      "lower it"}},
    {"site_position_out_of_range",
     "sites:\n  - {id: s1, name: One, lat: 91, lon: -181}\n",
     {"2:30: site 's1': 'lat' is 91; use a value between -90 and 90",
      "2:39: site 's1': 'lon' is -181; use a value between -180 and 180"}},
    {"retention_bind_and_role",
     "storage: {retention_days: 3651}\n"
     "console:\n"
     "  bind: \"localhost\"\n"
     "  users:\n"
     "    - {name: alice, role: cop}\n",
     {"1:27: storage: 'retention_days' is 3651; use a value between 1 and 3650",
      "3:9: console: 'bind' is 'localhost'; write host:port, e.g. 127.0.0.1:8080 or 0.0.0.0:8080",
      "5:27: user 'alice': 'role' is 'cop'; use one of operator, supervisor, police, ljag, admin"}},
    {"retention_zero",
     "storage: {retention_days: 0}\n",
     {"1:27: storage: 'retention_days' is 0; use a value between 1 and 3650"}},
    {"bus_endpoint_without_scheme",
     "bus: {publish: \"localhost:5570\"}\n",
     {"1:16: bus: 'publish' is 'localhost:5570'; write a ZeroMQ endpoint such as "
      "tcp://127.0.0.1:5570"}},
    {"bus_replay_and_outbox",
     "bus:\n"
     "  replay: \"tcp://*:5572\"\n"
     "  heartbeat_s: 0\n"
     "  outbox_sync: fsync\n"
     "  outbox_keep_h: -1\n"
     "  outbox_keep_events: 2.5\n",
     {"2:11: bus: 'replay' is 'tcp://*:5572'; subscribers dial this address, so give this "
      "node's own, e.g. tcp://10.0.0.5:5572",
      "3:16: bus: 'heartbeat_s' is 0; use a value between 0.05 and 60",
      "4:16: bus: 'outbox_sync' is 'fsync'; use one of full, normal",
      "5:18: bus: 'outbox_keep_h' is -1; use a value between 0 and 8760",
      "6:23: bus: 'outbox_keep_events' must be a whole number, got '2.5'"}},
    {"bus_replay_any_address",
     "bus: {replay: \"tcp://0.0.0.0:5572\"}\n",
     {"1:15: bus: 'replay' is 'tcp://0.0.0.0:5572'; subscribers dial this address, so give "
      "this node's own, e.g. tcp://10.0.0.5:5572"}},
    {"storage_database_with_a_password",
     "storage: {database: \"postgresql://cctv:hunter2@db/cctv\"}\n",
     {"1:21: storage: 'database' holds a password; remove it from the URL and give it in the "
      "environment variable PGPASSWORD or in ~/.pgpass"}},
    {"storage_database_not_a_url",
     "storage: {database: mysql://db/cctv}\n",
     {"1:21: storage: 'database' is 'mysql://db/cctv'; write sqlite (the default, "
      "<data_dir>/cctv.db) or a PostgreSQL URL such as postgresql://cctv@db.example/cctv"}},
};

class Config_ValueErrors : public ::testing::TestWithParam<BadConfig> {};

TEST_P(Config_ValueErrors, reports_exact_errors) {
  EXPECT_EQ(errors_of(GetParam().yaml), GetParam().errors) << GetParam().yaml;
}

INSTANTIATE_TEST_SUITE_P(Table, Config_ValueErrors, ::testing::ValuesIn(kBadConfigs),
                         test_util::bad_config_name);

}  // namespace
}  // namespace cctv::config
