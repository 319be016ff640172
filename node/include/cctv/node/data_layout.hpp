// SPDX-License-Identifier: Apache-2.0
// Where things live inside a data directory (--data DIR). Several nodes on one machine may
// share one: each keeps its own outbox, the cameras their own recordings and evidence folders.
#pragma once

#include <cctype>
#include <filesystem>
#include <string>

#include "cctv/config/config.hpp"

namespace cctv::node {

inline std::string database_path(const std::string& data_dir) {
  return (std::filesystem::path(data_dir) / "cctv.db").string();
}

// The store's database as storage classes open it: storage.database (a postgresql:// URL)
// when set, else the SQLite file in the data directory.
inline std::string store_location(const config::Storage& storage) {
  return storage.database.empty() ? database_path(storage.data_dir) : storage.database;
}

// A publishing role's durable bus outbox (events published but perhaps not yet stored):
// outbox.db for `cctv run`, outbox-<role>.db (characters other than [A-Za-z0-9_-] as '_') for
// a role of a node that shares the data directory with others.
inline std::string outbox_path(const std::string& data_dir, std::string role = "") {
  for (char& c : role) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') c = '_';
  }
  const std::string name = role.empty() ? "outbox.db" : "outbox-" + role + ".db";
  return (std::filesystem::path(data_dir) / name).string();
}

// Recording segments: <data>/recordings/<camera>/<YYYY-MM-DD>/<HH>/<start-UTC>.mkv
inline std::filesystem::path recordings_dir(const std::string& data_dir) {
  return std::filesystem::path(data_dir) / "recordings";
}

}  // namespace cctv::node
