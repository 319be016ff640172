// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "cctv/analytics/zone_rule.hpp"

namespace cctv::analytics {
namespace {

Timestamp utc(const char* iso) { return *parse_utc(iso); }

const std::vector<config::ScheduleWindow> kMorningPspo{{{0, 1, 2, 3, 4, 5, 6}, 6 * 60, 12 * 60}};

TEST(Analytics_Schedule, no_windows_means_always_armed) {
  EXPECT_TRUE(schedule_armed({}, utc("2026-11-23T03:00:00Z")));
}

TEST(Analytics_Schedule, window_is_local_time_in_winter_and_summer) {
  // GMT: local == UTC.
  EXPECT_FALSE(schedule_armed(kMorningPspo, utc("2026-01-15T05:59:59Z")));
  EXPECT_TRUE(schedule_armed(kMorningPspo, utc("2026-01-15T06:00:00Z")));
  EXPECT_TRUE(schedule_armed(kMorningPspo, utc("2026-01-15T11:59:59Z")));
  EXPECT_FALSE(schedule_armed(kMorningPspo, utc("2026-01-15T12:00:00Z")));
  // BST: local == UTC + 1, so the window is 05:00-11:00 UTC.
  EXPECT_TRUE(schedule_armed(kMorningPspo, utc("2026-07-15T05:00:00Z")));
  EXPECT_FALSE(schedule_armed(kMorningPspo, utc("2026-07-15T11:00:00Z")));
}

TEST(Analytics_Schedule, follows_the_clock_change_days) {
  // Clocks go forward at 01:00 UTC on Sunday 29 March 2026.
  EXPECT_FALSE(schedule_armed(kMorningPspo, utc("2026-03-28T05:30:00Z")));  // 05:30 GMT
  EXPECT_TRUE(schedule_armed(kMorningPspo, utc("2026-03-29T05:30:00Z")));  // 06:30 BST
  // Clocks go back at 01:00 UTC on Sunday 25 October 2026.
  EXPECT_FALSE(schedule_armed(kMorningPspo, utc("2026-10-24T11:30:00Z")));  // 12:30 BST
  EXPECT_TRUE(schedule_armed(kMorningPspo, utc("2026-10-25T11:30:00Z")));  // 11:30 GMT
}

TEST(Analytics_Schedule, overnight_window_belongs_to_the_day_it_starts) {
  const std::vector<config::ScheduleWindow> friday_night{{{4}, 22 * 60, 4 * 60}};  // Fri 22:00 - Sat 04:00
  EXPECT_FALSE(schedule_armed(friday_night, utc("2026-11-20T21:59:00Z")));  // Fri 21:59
  EXPECT_TRUE(schedule_armed(friday_night, utc("2026-11-20T23:00:00Z")));  // Fri 23:00
  EXPECT_TRUE(schedule_armed(friday_night, utc("2026-11-21T03:59:00Z")));  // Sat 03:59
  EXPECT_FALSE(schedule_armed(friday_night, utc("2026-11-21T04:00:00Z")));  // Sat 04:00
  EXPECT_FALSE(schedule_armed(friday_night, utc("2026-11-21T23:00:00Z")));  // Sat 23:00
  EXPECT_FALSE(schedule_armed(friday_night, utc("2026-11-20T03:00:00Z")));  // Fri 03:00 (Thu night)
}

}  // namespace
}  // namespace cctv::analytics
