// SPDX-License-Identifier: Apache-2.0
#include "cctv/reports/charts.hpp"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "canvas.hpp"

namespace cctv::reports {
namespace {

using namespace canvas;

// The plot area of a vertical-axis chart and how values map into it.
struct Plot {
  cv::Rect area;
  double max = 1;
  int y(double v) const { return area.y + area.height - static_cast<int>(v / max * area.height); }
};

// Horizontal grid lines with their values on the left; returns the scale used.
Plot draw_value_axis(cv::Mat& img, cv::Rect area, double max_value) {
  const double step = nice_step(max_value);
  Plot p{area, std::max(step, std::ceil(max_value / step) * step)};
  for (double v = 0; v <= p.max + 1e-9; v += step) {
    cv::line(img, {area.x, p.y(v)}, {area.x + area.width, p.y(v)}, kGrid, 1);
    const std::string label = format_number(v);
    text(img, label, {area.x - 8 - text_width(label, 0.4), p.y(v) + 4}, 0.4);
  }
  cv::line(img, {area.x, area.y}, {area.x, area.y + area.height}, kInk, 1);
  return p;
}

// X labels under the plot, thinned so they do not overlap.
void draw_x_labels(cv::Mat& img, const Plot& p, const std::vector<std::string>& labels) {
  if (labels.empty()) return;
  const double slot = static_cast<double>(p.area.width) / static_cast<double>(labels.size());
  int widest = 0;
  for (const std::string& l : labels) widest = std::max(widest, text_width(l, 0.38));
  const std::size_t every =
      std::max<std::size_t>(1, static_cast<std::size_t>((widest + 10) / slot) + 1);
  for (std::size_t i = 0; i < labels.size(); i += every) {
    const int centre = p.area.x + static_cast<int>((static_cast<double>(i) + 0.5) * slot);
    text(img, labels[i], {centre - text_width(labels[i], 0.38) / 2, p.area.y + p.area.height + 18},
         0.38);
  }
}

void draw_legend(cv::Mat& img, const std::vector<std::pair<std::string, cv::Scalar>>& entries) {
  int x = img.cols - 16;
  for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
    x -= text_width(it->first, 0.42) + 30;
    cv::rectangle(img, {x, 16}, {x + 14, 28}, it->second, cv::FILLED);
    text(img, it->first, {x + 20, 28}, 0.42);
  }
}

int x_of(const Plot& p, std::size_t i, std::size_t n) {
  return p.area.x +
         static_cast<int>((static_cast<double>(i) + 0.5) * p.area.width / static_cast<double>(n));
}

}  // namespace

std::string bar_chart_png(const std::string& heading, const std::vector<Bar>& bars) {
  constexpr int kRow = 28, kLabelWidth = 230, kWidth = 820;
  cv::Mat img = blank(kWidth, 70 + kRow * static_cast<int>(std::max<std::size_t>(1, bars.size())));
  title(img, heading);
  double max = 0;
  for (const Bar& b : bars) max = std::max(max, b.value);
  const int x0 = kLabelWidth, span = kWidth - kLabelWidth - 120;
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const Bar& b = bars[i];
    const int y = 50 + kRow * static_cast<int>(i);
    text(img, b.label, {x0 - 10 - text_width(b.label, 0.42), y + 17}, 0.42);
    const int length = b.hidden || max <= 0 ? 0 : static_cast<int>(b.value / max * span);
    if (length > 0) cv::rectangle(img, {x0, y + 4}, {x0 + length, y + kRow - 4}, kSite, cv::FILLED);
    text(img, b.value_label, {x0 + length + 6, y + 18}, 0.42);
  }
  cv::line(img, {x0, 46}, {x0, img.rows - 16}, kInk, 1);
  return png(img);
}

std::string line_chart_png(const std::string& heading, const std::vector<std::string>& x_labels,
                           const std::vector<Series>& series) {
  cv::Mat img = blank(820, 360);
  title(img, heading);
  double max = 0;
  for (const Series& s : series) {
    for (double v : s.values) max = std::isnan(v) ? max : std::max(max, v);
  }
  const Plot p = draw_value_axis(img, {70, 50, 720, 250}, max);
  draw_x_labels(img, p, x_labels);
  const cv::Scalar colours[] = {kSite, kRing, {60, 160, 60}, {150, 60, 150}};
  std::vector<std::pair<std::string, cv::Scalar>> legend;
  for (std::size_t k = 0; k < series.size(); ++k) {
    const cv::Scalar colour = colours[k % 4];
    const auto& v = series[k].values;
    std::vector<cv::Point> line;  // a NaN value (suppressed) is a gap in the line
    for (std::size_t i = 0; i <= v.size(); ++i) {
      if (i < v.size() && !std::isnan(v[i])) {
        line.push_back({x_of(p, i, v.size()), p.y(v[i])});
        cv::circle(img, line.back(), 3, colour, cv::FILLED, cv::LINE_AA);
        continue;
      }
      if (line.size() > 1) cv::polylines(img, line, false, colour, 2, cv::LINE_AA);
      line.clear();
    }
    legend.emplace_back(series[k].name, colour);
  }
  draw_legend(img, legend);
  return png(img);
}

std::string weekly_chart_png(const std::string& heading,
                             const std::vector<storage::WeekRow>& weeks) {
  cv::Mat img = blank(820, 360);
  title(img, heading);
  double max = 0;
  for (const storage::WeekRow& w : weeks) max = std::max<double>(max, std::max(w.site, w.ring));
  const cv::Rect area{70, 50, 720, 250};
  const std::size_t n = std::max<std::size_t>(1, weeks.size());
  const double slot = static_cast<double>(area.width) / static_cast<double>(n);
  for (std::size_t i = 0; i < weeks.size(); ++i) {  // shading first, under the grid
    if (weeks[i].phase != "during") continue;
    const int x = area.x + static_cast<int>(static_cast<double>(i) * slot);
    cv::rectangle(img, {x, area.y}, {x + static_cast<int>(slot) + 1, area.y + area.height}, kShade,
                  cv::FILLED);
  }
  const Plot p = draw_value_axis(img, area, max);
  std::vector<std::string> labels;
  std::vector<cv::Point> ring;
  for (std::size_t i = 0; i < weeks.size(); ++i) {
    labels.push_back(london_date(weeks[i].week_start).substr(5));
    const int centre = x_of(p, i, n);
    const int half = std::max(1, static_cast<int>(slot * 0.35));
    if (weeks[i].site > 0) {
      cv::rectangle(img, {centre - half, p.y(weeks[i].site)}, {centre + half, p.y(0)}, kSite,
                    cv::FILLED);
    }
    ring.push_back({centre, p.y(weeks[i].ring)});
  }
  if (ring.size() > 1) cv::polylines(img, ring, false, kRing, 2, cv::LINE_AA);
  draw_x_labels(img, p, labels);
  draw_legend(img, {{"at the site", kSite}, {"neighbouring sites", kRing}, {"deployed", kShade}});
  return png(img);
}

}  // namespace cctv::reports
