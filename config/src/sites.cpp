// SPDX-License-Identifier: Apache-2.0
#include "sections.hpp"

namespace cctv::config::detail {
namespace {

const Keys kSiteKeys = {"id", "name", "cluster", "lat", "lon", "owner"};

}  // namespace

std::vector<Site> read_sites(const std::vector<YAML::Node>& items, LoadState& state) {
  return read_list<Site>(items, "site", state.diag, [&](MapReader& r, Site& site) {
    read_identity(r, state.sites, site.id);
    r.check_keys(kSiteKeys);
    r.require("name", site.name, "name: Honeypot Lane");
    r.read("cluster", site.cluster);
    r.read("lat", site.lat, Bounds::between(-90, 90));
    r.read("lon", site.lon, Bounds::between(-180, 180));
    r.read("owner", site.owner);
  });
}

}  // namespace cctv::config::detail
