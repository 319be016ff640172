// SPDX-License-Identifier: Apache-2.0
#include "cctv/config/loader.hpp"

#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "diagnostics.hpp"
#include "sections.hpp"

namespace cctv::config {
namespace {

const detail::Keys kTopKeys = {"sites", "cameras", "zones",    "storage",
                               "bus",   "console", "incidents"};

Config read_config(const YAML::Node& root, detail::Diagnostics& diag) {
  Config config;
  const detail::MapReader top(root, diag, "top level");
  if (!top.valid()) return config;
  top.check_keys(kTopKeys);
  detail::LoadState state{diag};
  config.sites = detail::read_sites(top.list("sites", "sites"), state);
  config.cameras = detail::read_cameras(top.list("cameras", "cameras"), state);
  config.zones = detail::read_zones(top.list("zones", "zones"), state);
  config.storage = detail::read_storage(top.child("storage", "storage"));
  config.bus = detail::read_bus(top.child("bus", "bus"));
  config.console = detail::read_console(top.child("console", "console"));
  config.incidents = detail::read_incidents(top.child("incidents", "incidents"));
  return config;
}

LoadResult single_error(const std::string& file, std::string message) {
  LoadResult result;
  result.errors.push_back({file, 0, 0, std::move(message)});
  return result;
}

}  // namespace

std::string ConfigError::to_string() const {
  if (line == 0) return file + ": " + message;
  return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message;
}

LoadResult load_config_string(std::string_view yaml, const std::string& file_name) {
  detail::Diagnostics diag;
  Config config;
  try {
    config = read_config(YAML::Load(std::string(yaml)), diag);
  } catch (const YAML::ParserException& e) {
    diag.add(e.mark, "YAML syntax error: " + e.msg +
                         "; check the indentation, quotes and brackets here and on the line above");
  } catch (const YAML::Exception& e) {
    diag.add(e.mark, "cannot read this YAML: " + e.msg);
  }
  LoadResult result;
  result.errors = diag.finish(file_name);
  if (result.errors.empty()) result.config = std::move(config);
  return result;
}

LoadResult load_config_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return single_error(path, "cannot read config file '" + path +
                                  "': it is a directory; give the path of a .yaml file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return single_error(path, "cannot open config file '" + path + "': " + std::strerror(errno) +
                                  "; check the path and its permissions");
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    return single_error(path, "cannot read config file '" + path + "': " + std::strerror(errno));
  }
  return load_config_string(text.str(), path);
}

}  // namespace cctv::config
