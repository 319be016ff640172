// SPDX-License-Identifier: Apache-2.0
// Private: optimal one-to-one assignment (Hungarian method), shared by the tracker and the
// evaluation metrics.
#pragma once

#include <vector>

namespace cctv::analytics {

// cost[r][c] for every row r and column c (all rows the same length). Returns, for each row,
// the column it is assigned to or -1. Only pairs with cost < max_cost are ever assigned, and
// the total cost of the assigned pairs plus `unassigned_cost` for each row and each column
// left unassigned is minimal. Rows and columns may differ in number.
// unassigned_cost = max_cost / 2 (ByteTrack's convention) takes a pair only when it is worth
// more than leaving both alone; a large unassigned_cost maximises the number of pairs first.
std::vector<int> assign_min_cost(const std::vector<std::vector<double>>& cost, double max_cost,
                                 double unassigned_cost);

}  // namespace cctv::analytics
