// SPDX-License-Identifier: Apache-2.0
// Helpers shared by the config tests.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cctv/config/loader.hpp"

namespace cctv::config::test_util {

// One row of a bad-config table: the YAML and its exact errors.
struct BadConfig {
  std::string name;  // test name suffix
  std::string yaml;
  std::vector<std::string> errors;  // "line:col: message"
};

inline void PrintTo(const BadConfig& c, std::ostream* os) { *os << c.name; }

inline std::string bad_config_name(const ::testing::TestParamInfo<BadConfig>& info) {
  return info.param.name;
}

// Each error as "line:col: message", in the order reported.
inline std::vector<std::string> messages(const LoadResult& result) {
  std::vector<std::string> out;
  for (const ConfigError& e : result.errors) {
    out.push_back(std::to_string(e.line) + ":" + std::to_string(e.column) + ": " + e.message);
  }
  return out;
}

inline std::vector<std::string> errors_of(const std::string& yaml) {
  return messages(load_config_string(yaml, "test.yaml"));
}

// Line 1: one site "s1"; line 2: one camera "c1" on it.
inline const std::string kSite = "sites: [{id: s1, name: Site One}]\n";
inline const std::string kCamera = "cameras: [{id: c1, site: s1, url: \"test://a\"}]\n";

// kSite, kCamera, then zone "z1" on c1 whose `rules:` is on line 7; `rules` starts on line 8
// and is indented by six spaces.
inline std::string zone_with_rules(const std::string& rules) {
  return kSite + kCamera +
         "zones:\n"
         "  - id: z1\n"
         "    camera: c1\n"
         "    polygon: [[0.1, 0.1], [0.9, 0.1], [0.5, 0.9]]\n"
         "    rules:\n" +
         rules;
}

}  // namespace cctv::config::test_util
