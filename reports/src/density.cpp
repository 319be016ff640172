// SPDX-License-Identifier: Apache-2.0
#include "cctv/reports/density.hpp"

#include <algorithm>
#include <cmath>

namespace cctv::reports {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kKmPerDegreeLat = 110.574;
constexpr double kKmPerDegreeLonAtEquator = 111.320;

}  // namespace

LocalProjection::LocalProjection(const std::vector<storage::RegisteredSite>& sites) {
  for (const storage::RegisteredSite& s : sites) {
    lat0_ += s.lat / static_cast<double>(sites.size());
    lon0_ += s.lon / static_cast<double>(sites.size());
  }
  km_per_lon_ = kKmPerDegreeLonAtEquator * std::cos(lat0_ * kPi / 180);
}

LocalPoint LocalProjection::project(double lat, double lon) const {
  return {(lon - lon0_) * km_per_lon_, (lat - lat0_) * kKmPerDegreeLat};
}

double DensityGrid::max() const {
  return values.empty() ? 0 : *std::max_element(values.begin(), values.end());
}

DensityGrid kernel_density(const std::vector<WeightedPoint>& points, const DensityParams& p) {
  double west = 0, east = 0, south = 0, north = 0;
  for (std::size_t i = 0; i < points.size(); ++i) {
    const LocalPoint& at = points[i].at;
    west = i == 0 ? at.east_km : std::min(west, at.east_km);
    east = i == 0 ? at.east_km : std::max(east, at.east_km);
    south = i == 0 ? at.north_km : std::min(south, at.north_km);
    north = i == 0 ? at.north_km : std::max(north, at.north_km);
  }
  DensityGrid g;
  g.cell_km = p.cell_km;
  g.west_km = west - p.margin_km;
  g.south_km = south - p.margin_km;
  g.cols = static_cast<int>(std::ceil((east - west + 2 * p.margin_km) / p.cell_km));
  g.rows = static_cast<int>(std::ceil((north - south + 2 * p.margin_km) / p.cell_km));
  g.values.assign(static_cast<std::size_t>(g.cols * g.rows), 0.0);
  const double two_var = 2 * p.bandwidth_km * p.bandwidth_km;
  const double norm = 1 / (kPi * two_var);
  for (int row = 0; row < g.rows; ++row) {
    const double y = g.south_km + (row + 0.5) * g.cell_km;
    for (int col = 0; col < g.cols; ++col) {
      const double x = g.west_km + (col + 0.5) * g.cell_km;
      double sum = 0;
      for (const WeightedPoint& pt : points) {
        const double dx = x - pt.at.east_km, dy = y - pt.at.north_km;
        sum += pt.weight * norm * std::exp(-(dx * dx + dy * dy) / two_var);
      }
      g.values[static_cast<std::size_t>(row * g.cols + col)] = sum;
    }
  }
  return g;
}

}  // namespace cctv::reports
