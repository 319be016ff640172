// SPDX-License-Identifier: Apache-2.0
// Zone rules turn tracks into alarms (DESIGN.md "Key definitions").
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "cctv/analytics/types.hpp"
#include "cctv/common/event.hpp"
#include "cctv/config/config.hpp"

namespace cctv::analytics {

// Who the rule's events are about; copied into every event.
struct ZoneIdentity {
  std::string camera;
  std::string site;
  std::string zone;
};

class ZoneRule {
 public:
  virtual ~ZoneRule() = default;
  // `inside`: the tracks whose anchor is in the zone at `ts`. `armed`: the zone's schedule
  // allows alarms now; disarming closes an open alarm.
  virtual std::vector<Event> update(const std::vector<Track>& inside, Timestamp ts, bool armed) = 0;
};

std::unique_ptr<ZoneRule> create_loitering_rule(const ZoneIdentity& who,
                                                const config::LoiteringRule& rule);
std::unique_ptr<ZoneRule> create_crowding_rule(const ZoneIdentity& who,
                                               const config::CrowdingRule& rule);

// The zone's loitering and crowding rules, those it has.
std::vector<std::unique_ptr<ZoneRule>> create_zone_rules(const ZoneIdentity& who,
                                                         const config::ZoneRules& rules);

// True when the zone's rules count this track: its class is one of the zone's, its box is
// tall enough and its anchor (feet) is inside the polygon.
bool zone_counts(const config::Zone& zone, const Track& track);

// True when `ts` falls in one of the windows (Europe/London local time); no windows: always.
bool schedule_armed(const std::vector<config::ScheduleWindow>& windows, Timestamp ts);
// Armed at `ts` or at any moment up to `ts + lead` (windows begin on whole minutes).
bool schedule_armed_within(const std::vector<config::ScheduleWindow>& windows, Timestamp ts,
                           Millis lead);

}  // namespace cctv::analytics
