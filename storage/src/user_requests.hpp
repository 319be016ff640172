// SPDX-License-Identifier: Apache-2.0
// Private: the store's side of an administrator's change to accounts and sessions from a console
// (the "user.admin" request), carried out by UserAdmin as the CLI does, so both are audited alike.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace cctv::storage {

// r: {"actor", "action", and the action's fields}; the answer's "ok" value. Throws UserError for
// a refused change, std::invalid_argument for an unknown action or role.
nlohmann::json answer_user_admin(const std::string& db_path, const nlohmann::json& r);

}  // namespace cctv::storage
