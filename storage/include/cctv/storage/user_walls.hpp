// SPDX-License-Identifier: Apache-2.0
// Each console user's saved camera wall: the layout and cameras they last arranged, kept as the
// JSON object the console validated (the console knows the cameras; the store keeps the text).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "cctv/common/time.hpp"
#include "cctv/storage/schema.hpp"

namespace cctv::storage {

class UserWalls {
 public:
  explicit UserWalls(const std::string& db_path, Access access = Access::write);
  ~UserWalls();
  UserWalls(const UserWalls&) = delete;
  UserWalls& operator=(const UserWalls&) = delete;

  // Empty when the user never saved one.
  std::optional<nlohmann::json> wall(const std::string& user) const;
  // Replaces the user's wall. Throws std::invalid_argument unless `wall` is a JSON object.
  void save(const std::string& user, const nlohmann::json& wall, Timestamp now);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cctv::storage
