// SPDX-License-Identifier: Apache-2.0
// Events from `cctv analyse` (analytics run after the fact over a video file) carry a source of
// their own, `analyse:<camera>`, so they never share a live node's seq numbers; the store keeps
// them but never groups them into incidents, so they never ring the control room.
#pragma once

#include <string>
#include <string_view>

#include "cctv/common/event.hpp"

namespace cctv {

inline constexpr std::string_view kOfflineSourcePrefix = "analyse:";

inline std::string offline_source(const std::string& camera) {
  return std::string(kOfflineSourcePrefix) + camera;
}

inline bool is_offline_analysis(const Event& e) {
  return e.source.starts_with(kOfflineSourcePrefix);
}

}  // namespace cctv
