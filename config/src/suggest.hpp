// SPDX-License-Identifier: Apache-2.0
// Private: "did you mean ...?" for misspelt keys, ids and choices.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cctv::config::detail {

// Optimal-string-alignment distance (a swap of two neighbours costs 1), ignoring case.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate nearest to `word` when it is close enough to be a likely typo.
std::optional<std::string> closest(std::string_view word,
                                   const std::vector<std::string>& candidates);

// "a, b, c"; lists longer than `max_items` end in ", ...".
std::string join(const std::vector<std::string>& items, std::size_t max_items = 10);

// "did you mean 'x'?" when a candidate is close, otherwise `fallback` followed by the candidates.
std::string hint(std::string_view word, const std::vector<std::string>& candidates,
                 std::string_view fallback);

}  // namespace cctv::config::detail
