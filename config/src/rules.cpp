// SPDX-License-Identifier: Apache-2.0
// A zone's rules: loitering, crowding, and the schedule that arms them.
#include "sections.hpp"

namespace cctv::config::detail {
namespace {

const Keys kRulesKeys = {"loitering", "crowding", "schedule"};
const Keys kLoiteringKeys = {"dwell_s", "grace_s", "update_s"};
const Keys kCrowdingKeys = {"min_people", "min_duration_s", "hysteresis", "clear_s", "cooldown_s"};

LoiteringRule read_loitering(const MapReader& r) {
  LoiteringRule rule;
  r.check_keys(kLoiteringKeys);
  r.read("dwell_s", rule.dwell_s, Bounds::above(0));
  r.read("grace_s", rule.grace_s, Bounds::at_least(0));
  r.read("update_s", rule.update_s, Bounds::above(0));
  return rule;
}

CrowdingRule read_crowding(const MapReader& r) {
  CrowdingRule rule;
  r.check_keys(kCrowdingKeys);
  // Known: valid, or absent and so the default.
  const bool people_known =
      r.read("min_people", rule.min_people, Bounds::at_least(2)) || !r.get("min_people");
  r.read("min_duration_s", rule.min_duration_s, Bounds::at_least(0));
  const bool hysteresis_ok = r.read("hysteresis", rule.hysteresis, Bounds::at_least(0));
  r.read("clear_s", rule.clear_s, Bounds::at_least(0));
  r.read("cooldown_s", rule.cooldown_s, Bounds::at_least(0));
  if (people_known && hysteresis_ok && rule.hysteresis >= rule.min_people) {
    r.error(*r.get("hysteresis"), "'hysteresis' is " + std::to_string(rule.hysteresis) +
                                      " but must be less than min_people (" +
                                      std::to_string(rule.min_people) + "); lower it");
  }
  return rule;
}

}  // namespace

ZoneRules read_rules(const MapReader& zone) {
  ZoneRules rules;
  const MapReader r = zone.child("rules", zone.context() + " rules");
  if (!r.valid()) return rules;
  r.check_keys(kRulesKeys);
  if (r.get("loitering")) {
    rules.loitering = read_loitering(r.child("loitering", zone.context() + " loitering rule"));
  }
  if (r.get("crowding")) {
    rules.crowding = read_crowding(r.child("crowding", zone.context() + " crowding rule"));
  }
  rules.schedule = read_schedule(r, zone.context());
  return rules;
}

}  // namespace cctv::config::detail
