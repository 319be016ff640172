// SPDX-License-Identifier: Apache-2.0
// The pack as one HTML file (no scripts, no external resources) with its PNGs beside it, so
// the folder can be mailed or printed as it is.
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "cctv/reports/ljag_pack.hpp"
#include "pack_text.hpp"

namespace cctv::reports {
namespace {

std::string esc(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string fixed1(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string change_text(const storage::RateComparison& c) {
  if (!c.change) return "—";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.0f%%", *c.change * 100);
  return buf;
}

void write_file(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
  if (!out.flush()) throw std::runtime_error("cannot write " + path.string());
}

constexpr const char* kStyle = R"(
body{font-family:sans-serif;margin:2em;color:#222;max-width:60em}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #bbb;padding:.25em .6em;text-align:left}
td.n{text-align:right}img{max-width:100%;border:1px solid #ddd}.note{color:#555;font-size:.9em}
@media print{h2{page-break-before:auto}img{page-break-inside:avoid}}
)";

void hotspot_table(std::ostream& o, const LjagPack& p) {
  o << "<table id=\"hotspots\"><tr><th>Site</th><th>Total</th>";
  for (const auto& c : p.table.categories) o << "<th>" << esc(c) << "</th>";
  o << "</tr>\n";
  for (const auto& row : p.table.sites) {
    const storage::PublishedHotspots::Site& shown = p.published.sites.at(row.site);
    o << "<tr><td>" << esc(p.site_name(row.site)) << "</td><td class=\"n\">" << esc(shown.total)
      << "</td>";
    for (const auto& c : p.table.categories)
      o << "<td class=\"n\">" << esc(shown.by_category.at(c)) << "</td>";
    o << "</tr>\n";
  }
  o << "<tr><th>All sites</th><th class=\"n\">" << esc(p.published.total) << "</th></tr></table>\n";
}

void trend_table(std::ostream& o, const LjagPack& p) {
  o << "<table id=\"trend\"><tr><th>Month</th>";
  for (const auto& m : p.trend) o << "<th>" << m.month << "</th>";
  o << "</tr><tr><td>Incidents</td>";
  for (const auto& shown : p.trend_shown) o << "<td class=\"n\">" << esc(shown) << "</td>";
  o << "</tr></table>\n";
}

void recommendations_table(std::ostream& o, const LjagPack& p) {
  o << "<table id=\"recommendations\"><tr><th>Rank</th><th>Site</th><th>Camera cover</th>"
       "<th>Why</th></tr>\n";
  for (const auto& r : p.recommendations) {
    std::string cover = "none";
    for (std::size_t i = 0; i < r.cameras.size(); ++i)
      cover = (i ? cover + ", " : "") + r.cameras[i];
    o << "<tr><td class=\"n\">" << r.rank << "</td><td>" << esc(p.site_name(r.site)) << "</td><td>"
      << esc(cover) << "</td><td>" << esc(r.reason) << "</td></tr>\n";
  }
  o << "</table>\n";
}

void deployments_table(std::ostream& o, const LjagPack& p) {
  o << "<table id=\"deployments\"><tr><th>Camera</th><th>Site</th><th>From</th><th>To</th>"
       "<th>LJAG case</th><th>Reason</th></tr>\n";
  for (const auto& d : p.deployments) {
    o << "<tr><td>" << esc(d.camera) << "</td><td>" << esc(p.site_name(d.site)) << "</td><td>"
      << london_date(d.from) << "</td><td>" << (d.to ? london_date(*d.to) : "still there")
      << "</td><td>" << esc(d.ljag_case) << "</td><td>" << esc(d.reason) << "</td></tr>\n";
  }
  o << "</table>\n";
}

void phase_row(std::ostream& o, const std::string& where, const storage::PhaseCounts& before,
               const storage::PhaseCounts& during, const storage::PhaseCounts& after,
               const storage::RateComparison& change, bool s) {
  o << "<tr><td>" << where << "</td>";
  for (const auto* c : {&before, &during, &after}) {
    if (c->weeks <= 0) {  // not yet: the deployment is still on
      o << "<td>—</td>";
      continue;
    }
    o << "<td class=\"n\">" << esc(storage::shown_count(c->count, s)) << " in " << fixed1(c->weeks)
      << " wk";
    if (!suppressed(c->count, s) && c->weeks > 0)
      o << " (" << fixed1(c->count / c->weeks) << "/wk)";
    o << "</td>";
  }
  o << "<td>" << change_text(change) << "</td><td>" << esc(change.verdict) << "</td></tr>\n";
}

void effectiveness_section(std::ostream& o, const LjagPack& p, const storage::Effectiveness& e,
                           const std::string& image) {
  const auto& d = e.deployment;
  o << "<h3>Camera " << esc(d.camera) << " at " << esc(p.site_name(d.site)) << " from "
    << london_date(d.from) << (d.to ? " to " + london_date(*d.to) : std::string(" (still there)"))
    << "</h3>\n<p>" << esc(effectiveness_summary(e, p.request.suppress)) << "</p>\n";
  o << "<table class=\"effectiveness\"><tr><th></th><th>Before</th><th>During</th><th>After</th>"
       "<th>Change (during vs before)</th><th>Significance</th></tr>\n";
  phase_row(o, "At the site", e.site_before, e.site_during, e.site_after, e.site_change,
            p.request.suppress);
  std::string ring;
  for (const auto& id : e.ring_sites) ring += (ring.empty() ? "" : ", ") + p.site_name(id);
  phase_row(o, "Neighbouring sites (" + esc(ring.empty() ? "none" : ring) + ")", e.ring_before,
            e.ring_during, e.ring_after, e.ring_change, p.request.suppress);
  o << "</table>\n<img src=\"" << image << "\" alt=\"incidents at and around the site\">\n";
}

}  // namespace

PackFiles write_ljag_pack(const LjagPack& p, const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  const std::string cluster = p.request.cluster.empty() ? "all" : p.request.cluster;
  const std::string stem = "ljag-" + cluster + "-" + p.request.month;
  PackFiles files;
  const auto image = [&](const std::string& name, const std::string& png) {
    const std::string file = stem + "-" + name + ".png";
    write_file(dir / file, png);
    files.images.push_back(dir / file);
    return file;
  };
  std::ostringstream o;
  o << "<!doctype html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>LJAG pack "
    << esc(cluster) << " " << p.request.month << "</title><style>" << kStyle
    << "</style></head><body>\n";
  o << "<h1>LJAG tasking pack: " << esc(cluster) << ", " << p.request.month << "</h1>\n";
  o << "<p class=\"note\">Incidents (analytics alarms and manual incidents) from "
    << london_date(p.period.from) << " to the end of the month, Europe/London. "
    << (p.request.suppress ? "Counts of 1 to 4 are shown as &lt;5; a count shown as * is withheld "
                             "so that no &lt;5 can be worked out from a total."
                           : "Exact counts: not for sharing outside the control room.")
    << "</p>\n";
  o << "<h2>Heat map</h2>\n<img id=\"heatmap\" src=\"" << image("heatmap", pack_heat_map_png(p))
    << "\" alt=\"heat map of incidents\">\n";
  o << "<h2>Incidents per site and category</h2>\n";
  hotspot_table(o, p);
  o << "<img src=\"" << image("sites", pack_sites_chart_png(p))
    << "\" alt=\"incidents per site\">\n";
  o << "<h2>Trend</h2>\n";
  trend_table(o, p);
  o << "<img src=\"" << image("trend", pack_trend_chart_png(p))
    << "\" alt=\"incidents per month\">\n";
  o << "<h2>Redeployment recommendations</h2>\n";
  recommendations_table(o, p);
  o << "<h2>Deployments</h2>\n";
  deployments_table(o, p);
  o << "<h2>Effectiveness of deployments</h2>\n";
  if (p.effectiveness.empty())
    o << "<p>No deployments in the last " << p.request.deployment_months << " months.</p>\n";
  for (const auto& e : p.effectiveness) {
    effectiveness_section(
        o, p, e,
        image("deployment-" + std::to_string(e.deployment.id), deployment_chart_png(p, e)));
  }
  o << "<h2>Method</h2>\n<p class=\"note\">Heat map: Gaussian kernel density (0.5 km) of each "
       "site's "
       "incidents, on a 1 km grid. Recommendations: incidents a week over the last 90 days times "
       "the trend against the 90 days before ((recent+1)/(previous+1), clamped to 0.5..2). "
       "Effectiveness: 8 weeks before against the deployment, at the site and at sites within "
    << fixed1(p.request.ring_km)
    << " km (displacement); significance by the exact conditional Poisson test (binomial), "
       "two-sided, 5% level.</p>\n</body></html>\n";
  files.html = dir / (stem + ".html");
  write_file(files.html, o.str());
  return files;
}

}  // namespace cctv::reports
