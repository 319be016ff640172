// SPDX-License-Identifier: Apache-2.0
#include "cctv/storage/incident_json.hpp"

#include <nlohmann/json.hpp>

#include "time_json.hpp"

namespace cctv::storage {

nlohmann::json incident_json(const Incident& i) {
  return {{"id", i.id},
          {"kind", i.kind},
          {"category", i.category},
          {"state", to_string(i.state)},
          {"priority", i.priority},
          {"camera", i.camera},
          {"site", i.site},
          {"zone", i.zone},
          {"started_at", format_utc(i.started_at)},
          {"ended_at", time_or_null(i.ended_at)},
          {"alarm_active", i.alarm_active},
          {"description", i.description},
          {"action_taken", i.action_taken},
          {"police_ref", i.police_ref},
          {"assigned_to", i.assigned_to},
          {"acknowledged_by", i.acknowledged_by},
          {"acknowledged_at", time_or_null(i.acknowledged_at)},
          {"closed_by", i.closed_by},
          {"closed_at", time_or_null(i.closed_at)},
          {"outcome", i.outcome},
          {"event_count", i.event_count},
          {"max_count", i.max_count},
          {"max_dwell_s", i.max_dwell_s},
          {"test", i.test}};
}

nlohmann::json history_json(const std::vector<IncidentHistory>& history) {
  nlohmann::json out = nlohmann::json::array();
  for (const IncidentHistory& h : history) {
    out.push_back({{"ts", format_utc(h.ts)},
                   {"actor", h.actor},
                   {"action", h.action},
                   {"details", nlohmann::json::parse(h.details, nullptr, false)}});
  }
  return out;
}

std::string incidents_to_json(const std::vector<Incident>& incidents) {
  nlohmann::json out = nlohmann::json::array();
  for (const Incident& i : incidents) out.push_back(incident_json(i));
  return out.dump();
}

std::string incident_detail_to_json(const Incident& incident,
                                    const std::vector<IncidentHistory>& history,
                                    const std::vector<std::string>& event_ids) {
  nlohmann::json out = incident_json(incident);
  out["history"] = history_json(history);
  out["events"] = event_ids;
  return out.dump();
}

}  // namespace cctv::storage
