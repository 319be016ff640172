// SPDX-License-Identifier: Apache-2.0
// Valid configs load into the expected structs; files; many mistakes reported at once.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "cctv/config/loader.hpp"
#include "config_test_util.hpp"
#include "support/temp_dir.hpp"

namespace cctv::config {
namespace {

using test_util::messages;

const char* const kFullConfig =
    R"(sites:   [{id: honeypot-lane, name: Honeypot Lane, cluster: Wembley, lat: 51.5905, lon: -0.2790}]
cameras: [{id: hl1, name: Honeypot Lane North, site: honeypot-lane, kind: fixed,
           url: "rtsp://10.0.0.5/main", analytics_url: "rtsp://10.0.0.5/sub",
           analytics: {fps: 6, width: 640, height: 360, detector: motion, model: path.onnx}, offline_after_s: 10,
           tamper: {enabled: true, min_duration_s: 8, sensitivity: high}},
          {id: mob7, site: honeypot-lane, kind: mobile, url: "test://smpte",
           analytics: {detector: yolox, model: models/yolox_nano.onnx}}]
zones:   [{id: hl1-kerb, camera: hl1, name: Kerbside, polygon: [[0.1,0.5],[0.9,0.5],[0.9,1],[0.1,1]],
           rules: {loitering: {dwell_s: 60, grace_s: 5, update_s: 30},
                   crowding: {min_people: 6, min_duration_s: 30, hysteresis: 1, clear_s: 5, cooldown_s: 120},
                   schedule: [{days: [mon,tue,wed,thu,fri,sat,sun], from: "06:00", to: "12:00"},
                              {days: [fri, sat], from: "22:00", to: "02:00"}]}},
          {id: mob7-door, camera: mob7, polygon: [[0, 0], [1, 0], [0.5, 1]],
           rules: {loitering: {}, schedule: [{from: "12:00", to: "24:00"}]}},
          {id: hl1-road, camera: hl1, polygon: [[0, 0], [0.5, 0], [0.5, 0.4]]}]
storage: {data_dir: data, retention_days: 31, segment_s: 10}
bus:     {source: node-a, publish: "tcp://127.0.0.1:5570", subscribe: "tcp://127.0.0.1:5571", broker: true,
          replay: "tcp://10.0.0.5:5572", heartbeat_s: 0.5, outbox_sync: normal, outbox_keep_h: 48,
          outbox_keep_events: 5000}
console: {bind: "127.0.0.1:8080", users: [{name: alice, role: operator}, {name: pc-smith, role: police}]}
)";

Config expected_full_config() {
  Config c;
  c.storage.segment_s = 10;
  c.sites = {{"honeypot-lane", "Honeypot Lane", "Wembley", 51.5905, -0.2790, ""}};
  Camera hl1{"hl1",
             "Honeypot Lane North",
             "honeypot-lane",
             CameraKind::fixed,
             "rtsp://10.0.0.5/main",
             "rtsp://10.0.0.5/sub",
             {},
             10};
  hl1.analytics = {6, 640, 360, "motion", "path.onnx"};
  hl1.tamper = {true, 8, TamperSensitivity::high};
  Camera mob7{"mob7", "mob7", "honeypot-lane", CameraKind::mobile, "test://smpte", "", {}, 10};
  mob7.analytics.detector = "yolox";
  mob7.analytics.model = "models/yolox_nano.onnx";
  c.cameras = {hl1, mob7};

  Zone kerb{"hl1-kerb", "hl1", "Kerbside", {{0.1, 0.5}, {0.9, 0.5}, {0.9, 1}, {0.1, 1}}, {}};
  kerb.rules.loitering = LoiteringRule{60, 5, 30};
  kerb.rules.crowding = CrowdingRule{6, 30, 1, 5, 120};
  kerb.rules.schedule = {{{0, 1, 2, 3, 4, 5, 6}, 6 * 60, 12 * 60}, {{4, 5}, 22 * 60, 2 * 60}};
  Zone door{"mob7-door", "mob7", "mob7-door", {{0, 0}, {1, 0}, {0.5, 1}}, {}};
  door.rules.loitering = LoiteringRule{};
  door.rules.schedule = {{{0, 1, 2, 3, 4, 5, 6}, 12 * 60, 24 * 60}};
  Zone road{"hl1-road", "hl1", "hl1-road", {{0, 0}, {0.5, 0}, {0.5, 0.4}}, {}};
  c.zones = {kerb, door, road};

  c.bus.source = "node-a";
  c.bus.replay = "tcp://10.0.0.5:5572";
  c.bus.heartbeat_s = 0.5;
  c.bus.outbox_sync = "normal";
  c.bus.outbox_keep_h = 48;
  c.bus.outbox_keep_events = 5000;
  c.console.users = {{"alice", "operator"}, {"pc-smith", "police"}};
  return c;
}

TEST(Config_Loader, loads_full_config_into_structs) {
  const LoadResult result = load_config_string(kFullConfig, "full.yaml");
  ASSERT_TRUE(result.errors.empty()) << ::testing::PrintToString(messages(result));
  ASSERT_TRUE(result.config.has_value());
  const Config& got = *result.config;
  const Config want = expected_full_config();
  EXPECT_EQ(got.sites, want.sites);
  ASSERT_EQ(got.cameras.size(), 2u);
  EXPECT_EQ(got.cameras[0].analytics_url, "rtsp://10.0.0.5/sub");
  EXPECT_EQ(got.cameras[1].name, "mob7");  // name defaults to id
  EXPECT_EQ(got.cameras[1].kind, CameraKind::mobile);
  EXPECT_EQ(got.cameras, want.cameras);
  ASSERT_EQ(got.zones.size(), 3u);
  const ScheduleWindow overnight{{4, 5}, 22 * 60, 2 * 60};
  EXPECT_EQ(got.zones[0].rules.schedule.at(1), overnight);
  EXPECT_FALSE(got.zones[1].rules.crowding.has_value());
  EXPECT_EQ(got.zones[2].rules, ZoneRules{});  // no rules at all is fine
  EXPECT_EQ(got.zones, want.zones);
  EXPECT_EQ(got.storage, want.storage);
  EXPECT_EQ(got.bus, want.bus);
  EXPECT_EQ(got.console, want.console);
  EXPECT_EQ(got, want);
}

TEST(Config_Loader, fills_defaults_for_absent_fields) {
  const LoadResult result = load_config_string(
      "sites: [{id: s1, name: One}]\ncameras: [{id: c1, site: s1, url: \"file:///v.mp4\"}]\n",
      "min.yaml");
  ASSERT_TRUE(result.errors.empty()) << ::testing::PrintToString(messages(result));
  Config want;
  want.sites = {{"s1", "One", "", 0, 0, ""}};
  want.cameras = {{"c1", "c1", "s1", CameraKind::fixed, "file:///v.mp4", "", {}, 10}};
  EXPECT_EQ(*result.config, want);
  EXPECT_EQ(result.config->storage.retention_days, 31);
  EXPECT_EQ(result.config->storage.segment_s, 60);
  EXPECT_EQ(result.config->console.bind, "127.0.0.1:8080");
}

TEST(Config_Loader, empty_document_is_the_default_config) {
  const LoadResult result = load_config_string("", "empty.yaml");
  EXPECT_TRUE(result.errors.empty());
  ASSERT_TRUE(result.config.has_value());
  EXPECT_EQ(*result.config, Config{});
}

TEST(Config_Loader, accepts_touching_and_nightly_windows) {
  const LoadResult result =
      load_config_string(test_util::zone_with_rules("      schedule:\n"
                                                    "        - {from: \"06:00\", to: \"12:00\"}\n"
                                                    "        - {from: \"12:00\", to: \"22:00\"}\n"
                                                    "        - {from: \"22:00\", to: \"06:00\"}\n"),
                         "nightly.yaml");
  EXPECT_TRUE(result.errors.empty()) << ::testing::PrintToString(messages(result));
}

TEST(Config_Loader, whole_day_windows_are_valid) {
  const LoadResult result = load_config_string(
      test_util::zone_with_rules("      schedule:\n"
                                 "        - {days: [mon], from: \"00:00\", to: \"24:00\"}\n"
                                 "        - {days: [tue]}\n"
                                 "        - {days: [wed], from: \"12:00\", to: \"00:00\"}\n"),
      "whole-day.yaml");
  ASSERT_TRUE(result.config.has_value()) << ::testing::PrintToString(messages(result));
  const std::vector<ScheduleWindow> want = {
      {{0}, 0, 24 * 60}, {{1}, 0, 24 * 60}, {{2}, 12 * 60, 0}};
  EXPECT_EQ(result.config->zones.at(0).rules.schedule, want);
}

TEST(Config_Loader, reports_every_mistake_in_one_file) {
  const std::string yaml =
      "sites:\n"                                 // 1
      "  - id: honeypot-lane\n"                  // 2
      "    name: Honeypot Lane\n"                // 3
      "    lat: 151.59\n"                        // 4  lat out of range
      "cameras:\n"                               // 5
      "  - id: hl1\n"                            // 6
      "    site: honeypot-lane\n"                // 7
      "    url: \"rtsp://10.0.0.5/main\"\n"      // 8
      "    analytics: {fps: six}\n"              // 9  wrong type
      "  - id: hl2\n"                            // 10
      "    site: honeypot-lan\n"                 // 11 unknown site
      "    url: \"rtsp://10.0.0.6/main\"\n"      // 12
      "zones:\n"                                 // 13
      "  - id: hl1-kerb\n"                       // 14
      "    camera: hl1\n"                        // 15
      "    polygon: [[0.1, 0.5], [0.9, 0.5]]\n"  // 16 too few points
      "    rules:\n"                             // 17
      "      loitering: {dwel_s: 60}\n";         // 18 unknown key
  const LoadResult result = load_config_string(yaml, "five.yaml");
  EXPECT_FALSE(result.config.has_value());
  ASSERT_EQ(result.errors.size(), 5u) << ::testing::PrintToString(messages(result));
  const int lines[] = {4, 9, 11, 16, 18};
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(result.errors[i].line, lines[i]) << result.errors[i].to_string();
    EXPECT_EQ(result.errors[i].file, "five.yaml");
  }
  EXPECT_EQ(result.errors[2].to_string(),
            "five.yaml:11:11: camera 'hl2': unknown site 'honeypot-lan'; did you mean "
            "'honeypot-lane'?");
}

TEST(Config_Loader, loads_a_file_and_names_it_in_errors) {
  const test::TempDir dir;
  const auto path = dir.write("cctv.yaml", "storage: {retention_days: 0}\n").string();
  const LoadResult result = load_config_file(path);
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0].to_string(),
            path + ":1:27: storage: 'retention_days' is 0; use a value between 1 and 3650");

  const auto good = dir.write("good.yaml", kFullConfig).string();
  const LoadResult loaded = load_config_file(good);
  ASSERT_TRUE(loaded.config.has_value()) << ::testing::PrintToString(messages(loaded));
  EXPECT_EQ(*loaded.config, expected_full_config());
}

TEST(Config_Loader, missing_file_is_one_error_at_line_zero) {
  const test::TempDir dir;
  const std::string path = (dir / "nope.yaml").string();
  const LoadResult result = load_config_file(path);
  EXPECT_FALSE(result.config.has_value());
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0].file, path);
  EXPECT_EQ(result.errors[0].line, 0);
  EXPECT_EQ(result.errors[0].to_string(),
            path + ": cannot open config file '" + path +
                "': No such file or directory; check the path and its permissions");
}

TEST(Config_Loader, directory_is_not_a_config_file) {
  const test::TempDir dir;
  const LoadResult result = load_config_file(dir.path().string());
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0].line, 0);
  EXPECT_NE(result.errors[0].message.find("it is a directory"), std::string::npos);
}

TEST(Config_Loader, demo_config_loads_without_errors) {
  const std::filesystem::path demo = std::filesystem::path(CCTV_SOURCE_DIR) / "config/demo.yaml";
  if (!std::filesystem::exists(demo)) GTEST_SKIP() << demo << " does not exist yet";
  const LoadResult result = load_config_file(demo.string());
  EXPECT_TRUE(result.errors.empty()) << ::testing::PrintToString(messages(result));
  EXPECT_TRUE(result.config.has_value());
}

TEST(Config_Config, finds_sites_cameras_and_zones_by_id) {
  const Config c = expected_full_config();
  ASSERT_NE(c.find_site("honeypot-lane"), nullptr);
  EXPECT_EQ(c.find_site("honeypot-lane")->cluster, "Wembley");
  EXPECT_EQ(c.find_site("nowhere"), nullptr);
  ASSERT_NE(c.find_camera("mob7"), nullptr);
  EXPECT_EQ(c.find_camera("mob7")->kind, CameraKind::mobile);
  EXPECT_EQ(c.find_camera("hl9"), nullptr);
  const auto zones = c.zones_of("hl1");
  ASSERT_EQ(zones.size(), 2u);
  EXPECT_EQ(zones[0]->id, "hl1-kerb");
  EXPECT_EQ(zones[1]->id, "hl1-road");
  EXPECT_TRUE(c.zones_of("hl9").empty());
}

TEST(Config_Config, a_mobile_cameras_zones_can_belong_to_one_site) {
  const LoadResult r = load_config_string(
      "sites: [{id: s1, name: One}, {id: s2, name: Two}]\n"
      "cameras: [{id: m1, site: s1, kind: mobile, url: \"test://a\"}]\n"
      "zones:\n"
      "  - {id: any, camera: m1, polygon: [[0, 0], [1, 0], [1, 1]]}\n"
      "  - {id: at-two, camera: m1, site: s2, polygon: [[0, 0], [1, 0], [1, 1]]}\n",
      "test.yaml");
  ASSERT_TRUE(r.config) << ::testing::PrintToString(messages(r));
  EXPECT_EQ(r.config->zones[1].site, "s2");
  ASSERT_EQ(r.config->zones_at("m1", "s1").size(), 1u);
  EXPECT_EQ(r.config->zones_at("m1", "s1")[0].id, "any");
  EXPECT_EQ(r.config->zones_at("m1", "s2").size(), 2u);
  EXPECT_EQ(messages(load_config_string(
                "sites: [{id: s1, name: One}]\n"
                "cameras: [{id: m1, site: s1, kind: mobile, url: \"test://a\"}]\n"
                "zones: [{id: z, camera: m1, site: s9, polygon: [[0, 0], [1, 0], [1, 1]]}]\n",
                "test.yaml")),
            std::vector<std::string>{"3:35: zone 'z': unknown site 's9'; did you mean 's1'?"});
}

}  // namespace
}  // namespace cctv::config
