// SPDX-License-Identifier: Apache-2.0
#include "cctv/console/export_cameras.hpp"

#include <algorithm>
#include <cstdio>

namespace cctv::console {

std::optional<storage::ExportCamera> export_camera(const config::Config& config,
                                                   const std::string& camera) {
  const auto c = std::find_if(config.cameras.begin(), config.cameras.end(),
                              [&](const config::Camera& x) { return x.id == camera; });
  if (c == config.cameras.end()) return std::nullopt;
  storage::ExportCamera out{.id = c->id, .name = c->name, .site = c->site, .location = ""};
  const auto site = std::find_if(config.sites.begin(), config.sites.end(),
                                 [&](const config::Site& s) { return s.id == c->site; });
  if (site != config.sites.end()) {
    out.location = site->name + (site->cluster.empty() ? "" : " (" + site->cluster + ")");
    if (site->lat != 0 || site->lon != 0) {  // 0, 0: not configured
      char coordinates[64];
      std::snprintf(coordinates, sizeof coordinates, ", %.5f, %.5f", site->lat, site->lon);
      out.location += coordinates;
    }
  }
  return out;
}

}  // namespace cctv::console
