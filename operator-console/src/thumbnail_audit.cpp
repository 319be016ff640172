// SPDX-License-Identifier: Apache-2.0
#include "thumbnail_audit.hpp"

namespace cctv::console {

bool ThumbnailAudit::starts_period(const std::string& user, Timestamp now) {
  std::lock_guard lock(mutex_);
  const auto it = started_.find(user);
  if (it != started_.end() && now - it->second < period_) return false;
  started_[user] = now;
  return true;
}

}  // namespace cctv::console
