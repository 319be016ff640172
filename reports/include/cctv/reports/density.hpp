// SPDX-License-Identifier: Apache-2.0
// Kernel density of incidents over the sites, on a local metric grid: latitude and longitude
// are projected to kilometres east and north of the sites' centre (equirectangular, good to a
// few metres over a borough), and each site adds a Gaussian of its incident count.
#pragma once

#include <vector>

#include "cctv/storage/site_register.hpp"

namespace cctv::reports {

struct LocalPoint {
  double east_km = 0;
  double north_km = 0;
};

class LocalProjection {
 public:
  // Centred on the mean position of `sites` (0, 0 when there are none).
  explicit LocalProjection(const std::vector<storage::RegisteredSite>& sites);
  LocalPoint project(double lat, double lon) const;

 private:
  double lat0_ = 0, lon0_ = 0, km_per_lon_ = 0;
};

struct WeightedPoint {
  LocalPoint at;
  double weight = 0;  // incidents
};

// Grid cells are `cell_km` square; cell (col, row) has its centre at
// (west_km + (col + 0.5) * cell_km, south_km + (row + 0.5) * cell_km); row 0 is the south edge.
struct DensityGrid {
  double west_km = 0, south_km = 0, cell_km = 0;
  int cols = 0, rows = 0;
  std::vector<double> values;  // row-major, incidents per km^2
  double at(int col, int row) const { return values[static_cast<std::size_t>(row * cols + col)]; }
  double max() const;
};

struct DensityParams {
  double bandwidth_km = 0.5;  // the Gaussian's standard deviation
  double cell_km = 0.05;
  double margin_km = 1.0;  // the grid extends this far beyond the outermost points
};

// Over the bounding box of `points` plus the margin. Each point's Gaussian integrates to its
// weight, so the grid sums (times the cell area) to about the total weight.
DensityGrid kernel_density(const std::vector<WeightedPoint>& points, const DensityParams& params);

}  // namespace cctv::reports
