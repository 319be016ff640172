// SPDX-License-Identifier: Apache-2.0
// The LJAG pack's pictures as PNG bytes (OpenCV): bar charts, a line chart of a trend, the
// weekly before/during/after chart of a deployment and the heat map. A value that is
// suppressed ("<5") is drawn with its label and no bar, so the picture tells no more than the
// table.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "cctv/storage/effectiveness.hpp"
#include "cctv/storage/site_register.hpp"

namespace cctv::reports {

struct Bar {
  std::string label;
  double value = 0;
  std::string value_label;  // printed at the bar's end, e.g. "12" or "<5"
  bool hidden = false;      // suppressed: the label only, no bar
};

// Horizontal bars, one row per entry, longest scale from the largest value.
std::string bar_chart_png(const std::string& title, const std::vector<Bar>& bars);

struct Series {
  std::string name;
  std::vector<double> values;  // one per x label; NaN: not shown (a suppressed count)
};

// One polyline per series over the x labels (e.g. months), with a legend.
std::string line_chart_png(const std::string& title, const std::vector<std::string>& x_labels,
                           const std::vector<Series>& series);

// Incidents per week at the site (bars) and in the ring (line), the deployment's weeks shaded.
std::string weekly_chart_png(const std::string& title, const std::vector<storage::WeekRow>& weeks);

struct HeatMapParams {
  std::string title;
  // Each site's count as published ("12", "<5", "*"), by site id; a site not here shows its count.
  std::map<std::string, std::string> labels;
  double bandwidth_km = 0.5;
};

// Kernel density of `counts` (site id -> incidents) over `sites`, drawn on a 1 km grid with
// a scale bar, north arrow, the sites marked and labelled with name and count.
std::string heat_map_png(const std::vector<storage::RegisteredSite>& sites,
                         const std::map<std::string, int>& counts, const HeatMapParams& params);

}  // namespace cctv::reports
