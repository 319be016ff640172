// SPDX-License-Identifier: Apache-2.0
// Incidents and their history as JSON, for the CLI and the console API.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cctv/storage/incident_log.hpp"

namespace cctv::storage {

nlohmann::json incident_json(const Incident& incident);
nlohmann::json history_json(const std::vector<IncidentHistory>& history);
std::string incidents_to_json(const std::vector<Incident>& incidents);
// One incident with its history and event ids.
std::string incident_detail_to_json(const Incident& incident, const std::vector<IncidentHistory>& history,
                                    const std::vector<std::string>& event_ids);

}  // namespace cctv::storage
