// SPDX-License-Identifier: Apache-2.0
#include "cctv/reports/register_sync.hpp"

namespace cctv::reports {

void sync_register(storage::SiteRegister& reg, const config::Config& config) {
  std::vector<storage::RegisteredSite> sites;
  for (const config::Site& s : config.sites) {
    sites.push_back({s.id, s.name, s.cluster, s.lat, s.lon, s.owner});
  }
  std::vector<storage::RegisteredCamera> cameras;
  for (const config::Camera& c : config.cameras) {
    cameras.push_back({c.id, c.name, c.site, c.kind == config::CameraKind::mobile});
  }
  reg.sync(sites, cameras);
}

}  // namespace cctv::reports
