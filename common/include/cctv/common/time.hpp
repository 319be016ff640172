// SPDX-License-Identifier: Apache-2.0
// Time as the whole system uses it: UTC instants with millisecond precision are stored and
// sent; Europe/London is only for display and for schedule windows.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace cctv {

using Timestamp = std::chrono::sys_time<std::chrono::milliseconds>;
using Millis = std::chrono::milliseconds;

Timestamp now_utc();

// "2026-11-23T10:25:00.123Z"
std::string format_utc(Timestamp t);

// Accepts "YYYY-MM-DDTHH:MM:SS[.fff]" followed by "Z" or "+HH:MM"/"-HH:MM".
std::optional<Timestamp> parse_utc(std::string_view text);

// A time as a person types it on a command line:
//   ISO-8601 with "Z" or an offset       2026-10-25T01:30:00Z, 2026-10-25T01:30:00+01:00
//   ISO-8601 without either: Europe/London wall-clock time, seconds optional
//                                         2026-10-25T01:30, 2026-10-25 01:30:00
//   "now", or an offset from now          -40s, -15m, -2h, +1h
// A wall-clock time the October change makes ambiguous (01:00-01:59 happens twice) or the
// March change skips (01:00-01:59 never happens) is refused: the error names the choices.
struct UserTime {
  std::optional<Timestamp> time;
  std::string error;  // why not, when time is empty
};
UserTime parse_user_time(std::string_view text, Timestamp now);

// "2026-11-23 10:25:00 GMT" / "2026-06-01 11:00:00 BST"
std::string format_london(Timestamp t);

// Wall-clock reading in Europe/London, for schedule windows.
struct LocalTime {
  int weekday = 0;        // 0 = Monday ... 6 = Sunday
  int minute_of_day = 0;  // 0 .. 1439
};
LocalTime london_local(Timestamp t);

// Calendar periods as the partnerships count them, in Europe/London.
// The instant of local midnight starting a day (month and day may run past their end: day 32
// of October is 1 November).
Timestamp london_midnight(int year, int month, int day);
// "2026-10": the local month `t` falls in.
std::string london_month(Timestamp t);
// The local month `months` before the one `t` falls in: ("2026-11-23", 1) -> "2026-10".
std::string london_month_before(Timestamp t, int months);
// "2026-10-05": the local date.
std::string london_date(Timestamp t);
// Local midnight of the Monday starting the week `t` falls in.
Timestamp london_week_start(Timestamp t);
// "2026-10" -> the month's first local midnight and the next month's; nullopt when malformed.
std::optional<std::pair<Timestamp, Timestamp>> parse_london_month(std::string_view text);

// Seconds between two instants as a double (dwell times, outages).
inline double seconds_between(Timestamp from, Timestamp to) {
  return std::chrono::duration<double>(to - from).count();
}

}  // namespace cctv
