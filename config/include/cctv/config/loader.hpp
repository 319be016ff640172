// SPDX-License-Identifier: Apache-2.0
// YAML -> Config, with every mistake reported as file:line:col: message.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cctv/config/config.hpp"

namespace cctv::config {

struct ConfigError {
  std::string file;
  int line = 0;  // 1-based
  int column = 0;  // 1-based
  std::string message;  // says what is wrong and how to fix it
  std::string to_string() const;  // "file:line:col: message"
};

struct LoadResult {
  std::optional<Config> config;  // set only when errors is empty
  std::vector<ConfigError> errors;  // every error found, in file order
};

LoadResult load_config_file(const std::string& path);
LoadResult load_config_string(std::string_view yaml, const std::string& file_name);

}  // namespace cctv::config
