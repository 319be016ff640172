// SPDX-License-Identifier: Apache-2.0
// Private: one camera's health as the console shows it, from the capture node's latest status
// and the outages in the incident log.
#pragma once

#include <nlohmann/json.hpp>

#include "console_state.hpp"

namespace cctv::console {

// No status from the capture node for this long: we no longer know the camera's state.
inline constexpr Millis kStatusStale{std::chrono::seconds(10)};

nlohmann::json camera_status_json(ConsoleState& state, const config::Camera& camera);

}  // namespace cctv::console
