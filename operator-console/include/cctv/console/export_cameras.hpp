// SPDX-License-Identifier: Apache-2.0
// A configured camera as an export package describes it: its name, site and location.
#pragma once

#include <optional>
#include <string>

#include "cctv/config/config.hpp"
#include "cctv/storage/export_package.hpp"

namespace cctv::console {

// Empty when `camera` is not in the config.
std::optional<storage::ExportCamera> export_camera(const config::Config& config,
                                                   const std::string& camera);

}  // namespace cctv::console
