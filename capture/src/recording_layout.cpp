// SPDX-License-Identifier: Apache-2.0
#include "cctv/capture/recording_layout.hpp"

#include <date/date.h>

namespace cctv::capture {

std::string compact_utc(Timestamp t) {
  return date::format("%Y%m%dT%H%M%SZ", t);  // %S carries the milliseconds of a ms time point
}

std::filesystem::path segment_path(const std::filesystem::path& dir, const std::string& camera,
                                   Timestamp start) {
  return dir / camera / date::format("%Y-%m-%d", start) / date::format("%H", start) /
         (compact_utc(start) + ".mkv");
}

std::optional<Timestamp> segment_start(const std::filesystem::path& file) {
  if (file.extension() != ".mkv") return std::nullopt;
  const std::string name = file.stem().string().substr(0, compact_utc(Timestamp{}).size());
  if (name.size() < 15) return std::nullopt;
  // "20261123T102500.123Z" -> "2026-11-23T10:25:00.123Z"
  const std::optional<Timestamp> start =
      parse_utc(name.substr(0, 4) + "-" + name.substr(4, 2) + "-" + name.substr(6, 2) + "T" +
                name.substr(9, 2) + ":" + name.substr(11, 2) + ":" + name.substr(13));
  if (!start || compact_utc(*start) != name) return std::nullopt;
  const std::string rest = file.stem().string().substr(name.size());  // "" or "-<n>"
  if (!rest.empty() && (rest.size() < 2 || rest[0] != '-' ||
                        rest.find_first_not_of("0123456789", 1) != std::string::npos))
    return std::nullopt;
  return start;
}

}  // namespace cctv::capture
