// SPDX-License-Identifier: Apache-2.0
#include "sections.hpp"

namespace cctv::config::detail {
namespace {

const Keys kZoneKeys = {"id", "camera", "name", "polygon", "rules"};

void read_zone(MapReader& r, Zone& zone, LoadState& state) {
  read_identity(r, state.zones, zone.id);
  r.check_keys(kZoneKeys);
  if (r.require("camera", zone.camera, "camera: <camera id>")) {
    state.cameras.check_reference(r, "camera", zone.camera);
  }
  if (!r.read("name", zone.name)) zone.name = zone.id;
  if (const auto polygon = r.get("polygon")) {
    zone.polygon = read_polygon(r, *polygon);
  } else {
    r.missing("polygon", "polygon: [[0.1, 0.5], [0.9, 0.5], [0.5, 1]]");
  }
  zone.rules = read_rules(r);
}

}  // namespace

std::vector<Zone> read_zones(const std::vector<YAML::Node>& items, LoadState& state) {
  return read_list<Zone>(items, "zone", state.diag,
                         [&](MapReader& r, Zone& zone) { read_zone(r, zone, state); });
}

}  // namespace cctv::config::detail
