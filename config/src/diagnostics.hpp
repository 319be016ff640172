// SPDX-License-Identifier: Apache-2.0
// Private: collects every error found while loading, each at a YAML position.
#pragma once

#include <yaml-cpp/mark.h>

#include <string>
#include <vector>

#include "cctv/config/loader.hpp"

namespace cctv::config::detail {

class Diagnostics {
 public:
  void add(const YAML::Mark& at, std::string message);
  bool empty() const { return entries_.empty(); }
  // The errors in file order (by line, then column), stamped with `file`.
  std::vector<ConfigError> finish(const std::string& file) const;

 private:
  struct Entry {
    YAML::Mark at;
    std::string message;
  };
  std::vector<Entry> entries_;
};

// The 1-based line of a mark, for messages such as "first defined at line 12".
int line_of(const YAML::Mark& mark);

}  // namespace cctv::config::detail
