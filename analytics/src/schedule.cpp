// SPDX-License-Identifier: Apache-2.0
// Schedule windows are local Europe/London wall-clock times, so 06:00-12:00 means the same
// on both sides of a GMT/BST change.
#include <algorithm>

#include "cctv/analytics/zone_rule.hpp"

namespace cctv::analytics {
namespace {

bool has_day(const config::ScheduleWindow& w, int day) {
  return std::find(w.days.begin(), w.days.end(), day) != w.days.end();
}

bool in_window(const config::ScheduleWindow& w, LocalTime now) {
  if (w.from_minute <= w.to_minute) {
    return has_day(w, now.weekday) && now.minute_of_day >= w.from_minute && now.minute_of_day < w.to_minute;
  }
  // Overnight: the part after `from` belongs to today, the part before `to` to yesterday.
  const int yesterday = (now.weekday + 6) % 7;
  return (has_day(w, now.weekday) && now.minute_of_day >= w.from_minute) ||
         (has_day(w, yesterday) && now.minute_of_day < w.to_minute);
}

}  // namespace

bool schedule_armed(const std::vector<config::ScheduleWindow>& windows, Timestamp ts) {
  if (windows.empty()) return true;
  const LocalTime now = london_local(ts);
  return std::any_of(windows.begin(), windows.end(), [&](const auto& w) { return in_window(w, now); });
}

bool schedule_armed_within(const std::vector<config::ScheduleWindow>& windows, Timestamp ts,
                           Millis lead) {
  if (schedule_armed(windows, ts)) return true;
  const Timestamp end = ts + lead;
  for (Timestamp t = std::chrono::ceil<std::chrono::minutes>(ts); t <= end;
       t += std::chrono::minutes(1)) {
    if (schedule_armed(windows, t)) return true;
  }
  return false;
}

}  // namespace cctv::analytics
