// SPDX-License-Identifier: Apache-2.0
// Where things live inside a data directory (--data DIR).
#pragma once

#include <filesystem>
#include <iostream>
#include <optional>
#include <string>

namespace cctv::app {

inline std::string database_path(const std::string& data_dir) {
  return (std::filesystem::path(data_dir) / "cctv.db").string();
}

// The node's durable bus outbox (events published but perhaps not yet stored).
inline std::string outbox_path(const std::string& data_dir) {
  return (std::filesystem::path(data_dir) / "outbox.db").string();
}

// Recording segments: <data>/recordings/<camera>/<YYYY-MM-DD>/<HH>/<start-UTC>.mkv
inline std::filesystem::path recordings_dir(const std::string& data_dir) {
  return std::filesystem::path(data_dir) / "recordings";
}

// For read-only commands: the database path if it exists, else a message on stderr and nullopt
// (reading must never create an empty store where the user mistyped a path).
inline std::optional<std::string> existing_database(const std::string& data_dir) {
  std::string path = database_path(data_dir);
  if (std::filesystem::exists(path)) return path;
  std::cerr << "no event database at " << path << "; pass --data with the directory `cctv run` used\n";
  return std::nullopt;
}

}  // namespace cctv::app
