// SPDX-License-Identifier: Apache-2.0
// Retention's disk water marks and how often it checks, under storage: defaults and errors.
#include <gtest/gtest.h>

#include "config_test_util.hpp"

namespace cctv::config {
namespace {

using test_util::BadConfig;
using test_util::errors_of;
using test_util::messages;

TEST(Config_RetentionSettings, defaults_and_values) {
  const LoadResult defaults = load_config_string("", "empty.yaml");
  ASSERT_TRUE(defaults.config);
  EXPECT_EQ(defaults.config->storage.disk_high_water, 0.90);
  EXPECT_EQ(defaults.config->storage.disk_low_water, 0.85);
  EXPECT_EQ(defaults.config->storage.retention_check_s, 600);

  const LoadResult set = load_config_string(
      "storage: {disk_high_water: 0.8, disk_low_water: 0.7, retention_check_s: 5}\n", "site.yaml");
  ASSERT_TRUE(set.errors.empty()) << ::testing::PrintToString(messages(set));
  EXPECT_EQ(set.config->storage.disk_high_water, 0.8);
  EXPECT_EQ(set.config->storage.disk_low_water, 0.7);
  EXPECT_EQ(set.config->storage.retention_check_s, 5);
}

class Config_RetentionSettingsErrors : public ::testing::TestWithParam<BadConfig> {};

TEST_P(Config_RetentionSettingsErrors, reports_the_exact_error) {
  EXPECT_EQ(errors_of(GetParam().yaml), GetParam().errors);
}

const BadConfig kBadConfigs[] = {
    {"low_not_below_high",
     "storage: {disk_high_water: 0.8, disk_low_water: 0.8}\n",
     {"1:49: storage: 'disk_low_water' (0.8) must be below disk_high_water (0.8); e.g. "
      "disk_low_water: 0.75"}},
    {"high_water_a_percentage",
     "storage: {disk_high_water: 90}\n",
     {"1:28: storage: 'disk_high_water' is 90; use a value between 0.05 and 0.99"}},
    {"check_every_zero",
     "storage: {retention_check_s: 0}\n",
     {"1:30: storage: 'retention_check_s' is 0; use a value between 1 and 86400"}},
};

INSTANTIATE_TEST_SUITE_P(Bad, Config_RetentionSettingsErrors, ::testing::ValuesIn(kBadConfigs),
                         test_util::bad_config_name);

}  // namespace
}  // namespace cctv::config
