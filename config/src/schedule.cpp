// SPDX-License-Identifier: Apache-2.0
// Schedule windows: days plus a local from/to time; to < from runs past midnight.
#include <algorithm>
#include <cctype>
#include <cstddef>
#include <optional>
#include <string_view>

#include "sections.hpp"
#include "suggest.hpp"

namespace cctv::config::detail {
namespace {

constexpr int kDay = 24 * 60;
constexpr int kWeek = 7 * kDay;
const Keys kWindowKeys = {"days", "from", "to"};
const Keys kDays = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

// Minutes after midnight from "H:MM" or "HH:MM"; "24:00" only when `end_of_day_ok`.
std::optional<int> parse_time(std::string_view text, bool end_of_day_ok) {
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 2 || text.size() != colon + 3) {
    return std::nullopt;
  }
  int hours = 0;
  int minutes = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i == colon) continue;
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return std::nullopt;
    int& part = i < colon ? hours : minutes;
    part = part * 10 + (text[i] - '0');
  }
  if (minutes > 59) return std::nullopt;
  if (hours < 24) return hours * 60 + minutes;
  if (end_of_day_ok && hours == 24 && minutes == 0) return kDay;
  return std::nullopt;
}

std::string format_time(int minute) {
  const int h = minute / 60;
  const int m = minute % 60;
  return std::string{char('0' + h / 10), char('0' + h % 10), ':', char('0' + m / 10),
                     char('0' + m % 10)};
}

// True when the time is absent (the default stays) or valid.
bool read_time(const MapReader& w, std::string_view key, bool end_of_day_ok, int& out) {
  const std::optional<YAML::Node> node = w.get(key);
  if (!node) return true;
  std::string text;
  if (!w.read(key, text)) return false;
  if (const std::optional<int> minute = parse_time(text, end_of_day_ok)) {
    out = *minute;
    return true;
  }
  w.error(*node, "'" + std::string(key) + "' is '" + text +
                     "'; write a 24-hour local time as \"HH:MM\" from 00:00 to " +
                     (end_of_day_ok ? "24:00" : "23:59"));
  return false;
}

bool read_day(const MapReader& w, const YAML::Node& item, std::vector<int>& days) {
  std::string name = item.IsScalar() ? item.Scalar() : "";
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const auto found = std::find(kDays.begin(), kDays.end(), name);
  if (found == kDays.end()) {
    std::string problem =
        "'days' has " + describe(item) + "; use mon, tue, wed, thu, fri, sat or sun";
    if (auto near = closest(name, kDays)) problem += " (did you mean '" + *near + "'?)";
    w.error(item, problem);
    return false;
  }
  const int day = static_cast<int>(found - kDays.begin());
  if (std::find(days.begin(), days.end(), day) != days.end()) {
    w.error(item, "day '" + name + "' is listed twice; keep one");
    return false;
  }
  days.push_back(day);
  return true;
}

// Absent means every day.
bool read_days(const MapReader& w, std::vector<int>& days) {
  const std::optional<YAML::Node> node = w.get("days");
  if (!node) {
    days = {0, 1, 2, 3, 4, 5, 6};
    return true;
  }
  if (!node->IsSequence() || node->size() == 0) {
    w.error(*node, "'days' must be a list of days such as [mon, tue, wed], got " + describe(*node) +
                       "; leave 'days' out for every day");
    return false;
  }
  bool ok = true;
  for (const YAML::Node& item : *node) ok = read_day(w, item, days) && ok;
  std::sort(days.begin(), days.end());
  return ok;
}

std::optional<ScheduleWindow> read_window(const MapReader& w) {
  ScheduleWindow window;
  w.check_keys(kWindowKeys);
  bool ok = read_days(w, window.days);
  ok = read_time(w, "from", false, window.from_minute) && ok;
  ok = read_time(w, "to", true, window.to_minute) && ok;
  if (ok && window.from_minute == window.to_minute) {
    w.error(w.mark(), "'from' and 'to' are both " + format_time(window.from_minute) +
                          ", so the window is empty; for the whole day write from: \"00:00\" "
                          "and to: \"24:00\"");
    return std::nullopt;
  }
  if (!ok) return std::nullopt;
  return window;
}

// A window as half-open spans of minutes in the week (Monday 00:00 = 0); an overnight window
// on Sunday wraps round to Monday morning.
struct Span {
  int start;
  int end;
};

std::vector<Span> spans_of(const ScheduleWindow& w) {
  const int length = w.to_minute > w.from_minute ? w.to_minute - w.from_minute
                                                 : w.to_minute + kDay - w.from_minute;
  std::vector<Span> spans;
  for (int day : w.days) {
    const int start = day * kDay + w.from_minute;
    const int end = start + length;
    if (end <= kWeek) {
      spans.push_back({start, end});
    } else {
      spans.push_back({start, kWeek});
      spans.push_back({0, end - kWeek});
    }
  }
  return spans;
}

// The first minute of the week that both windows cover.
std::optional<int> first_overlap(const ScheduleWindow& a, const ScheduleWindow& b) {
  std::optional<int> first;
  for (const Span& x : spans_of(a)) {
    for (const Span& y : spans_of(b)) {
      const int start = std::max(x.start, y.start);
      if (start < std::min(x.end, y.end) && (!first || start < *first)) first = start;
    }
  }
  return first;
}

struct ReadWindow {
  ScheduleWindow window;
  std::size_t number;  // 1-based position in the list
  YAML::Mark at;
};

void check_overlaps(const std::vector<ReadWindow>& windows, const std::string& zone_context,
                    Diagnostics& diag) {
  for (std::size_t j = 1; j < windows.size(); ++j) {
    for (std::size_t i = 0; i < j; ++i) {
      const std::optional<int> minute = first_overlap(windows[i].window, windows[j].window);
      if (!minute) continue;
      diag.add(windows[j].at,
               zone_context + " schedule window " + std::to_string(windows[j].number) +
                   ": overlaps window " + std::to_string(windows[i].number) + " (line " +
                   std::to_string(line_of(windows[i].at)) + ") on " +
                   kDays[static_cast<std::size_t>(*minute / kDay)] + " at " +
                   format_time(*minute % kDay) + "; change the times or merge the two windows");
    }
  }
}

}  // namespace

std::vector<ScheduleWindow> read_schedule(const MapReader& rules, const std::string& zone_context) {
  const std::vector<YAML::Node> items = rules.list("schedule", "time windows");
  std::vector<ReadWindow> windows;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string context = zone_context + " schedule window " + std::to_string(i + 1);
    const MapReader w(items[i], rules.diagnostics(), context);
    if (!w.valid()) continue;
    if (std::optional<ScheduleWindow> window = read_window(w)) {
      windows.push_back({std::move(*window), i + 1, w.mark()});
    }
  }
  check_overlaps(windows, zone_context, rules.diagnostics());
  std::vector<ScheduleWindow> out;
  for (ReadWindow& w : windows) out.push_back(std::move(w.window));
  return out;
}

}  // namespace cctv::config::detail
