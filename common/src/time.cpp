// SPDX-License-Identifier: Apache-2.0
#include "cctv/common/time.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <sstream>

namespace cctv {
namespace {

const date::time_zone* london() {
  static const date::time_zone* zone = date::locate_zone("Europe/London");
  return zone;
}

}  // namespace

Timestamp now_utc() {
  return std::chrono::time_point_cast<Millis>(std::chrono::system_clock::now());
}

std::string format_utc(Timestamp t) { return date::format("%FT%TZ", t); }

std::optional<Timestamp> parse_utc(std::string_view text) {
  std::string s(text);
  if (s.size() < 20 || s[10] != 'T') return std::nullopt;
  std::istringstream in(s);
  date::sys_time<Millis> t;
  if (s.back() == 'Z') {
    in >> date::parse("%FT%TZ", t);
  } else {
    in >> date::parse("%FT%T%Ez", t);
  }
  if (in.fail() || in.peek() != std::char_traits<char>::eof()) return std::nullopt;
  return t;
}

std::string format_london(Timestamp t) {
  return date::format("%F %T %Z", date::make_zoned(london(), std::chrono::floor<std::chrono::seconds>(t)));
}

LocalTime london_local(Timestamp t) {
  auto local = date::make_zoned(london(), t).get_local_time();
  auto day = date::floor<date::days>(local);
  auto minutes = std::chrono::duration_cast<std::chrono::minutes>(local - day).count();
  date::weekday wd{day};
  return {static_cast<int>(wd.iso_encoding()) - 1, static_cast<int>(minutes)};
}

}  // namespace cctv
