// SPDX-License-Identifier: Apache-2.0
// Private: one reader per section of the config file, each in its own .cpp.
#pragma once

#include <string>
#include <vector>

#include "cctv/config/config.hpp"
#include "ids.hpp"
#include "yaml_reader.hpp"

namespace cctv::config::detail {

// Ids seen so far; sections are read in dependency order (sites, cameras, zones).
struct LoadState {
  Diagnostics& diag;
  IdRegistry sites{"site"};
  IdRegistry cameras{"camera"};
  IdRegistry zones{"zone"};
};

std::vector<Site> read_sites(const std::vector<YAML::Node>& items, LoadState& state);
std::vector<Camera> read_cameras(const std::vector<YAML::Node>& items, LoadState& state);
std::vector<Zone> read_zones(const std::vector<YAML::Node>& items, LoadState& state);

// Parts of a zone; `zone` is the zone's map, its context names the zone.
Polygon read_polygon(const MapReader& zone, const YAML::Node& node);
ZoneRules read_rules(const MapReader& zone);
std::vector<ScheduleWindow> read_schedule(const MapReader& rules, const std::string& zone_context);

Storage read_storage(const MapReader& storage);
Bus read_bus(const MapReader& bus);
Console read_console(const MapReader& console);
ConsoleTls read_console_tls(const MapReader& tls);
Incidents read_incidents(const MapReader& incidents);

}  // namespace cctv::config::detail
