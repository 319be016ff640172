// SPDX-License-Identifier: Apache-2.0
#include "configured_users.hpp"

#include <spdlog/spdlog.h>

namespace cctv::node {

std::vector<storage::CreatedAccount> add_configured_users(const std::string& db_path,
                                                          const std::vector<config::User>& users) {
  std::vector<std::pair<std::string, storage::Role>> accounts;
  for (const config::User& u : users) {
    // The config loader accepted only known roles.
    accounts.emplace_back(u.name, storage::parse_role(u.role).value_or(storage::Role::operator_));
  }
  if (accounts.empty()) return {};
  auto added = storage::UserAdmin(db_path, "config").add_missing(accounts);
  for (const storage::CreatedAccount& a : added) {
    spdlog::warn(
        "console.users: account '{}' ({}) created with the one-time password {} -- shown only "
        "now; give it to its user and have an admin reset it (`cctv user reset-password {}` or "
        "the Admin page)",
        a.name, storage::to_string(a.role), a.password, a.name);
  }
  return added;
}

}  // namespace cctv::node
