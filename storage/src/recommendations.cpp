// SPDX-License-Identifier: Apache-2.0
#include "cctv/storage/recommendations.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>

namespace cctv::storage {
namespace {

constexpr double kMinTrend = 0.5;
constexpr double kMaxTrend = 2.0;

std::string ordinal(int n) {
  const int tens = n % 100;
  const char* suffix = (tens >= 11 && tens <= 13) ? "th"
                       : n % 10 == 1              ? "st"
                       : n % 10 == 2              ? "nd"
                       : n % 10 == 3              ? "rd"
                                                  : "th";
  return std::to_string(n) + suffix;
}

std::string trend_words(const Recommendation& r, bool suppress) {
  const std::string before = shown_count(r.previous, suppress);
  if (r.previous == 0) return r.recent == 0 ? "none before either" : "none in the window before";
  const int change = static_cast<int>(std::lround(100.0 * (r.recent - r.previous) / r.previous));
  if (change == 0) return "level with the window before (" + before + ")";
  // Beside one count shown, a percentage would give away a suppressed other.
  const auto hidden = [](int n) { return n > 0 && n < kSuppressBelow; };
  const bool percent = !(suppress && (hidden(r.recent) || hidden(r.previous)));
  return (change > 0 ? "up " : "down ") +
         (percent ? std::to_string(std::abs(change)) + "% " : std::string()) +
         "on the window before (" + before + ")";
}

std::string reason_for(const Recommendation& r, int window_days, bool suppress) {
  if (r.recent == 0) {
    return ordinal(r.rank) + ": no incidents in the last " + std::to_string(window_days) + " days" +
           (r.covered ? "" : "; no camera covers it");
  }
  char density[32];
  std::snprintf(density, sizeof density, "%.1f", r.per_week);
  const bool hidden = suppress && r.recent < kSuppressBelow;  // the density would tell
  std::string reason = ordinal(r.rank) + ": " + shown_count(r.recent, suppress) +
                       " incidents in the last " + std::to_string(window_days) + " days" +
                       (hidden ? "" : " (" + std::string(density) + " a week)") + ", " +
                       trend_words(r, suppress);
  if (r.covered) {
    std::string list;
    for (const std::string& c : r.cameras) list += (list.empty() ? "" : ", ") + c;
    return reason + "; covered by " + list;
  }
  return reason + "; no camera covers it";
}

}  // namespace

std::vector<Recommendation> recommend_sites(const std::vector<IncidentPoint>& points,
                                            const std::vector<RegisteredSite>& sites,
                                            const std::map<std::string, std::string>& camera_sites,
                                            const RecommendationParams& params) {
  const auto window = std::chrono::days(params.window_days);
  const Period recent{params.as_of - window, params.as_of};
  const Period previous{recent.from - window, recent.from};
  const HotspotTable now = count_hotspots(points, sites, params.cluster, recent);
  const HotspotTable before = count_hotspots(points, sites, params.cluster, previous);
  std::vector<Recommendation> out;
  for (const SiteCounts& c : now.sites) {
    Recommendation r;
    r.site = c.site;
    r.recent = c.total;
    for (const SiteCounts& b : before.sites) {
      if (b.site == c.site) r.previous = b.total;
    }
    r.per_week = r.recent / (params.window_days / 7.0);
    r.trend = (r.recent + 1.0) / (r.previous + 1.0);
    r.score = r.per_week * std::clamp(r.trend, kMinTrend, kMaxTrend);
    for (const auto& [camera, site] : camera_sites) {
      if (site == c.site) r.cameras.push_back(camera);
    }
    r.covered = !r.cameras.empty();
    out.push_back(std::move(r));
  }
  std::sort(out.begin(), out.end(), [](const Recommendation& a, const Recommendation& b) {
    return std::tuple(-a.score, a.covered, a.site) < std::tuple(-b.score, b.covered, b.site);
  });
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i].rank = static_cast<int>(i) + 1;
    out[i].reason = reason_for(out[i], params.window_days, params.suppress);
  }
  return out;
}

}  // namespace cctv::storage
