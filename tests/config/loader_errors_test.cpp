// SPDX-License-Identifier: Apache-2.0
// Bad configs and their exact errors: syntax, keys, required fields, types, ids, references.
#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

#include "cctv/config/loader.hpp"
#include "config_test_util.hpp"

namespace cctv::config {
namespace {

using test_util::errors_of;
using test_util::kCamera;
using test_util::kSite;
using test_util::zone_with_rules;

using test_util::BadConfig;

const BadConfig kBadConfigs[] = {
    // 1. YAML syntax.
    {"syntax_error_bad_indent",
     "cameras:\n"
     "  - id: c1\n"
     "   site: s1\n",
     {"3:4: YAML syntax error: end of sequence not found; check the indentation, quotes and "
      "brackets here and on the line above"}},
    {"syntax_error_illegal_map_value",
     "bus: broker: true\n",
     {"1:12: YAML syntax error: illegal map value; check the indentation, quotes and brackets "
      "here and on the line above"}},
    // 2. Unknown keys.
    {"unknown_key_with_suggestion",
     zone_with_rules("      loitering: {dwel_s: 60}\n"),
     {"8:19: zone 'z1' loitering rule: unknown key 'dwel_s'; did you mean 'dwell_s'?"}},
    {"unknown_key_lists_allowed_keys",
     "storage: {data_dir: data, keep: 3}\n",
     {"1:27: storage: unknown key 'keep'; allowed keys are data_dir, database, retention_days, "
      "segment_s, clip_pre_roll_s, clip_post_roll_s, disk_high_water, disk_low_water, "
      "retention_check_s"}},
    {"unknown_top_level_key",
     kSite + "camras: []\n",
     {"2:1: top level: unknown key 'camras'; did you mean 'cameras'?"}},
    {"key_given_twice",
     "bus:\n"
     "  broker: true\n"
     "  broker: false\n",
     {"3:3: bus: key 'broker' is given twice; keep only one"}},
    // 3. Missing required fields: the error points at the enclosing map.
    {"missing_camera_site",
     kSite + "cameras:\n"
             "  - id: hl1\n"
             "    url: \"rtsp://cam/main\"\n",
     {"3:5: camera 'hl1': missing required field 'site'; add e.g. 'site: <site id>'"}},
    {"missing_camera_url",
     kSite + "cameras:\n  - {id: c1, site: s1}\n",
     {"3:5: camera 'c1': missing required field 'url'; add e.g. 'url: rtsp://camera-host/stream'"}},
    {"missing_site_name",
     "sites:\n"
     "  - id: s1\n"
     "    cluster: Wembley\n",
     {"2:5: site 's1': missing required field 'name'; add e.g. 'name: Honeypot Lane'"}},
    {"missing_id_names_entry_by_position",
     kSite + "cameras:\n"
             "  - name: Unnamed\n"
             "    site: s1\n"
             "    url: \"test://a\"\n",
     {"3:5: camera #1: missing required field 'id'; add e.g. 'id: <unique id>'"}},
    {"missing_zone_polygon",
     kSite + kCamera +
         "zones:\n"
         "  - id: z1\n"
         "    camera: c1\n",
     {"4:5: zone 'z1': missing required field 'polygon'; add e.g. 'polygon: [[0.1, 0.5], [0.9, "
      "0.5], [0.5, 1]]'"}},
    {"missing_user_role",
     "console:\n  users:\n    - name: bob\n",
     {"3:7: user 'bob': missing required field 'role'; add e.g. 'role: operator'"}},
    // 4. Wrong types.
    {"string_where_number_expected",
     kSite + "cameras:\n"
             "  - id: c1\n"
             "    site: s1\n"
             "    url: \"test://a\"\n"
             "    analytics: {fps: six}\n",
     {"6:22: camera 'c1' analytics: 'fps' must be a number, got 'six'"}},
    {"scalar_where_list_expected",
     kSite + "cameras: c1\n",
     {"2:10: top level: 'cameras' must be a list of cameras (one '- ' entry each), got 'c1'"}},
    {"fraction_where_whole_number_expected",
     zone_with_rules("      crowding: {min_people: 2.5}\n"),
     {"8:30: zone 'z1' crowding rule: 'min_people' must be a whole number, got '2.5'"}},
    {"scalar_where_map_expected",
     kSite + "cameras:\n"
             "  - id: c1\n"
             "    site: s1\n"
             "    url: \"test://a\"\n"
             "    analytics: 5\n",
     {"6:16: camera 'c1' analytics must be a map of 'key: value' lines, got '5'"}},
    {"list_where_map_expected",
     kSite + kCamera + "zones:\n  - {id: z1, camera: c1, polygon: [[0, 0], [1, 0], [1, 1]], " +
         "rules: [loitering]}\n",
     {"4:68: zone 'z1' rules must be a map of 'key: value' lines, got a list of 1 item"}},
    {"list_item_not_a_map",
     kSite + "cameras: [c1]\n",
     {"2:11: camera #1 must be a map of 'key: value' lines, got 'c1'"}},
    {"top_level_not_a_map",
     "- sites\n",
     {"1:1: top level must be a map of 'key: value' lines, got a list of 1 item"}},
    {"not_a_boolean",
     "bus: {broker: maybe}\n",
     {"1:15: bus: 'broker' must be true or false, got 'maybe'"}},
    // 8. Duplicates point at the second and name the first's line.
    {"duplicate_site_id",
     "sites:\n"
     "  - {id: honeypot-lane, name: Honeypot Lane}\n"
     "  - {id: wembley-park, name: Wembley Park}\n"
     "  - {id: honeypot-lane, name: Honeypot Lane again}\n",
     {"4:10: site 'honeypot-lane': id already used by the site at line 2; give each site a "
      "unique id"}},
    {"duplicate_camera_id",
     kSite + "cameras:\n"
             "  - {id: c1, site: s1, url: \"test://a\"}\n"
             "  - {id: c2, site: s1, url: \"test://b\"}\n"
             "  - {id: c1, site: s1, url: \"test://c\"}\n",
     {"5:10: camera 'c1': id already used by the camera at line 3; give each camera a unique "
      "id"}},
    {"duplicate_zone_id",
     kSite + kCamera +
         "zones:\n"
         "  - {id: z1, camera: c1, polygon: [[0.1, 0.1], [0.9, 0.1], [0.5, 0.9]]}\n"
         "  - {id: z1, camera: c1, polygon: [[0.1, 0.1], [0.9, 0.1], [0.5, 0.9]]}\n",
     {"5:10: zone 'z1': id already used by the zone at line 4; give each zone a unique id"}},
    {"duplicate_user_name",
     "console:\n"
     "  users:\n"
     "    - {name: alice, role: operator}\n"
     "    - {name: alice, role: police}\n",
     {"4:14: user 'alice': name already used by the user at line 3; give each user a unique "
      "name"}},
    {"id_with_bad_characters",
     kSite + "cameras:\n  - {id: \"hl 1\", site: s1, url: \"test://a\"}\n",
     {"3:10: camera #1: id 'hl 1' may only contain letters, digits, '-' and '_'; e.g. 'hl-1'"}},
    // 9. References between sections.
    {"camera_on_unknown_site_with_suggestion",
     "sites: [{id: honeypot-lane, name: Honeypot Lane}]\n"
     "cameras:\n"
     "  - {id: c1, site: honeypot-lan, url: \"test://a\"}\n",
     {"3:20: camera 'c1': unknown site 'honeypot-lan'; did you mean 'honeypot-lane'?"}},
    {"zone_on_unknown_camera_lists_known",
     kSite + "cameras:\n"
             "  - {id: hl1, site: s1, url: \"test://a\"}\n"
             "  - {id: hl2, site: s1, url: \"test://b\"}\n"
             "zones:\n"
             "  - {id: z1, camera: wembley-9, polygon: [[0.1, 0.1], [0.9, 0.1], [0.5, 0.9]]}\n",
     {"6:22: zone 'z1': unknown camera 'wembley-9'; known cameras are hl1, hl2"}},
    {"camera_when_no_sites",
     "cameras:\n  - {id: c1, site: s1, url: \"test://a\"}\n",
     {"2:20: camera 'c1': unknown site 's1'; no sites are defined; add it under 'sites'"}},
};

class Config_LoaderErrors : public ::testing::TestWithParam<BadConfig> {};

TEST_P(Config_LoaderErrors, reports_exact_errors) {
  EXPECT_EQ(errors_of(GetParam().yaml), GetParam().errors) << GetParam().yaml;
}

INSTANTIATE_TEST_SUITE_P(Table, Config_LoaderErrors, ::testing::ValuesIn(kBadConfigs),
                         test_util::bad_config_name);

TEST(Config_Loader, reports_unknown_key_with_suggestion) {
  const LoadResult result =
      load_config_string(zone_with_rules("      loitering: {dwel_s: 60}\n"), "site.yaml");
  EXPECT_FALSE(result.config.has_value());
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0].to_string(),
            "site.yaml:8:19: zone 'z1' loitering rule: unknown key 'dwel_s'; did you mean "
            "'dwell_s'?");
}

TEST(Config_Loader, never_shows_url_credentials_in_errors) {
  const auto errors = errors_of(kSite + "cameras:\n  - {id: c1, site: s1, url: " +
                                "\"http://admin:secret@10.0.0.5/live\"}\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            "3:29: camera 'c1': 'url' 'http://***@10.0.0.5/live' must start with "
            "rtsp://, rtsps://, file:// or test:// followed by the stream address");
}

}  // namespace
}  // namespace cctv::config
