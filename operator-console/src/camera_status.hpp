// SPDX-License-Identifier: Apache-2.0
// Private: one camera's health as the console shows it, from the capture node's latest status
// and the outages in the incident log.
#pragma once

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "console_state.hpp"

namespace cctv::console {

// No status from the capture node for this long: we no longer know the camera's state.
inline constexpr Millis kStatusStale{std::chrono::seconds(10)};

// Where a camera is now, from `where` (SiteRegister::current_sites()): a mobile camera's current
// deployment, else its config site.
std::string site_now(const std::map<std::string, std::string>& where, const config::Camera& c);

// `site`: where the camera is now (a mobile camera's deployment, see SiteRegister).
nlohmann::json camera_status_json(ConsoleState& state, const config::Camera& camera,
                                  const std::string& site);

}  // namespace cctv::console
