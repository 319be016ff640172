// SPDX-License-Identifier: Apache-2.0
#include <algorithm>

#include "cctv/config/labels.hpp"
#include "sections.hpp"
#include "suggest.hpp"

namespace cctv::config::detail {
namespace {

const Keys kZoneKeys = {"id",      "camera", "name",           "site",
                        "polygon", "rules",  "min_box_height", "classes"};

// Called when the zone has a 'classes' field.
std::vector<std::string> read_classes(const MapReader& r) {
  const YAML::Node node = *r.get("classes");
  const std::vector<YAML::Node> items = r.list("classes", "object classes");
  if (items.empty() && (node.IsNull() || node.IsSequence())) {
    r.error(node, "'classes' is empty; list at least one, e.g. classes: [person]");
  }
  const auto& known = coco_labels();
  std::vector<std::string> classes;
  for (const YAML::Node& item : items) {
    if (item.IsScalar() && std::find(known.begin(), known.end(), item.Scalar()) != known.end()) {
      classes.push_back(item.Scalar());
      continue;
    }
    const std::string name = item.IsScalar() ? "'" + item.Scalar() + "'" : describe(item);
    r.error(item, "'classes' has " + name + ", which is not a detector class; " +
                      hint(item.IsScalar() ? item.Scalar() : "", known, "use COCO names such as "));
  }
  return classes;
}

void read_zone(MapReader& r, Zone& zone, LoadState& state) {
  read_identity(r, state.zones, zone.id);
  r.check_keys(kZoneKeys);
  if (r.require("camera", zone.camera, "camera: <camera id>")) {
    state.cameras.check_reference(r, "camera", zone.camera);
  }
  if (!r.read("name", zone.name)) zone.name = zone.id;
  if (r.read("site", zone.site)) state.sites.check_reference(r, "site", zone.site);
  if (const auto polygon = r.get("polygon")) {
    zone.polygon = read_polygon(r, *polygon);
  } else {
    r.missing("polygon", "polygon: [[0.1, 0.5], [0.9, 0.5], [0.5, 1]]");
  }
  zone.rules = read_rules(r);
  r.read("min_box_height", zone.min_box_height, Bounds::between(0, 1));
  if (r.get("classes")) zone.classes = read_classes(r);
}

}  // namespace

std::vector<Zone> read_zones(const std::vector<YAML::Node>& items, LoadState& state) {
  return read_list<Zone>(items, "zone", state.diag,
                         [&](MapReader& r, Zone& zone) { read_zone(r, zone, state); });
}

}  // namespace cctv::config::detail
