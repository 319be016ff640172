// SPDX-License-Identifier: Apache-2.0
// The analytics fields: enabled, detection_interval and motion_mask per camera, min_box_height
// and classes per zone; defaults, valid values and exact errors.
#include <gtest/gtest.h>

#include "config_test_util.hpp"

namespace cctv::config {
namespace {

using test_util::errors_of;
using test_util::kSite;

std::string camera_analytics(const std::string& analytics) {
  return kSite + "cameras: [{id: c1, site: s1, url: \"test://a\", analytics: " + analytics + "}]\n";
}

std::string zone_with(const std::string& fields) {
  return camera_analytics("{}") + "zones: [{id: z1, camera: c1, polygon: [[0, 0], [1, 0], [1, 1]]" +
         fields + "}]\n";
}

TEST(Config_AnalyticsFields, defaults) {
  const LoadResult r = load_config_string(zone_with(""), "t.yaml");
  ASSERT_TRUE(r.config);
  EXPECT_TRUE(r.config->cameras[0].analytics.enabled);
  EXPECT_EQ(r.config->cameras[0].analytics.detection_interval, 1);
  EXPECT_TRUE(r.config->cameras[0].analytics.motion_mask.empty());
  EXPECT_EQ(r.config->zones[0].min_box_height, 0);
  EXPECT_EQ(r.config->zones[0].classes, std::vector<std::string>{"person"});
}

TEST(Config_AnalyticsFields, reads_values) {
  const std::string yaml =
      kSite +
      "cameras: [{id: c1, site: s1, url: \"test://a\", analytics: {detection_interval: 3, "
      "motion_mask: [[[0, 0], [0.2, 0], [0.2, 0.3]]]}}]\n"
      "zones: [{id: z1, camera: c1, polygon: [[0, 0], [1, 0], [1, 1]], min_box_height: 0.1, "
      "classes: [person, bicycle]}]\n";
  const LoadResult r = load_config_string(yaml, "t.yaml");
  ASSERT_TRUE(r.config) << (r.errors.empty() ? "" : r.errors[0].to_string());
  EXPECT_EQ(r.config->cameras[0].analytics.detection_interval, 3);
  ASSERT_EQ(r.config->cameras[0].analytics.motion_mask.size(), 1u);
  EXPECT_EQ(r.config->cameras[0].analytics.motion_mask[0], (Polygon{{0, 0}, {0.2, 0}, {0.2, 0.3}}));
  EXPECT_DOUBLE_EQ(r.config->zones[0].min_box_height, 0.1);
  EXPECT_EQ(r.config->zones[0].classes, (std::vector<std::string>{"person", "bicycle"}));
}

TEST(Config_AnalyticsFields, a_camera_can_be_record_only) {
  const LoadResult r = load_config_string(camera_analytics("{enabled: false}"), "t.yaml");
  ASSERT_TRUE(r.config) << (r.errors.empty() ? "" : r.errors[0].to_string());
  EXPECT_FALSE(r.config->cameras[0].analytics.enabled);
  EXPECT_EQ(errors_of(camera_analytics("{enabled: sometimes}")),
            std::vector<std::string>{
                "2:68: camera 'c1' analytics: 'enabled' must be true or false, got 'sometimes'"});
}

TEST(Config_AnalyticsFields, bad_values_are_reported) {
  for (const auto& [yaml, error] : std::vector<std::pair<std::string, std::string>>{
           {camera_analytics("{detection_interval: 0}"), "detection_interval"},
           {camera_analytics("{motion_mask: [[[0, 0], [2, 0], [0.2, 0.3]]]}"),
            "motion_mask area 1"},
           {zone_with(", min_box_height: 1.5"), "min_box_height"},
           {zone_with(", classes: [persn]"), "did you mean 'person'?"},
           {zone_with(", classes: []"), "'classes' is empty"},
       }) {
    const auto errors = errors_of(yaml);
    ASSERT_EQ(errors.size(), 1u) << yaml;
    EXPECT_NE(errors[0].find(error), std::string::npos) << errors[0];
  }
}

}  // namespace
}  // namespace cctv::config
