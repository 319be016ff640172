// SPDX-License-Identifier: Apache-2.0
// Private: the accounts config console.users names, made on the store's first start with them.
#pragma once

#include <string>
#include <vector>

#include "cctv/config/config.hpp"
#include "cctv/storage/user_admin.hpp"

namespace cctv::node {

// Adds each configured user that does not exist yet, with a random one-time password, and logs
// each name, role and password once (the next start finds the account and says nothing). An
// existing account is never changed. Audited as made by "config".
std::vector<storage::CreatedAccount> add_configured_users(const std::string& db_path,
                                                          const std::vector<config::User>& users);

}  // namespace cctv::node
