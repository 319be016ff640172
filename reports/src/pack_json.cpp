// SPDX-License-Identifier: Apache-2.0
// The pack as JSON for the console. Counts are strings ("12", "<5", "*") so that a suppressed
// number never reaches the browser; a rate is null where its count is suppressed.
#include <nlohmann/json.hpp>

#include "cctv/reports/ljag_pack.hpp"
#include "pack_text.hpp"

namespace cctv::reports {
namespace {

using nlohmann::json;

json phase_json(const storage::PhaseCounts& c, bool suppress) {
  const bool hidden = suppressed(c.count, suppress);
  return {{"count", storage::shown_count(c.count, suppress)},
          {"weeks", c.weeks},
          {"per_week", hidden || c.weeks <= 0 ? json(nullptr) : json(c.count / c.weeks)}};
}

json change_json(const storage::RateComparison& c) {
  return {{"change", c.change ? json(*c.change) : json(nullptr)},
          {"p_value", c.p_value},
          {"verdict", c.verdict}};
}

json effectiveness_json(const LjagPack& pack, const storage::Effectiveness& e) {
  const bool s = pack.request.suppress;
  json ring = json::array();
  for (const std::string& id : e.ring_sites)
    ring.push_back({{"id", id}, {"name", pack.site_name(id)}});
  return {{"deployment_id", e.deployment.id},
          {"ring_sites", ring},
          {"site",
           {{"before", phase_json(e.site_before, s)},
            {"during", phase_json(e.site_during, s)},
            {"after", phase_json(e.site_after, s)}}},
          {"ring",
           {{"before", phase_json(e.ring_before, s)},
            {"during", phase_json(e.ring_during, s)},
            {"after", phase_json(e.ring_after, s)}}},
          {"site_change", change_json(e.site_change)},
          {"ring_change", change_json(e.ring_change)},
          {"summary", effectiveness_summary(e, s)}};
}

json recommendation_json(const LjagPack& pack, const storage::Recommendation& r) {
  const bool s = pack.request.suppress;
  return {{"rank", r.rank},
          {"site", r.site},
          {"name", pack.site_name(r.site)},
          {"recent", storage::shown_count(r.recent, s)},
          {"previous", storage::shown_count(r.previous, s)},
          {"per_week", suppressed(r.recent, s) ? json(nullptr) : json(r.per_week)},
          {"score", r.score},
          {"covered", r.covered},
          {"cameras", r.cameras},
          {"reason", r.reason}};
}

}  // namespace

json pack_json(const LjagPack& pack) {
  const bool s = pack.request.suppress;
  json out = {{"cluster", pack.request.cluster},
              {"month", pack.request.month},
              {"from", format_utc(pack.period.from)},
              {"to", format_utc(pack.period.to)},
              {"suppressed", s}};
  out["sites"] = json::array();
  for (const auto& site : pack.sites) {
    out["sites"].push_back({{"id", site.id},
                            {"name", site.name},
                            {"cluster", site.cluster},
                            {"lat", site.lat},
                            {"lon", site.lon},
                            {"owner", site.owner}});
  }
  json rows = json::array();
  for (const storage::SiteCounts& c : pack.table.sites) {
    const storage::PublishedHotspots::Site& shown = pack.published.sites.at(c.site);
    rows.push_back({{"site", c.site},
                    {"name", pack.site_name(c.site)},
                    {"total", shown.total},
                    {"by_category", shown.by_category}});
  }
  out["hotspots"] = {
      {"total", pack.published.total}, {"categories", pack.table.categories}, {"sites", rows}};
  out["trend"] = json::array();
  for (std::size_t i = 0; i < pack.trend.size(); ++i) {
    out["trend"].push_back({{"month", pack.trend[i].month}, {"count", pack.trend_shown[i]}});
  }
  out["recommendations"] = json::array();
  for (const auto& r : pack.recommendations)
    out["recommendations"].push_back(recommendation_json(pack, r));
  out["deployments"] = json::array();
  for (const auto& d : pack.deployments) {
    json row = storage::deployment_json(d);
    row["site_name"] = pack.site_name(d.site);
    out["deployments"].push_back(row);
  }
  out["effectiveness"] = json::array();
  for (const auto& e : pack.effectiveness)
    out["effectiveness"].push_back(effectiveness_json(pack, e));
  return out;
}

}  // namespace cctv::reports
