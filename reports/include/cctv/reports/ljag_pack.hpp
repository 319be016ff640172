// SPDX-License-Identifier: Apache-2.0
// The monthly LJAG pack for one cluster: hotspot table, heat map, 12-month trend,
// redeployment recommendations, the deployments register and each recent deployment's
// effectiveness. build_ljag_pack() gathers it from the store (as at the month's end, so a pack
// is the same whenever it is run); the console serves it as JSON and pictures, and
// write_ljag_pack() writes it as an HTML file with its PNGs beside it.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "cctv/storage/disclosure.hpp"
#include "cctv/storage/effectiveness.hpp"
#include "cctv/storage/hotspots.hpp"
#include "cctv/storage/recommendations.hpp"

namespace cctv::reports {

struct PackRequest {
  std::string db_path;
  std::string cluster;   // empty: every cluster
  std::string month;     // "2026-10", Europe/London
  bool suppress = true;  // "<5" for counts of 1..4: for anything leaving the control room
  int trend_months = 12;
  int deployment_months = 6;  // deployments active in this many months up to the month's end
  double ring_km = 1.5;
};

struct LjagPack {
  PackRequest request;
  storage::Period period;                          // the month
  std::vector<storage::RegisteredSite> sites;      // the cluster's
  std::vector<storage::RegisteredSite> all_sites;  // every cluster's (neighbours may be outside)
  std::vector<storage::RegisteredCamera> cameras;
  storage::HotspotTable table;
  storage::PublishedHotspots published;  // the table as shown (suppressed as the request says)
  std::vector<storage::MonthCount> trend;
  std::vector<std::string> trend_shown;  // each month's count as shown; the pack's month is the
                                         // table's total, so shown as that is
  std::vector<storage::Recommendation> recommendations;  // as at the month's end
  std::vector<storage::Deployment> deployments;          // at the cluster's sites, newest first
  std::vector<storage::Effectiveness> effectiveness;     // of those active in the window
  std::string site_name(const std::string& id) const;
};

// Throws std::invalid_argument naming the field (month, cluster) when the request is bad.
LjagPack build_ljag_pack(const PackRequest& request);

// The pictures, shared by the HTML pack and the console.
std::string pack_heat_map_png(const LjagPack& pack);
std::string pack_sites_chart_png(const LjagPack& pack);
std::string pack_trend_chart_png(const LjagPack& pack);
std::string deployment_chart_png(const LjagPack& pack, const storage::Effectiveness& e);

// The pack as the console's JSON (counts suppressed as the request says).
nlohmann::json pack_json(const LjagPack& pack);

struct PackFiles {
  std::filesystem::path html;
  std::vector<std::filesystem::path> images;
};
// Writes ljag-<cluster>-<month>.html and its PNGs into `dir` (created if missing).
PackFiles write_ljag_pack(const LjagPack& pack, const std::filesystem::path& dir);

}  // namespace cctv::reports
