// SPDX-License-Identifier: Apache-2.0
// Gathering the pack from the store, and its pictures.
#include "cctv/reports/ljag_pack.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>

#include "cctv/reports/charts.hpp"

namespace cctv::reports {
namespace {

// A deployment at one of `sites` that was live at some time in [from, to).
bool active_at_sites(const storage::Deployment& d, const std::set<std::string>& sites,
                     Timestamp from, Timestamp to) {
  return sites.contains(d.site) && d.from < to && (!d.to || *d.to > from);
}

std::string in_cluster(const LjagPack& pack) {
  return pack.request.cluster.empty() ? "all clusters" : pack.request.cluster;
}

}  // namespace

std::string LjagPack::site_name(const std::string& id) const {
  for (const storage::RegisteredSite& s : all_sites) {
    if (s.id == id) return s.name;
  }
  return id;
}

LjagPack build_ljag_pack(const PackRequest& request) {
  const auto month = parse_london_month(request.month);
  if (!month)
    throw std::invalid_argument("month: '" + request.month + "' is not a month like 2026-10");
  LjagPack pack;
  pack.request = request;
  pack.period = {month->first, month->second};
  storage::SiteRegister reg(request.db_path);
  pack.all_sites = reg.sites();
  const auto& all_sites = pack.all_sites;
  pack.sites = storage::sites_in(all_sites, request.cluster);
  if (pack.sites.empty()) {
    throw std::invalid_argument("cluster: no sites in cluster '" + request.cluster + "'");
  }
  pack.cameras = reg.cameras();
  const int year = std::stoi(request.month.substr(0, 4));
  const int month_no = std::stoi(request.month.substr(5, 2));
  const Timestamp trend_from = london_midnight(year, month_no - request.trend_months + 1, 1);
  const Timestamp window_from = london_midnight(year, month_no - request.deployment_months + 1, 1);
  const storage::RecommendationParams recommending{
      .as_of = pack.period.to, .cluster = request.cluster, .suppress = request.suppress};
  const storage::EffectivenessParams assessing{.ring_km = request.ring_km, .now = pack.period.to};

  std::set<std::string> ids;
  for (const auto& s : pack.sites) ids.insert(s.id);
  const auto deployments = reg.deployments();
  std::vector<storage::Deployment> assessed;
  for (const storage::Deployment& d : deployments) {
    if (!ids.contains(d.site) || d.from >= pack.period.to) continue;
    pack.deployments.push_back(d);
    if (!active_at_sites(d, ids, window_from, pack.period.to)) continue;
    assessed.push_back(d);
    if (assessed.back().to && *assessed.back().to > pack.period.to) {
      assessed.back().to.reset();  // the pack is as at the month's end
    }
  }
  // Only as far back as something looks: the trend, the windows the recommendations compare,
  // and the weeks before each assessed deployment.
  Timestamp earliest =
      std::min(trend_from, pack.period.to - std::chrono::days(2 * recommending.window_days));
  for (const auto& d : assessed) {
    earliest = std::min(earliest, d.from - std::chrono::weeks(assessing.window_weeks));
  }
  const auto points = storage::load_incident_points(request.db_path, earliest, pack.period.to);

  pack.table = storage::count_hotspots(points, all_sites, request.cluster, pack.period);
  pack.published = storage::publish_hotspots(pack.table, request.suppress);
  pack.trend =
      storage::monthly_trend(points, all_sites, request.cluster, {trend_from, pack.period.to});
  for (const storage::MonthCount& m : pack.trend) {
    pack.trend_shown.push_back(m.month == request.month
                                   ? pack.published.total
                                   : storage::shown_count(m.count, request.suppress));
  }
  pack.recommendations = storage::recommend_sites(
      points, all_sites, storage::camera_sites_at(pack.cameras, deployments, pack.period.to),
      recommending);
  for (const auto& d : assessed) {
    pack.effectiveness.push_back(storage::assess_deployment(d, points, all_sites, assessing));
  }
  return pack;
}

std::string pack_heat_map_png(const LjagPack& pack) {
  std::map<std::string, int> counts;
  std::map<std::string, std::string> labels;
  for (const storage::SiteCounts& c : pack.table.sites) {
    counts[c.site] = c.total;
    labels[c.site] = pack.published.sites.at(c.site).total;
  }
  return heat_map_png(
      pack.sites, counts,
      {.title = "Incidents " + pack.request.month + ", " + in_cluster(pack), .labels = labels});
}

std::string pack_sites_chart_png(const LjagPack& pack) {
  std::vector<Bar> bars;
  for (const storage::SiteCounts& c : pack.table.sites) {
    const std::string& shown = pack.published.sites.at(c.site).total;
    bars.push_back(
        {pack.site_name(c.site), static_cast<double>(c.total), shown, !storage::is_exact(shown)});
  }
  return bar_chart_png("Incidents per site, " + pack.request.month, bars);
}

std::string pack_trend_chart_png(const LjagPack& pack) {
  std::vector<std::string> months;
  Series series{"incidents, " + in_cluster(pack), {}};
  for (std::size_t i = 0; i < pack.trend.size(); ++i) {
    months.push_back(pack.trend[i].month);
    const bool hidden = !storage::is_exact(pack.trend_shown[i]);
    series.values.push_back(hidden ? std::nan("") : pack.trend[i].count);
  }
  return line_chart_png("Incidents per month, " + in_cluster(pack), months, {series});
}

namespace {

// Shared outside the control room, weekly counts would give away small numbers: the chart is
// then the rate in each phase, with the phase counts under 5 suppressed like the tables.
std::string phase_rates_png(const std::string& title, const storage::Effectiveness& e) {
  std::vector<Bar> bars;
  const auto add = [&](const std::string& label, const storage::PhaseCounts& c) {
    if (c.weeks <= 0) return;
    const double rate = c.count / c.weeks;
    const bool hidden = c.count > 0 && c.count < storage::kSuppressBelow;
    char value[48];
    std::snprintf(value, sizeof value, "%.1f a week", rate);
    bars.push_back({label, rate, hidden ? "<5 incidents" : value, hidden});
  };
  add("site, before", e.site_before);
  add("site, during", e.site_during);
  add("site, after", e.site_after);
  add("neighbours, before", e.ring_before);
  add("neighbours, during", e.ring_during);
  add("neighbours, after", e.ring_after);
  return bar_chart_png(title, bars);
}

}  // namespace

std::string deployment_chart_png(const LjagPack& pack, const storage::Effectiveness& e) {
  const std::string title = "Camera " + e.deployment.camera + " at " +
                            pack.site_name(e.deployment.site) + ": incidents per week";
  if (pack.request.suppress) return phase_rates_png(title, e);
  return weekly_chart_png(title, e.weeks);
}

}  // namespace cctv::reports
