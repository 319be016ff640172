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

}  // namespace cctv::capture
