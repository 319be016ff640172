// SPDX-License-Identifier: Apache-2.0
// The heat map: the kernel density drawn through a colour map onto a white 1 km grid, so that
// where nothing happens stays white and the hotspots glow.
#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "canvas.hpp"
#include "cctv/reports/charts.hpp"
#include "cctv/reports/density.hpp"
#include "cctv/storage/hotspots.hpp"

namespace cctv::reports {
namespace {

using namespace canvas;

constexpr int kMapPixels = 640;  // the longer side of the map area
constexpr int kTop = 44, kLeft = 40, kRight = 200, kBottom = 40;

struct MapFrame {
  DensityGrid grid;
  int width = 0, height = 0;  // map area in pixels (one pixel per grid cell)
  cv::Point pixel(LocalPoint p) const {
    return {kLeft + static_cast<int>((p.east_km - grid.west_km) / grid.cell_km),
            kTop + height - static_cast<int>((p.north_km - grid.south_km) / grid.cell_km)};
  }
};

MapFrame density_frame(const std::vector<WeightedPoint>& points, double bandwidth_km) {
  double extent = 1;
  for (const WeightedPoint& a : points) {
    for (const WeightedPoint& b : points) {
      extent = std::max(
          {extent, std::abs(a.at.east_km - b.at.east_km), std::abs(a.at.north_km - b.at.north_km)});
    }
  }
  const double margin = std::max(1.0, 2 * bandwidth_km);
  MapFrame f;
  f.grid = kernel_density(points, {.bandwidth_km = bandwidth_km,
                                   .cell_km = (extent + 2 * margin) / kMapPixels,
                                   .margin_km = margin});
  f.width = f.grid.cols;
  f.height = f.grid.rows;
  return f;
}

// Colour-mapped density blended over white: alpha grows with density.
void draw_density(cv::Mat& img, const MapFrame& f) {
  const double max = f.grid.max();
  if (max <= 0) return;
  cv::Mat level(f.height, f.width, CV_8UC1);
  for (int row = 0; row < f.height; ++row) {
    for (int col = 0; col < f.width; ++col) {
      level.at<unsigned char>(f.height - 1 - row, col) =
          cv::saturate_cast<unsigned char>(255 * f.grid.at(col, row) / max);
    }
  }
  cv::Mat colour;
  cv::applyColorMap(level, colour, cv::COLORMAP_INFERNO);
  cv::Mat region = img(cv::Rect(kLeft, kTop, f.width, f.height));
  for (int y = 0; y < f.height; ++y) {
    for (int x = 0; x < f.width; ++x) {
      const double alpha = std::min(1.0, 1.6 * level.at<unsigned char>(y, x) / 255.0);
      cv::Vec3b& px = region.at<cv::Vec3b>(y, x);
      const cv::Vec3b c = colour.at<cv::Vec3b>(y, x);
      for (int k = 0; k < 3; ++k)
        px[k] = cv::saturate_cast<unsigned char>(px[k] * (1 - alpha) + c[k] * alpha);
    }
  }
}

// 1 km grid lines labelled in km from the south-west corner, a scale bar and a north arrow.
void draw_grid(cv::Mat& img, const MapFrame& f) {
  const double km_w = f.width * f.grid.cell_km, km_h = f.height * f.grid.cell_km;
  for (int k = 0; k <= static_cast<int>(km_w); ++k) {
    const int x = kLeft + static_cast<int>(k / f.grid.cell_km);
    cv::line(img, {x, kTop}, {x, kTop + f.height}, kGrid, 1);
    text(img, std::to_string(k), {x - 4, kTop + f.height + 16}, 0.38);
  }
  for (int k = 0; k <= static_cast<int>(km_h); ++k) {
    const int y = kTop + f.height - static_cast<int>(k / f.grid.cell_km);
    cv::line(img, {kLeft, y}, {kLeft + f.width, y}, kGrid, 1);
    text(img, std::to_string(k), {kLeft - 20, y + 4}, 0.38);
  }
  cv::rectangle(img, {kLeft, kTop}, {kLeft + f.width, kTop + f.height}, kInk, 1);
  const int bar = static_cast<int>(1 / f.grid.cell_km);
  const int x0 = kLeft + f.width + 20, y0 = kTop + f.height - 10;
  cv::line(img, {x0, y0}, {x0 + bar, y0}, kInk, 3);
  text(img, "1 km", {x0, y0 - 8}, 0.42);
  cv::arrowedLine(img, {x0 + 10, kTop + 60}, {x0 + 10, kTop + 20}, kInk, 2, cv::LINE_AA, 0, 0.3);
  text(img, "N", {x0 + 4, kTop + 78}, 0.5, kInk, 2);
  text(img, "grid: km", {x0, kTop + 110}, 0.38);
}

// Where a label goes: right of the marker, else below, left or above it, whichever first
// overlaps no label already placed (nearby sites would otherwise print over each other).
cv::Point place_label(const cv::Point& at, int width, std::vector<cv::Rect>& taken) {
  constexpr int kHeight = 14;
  const cv::Point options[] = {{at.x + 8, at.y - 6},          {at.x + 8, at.y + 18},
                               {at.x - 8 - width, at.y - 6},  {at.x - 8 - width, at.y + 18},
                               {at.x - width / 2, at.y - 12}, {at.x - width / 2, at.y + 26}};
  for (const cv::Point& o : options) {
    const cv::Rect box(o.x - 2, o.y - kHeight, width + 4, kHeight + 4);
    const bool clear = std::none_of(taken.begin(), taken.end(),
                                    [&](const cv::Rect& t) { return (t & box).area() > 0; });
    if (clear) {
      taken.push_back(box);
      return o;
    }
  }
  return options[0];
}

void draw_sites(cv::Mat& img, const MapFrame& f, const std::vector<storage::RegisteredSite>& sites,
                const std::vector<WeightedPoint>& points, const HeatMapParams& params,
                const std::map<std::string, int>& counts) {
  std::vector<cv::Rect> taken;
  for (std::size_t i = 0; i < sites.size(); ++i) {
    const cv::Point at = f.pixel(points[i].at);
    taken.emplace_back(at.x - 6, at.y - 6, 12, 12);
    cv::circle(img, at, 5, cv::Scalar::all(255), cv::FILLED, cv::LINE_AA);
    cv::circle(img, at, 5, kInk, 2, cv::LINE_AA);
  }
  for (std::size_t i = 0; i < sites.size(); ++i) {
    const auto shown = params.labels.find(sites[i].id);
    const auto count = counts.find(sites[i].id);
    const std::string label =
        sites[i].name + " (" +
        (shown != params.labels.end() ? shown->second
                                      : std::to_string(count == counts.end() ? 0 : count->second)) +
        ")";
    const cv::Point where = place_label(f.pixel(points[i].at), text_width(label, 0.42), taken);
    text(img, label, where, 0.42, cv::Scalar::all(255), 4);  // halo, readable on any colour
    text(img, label, where, 0.42);
  }
}

}  // namespace

std::string heat_map_png(const std::vector<storage::RegisteredSite>& sites,
                         const std::map<std::string, int>& counts, const HeatMapParams& params) {
  const LocalProjection projection(sites);
  std::vector<WeightedPoint> points;
  for (const storage::RegisteredSite& s : sites) {
    const auto it = counts.find(s.id);
    points.push_back({projection.project(s.lat, s.lon), it == counts.end() ? 0.0 : it->second});
  }
  const MapFrame f = density_frame(points, params.bandwidth_km);
  cv::Mat img = blank(kLeft + f.width + kRight, kTop + f.height + kBottom);
  title(img, params.title);
  draw_density(img, f);
  draw_grid(img, f);
  draw_sites(img, f, sites, points, params, counts);
  return png(img);
}

}  // namespace cctv::reports
