// SPDX-License-Identifier: Apache-2.0
// What the live chain and `eval` share about zones: which tracks count, and which rules run.
#include <algorithm>

#include "cctv/analytics/zone_rule.hpp"

namespace cctv::analytics {

bool zone_counts(const config::Zone& zone, const Track& t) {
  return t.box.h >= zone.min_box_height &&
         std::find(zone.classes.begin(), zone.classes.end(), t.label) != zone.classes.end() &&
         contains(zone.polygon, t.box.anchor());
}

std::vector<std::unique_ptr<ZoneRule>> create_zone_rules(const ZoneIdentity& who,
                                                         const config::ZoneRules& rules) {
  std::vector<std::unique_ptr<ZoneRule>> out;
  if (rules.loitering) out.push_back(create_loitering_rule(who, *rules.loitering));
  if (rules.crowding) out.push_back(create_crowding_rule(who, *rules.crowding));
  return out;
}

}  // namespace cctv::analytics
