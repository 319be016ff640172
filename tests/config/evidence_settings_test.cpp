// SPDX-License-Identifier: Apache-2.0
// The settings issue 5 added: clip pre/post-roll under storage, and the manual incident
// categories under incidents, with their defaults and exact errors.
#include <gtest/gtest.h>

#include "config_test_util.hpp"

namespace cctv::config {
namespace {

using test_util::BadConfig;
using test_util::errors_of;
using test_util::messages;

TEST(Config_EvidenceSettings, defaults_are_ten_second_rolls_and_the_standard_categories) {
  const LoadResult result = load_config_string("", "empty.yaml");
  ASSERT_TRUE(result.config);
  EXPECT_EQ(result.config->storage.clip_pre_roll_s, 10);
  EXPECT_EQ(result.config->storage.clip_post_roll_s, 10);
  const auto& categories = result.config->incidents.categories;
  EXPECT_EQ(categories.size(), 11u);
  EXPECT_EQ(categories.front(), "ASB");
  EXPECT_EQ(categories.back(), "other");
}

TEST(Config_EvidenceSettings, reads_rolls_and_categories) {
  const LoadResult result = load_config_string(
      "storage: {clip_pre_roll_s: 5, clip_post_roll_s: 30.5}\n"
      "incidents:\n"
      "  categories: [ASB, street drinking, \"fly-tipping\"]\n",
      "site.yaml");
  ASSERT_TRUE(result.errors.empty()) << ::testing::PrintToString(messages(result));
  EXPECT_EQ(result.config->storage.clip_pre_roll_s, 5);
  EXPECT_EQ(result.config->storage.clip_post_roll_s, 30.5);
  EXPECT_EQ(result.config->incidents.categories,
            (std::vector<std::string>{"ASB", "street drinking", "fly-tipping"}));
}

class Config_EvidenceSettingsErrors : public ::testing::TestWithParam<BadConfig> {};

TEST_P(Config_EvidenceSettingsErrors, reports_the_exact_error) {
  EXPECT_EQ(errors_of(GetParam().yaml), GetParam().errors);
}

const BadConfig kBadConfigs[] = {
    {"negative_pre_roll",
     "storage: {clip_pre_roll_s: -1}\n",
     {"1:28: storage: 'clip_pre_roll_s' is -1; use a value between 0 and 600"}},
    {"post_roll_over_ten_minutes",
     "storage:\n  clip_post_roll_s: 601\n",
     {"2:21: storage: 'clip_post_roll_s' is 601; use a value between 0 and 600"}},
    {"empty_categories",
     "incidents: {categories: []}\n",
     {"1:25: incidents: 'categories' is empty; list at least one, e.g. categories: [ASB, "
      "violence, other]"}},
    {"categories_not_a_list",
     "incidents: {categories: ASB}\n",
     {"1:25: incidents: 'categories' must be a list of categories (one '- ' entry each), got "
      "'ASB'"}},
    {"repeated_category",
     "incidents:\n  categories:\n    - ASB\n    - theft\n    - ASB\n",
     {"5:7: incidents: category 'ASB' is already listed at line 3; list each category once"}},
    {"category_not_a_name",
     "incidents: {categories: [ASB, [a, b]]}\n",
     {"1:31: incidents: 'categories' has a list of 2 items; each category is a name, e.g. street "
      "drinking"}},
    {"unknown_key",
     "incidents: {categorys: [ASB]}\n",
     {"1:13: incidents: unknown key 'categorys'; did you mean 'categories'?"}},
};

INSTANTIATE_TEST_SUITE_P(Bad, Config_EvidenceSettingsErrors, ::testing::ValuesIn(kBadConfigs),
                         test_util::bad_config_name);

}  // namespace
}  // namespace cctv::config
