// SPDX-License-Identifier: Apache-2.0
// The private Hungarian assignment the tracker and the metrics share.
#include <gtest/gtest.h>

#include "../../analytics/src/assignment.hpp"

namespace cctv::analytics {
namespace {

TEST(Analytics_Assignment, finds_the_minimum_not_the_greedy_choice) {
  // Greedy takes (0,0) at cost 1 and must then pay 10; the optimum pays 2 + 2.
  EXPECT_EQ(assign_min_cost({{1, 2}, {2, 10}}, 100, 50), (std::vector<int>{1, 0}));
}

TEST(Analytics_Assignment, leaves_pairs_at_or_above_the_gate_unassigned) {
  EXPECT_EQ(assign_min_cost({{0.9, 0.2}, {0.95, 0.99}}, 0.5, 0.25), (std::vector<int>{1, -1}));
}

TEST(Analytics_Assignment, handles_rectangular_and_empty_matrices) {
  EXPECT_EQ(assign_min_cost({{3, 1, 2}}, 10, 5), (std::vector<int>{1}));
  EXPECT_EQ(assign_min_cost({{3}, {1}, {2}}, 10, 5), (std::vector<int>{-1, 0, -1}));
  EXPECT_TRUE(assign_min_cost({}, 1, 1).empty());
  EXPECT_EQ(assign_min_cost({{}, {}}, 1, 1), (std::vector<int>{-1, -1}));
}

TEST(Analytics_Assignment, the_price_of_leaving_things_unassigned_decides) {
  // (0,0) alone costs 0.1 plus the row and the column left over; the two other pairs 0.9.
  EXPECT_EQ(assign_min_cost({{0.1, 0.45}, {0.45, 2.0}}, 1.0, 0.5), (std::vector<int>{1, 0}));
  EXPECT_EQ(assign_min_cost({{0.1, 0.45}, {0.45, 2.0}}, 1.0, 0.3), (std::vector<int>{0, -1}));
}

}  // namespace
}  // namespace cctv::analytics
