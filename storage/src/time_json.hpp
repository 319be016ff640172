// SPDX-License-Identifier: Apache-2.0
// Private: a time as the store's JSON writes it (UTC ISO-8601), null when there is none.
#pragma once

#include <optional>

#include <nlohmann/json.hpp>

#include "cctv/common/time.hpp"

namespace cctv::storage {

inline nlohmann::json time_or_null(const std::optional<Timestamp>& t) {
  return t ? nlohmann::json(format_utc(*t)) : nlohmann::json(nullptr);
}

}  // namespace cctv::storage
