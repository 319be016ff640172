// SPDX-License-Identifier: Apache-2.0
// Private: the console sessions' limits as configured. The store node ends sessions by them;
// the console node's long-lived streams stop by them.
#pragma once

#include "cctv/config/config.hpp"
#include "cctv/storage/sessions.hpp"

namespace cctv::node {

inline storage::SessionLimits session_limits(const config::Console& console) {
  const std::chrono::duration<double, std::ratio<3600>> lifetime(console.session_max_h);
  return {.lifetime = std::chrono::duration_cast<Millis>(lifetime)};
}

}  // namespace cctv::node
