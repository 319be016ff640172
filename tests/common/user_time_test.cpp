// SPDX-License-Identifier: Apache-2.0
// Times typed on the command line: UTC and offset ISO-8601, bare London wall-clock time
// (GMT and BST), now and offsets from now; the hour the October change repeats and the hour
// the March change skips are refused with the choices named.
#include <gtest/gtest.h>

#include "cctv/common/time.hpp"

namespace cctv {
namespace {

const Timestamp kNow = *parse_utc("2026-10-25T12:00:00Z");

std::string utc(std::string_view text) {
  const UserTime t = parse_user_time(text, kNow);
  return t.time ? format_utc(*t.time) : "error: " + t.error;
}

TEST(Common_UserTime, reads_utc_offsets_and_london_wall_clock_time) {
  EXPECT_EQ(utc("2026-07-01T10:00:00Z"), "2026-07-01T10:00:00.000Z");
  EXPECT_EQ(utc("2026-07-01T10:00:00+01:00"), "2026-07-01T09:00:00.000Z");
  EXPECT_EQ(utc("2026-07-01T10:00:00.250-05:00"), "2026-07-01T15:00:00.250Z");
  EXPECT_EQ(utc("2026-07-01T10:00:00"), "2026-07-01T09:00:00.000Z") << "summer: BST";
  EXPECT_EQ(utc("2026-07-01 10:00"), "2026-07-01T09:00:00.000Z");
  EXPECT_EQ(utc("2026-12-01T10:00"), "2026-12-01T10:00:00.000Z") << "winter: GMT";
}

TEST(Common_UserTime, reads_now_and_offsets_from_now) {
  EXPECT_EQ(utc("now"), "2026-10-25T12:00:00.000Z");
  EXPECT_EQ(utc("-40s"), "2026-10-25T11:59:20.000Z");
  EXPECT_EQ(utc("-15m"), "2026-10-25T11:45:00.000Z");
  EXPECT_EQ(utc("-2h"), "2026-10-25T10:00:00.000Z");
  EXPECT_EQ(utc("+1h"), "2026-10-25T13:00:00.000Z");
}

TEST(Common_UserTime, refuses_the_repeated_october_hour_naming_both_readings) {
  const UserTime t = parse_user_time("2026-10-25T01:30", kNow);
  ASSERT_FALSE(t.time);
  EXPECT_NE(t.error.find("happens twice"), std::string::npos) << t.error;
  EXPECT_NE(t.error.find("2026-10-25T01:30:00.000+01:00 (BST)"), std::string::npos) << t.error;
  EXPECT_NE(t.error.find("2026-10-25T01:30:00.000+00:00 (GMT)"), std::string::npos) << t.error;
  // With the offset it is clear, and the two are an hour apart.
  EXPECT_EQ(utc("2026-10-25T01:30:00+01:00"), "2026-10-25T00:30:00.000Z");
  EXPECT_EQ(utc("2026-10-25T01:30:00+00:00"), "2026-10-25T01:30:00.000Z");
  EXPECT_EQ(utc("2026-10-25T00:59:59"), "2026-10-24T23:59:59.000Z") << "before the repeated hour";
  EXPECT_EQ(utc("2026-10-25T02:00"), "2026-10-25T02:00:00.000Z") << "after it";
}

TEST(Common_UserTime, refuses_the_skipped_march_hour_and_nonsense) {
  const UserTime t = parse_user_time("2026-03-29T01:30", kNow);
  ASSERT_FALSE(t.time);
  EXPECT_NE(t.error.find("never happens"), std::string::npos) << t.error;
  EXPECT_EQ(utc("2026-03-29T02:00"), "2026-03-29T01:00:00.000Z");
  for (const char* bad :
       {"", "yesterday", "-15", "-15x", "15m", "2026-13-01T00:00", "2026-10-25T01:30Zulu", "-m"}) {
    const UserTime b = parse_user_time(bad, kNow);
    EXPECT_FALSE(b.time) << bad;
    EXPECT_NE(b.error.find("ISO-8601"), std::string::npos) << bad;
  }
}

// Found by fuzzing (make fuzz, user_time): for a clock without seconds, or with a non-digit
// where a digit goes, date.h's %T converted the seconds it had failed to read from an
// uninitialised long double; the sanitizer build (float-cast-overflow) stops on it.
TEST(Common_UserTime, clocks_without_seconds_or_with_stray_characters_are_read_safely) {
  EXPECT_EQ(utc("2026-12-01T10:30"), "2026-12-01T10:30:00.000Z");
  EXPECT_EQ(utc("2026-12-01 10:30"), "2026-12-01T10:30:00.000Z");
  for (const char* bad : {"2026-12-01T10:30Zulu", "2026-12-01T10:3x:00Z", "2026-12-01T1:30:00Z",
                          "2026-12-01T10:30:+0Z", "2026-12-01T10:30:0", "2026-12-01Tab:30"}) {
    EXPECT_FALSE(parse_utc(bad)) << bad;
    EXPECT_FALSE(parse_user_time(bad, kNow).time) << bad;
  }
}

// Found by fuzzing (make fuzz, user_time): after a '-' that starts no offset, date.h's %Ez
// negated its "no offset" value, the smallest 64-bit integer (the sanitizer build stops on it).
TEST(Common_UserTime, a_minus_sign_that_starts_no_offset_is_refused) {
  EXPECT_EQ(utc("2026-12-01T10:30:00.5-01:00"), "2026-12-01T11:30:00.500Z");
  for (const char* bad : {"2049-10-12T01:30:030189--", "2026-12-01T10:30:00--01:00",
                          "2026-12-01T10:30:00-1:00", "2026-12-01T10:30:00-01:00x"}) {
    EXPECT_FALSE(parse_utc(bad)) << bad;
  }
}

// Found with the user_time fuzz harness's round trip check on edge inputs: an offset from now large
// enough to leave the four-digit years was accepted as a time that format_utc cannot write as
// ISO-8601.
TEST(Common_UserTime, refuses_an_offset_beyond_the_four_digit_years) {
  EXPECT_EQ(utc("+9999999999h"),
            "error: '+9999999999h' is too far from now: stay within the years 0000 to 9999");
  EXPECT_EQ(utc("-9999999999h"),
            "error: '-9999999999h' is too far from now: stay within the years 0000 to 9999");
  EXPECT_EQ(utc("+60000000h"), "8871-08-01T12:00:00.000Z") << "far, but still in them";
}

// Found with the user_time fuzz harness's round trip check on edge inputs: an offset could carry a
// time in year 0000 or 9999 into year -1 or 10000, which format_utc cannot write as ISO-8601.
TEST(Common_UserTime, refuses_an_offset_that_carries_the_time_out_of_the_four_digit_years) {
  EXPECT_FALSE(parse_utc("0000-01-01T00:30:00+01:00"));
  EXPECT_FALSE(parse_utc("9999-12-31T23:30:00-01:00"));
  EXPECT_EQ(format_utc(*parse_utc("0000-01-01T00:30:00+00:30")), "0000-01-01T00:00:00.000Z");
  EXPECT_EQ(format_utc(*parse_utc("9999-12-31T23:59:59.999Z")), "9999-12-31T23:59:59.999Z");
}

}  // namespace
}  // namespace cctv
