// SPDX-License-Identifier: Apache-2.0
// Did a deployment work? Incidents per week at the site, and in a ring of neighbouring sites
// (to show displacement), before, during and after the deployment, with the change and an exact
// Poisson rate comparison. Pure: the caller passes the incidents and sites.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cctv/storage/hotspots.hpp"

namespace cctv::storage {

// Two Poisson counts over their exposures (weeks), compared by the exact conditional test:
// given n = n1 + n2, under equal rates n2 ~ Binomial(n, t2 / (t1 + t2)). The p-value is
// two-sided (the probability of outcomes no more likely than the one seen).
struct RateComparison {
  int before = 0;  // n1
  double before_weeks = 0;
  int after = 0;  // n2
  double after_weeks = 0;
  double before_rate = 0;  // per week
  double after_rate = 0;
  std::optional<double> change;  // after_rate / before_rate - 1; empty when before_rate is 0
  double p_value = 1;
  std::string verdict;  // "significant fall (p < 0.05)", "no significant change", ...
};
RateComparison compare_rates(int before, double before_weeks, int after, double after_weeks);

struct EffectivenessParams {
  double ring_km = 1.5;  // neighbouring sites: other sites within this distance
  int window_weeks = 8;  // the before and after windows, at most this long
  Timestamp now{};       // an open deployment's "during" ends here
};

struct PhaseCounts {
  int count = 0;
  double weeks = 0;
};

struct WeekRow {
  Timestamp week_start{};  // Monday 00:00 Europe/London
  std::string phase;       // before | during | after
  int site = 0;
  int ring = 0;
};

struct Effectiveness {
  Deployment deployment;
  std::vector<std::string> ring_sites;  // nearest first
  PhaseCounts site_before, site_during, site_after;
  PhaseCounts ring_before, ring_during, ring_after;
  RateComparison site_change;                       // during vs before, at the site
  std::optional<RateComparison> site_after_change;  // after vs before, once it has ended
  RateComparison ring_change;                       // during vs before, in the ring: displacement?
  std::vector<WeekRow> weeks;                       // before window to the end of the after window
  std::string summary;                              // one sentence for the LJAG
};

// Throws std::invalid_argument when the deployment's site is not among `sites`.
Effectiveness assess_deployment(const Deployment& d, const std::vector<IncidentPoint>& points,
                                const std::vector<RegisteredSite>& sites,
                                const EffectivenessParams& params);

}  // namespace cctv::storage
