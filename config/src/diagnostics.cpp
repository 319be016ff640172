// SPDX-License-Identifier: Apache-2.0
#include "diagnostics.hpp"

#include <algorithm>
#include <utility>

namespace cctv::config::detail {

void Diagnostics::add(const YAML::Mark& at, std::string message) {
  entries_.push_back({at, std::move(message)});
}

std::vector<ConfigError> Diagnostics::finish(const std::string& file) const {
  std::vector<ConfigError> errors;
  errors.reserve(entries_.size());
  for (const Entry& e : entries_) {
    errors.push_back({file, line_of(e.at), e.at.is_null() ? 0 : e.at.column + 1, e.message});
  }
  // Sections are read in a fixed order, not the file's; stable so ties keep reading order.
  std::stable_sort(errors.begin(), errors.end(), [](const ConfigError& a, const ConfigError& b) {
    return a.line != b.line ? a.line < b.line : a.column < b.column;
  });
  return errors;
}

int line_of(const YAML::Mark& mark) { return mark.is_null() ? 0 : mark.line + 1; }

}  // namespace cctv::config::detail
