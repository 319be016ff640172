// SPDX-License-Identifier: Apache-2.0
#include "cctv/storage/hotspots.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "cctv/common/sql.hpp"

namespace cctv::storage {
namespace {

std::set<std::string> site_ids(const std::vector<RegisteredSite>& sites) {
  std::set<std::string> ids;
  for (const RegisteredSite& s : sites) ids.insert(s.id);
  return ids;
}

bool within(Timestamp t, Period p) { return t >= p.from && t < p.to; }

}  // namespace

std::vector<IncidentPoint> load_incident_points(const std::string& db_path, Timestamp from,
                                                Timestamp to) {
  sql::Database db(db_path, {.read_only = true});
  sql::Statement s(
      db,
      "SELECT site, category, started_at FROM incidents WHERE (kind IN ('alarm', 'manual') OR "
      "category = 'camera_tamper') AND test = 0 AND started_at >= ?1 AND started_at < ?2 ORDER "
      "BY started_at");
  s.bind(1, format_utc(from)).bind(2, format_utc(to));
  std::vector<IncidentPoint> out;
  while (s.step()) {
    if (const auto at = parse_utc(s.text(2))) out.push_back({s.text(0), s.text(1), *at});
  }
  return out;
}

std::string shown_count(int count, bool suppress) {
  if (suppress && count > 0 && count < kSuppressBelow) return "<" + std::to_string(kSuppressBelow);
  return std::to_string(count);
}

double distance_km(const RegisteredSite& a, const RegisteredSite& b) {
  constexpr double kEarthRadiusKm = 6371.0;
  constexpr double kRad = 3.14159265358979323846 / 180.0;
  const double dlat = (b.lat - a.lat) * kRad;
  const double dlon = (b.lon - a.lon) * kRad;
  const double h =
      std::sin(dlat / 2) * std::sin(dlat / 2) +
      std::cos(a.lat * kRad) * std::cos(b.lat * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(h)));
}

std::vector<RegisteredSite> sites_in(const std::vector<RegisteredSite>& sites,
                                     const std::string& cluster) {
  std::vector<RegisteredSite> out;
  for (const RegisteredSite& s : sites) {
    if (cluster.empty() || s.cluster == cluster) out.push_back(s);
  }
  return out;
}

HotspotTable count_hotspots(const std::vector<IncidentPoint>& points,
                            const std::vector<RegisteredSite>& sites, const std::string& cluster,
                            Period period) {
  std::map<std::string, SiteCounts> by_site;
  for (const RegisteredSite& s : sites_in(sites, cluster)) by_site[s.id].site = s.id;
  std::map<std::string, int> by_category;
  HotspotTable table;
  for (const IncidentPoint& p : points) {
    const auto it = by_site.find(p.site);
    if (it == by_site.end() || !within(p.at, period)) continue;
    ++it->second.total;
    ++it->second.by_category[p.category];
    ++by_category[p.category];
    ++table.total;
  }
  for (auto& [id, counts] : by_site) table.sites.push_back(std::move(counts));
  std::stable_sort(table.sites.begin(), table.sites.end(),
                   [](const SiteCounts& a, const SiteCounts& b) { return a.total > b.total; });
  std::vector<std::pair<std::string, int>> cats(by_category.begin(), by_category.end());
  std::stable_sort(cats.begin(), cats.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  for (const auto& [name, n] : cats) table.categories.push_back(name);
  return table;
}

std::vector<MonthCount> monthly_trend(const std::vector<IncidentPoint>& points,
                                      const std::vector<RegisteredSite>& sites,
                                      const std::string& cluster, Period period) {
  std::vector<MonthCount> months;
  for (Timestamp t = period.from; t < period.to;) {
    months.push_back({london_month(t), 0});
    const auto bounds = parse_london_month(months.back().month);
    t = bounds->second;
  }
  const std::set<std::string> ids = site_ids(sites_in(sites, cluster));
  for (const IncidentPoint& p : points) {
    if (!ids.contains(p.site) || !within(p.at, period)) continue;
    const std::string month = london_month(p.at);
    for (MonthCount& m : months) {
      if (m.month == month) ++m.count;
    }
  }
  return months;
}

}  // namespace cctv::storage
