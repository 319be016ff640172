// SPDX-License-Identifier: Apache-2.0
#include "cctv/storage/user_walls.hpp"

#include <mutex>
#include <stdexcept>

#include "cctv/common/sql.hpp"
#include "schema.hpp"

namespace cctv::storage {

struct UserWalls::Impl {
  Impl(const std::string& path, Access access) : db(path, open_options(access)) {
    prepare_schema(db, access);
  }
  sql::Database db;
  mutable std::mutex mutex;
};

UserWalls::UserWalls(const std::string& db_path, Access access)
    : impl_(std::make_unique<Impl>(db_path, access)) {}
UserWalls::~UserWalls() = default;

std::optional<nlohmann::json> UserWalls::wall(const std::string& user) const {
  std::lock_guard lock(impl_->mutex);
  sql::Statement s(impl_->db, "SELECT wall FROM user_walls WHERE username = ?1");
  s.bind(1, user);
  if (!s.step()) return std::nullopt;
  return nlohmann::json::parse(s.text(0));
}

void UserWalls::save(const std::string& user, const nlohmann::json& wall, Timestamp now) {
  if (!wall.is_object()) throw std::invalid_argument("a saved wall must be a JSON object");
  std::lock_guard lock(impl_->mutex);
  sql::Statement s(impl_->db,
                   "INSERT INTO user_walls (username, wall, saved_at) VALUES (?1, ?2, ?3) "
                   "ON CONFLICT (username) DO UPDATE SET wall = excluded.wall, "
                   "saved_at = excluded.saved_at");
  s.bind(1, user).bind(2, wall.dump()).bind(3, format_utc(now));
  s.step();
}

}  // namespace cctv::storage
