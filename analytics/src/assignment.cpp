// SPDX-License-Identifier: Apache-2.0
// Hungarian method with potentials, O(n^3), on a square matrix that lets every row and column
// stay unassigned at a given price.
#include "assignment.hpp"

#include <limits>

namespace cctv::analytics {
namespace {

// Stands in for "forbidden": large enough never to be chosen, small enough to add safely.
constexpr double kForbidden = 1e12;

using Matrix = std::vector<std::vector<double>>;

// rows x cols real costs, padded to (rows + cols) square with the "unassigned" options.
Matrix padded(const Matrix& cost, std::size_t rows, std::size_t cols, double max_cost,
              double unassigned) {
  const std::size_t n = rows + cols;
  Matrix m(n, std::vector<double>(n, 0.0));
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < n; ++c) {
      if (c < cols) {
        m[r][c] = cost[r][c] < max_cost ? cost[r][c] : kForbidden;
      } else {
        m[r][c] = c - cols == r ? unassigned : kForbidden;
      }
    }
  }
  for (std::size_t c = 0; c < cols; ++c) {
    for (std::size_t r = rows; r < n; ++r) m[r][c] = r - rows == c ? unassigned : kForbidden;
  }
  return m;
}

// Square Hungarian; returns the column of each row. Indices are 1-based inside (0 = none).
std::vector<std::size_t> hungarian(const Matrix& a) {
  const std::size_t n = a.size();
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> u(n + 1), v(n + 1);
  std::vector<std::size_t> p(n + 1), way(n + 1);
  for (std::size_t i = 1; i <= n; ++i) {
    p[0] = i;
    std::size_t j0 = 0;
    std::vector<double> minv(n + 1, inf);
    std::vector<bool> used(n + 1, false);
    do {
      used[j0] = true;
      const std::size_t i0 = p[j0];
      double delta = inf;
      std::size_t j1 = 0;
      for (std::size_t j = 1; j <= n; ++j) {
        if (used[j]) continue;
        const double cur = a[i0 - 1][j - 1] - u[i0] - v[j];
        if (cur < minv[j]) minv[j] = cur, way[j] = j0;
        if (minv[j] < delta) delta = minv[j], j1 = j;
      }
      for (std::size_t j = 0; j <= n; ++j) {
        if (used[j]) {
          u[p[j]] += delta;
          v[j] -= delta;
        } else {
          minv[j] -= delta;
        }
      }
      j0 = j1;
    } while (p[j0] != 0);
    do {
      const std::size_t j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0 != 0);
  }
  std::vector<std::size_t> row_to_col(n);
  for (std::size_t j = 1; j <= n; ++j) row_to_col[p[j] - 1] = j - 1;
  return row_to_col;
}

}  // namespace

std::vector<int> assign_min_cost(const Matrix& cost, double max_cost, double unassigned_cost) {
  const std::size_t rows = cost.size();
  const std::size_t cols = rows == 0 ? 0 : cost.front().size();
  std::vector<int> out(rows, -1);
  if (rows == 0 || cols == 0) return out;
  const std::vector<std::size_t> match =
      hungarian(padded(cost, rows, cols, max_cost, unassigned_cost));
  for (std::size_t r = 0; r < rows; ++r) {
    const std::size_t c = match[r];
    if (c < cols && cost[r][c] < max_cost) out[r] = static_cast<int>(c);
  }
  return out;
}

}  // namespace cctv::analytics
