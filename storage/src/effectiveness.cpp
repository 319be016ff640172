// SPDX-License-Identifier: Apache-2.0
#include "cctv/storage/effectiveness.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>

namespace cctv::storage {
namespace {

constexpr double kSignificance = 0.05;
// Outcomes this much more likely than the one seen still count as "no more likely" (rounding).
constexpr double kTieTolerance = 1 + 1e-7;

double weeks_between(Timestamp from, Timestamp to) {
  return std::max(0.0, seconds_between(from, to) / (7 * 24 * 3600.0));
}

double log_binomial_pmf(int k, int n, double p) {
  const double log_choose = std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0);
  const double hits = k == 0 ? 0 : k * std::log(p);
  const double misses = n - k == 0 ? 0 : (n - k) * std::log1p(-p);
  return log_choose + hits + misses;
}

double exact_two_sided_p(int n1, double t1, int n2, double t2) {
  const int n = n1 + n2;
  if (n == 0) return 1;
  const double p = t2 / (t1 + t2);
  const double seen = log_binomial_pmf(n2, n, p);
  double total = 0;
  for (int k = 0; k <= n; ++k) {
    const double lp = log_binomial_pmf(k, n, p);
    if (lp <= seen + std::log(kTieTolerance)) total += std::exp(lp);
  }
  return std::min(1.0, total);
}

std::string verdict_for(const RateComparison& c) {
  if (c.before_weeks <= 0 || c.after_weeks <= 0) return "not enough time to compare";
  if (c.p_value >= kSignificance) return "no significant change";
  const char* direction = c.after_rate < c.before_rate ? "significant fall" : "significant rise";
  return std::string(direction) + (c.p_value < 0.01 ? " (p < 0.01)" : " (p < 0.05)");
}

PhaseCounts count_in(const std::vector<IncidentPoint>& points, const std::set<std::string>& sites,
                     Timestamp from, Timestamp to) {
  PhaseCounts c{0, weeks_between(from, to)};
  for (const IncidentPoint& p : points) {
    if (sites.contains(p.site) && p.at >= from && p.at < to) ++c.count;
  }
  return c;
}

std::string percent(const RateComparison& c) {
  if (!c.change) return "from none";
  const long pct = std::lround(*c.change * 100);
  return (pct >= 0 ? "+" : "") + std::to_string(pct) + "%";
}

std::string summary_for(const Effectiveness& e, const std::string& site_name) {
  char text[512];
  std::snprintf(text, sizeof text,
                "At %s incidents went from %.1f a week before to %.1f during the deployment "
                "(%s, %s, p = %.3g). ",
                site_name.c_str(), e.site_change.before_rate, e.site_change.after_rate,
                percent(e.site_change).c_str(), e.site_change.verdict.c_str(),
                e.site_change.p_value);
  std::string out = text;
  if (e.ring_sites.empty()) return out + "No neighbouring sites to check for displacement.";
  const bool displaced =
      e.ring_change.p_value < kSignificance && e.ring_change.after_rate > e.ring_change.before_rate;
  std::snprintf(text, sizeof text,
                "In the %zu neighbouring site(s) %.1f -> %.1f a week (%s, %s): %s",
                e.ring_sites.size(), e.ring_change.before_rate, e.ring_change.after_rate,
                percent(e.ring_change).c_str(), e.ring_change.verdict.c_str(),
                displaced ? "possible displacement." : "no sign of displacement.");
  return out + text;
}

std::vector<WeekRow> weekly_rows(const Deployment& d, Timestamp from, Timestamp during_end,
                                 Timestamp end, const std::vector<IncidentPoint>& points,
                                 const std::string& site, const std::set<std::string>& ring) {
  std::vector<WeekRow> rows;
  for (Timestamp w = london_week_start(from); w < end;
       w = london_week_start(w + std::chrono::days(8))) {
    const Timestamp middle = w + std::chrono::hours(84);
    const char* phase = middle < d.from ? "before" : middle < during_end ? "during" : "after";
    rows.push_back({w, phase, 0, 0});
  }
  for (const IncidentPoint& p : points) {
    if (p.at < from || p.at >= end) continue;
    const Timestamp w = london_week_start(p.at);
    for (WeekRow& r : rows) {
      if (r.week_start != w) continue;
      if (p.site == site) ++r.site;
      if (ring.contains(p.site)) ++r.ring;
    }
  }
  return rows;
}

}  // namespace

RateComparison compare_rates(int before, double before_weeks, int after, double after_weeks) {
  RateComparison c;
  c.before = before;
  c.before_weeks = before_weeks;
  c.after = after;
  c.after_weeks = after_weeks;
  c.before_rate = before_weeks > 0 ? before / before_weeks : 0;
  c.after_rate = after_weeks > 0 ? after / after_weeks : 0;
  if (c.before_rate > 0) c.change = c.after_rate / c.before_rate - 1;
  if (before_weeks > 0 && after_weeks > 0) {
    c.p_value = exact_two_sided_p(before, before_weeks, after, after_weeks);
  }
  c.verdict = verdict_for(c);
  return c;
}

Effectiveness assess_deployment(const Deployment& d, const std::vector<IncidentPoint>& points,
                                const std::vector<RegisteredSite>& sites,
                                const EffectivenessParams& params) {
  const auto home = std::find_if(sites.begin(), sites.end(),
                                 [&](const RegisteredSite& s) { return s.id == d.site; });
  if (home == sites.end()) throw std::invalid_argument("unknown site '" + d.site + "'");
  Effectiveness e;
  e.deployment = d;
  std::vector<std::pair<double, std::string>> near;
  for (const RegisteredSite& s : sites) {
    const double km = distance_km(*home, s);
    if (s.id != d.site && km <= params.ring_km) near.emplace_back(km, s.id);
  }
  std::sort(near.begin(), near.end());
  for (const auto& [km, id] : near) e.ring_sites.push_back(id);
  const std::set<std::string> site{d.site};
  const std::set<std::string> ring(e.ring_sites.begin(), e.ring_sites.end());

  const auto window = std::chrono::weeks(params.window_weeks);
  const Timestamp before_from = d.from - window;
  const Timestamp during_end = std::max(d.from, std::min(d.to.value_or(params.now), params.now));
  const Timestamp after_end =
      d.to ? std::max(during_end, std::min(*d.to + window, params.now)) : during_end;
  e.site_before = count_in(points, site, before_from, d.from);
  e.site_during = count_in(points, site, d.from, during_end);
  e.site_after = count_in(points, site, during_end, after_end);
  e.ring_before = count_in(points, ring, before_from, d.from);
  e.ring_during = count_in(points, ring, d.from, during_end);
  e.ring_after = count_in(points, ring, during_end, after_end);
  e.site_change = compare_rates(e.site_before.count, e.site_before.weeks, e.site_during.count,
                                e.site_during.weeks);
  if (d.to) {
    e.site_after_change = compare_rates(e.site_before.count, e.site_before.weeks,
                                        e.site_after.count, e.site_after.weeks);
  }
  e.ring_change = compare_rates(e.ring_before.count, e.ring_before.weeks, e.ring_during.count,
                                e.ring_during.weeks);
  e.weeks = weekly_rows(d, before_from, during_end, after_end, points, d.site, ring);
  e.summary = summary_for(e, home->name);
  return e;
}

}  // namespace cctv::storage
