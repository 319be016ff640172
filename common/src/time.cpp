// SPDX-License-Identifier: Apache-2.0
#include "cctv/common/time.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <cstdlib>
#include <sstream>

namespace cctv {
namespace {

const date::time_zone* london() {
  static const date::time_zone* zone = date::locate_zone("Europe/London");
  return zone;
}

std::optional<Timestamp> parse_offset_from(std::string_view text, Timestamp now) {
  if (text.size() < 3 || (text[0] != '-' && text[0] != '+')) return std::nullopt;
  long long amount = 0;
  for (char c : text.substr(1, text.size() - 2)) {
    if (c < '0' || c > '9' || amount > 1'000'000'000) return std::nullopt;
    amount = amount * 10 + (c - '0');
  }
  const long long unit = text.back() == 's'   ? 1
                         : text.back() == 'm' ? 60
                         : text.back() == 'h' ? 3600
                                              : 0;
  if (unit == 0) return std::nullopt;
  const auto offset = std::chrono::seconds(amount * unit);
  return text[0] == '-' ? now - offset : now + offset;
}

// The instants ISO-8601 as format_utc writes it can show: four-digit years. The user_time fuzz
// harness's round trip check showed "+9999999999h" and "0000-01-01T00:30:00+01:00" coming out
// as years parse_utc cannot read back.
bool within_iso_years(Timestamp t) {
  return t >= date::sys_days(date::year{0} / 1 / 1) &&
         t < date::sys_days(date::year{10000} / 1 / 1);
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Whether `text` starts "YYYY-MM-DDTHH:MM" (and ":SS" when `with_seconds`), digits where digits
// go. date::parse's %T converts the seconds it failed to read from an uninitialised long double
// (undefined behaviour, found by fuzzing), so only text of this shape is handed to it.
bool has_iso_shape(std::string_view text, bool with_seconds) {
  constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:dd";
  const std::string_view shape = with_seconds ? kShape : kShape.substr(0, 16);
  if (text.size() < shape.size()) return false;
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (!(shape[i] == 'd' ? is_digit(text[i]) : text[i] == shape[i])) return false;
  }
  return true;
}

// Whether what follows "YYYY-MM-DDTHH:MM:SS" is an optional fraction, then "Z" or
// "+HH:MM"/"-HH:MM" and nothing else. date::parse's %Ez negates the offset it failed to read
// after a '-' (its "none" value, the smallest integer: undefined behaviour, found by fuzzing).
bool has_utc_designator(std::string_view text) {
  std::size_t end = 19;
  if (end < text.size() && text[end] == '.') {
    for (++end; end < text.size() && is_digit(text[end]);) ++end;
  }
  const std::string_view zone = text.substr(std::min(end, text.size()));
  return zone == "Z" ||
         (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && is_digit(zone[1]) &&
          is_digit(zone[2]) && zone[3] == ':' && is_digit(zone[4]) && is_digit(zone[5]));
}

std::optional<date::local_time<Millis>> parse_local(std::string text) {
  if (text.size() > 10 && text[10] == ' ') text[10] = 'T';
  if (!has_iso_shape(text, false)) return std::nullopt;
  std::istringstream in(text);
  date::local_time<Millis> t;
  in >> date::parse(has_iso_shape(text, true) ? "%FT%T" : "%FT%R", t);
  if (in.fail() || in.peek() != std::char_traits<char>::eof()) return std::nullopt;
  return t;
}

std::string with_offset(Timestamp t, std::chrono::seconds offset, const std::string& abbrev) {
  const auto local = date::local_time<Millis>((t + offset).time_since_epoch());
  const auto hours = std::chrono::duration_cast<std::chrono::hours>(offset).count();
  return date::format("%FT%T", local) + (hours < 0 ? "-" : "+") + "0" +
         std::to_string(std::abs(hours)) + ":00 (" + abbrev + ")";
}

UserTime london_to_utc(std::string_view text, date::local_time<Millis> local) {
  const date::local_info info = london()->get_info(local);
  const std::string quoted = "'" + std::string(text) + "'";
  switch (info.result) {
    case date::local_info::unique:
      return {Timestamp((local - info.first.offset).time_since_epoch()), ""};
    case date::local_info::ambiguous: {
      const Timestamp first((local - info.first.offset).time_since_epoch());
      const Timestamp second((local - info.second.offset).time_since_epoch());
      return {
          std::nullopt,
          quoted +
              " happens twice in Europe/London (the clocks go back): say which with an offset, " +
              with_offset(first, info.first.offset, info.first.abbrev) + " or " +
              with_offset(second, info.second.offset, info.second.abbrev)};
    }
    default:
      return {std::nullopt, quoted +
                                " never happens in Europe/London (the clocks go forward from " +
                                info.first.abbrev + " to " + info.second.abbrev +
                                "): give a time outside the skipped hour, or UTC with Z"};
  }
}

}  // namespace

UserTime parse_user_time(std::string_view text, Timestamp now) {
  if (text == "now") return {now, ""};
  if (auto t = parse_offset_from(text, now)) {
    if (within_iso_years(*t)) return {t, ""};
    return {std::nullopt,
            "'" + std::string(text) + "' is too far from now: stay within the years 0000 to 9999"};
  }
  if (auto t = parse_utc(text)) return {t, ""};
  if (auto local = parse_local(std::string(text))) return london_to_utc(text, *local);
  return {std::nullopt, "'" + std::string(text) +
                            "' is not a time: use ISO-8601 (2026-10-25T14:30:00Z, "
                            "2026-10-25T14:30:00+01:00, or 2026-10-25T14:30 for London time), "
                            "now, or an offset such as -40s, -15m, -2h"};
}

Timestamp now_utc() {
  return std::chrono::time_point_cast<Millis>(std::chrono::system_clock::now());
}

std::string format_utc(Timestamp t) { return date::format("%FT%TZ", t); }

std::optional<Timestamp> parse_utc(std::string_view text) {
  std::string s(text);
  if (s.size() < 20 || !has_iso_shape(s, true) || !has_utc_designator(s)) return std::nullopt;
  std::istringstream in(s);
  date::sys_time<Millis> t;
  if (s.back() == 'Z') {
    in >> date::parse("%FT%TZ", t);
  } else {
    in >> date::parse("%FT%T%Ez", t);
  }
  if (in.fail() || in.peek() != std::char_traits<char>::eof() || !within_iso_years(t)) {
    return std::nullopt;
  }
  return t;
}

std::string format_london(Timestamp t) {
  return date::format("%F %T %Z",
                      date::make_zoned(london(), std::chrono::floor<std::chrono::seconds>(t)));
}

LocalTime london_local(Timestamp t) {
  auto local = date::make_zoned(london(), t).get_local_time();
  auto day = date::floor<date::days>(local);
  auto minutes = std::chrono::duration_cast<std::chrono::minutes>(local - day).count();
  date::weekday wd{day};
  return {static_cast<int>(wd.iso_encoding()) - 1, static_cast<int>(minutes)};
}

Timestamp london_midnight(int year, int month, int day) {
  // Normalise month overflow, then let day overflow roll through sys_days.
  const int months = year * 12 + (month - 1);
  const date::year_month_day first{date::year{months / 12}, date::month(months % 12 + 1),
                                   date::day{1}};
  const date::local_days local{date::local_days(first) + date::days(day - 1)};
  return std::chrono::time_point_cast<Millis>(date::make_zoned(london(), local).get_sys_time());
}

std::string london_month(Timestamp t) {
  return date::format("%Y-%m", date::make_zoned(london(), t).get_local_time());
}

std::string london_month_before(Timestamp t, int months) {
  const std::string month = london_month(t);
  return london_month(
      london_midnight(std::stoi(month.substr(0, 4)), std::stoi(month.substr(5)) - months, 1));
}

std::string london_date(Timestamp t) {
  return date::format("%F", date::make_zoned(london(), t).get_local_time());
}

Timestamp london_week_start(Timestamp t) {
  const auto day = date::floor<date::days>(date::make_zoned(london(), t).get_local_time());
  const date::year_month_day ymd{day - date::days(date::weekday{day}.iso_encoding() - 1)};
  return london_midnight(static_cast<int>(ymd.year()), static_cast<int>(unsigned(ymd.month())),
                         static_cast<int>(unsigned(ymd.day())));
}

std::optional<std::pair<Timestamp, Timestamp>> parse_london_month(std::string_view text) {
  if (text.size() != 7 || text[4] != '-') return std::nullopt;
  for (std::size_t i : {0, 1, 2, 3, 5, 6}) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  }
  const int year = std::stoi(std::string(text.substr(0, 4)));
  const int month = std::stoi(std::string(text.substr(5, 2)));
  if (year < 1970 || month < 1 || month > 12) return std::nullopt;
  return std::pair{london_midnight(year, month, 1), london_midnight(year, month + 1, 1)};
}

}  // namespace cctv
